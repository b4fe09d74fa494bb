"""Junk on the command line: one clear line and exit 1 (2 for what argparse refuses, or a path that
is not there), never a traceback, never hours of work, never a file replaced that was not one."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

from .progress.test_transfer import played

ROOT = Path(__file__).resolve().parents[1]
BIG = "1" + "0" * 5000


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("choices", ["\u00b2", "1,\u00b2", BIG, f"2,{BIG}", "\u0661", "-1", "1e3", "x" * 5000,
                                     "\x1b[2J"])
def test_junk_choices_get_one_line_and_exit_1(capsys, choices):
    code, out, err = run(capsys, "play", "--text", "waiting-room", "--choices", choices)
    assert code == 1 and out == "" and err.count("\n") == 1 and len(err) < 300, err
    assert "offered" in err and "\x1b" not in err


@pytest.mark.parametrize("args", [
    ["analyze", "waiting-room", "--runs", BIG], ["analyze", "waiting-room", "--runs", "\u00b2"],
    ["analyze", "waiting-room", "--runs", "99999999999999999999"], ["analyze", "waiting-room", "--runs", "1000001"],
    ["analyze", "waiting-room", "--max-states", "0"],
    ["analyze", "waiting-room", "--seed", BIG], ["class", "waiting-room", "--port", BIG],
    ["class", "waiting-room", "--port", "\u00b2"],
])
def test_junk_numbers_are_usage_errors_that_say_what_was_expected(capsys, args):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    _, err = capsys.readouterr()
    assert exit_.value.code == 2 and "error: argument" in err and len(err.splitlines()[-1]) < 200


@pytest.mark.parametrize("args", [["validate", BIG], ["analyze", BIG], ["--scenes", BIG, "list"]])
def test_a_path_too_long_to_look_at_is_one_line(capsys, args):
    code, _, err = run(capsys, *args)
    assert code == 2 and "not a usable path (File name too long)" in err and len(err) < 200


@pytest.mark.parametrize("ref", ["\u00b2", BIG, "99999999999999999999", "9" * 19])
def test_junk_session_numbers(capsys, tmp_path, ref):
    code, _, err = run(capsys, "sessions", "--data-dir", str(tmp_path), "export", ref)
    assert code == 2 and "there is no class session" in err and len(err) < 200


def test_export_out_refuses_what_is_not_an_ordinary_file(capsys, tmp_path):
    played(tmp_path / "data")
    data = str(tmp_path / "data")
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for out, words in [(link, "is a symbolic link"), (folder, "is a folder"), ("/dev/null", "not an ordinary file"),
                       (fifo, "not an ordinary file")]:
        code, _, err = run(capsys, "export", "--profile", "Ana", "--data-dir", data, "--out", str(out))
        assert code == 2 and words in err and "nothing was written" in err, err
    assert link.is_symlink() and target.read_text() == "keep me" and folder.is_dir()
    assert Path("/dev/null").is_char_device()
    assert not list(tmp_path.glob("*.part"))
    # An ordinary file is still replaced, whole.
    plain = tmp_path / "out.json"
    plain.write_text("old")
    code, out, _ = run(capsys, "export", "--profile", "Ana", "--data-dir", data, "--out", str(plain))
    assert code == 0 and json.loads(plain.read_text())["format"] == "rapport-progress"


def test_a_real_process_never_prints_a_traceback(tmp_path):
    """The same junk through a real process, as a user types it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), RAPPORT_DATA_DIR=str(tmp_path))
    for args in (["play", "--text", "waiting-room", "--choices", "\u00b2"], ["import", "/dev/zero"],
                 ["sessions", "export", BIG]):
        done = subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=60)
        assert done.returncode in (1, 2) and "Traceback" not in done.stderr and done.stderr.startswith("rapport: ")


