"""A course's rubric in use on a computer (issue 15 §4): `rapport rubric --use` checks and keeps
it; the terminal debrief, `rapport export`, class session exports and the report then show its
names beside Rapport's own. A broken rubric never replaces a good one and never stops play."""
from __future__ import annotations

import csv
import io
import json

import pytest

from game.cli import main
from game.play import PlaySession
from game.progress import ProgressStore
from game.records.rubric import RUBRIC_FILE, Rubric, rubric_in_use
from game.story import build_debrief, load_library
from game.terminal.text import Style, debrief_text

RUBRIC = """\
name: BSW engagement rubric
map:
  empathy: "2.1 Engages with empathy"
  judging: "2.4 Avoids judgement"
  explain-limits: "1.3 Explains confidentiality and its limits"
"""


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("RAPPORT_RUBRIC", raising=False)
    from game.settings import default_dir

    return default_dir()


def _rubric_file(tmp_path, text=RUBRIC, name="rubric.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_use_show_and_forget(config, tmp_path, capsys):
    assert main(["rubric", "--show"]) == 0
    assert "No rubric is in use" in capsys.readouterr().out
    assert main(["rubric", "--use", str(_rubric_file(tmp_path))]) == 0
    assert 'Using "BSW engagement rubric" (3 names)' in capsys.readouterr().out
    assert (config / RUBRIC_FILE).read_text(encoding="utf-8") == RUBRIC
    assert main(["rubric", "--show"]) == 0
    shown = capsys.readouterr().out
    assert "BSW engagement rubric" in shown and "  empathy: 2.1 Engages with empathy" in shown
    assert main(["rubric", "--forget"]) == 0
    assert rubric_in_use(config) == (None, None)
    assert (config / (RUBRIC_FILE + ".previous")).read_text(encoding="utf-8") == RUBRIC  # set aside, not lost


def test_a_broken_rubric_is_refused_and_the_one_in_use_kept(config, tmp_path, capsys):
    assert main(["rubric", "--use", str(_rubric_file(tmp_path))]) == 0
    capsys.readouterr()
    bad = _rubric_file(tmp_path, "name: x\nmap:\n  empathy: &a [1]\n", "bad.yaml")
    assert main(["rubric", "--use", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:3:" in err and "Traceback" not in err
    assert (config / RUBRIC_FILE).read_text(encoding="utf-8") == RUBRIC
    assert main(["rubric", "--use", str(tmp_path / "missing.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_lab_names_the_rubric_and_a_damaged_one_is_a_sentence(config, tmp_path, monkeypatch):
    monkeypatch.setenv("RAPPORT_RUBRIC", str(_rubric_file(tmp_path)))
    rubric, problem = rubric_in_use(config)
    assert problem is None and rubric is not None and rubric.label("judging") == "2.4 Avoids judgement"
    monkeypatch.setenv("RAPPORT_RUBRIC", str(tmp_path / "gone.yaml"))
    rubric, problem = rubric_in_use(config)
    assert rubric is None and problem.startswith("The course rubric is not used: ") and "gone.yaml" in problem


def _play(session, pick):
    while not session.state.is_over:
        if session.state.status == "choice":
            session.choose(pick(session.state.available()).id)
        else:
            session.read_on()  # the client's reaction, or narration to read on from
    return session.state


def test_the_terminal_debrief_names_the_rubric_beside_rapport(tmp_path):
    rubric = Rubric("BSW engagement rubric", {"empathy": "2.1 Engages with empathy", "judging": "2.4 Avoids judgement",
                                              "explain-limits": "1.3 Explains limits"})
    scenario = load_library().scenarios["waiting-room"]
    for pick in (lambda offered: offered[0], lambda offered: offered[-1]):
        state = _play(PlaySession.start(scenario), pick)
        debrief = build_debrief(scenario, state)
        text = " ".join(debrief_text(debrief, Style(False), rubric).split())  # lines are wrapped at 78
        plain = debrief_text(debrief, Style(False))
        assert "Names in [brackets] are from your course's rubric: BSW engagement rubric." in text
        for dec in debrief.decisions:
            if rubric.label(dec.tag):
                assert f"[{rubric.label(dec.tag)}]" in text
        for outcome in debrief.duties:
            if rubric.label(outcome.duty.id):
                assert f"{outcome.duty.title} [{rubric.label(outcome.duty.id)}]" in text
        assert "rubric" not in plain


def test_export_carries_the_rubric_and_the_report_uses_it(config, tmp_path, capsys):
    data = tmp_path / "data"
    scenario = load_library().scenarios["waiting-room"]
    with ProgressStore.open(data) as store:
        profile = store.get_or_create_profile("Ana")
        from game.play import Autosave

        _play(PlaySession.start(scenario, [Autosave(store, profile)]), lambda offered: offered[0])
    out = tmp_path / "ana.json"
    assert main(["export", "--profile", "Ana", "--out", str(out), "--data-dir", str(data)]) == 0
    assert "rubric" not in json.loads(out.read_text(encoding="utf-8"))  # none in use: none carried
    assert main(["rubric", "--use", str(_rubric_file(tmp_path))]) == 0
    assert main(["export", "--profile", "Ana", "--out", str(out), "--data-dir", str(data)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["rubric"] == {"name": "BSW engagement rubric",
                                  "map": {"empathy": "2.1 Engages with empathy", "judging": "2.4 Avoids judgement",
                                          "explain-limits": "1.3 Explains confidentiality and its limits"}}
    # the file still imports on another computer (the rubric is carried, not imported)
    other = tmp_path / "other"
    assert main(["import", str(out), "--data-dir", str(other)]) == 0
    capsys.readouterr()
    page = tmp_path / "report.html"
    assert main(["report", str(out), "--out", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "rubric: BSW engagement rubric" in html
    # an explicit --rubric wins over the one carried
    other_rubric = _rubric_file(tmp_path, "name: MSW rubric\nmap:\n  empathy: E1\n", "msw.yaml")
    assert main(["report", str(out), "--out", str(page), "--rubric", str(other_rubric)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "rubric: MSW rubric" in html and "BSW engagement rubric" not in html


def test_class_session_export_has_a_rubric_column():
    from game.classroom.export import session_csv, with_rubric

    record = {"id": 1, "uuid": "u", "started_at": "2026-11-30T10:00:00", "scenario": {"id": "waiting-room"},
              "votes": [], "branches": [{"number": 1, "ending_title": "E"}],
              "decisions": [{"vote": None, "choice": "c1", "branch": 1, "number": 1, "step": 1, "node": "n",
                             "prompt": "p", "choice_text": "t", "tag": "judging", "chosen_by": "facilitator",
                             "before": {"trust": 1, "openness": 1}, "after": {"trust": 0, "openness": 1}}]}
    plain = list(csv.DictReader(io.StringIO(session_csv(record))))
    assert "rubric" not in plain[0]
    rubric = Rubric("BSW", {"judging": "2.4 Avoids judgement"})
    rows = list(csv.DictReader(io.StringIO(session_csv(with_rubric(record, rubric)))))
    assert rows[0]["practice_or_pitfall"] == "judging" and rows[0]["rubric"] == "2.4 Avoids judgement"
    assert with_rubric(record, rubric)["rubric"] == {"name": "BSW", "map": {"judging": "2.4 Avoids judgement"}}
