"""`rapport report`: a class of 40 synthetic students in, one HTML page and a CSV out; the page
is opened in a real headless Chromium and its numbers checked against what the students did."""
from __future__ import annotations

import csv
import io
import os
from collections import Counter

import pytest

from game.cli import main

from .classdata import make_class


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    paths, truth = make_class(folder)
    out = folder / "report.html"
    table = folder / "report.csv"
    assert main(["report", *map(str, paths), "--out", str(out), "--csv", str(table)]) == 0
    return folder, paths, truth, out.read_text(encoding="utf-8"), table.read_text(encoding="utf-8-sig")


def test_the_page_stands_alone(made):
    _folder, _paths, _truth, page, _csv = made
    assert page.startswith("<!DOCTYPE html>")
    for forbidden in ("<script", "http://", "https://", "src="):
        assert forbidden not in page.replace('xmlns="http://www.w3.org/2000/svg"', ""), forbidden


def test_csv_has_one_row_per_attempt_with_its_ending(made):
    _folder, _paths, truth, _page, table = made
    rows = list(csv.DictReader(io.StringIO(table)))
    assert len(rows) == len(truth) == 80
    assert Counter((r["student"], r["scenario"], r["finished"]) for r in rows) == \
        Counter((t["student"], t["scenario"], "yes" if t["finished"] else "no") for t in truth)


def test_anonymised_report_names_no_student(made, tmp_path):
    _folder, paths, _truth, _page, _csv = made
    out = tmp_path / "anon.html"
    assert main(["report", *map(str, paths), "--out", str(out), "--anonymise"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Student Name" not in page
    assert "students are anonymised" in page


def test_bad_inputs_give_one_clear_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    assert main(["report", str(bad), "--out", str(tmp_path / "r.html")]) == 1  # bad input: 1
    err = capsys.readouterr().err
    assert "bad.json: not a Rapport export" in err and "Traceback" not in err
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    assert main(["report", str(broken), "--out", str(tmp_path / "r.html")]) == 1
    assert "broken.json:1: not valid JSON" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "missing.json"), "--out", str(tmp_path / "r.html")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_rubric_names_appear_beside_rapport_names(made, tmp_path):
    _folder, paths, _truth, _page, _csv = made
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("name: BSW engagement\nmap:\n  empathy: '2.1 Engages with empathy'\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", *map(str, paths[:3]), "--out", str(out), "--rubric", str(rubric)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "rubric: BSW engagement" in page and "[2.1 Engages with empathy]" in page
    rubric.write_text("name: x\nmap: &a {empathy: *a}\n", encoding="utf-8")
    assert main(["report", str(paths[0]), "--out", str(out), "--rubric", str(rubric)]) == 1  # a rubric with a mistake
    assert main(["report", str(paths[0]), "--out", str(out), "--rubric", str(tmp_path / "none.yaml")]) == 2


def test_the_page_in_a_real_browser(made, tmp_path):
    """Every chart and table is there and the numbers match the students' attempts."""
    from tests.classroom.test_vote_browser import missing_browser_parts

    reason = missing_browser_parts()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"the report must be checked in a browser in CI: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    folder, _paths, truth, _page, _csv = made
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1200,1600",
                f"--user-data-dir={tmp_path / 'profile'}"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.get((folder / "report.html").as_uri())
        sections = driver.find_elements(By.CSS_SELECTOR, "section.scenario")
        assert {s.get_attribute("data-scenario") for s in sections} == {"waiting-room", "worried-first-visit"}
        for section in sections:
            sid = section.get_attribute("data-scenario")
            mine = [t for t in truth if t["scenario"] == sid]
            assert section.find_element(By.CSS_SELECTOR, '[data-figure="attempts"] b').text == str(len(mine))
            assert section.find_element(By.CSS_SELECTOR, '[data-figure="finished"] b').text == \
                str(sum(t["finished"] for t in mine))
            for row in section.find_elements(By.CSS_SELECTOR, "table.endings tr[data-ending]"):
                ending = row.get_attribute("data-ending")
                if not ending:
                    continue
                shown = int(row.find_element(By.CSS_SELECTOR, 'td[data-mode="practice"]').text)
                assert shown == sum(1 for t in mine if t["ending"] == ending), ending
            cells = section.find_elements(By.CSS_SELECTOR, "svg.heatmap g[data-choice]")
            counted = {(c.get_attribute("data-node"), c.get_attribute("data-choice")): int(c.get_attribute("data-count"))
                       for c in cells}
            expected = Counter(pair for t in mine for pair in t["choices"])
            assert {k: v for k, v in counted.items() if v} == dict(expected)
            lines = section.find_elements(By.CSS_SELECTOR, "svg.curves polyline")
            assert {line.get_attribute("data-meter") for line in lines} >= {"trust", "openness"}
            assert section.find_element(By.CSS_SELECTOR, "table.tags").is_displayed()
            assert section.find_element(By.CSS_SELECTOR, 'table.mix tr[data-figure="rq"]').is_displayed()
        shots = os.environ.get("RAPPORT_SCREENSHOTS")
        if shots:
            driver.save_screenshot(os.path.join(shots, "class-report.png"))
    finally:
        driver.quit()


def test_an_attempt_whose_early_steps_lack_a_meter(made, tmp_path, capsys):
    """A student resumed an attempt after the scene gained a meter (or the export was edited):
    the first steps of its history have no value for it, the later ones do. The report's meter
    curves raised IndexError; the restored history now starts such a meter fresh, as the state does."""
    import json

    from game.story import PlayState

    from .classdata import scenarios

    _folder, paths, _truth, _page, _csv = made
    data = json.loads(paths[0].read_text(encoding="utf-8"))
    state = data["attempts"][0]["state"]
    assert len(state["history"]) >= 2
    for step in state["history"][:1]:
        del step["before"]["openness"], step["after"]["openness"]
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    assert main(["report", str(edited), "--out", str(tmp_path / "r.html")]) == 0, capsys.readouterr().err
    restored = PlayState.from_json(scenarios()[data["attempts"][0]["scenario_id"]], state)
    assert all("openness" in s.before and "openness" in s.after for s in restored.history)