def test_graph_out_refuses_what_is_not_an_ordinary_file(capsys, tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "graph.dot"
    link.symlink_to(target)
    for out, words in [(link, "is a symbolic link"), (tmp_path, "is a folder"), ("/dev/null", "not an ordinary file")]:
        code, _, err = run(capsys, "graph", "waiting-room", "--out", str(out))
        assert code == 2 and words in err and "nothing was written" in err, err
    assert target.read_text() == "keep me"
    code, _, _ = run(capsys, "graph", "waiting-room", "--out", str(tmp_path / "ok.dot"))
    assert code == 0 and (tmp_path / "ok.dot").read_text().startswith("digraph")


def test_a_console_that_cannot_show_a_character_gets_an_escape_not_a_traceback(tmp_path):
    """A Windows console in cp1252, or PYTHONIOENCODING=ascii: `analyze` printed its report with
    an em dash and arrows and ended in a UnicodeEncodeError. Every command now writes what the
    console cannot show as an escape."""
    scene = tmp_path / "mini.yaml"
    text = (ROOT / "tests" / "story" / "mini.yaml").read_text(encoding="utf-8")
    scene.write_text(text.replace("title: The Waiting Room", "title: La sala — d’espera → ¿sí?"), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), RAPPORT_DATA_DIR=str(tmp_path / "data"), PYTHONIOENCODING="ascii")
    for args in (["analyze", str(scene)], ["validate", str(scene)], ["play", "--text", str(scene), "--choices", "1,1"],
                 ["graph", str(scene), "--format", "mermaid"]):
        done = subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=120)
        assert "Traceback" not in done.stderr and "UnicodeEncodeError" not in done.stderr, (args, done.stderr)
        assert done.returncode in (0, 1), (args, done.returncode, done.stderr)


def test_no_output_is_written_through_a_link_planted_beside_it(capsys, tmp_path, monkeypatch):
    """`report` and `xapi --out` wrote OUT.part and renamed it: a link planted as OUT.part made
    them overwrite the file it led to, and left OUT a link. Now a fresh temporary file is used;
    a new file gets the permissions the user's umask gives (0600 only for the LRS secret)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    inputs = tmp_path / "statements.json"
    inputs.write_text("[]")
    played(tmp_path / "data")
    old = os.umask(0o022)
    try:
        for args, out in ((["report", str(inputs), "--out"], tmp_path / "r.html"),
                          (["xapi", "--profile", "Ana", "--data-dir", str(tmp_path / "data"), "--out"],
                           tmp_path / "s.jsonl")):
            (tmp_path / (out.name + ".part")).symlink_to(precious)
            code, _, err = run(capsys, *args, str(out))
            assert code == 0, err
            assert precious.read_text() == "keep me" and out.is_file() and not out.is_symlink()
            # students' names and answers: readable by their owner only, whatever the umask
            assert stat.S_IMODE(out.stat().st_mode) == 0o600
    finally:
        os.umask(old)


@pytest.mark.parametrize("command", [["play", "--text"], ["graph"], ["translate", "--lang", "es"], ["import"]])
def test_a_folder_or_device_where_a_file_belongs_is_bad_input_and_a_missing_file_exit_2(capsys, tmp_path, command):
    # the same answer from every command: there but wrong is 1 and says what it is; not there is 2
    head, rest = command[:1], command[1:]
    for place, code_wanted, words in ((str(tmp_path), 1, "is a folder"), ("/dev/zero", 1, "not an ordinary file"),
                                      (str(tmp_path / "gone.yaml"), 2, "no such file")):
        args = head + [place] + rest
        if head == ["import"]:
            args += ["--data-dir", str(tmp_path / "data")]
        code, out, err = run(capsys, *args)
        assert code == code_wanted and words in err.lower() and err.count("\n") == 1, (args, code, err)


def test_dash_means_standard_output_for_graph_and_translate(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "graph", "waiting-room", "--out", "-")
    assert code == 0 and out.startswith("digraph") and not (tmp_path / "-").exists()
    code, out, err = run(capsys, "translate", "grief-home-visit", "--lang", "es", "--out", "-")
    assert code == 0 and "grief-home-visit" in out and not (tmp_path / "-").exists()
    assert not (ROOT / "scenes" / "translations" / "es" / "grief-home-visit.yaml").exists()
