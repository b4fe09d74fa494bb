"""Hostile rubric files (issue 11, round 5): every one gets one line with the file, the line and
what was expected, exit 1 (2 when the file is missing), in bounded time, no traceback, no
terminal escape sent; the rubric in use stays in use when one is refused. A rubric carried in an
export is held to the same rules."""
from __future__ import annotations

import json
import os
import time

import pytest

from game.cli import main
from game.records.rubric import RUBRIC_FILE, RubricError, load_rubric, rubric_from_export

GOOD = "name: BSW rubric\nmap:\n  empathy: 2.1 Engages\n"
HOSTILE = {  # name -> (text, what the message says, line)
    "billion laughs": ("a: &a [x, x]\nb: &b [*a, *a]\nname: x\nmap: {empathy: y}\n", "RP0105", 1),
    "self-referencing alias": ("name: &x [*x]\nmap: {}\n", "RP0105", 1),
    "deep nesting": ("name: x\nmap: " + "[" * 5000 + "]" * 5000 + "\n", "RP0101", 2),
    "deep mappings": ("name: x\nmap: " + "{a: " * 3000 + "b" + "}" * 3000 + "\n", "RP0106", 2),
    "bad tag value": ("name: !!bool maybe\nmap: {empathy: y}\n", "RP0110", 1),
    "python tag": ("name: !!python/object/apply:os.system [echo hi]\nmap: {empathy: y}\n", "RP0104", 1),
    "5,000 digits": ("name: x\nmap: {empathy: " + "9" * 5000 + "}\n", "RP0110", 2),
    "duplicate key": ("name: x\nname: y\nmap: {empathy: y}\n", "RP0111", 2),
    "duplicate map key": ("name: x\nmap:\n  empathy: a\n  empathy: b\n", "RP0111", 4),
    "merge key": ("name: x\nmap:\n  <<: {empathy: b}\n", "RP0105", 3),
    "only null": ("~\n", "RP0102", 1),
    "a list": ("- a\n- b\n", "RP0801", 1),
    "unknown top key": ("name: x\nmapp: {empathy: y}\n", "RP0801", 2),
    "name not text": ("name: [x]\nmap: {empathy: y}\n", "RP0801", 1),
    "name too long": ("name: " + "x" * 300 + "\nmap: {empathy: y}\n", "RP0801", 1),
    "huge text": ("name: " + "x" * 100_000 + "\nmap: {empathy: y}\n", "RP0108", 1),
    "value not text": ("name: x\nmap:\n  empathy: yes\n", "RP0801", 3),
    "number key": ("name: x\nmap:\n  1: y\n", "RP0801", 3),
    "map empty": ("name: x\nmap: {}\n", "RP0801", 2),
    "too many entries": ("name: x\nmap:\n" + "".join(f"  k{i}: v\n" for i in range(600)), "RP0801", 3),
    "syntax": ("name: [x\nmap: {a: b}\n", "RP0101", 2),
    "two documents": ("name: x\nmap: {empathy: y}\n---\nname: y\n", "RP0103", 3),
    "raw escape byte": ("name: x\x1b[2J\nmap: {empathy: y}\n", "RP0101", 1),
    "escapes only": ('name: "\\e\\0\\u202e"\nmap: {empathy: y}\n', "RP0801", 1),
}


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("RAPPORT_RUBRIC", raising=False)
    from game.settings import default_dir

    return default_dir()


