"""`rapport analyze` as an author types it: exit codes, text for people, JSON for tools."""

import json

import pytest

from game.cli import main

from .helpers import SCENES


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_scenario_exits_0(capsys):
    code, out, err = run(capsys, "analyze", "waiting-room", "--runs", "500")
    assert code == 0 and "No problems found." in out
    assert "real-start (best): 97 path(s)" in out and "of random play (exact)" in out
    assert "shortest: apologise-for-wait,explain-meeting,reflect-worry,main-thing-review,plan-together" in out
    # the tutorial is format 2 and clears every balance flag: no warning at all
    warnings = [line for line in out.splitlines() if ": warning: " in line]
    assert "1 scenario(s) analysed: 0 error(s), 0 warning(s)" in err and warnings == []


def test_errors_exit_1_with_file_and_line(capsys):
    path = SCENES / "dead-end.yaml"
    code, out, _ = run(capsys, "analyze", str(path), "--runs", "0")
    assert code == 1
    assert f"{path}:44:3: dead end: node \"ask\"" in out and "reached by: cold" in out
    assert "random plays" not in out


def test_warnings_alone_exit_0_and_are_shown(capsys):
    code, out, err = run(capsys, "analyze", str(SCENES / "impossible-condition.yaml"), "--runs", "0")
    # besides, a format 1 scene gets a note per choice of what to add for format 2 (RP0430)
    notes = out.count("[RP0430]")
    assert code == 0 and out.count("warning: ") - notes == 5 and f"0 error(s), {5 + notes} warning(s)" in err


def test_folder_json_for_tools(capsys):
    code, out, _ = run(capsys, "analyze", str(SCENES), "--json", "--runs", "0")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    by_id = {s["scenario"]: s for s in data["scenarios"]}
    assert set(by_id) == {p.stem for p in SCENES.glob("*.yaml")}
    assert by_id["unreachable-ending"]["findings"][0]["kind"] == "unreachable-ending"
    assert by_id["endless-loop"]["findings"][0]["path"] == ["just-knock"]
    assert by_id["loop-with-exit"]["ok"] is True and by_id["loop-with-exit"]["paths_unbounded"] is True
    # loader warnings (a node every choice of which has an `if`) come along too
    assert any("every choice has an `if`" in p["message"] for p in data["problems"])


def test_broken_file_shows_loader_errors_and_exits_1(capsys, tmp_path):
    bad = tmp_path / "dead-end.yaml"
    bad.write_text((SCENES / "dead-end.yaml").read_text().replace("next: bye", "next: byee", 1))
    code, out, _ = run(capsys, "analyze", str(bad), "--runs", "0")
    assert code == 1 and 'names node "byee", which does not exist' in out


def test_unknown_names_exit_2(capsys):
    code, _, err = run(capsys, "analyze", "no-such-scenario")
    assert code == 2 and err.startswith("rapport: ") and err.count("\n") == 1
    code, _, err = run(capsys, "analyze", "nowhere/thing.yaml")
    assert code == 2 and "no such file or folder" in err
    code, _, err = run(capsys, "analyze", "waiting-room", "--runs", "-1")
    assert code == 2


def test_a_state_limit_gives_a_clear_partial_answer(capsys):
    code, out, err = run(capsys, "analyze", "waiting-room", "--max-states", "10", "--runs", "0")
    assert code == 1 and "Traceback" not in err
    assert "INCOMPLETE: the analysis stopped early because it reached its limit of 10 states" in out
    assert "[RP0509]" in out and "not reached in the part explored" in out
    code, out, _ = run(capsys, "analyze", "waiting-room", "--max-states", "10", "--runs", "0", "--json")
    data = json.loads(out)["scenarios"][0]
    assert code == 1 and data["complete"] is False and "limit of 10 states" in data["stopped"]
    assert data["findings"][0]["code"] == "RP0509"


def test_budget_options_are_checked(capsys):
    for option, value in (("--time-limit", "x"), ("--memory-limit", "-5"), ("--max-states", "1e99"),
                          ("--time-limit", "nan")):
        with pytest.raises(SystemExit) as exit_:
            run(capsys, "analyze", "waiting-room", option, value)
        assert exit_.value.code == 2


def test_the_json_text_is_what_json_dumps_writes(capsys):
    # analyze --json writes with its own encoder (jsontext.py): the same text as
    # json.dumps(data, indent=2), on a real report and on every kind of value JSON has
    from game.commands.jsontext import dumps_indented

    code, out, _ = run(capsys, "analyze", str(SCENES), "--json", "--runs", "50")
    data = json.loads(out)
    assert out == json.dumps(data, indent=2) + "\n"
    values = [data, 0, -7, 10**40, 1.5, -0.0, 1e300, float("nan"), float("inf"), -float("inf"), None, True, False,
              "", "tab\there, a quote \" and é, … \u2028 \x00 \ud800", [], {}, [[]], [{}], {"a": {}}, (1, (2, [3])),
              {1: "int", 2.5: "float", None: "null", "x": [1.0, {"y": (None,)}]}, {True: "true"},
              {False: [], "deep": [[[[{"z": [[]]}]]]]}]
    for value in values:
        assert dumps_indented(value) == json.dumps(value, indent=2), value
    # what json.dumps refuses, it refuses (the same error)
    for bad in ({"a": object()}, {(1, 2): 3}, [set()]):
        with pytest.raises(TypeError):
            dumps_indented(bad)