def _file(tmp_path, text, name="r.yaml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _one_clear_line(err: str, path, code: str, line: int) -> None:
    assert "Traceback" not in err and "\x1b" not in err, err
    first = err.splitlines()[0]
    assert first.startswith(f"rapport: {path}:{line}:") and first.endswith(f"[{code}]"), first


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_rubric_is_refused_in_a_line_and_the_one_in_use_stays(name, config, tmp_path, capsys, monkeypatch):
    text, code, line = HOSTILE[name]
    assert main(["rubric", "--use", str(_file(tmp_path, GOOD, "good.yaml"))]) == 0
    kept = (config / RUBRIC_FILE).read_bytes()
    capsys.readouterr()
    bad = _file(tmp_path, text)
    began = time.perf_counter()
    assert main(["rubric", "--use", str(bad)]) == 1
    assert time.perf_counter() - began < 10
    err = capsys.readouterr().err
    _one_clear_line(err, bad, code, line)
    assert "stays in use" in err and (config / RUBRIC_FILE).read_bytes() == kept
    monkeypatch.setenv("RAPPORT_RUBRIC", str(bad))  # a lab names it: --show says why it is not used
    assert main(["rubric", "--show"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"{bad}:{line}:" in err and "\x1b" not in err


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "folder", "link loop", "missing", "dangling link"])
def test_a_rubric_path_that_is_no_file_is_refused_unread(kind, config, tmp_path, capsys):
    path = tmp_path / "r.yaml"
    if kind == "/dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)  # reading it would wait for a writer for ever
    elif kind == "folder":
        path.mkdir()
    elif kind == "link loop":
        path.symlink_to(path)
    elif kind == "dangling link":
        path.symlink_to(tmp_path / "gone.yaml")
    began = time.perf_counter()
    code = main(["rubric", "--use", str(path)])
    assert time.perf_counter() - began < 10
    err = capsys.readouterr().err
    assert code == (2 if kind in ("missing", "link loop", "dangling link") else 1), err
    assert err.startswith(f"rapport: {path}:") and "Traceback" not in err
    assert not (config / RUBRIC_FILE).exists()


def test_control_characters_never_reach_the_terminal_and_typos_are_named(config, tmp_path, capsys):
    path = _file(tmp_path, 'name: "\\e]0;pwned\\a\\e[2J\\u202eBSW"\nmap:\n  "\\e[31mempathy": "\\e[2Jx"\n'
                           "  empathyy: E\n  ask-about-suicde: R\n")
    assert main(["rubric", "--use", str(path)]) == 0
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert 'Using "]0;pwned[2JBSW"' in captured.out
    assert "[RP0118]" in captured.err  # the characters left out are named
    assert '"empathyy" names no practice, pitfall or duty Rapport knows (did you mean "empathy"?)' in captured.err
    assert '(did you mean "ask-about-suicide"?)' in captured.err  # a duty of a shipped scene
    assert main(["rubric", "--show"]) == 0
    shown = capsys.readouterr()
    assert "\x1b" not in shown.out + shown.err and "  [31mempathy: [2Jx" in shown.out


def test_the_api_reads_once_and_raises_only_rubric_errors(tmp_path):
    path = _file(tmp_path, 'name: "a\\0b"\nmap: {empathy: "x\\ty"}\n')
    rubric = load_rubric(path)
    assert rubric.name == "ab" and rubric.names == {"empathy": "x y"}
    with pytest.raises(RubricError) as caught:
        load_rubric(tmp_path / "none.yaml")
    assert caught.value.diagnostics[0].code == "RP0114"


@pytest.mark.parametrize("carried", [
    {"name": "\x1b]0;pwn\x07x", "map": {"empathy": "\x1b[31my"}},
    {"name": "x\ud800", "map": {"empathy": "y\udfff"}},
])
def test_a_rubric_carried_in_an_export_is_cleaned_like_a_file(carried):
    rubric = rubric_from_export(json.loads(json.dumps(carried)), "export.json")
    assert rubric.name in ("]0;pwnx", "x") and rubric.names["empathy"] in ("[31my", "y")


@pytest.mark.parametrize("carried", [{"name": "x", "map": {f"k{i}": "v" for i in range(600)}},
                                     {"name": "x", "map": {"empathy": "\udfff"}}, {"name": "\x00", "map": {"a": "b"}}])
def test_a_carried_rubric_past_the_limits_is_refused(carried):
    with pytest.raises(RubricError):
        rubric_from_export(carried, "export.json")
