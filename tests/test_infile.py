"""Every file Rapport reads that someone else put there, read the one safe way (game/infile.py):
a pipe is refused, not waited on for ever; a device such as /dev/zero is refused, not read until
the memory runs out; a deep nest is a message, not a RecursionError. Each reader is tried with
each kind of hostile file, under an alarm, so a reader that blocks fails instead of hanging CI."""

import json
import os
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from game.cli import main
from game.infile import NotAFileError, TooLargeError, read_capped

from .progress.test_transfer import played

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes in the file system (POSIX)")

DEEP = "[" * 100_000


class Blocked(BaseException):
    """Raised by the alarm: not an OSError, which a reader would take for an unreadable file."""


@contextmanager
def deadline(seconds=10):
    def expire(_signum, _frame):
        raise Blocked("the reader blocked")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def hostile(folder: Path, name: str, kind: str) -> Path:
    """``folder/name`` made into a pipe with no writer, a link to /dev/zero, or a deep nest."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    else:
        path.write_text(DEEP)
    return path


KINDS = ["pipe", "zero", "deep"]


def test_read_capped_refuses_without_blocking(tmp_path):
    with deadline():
        with pytest.raises(NotAFileError):
            read_capped(hostile(tmp_path, "p", "pipe"), 100)
        with pytest.raises(NotAFileError):
            read_capped("/dev/zero", 100)
        with pytest.raises(IsADirectoryError):
            read_capped(tmp_path, 100)
        with pytest.raises(FileNotFoundError):
            read_capped(tmp_path / "none", 100)
    (tmp_path / "big").write_bytes(b"x" * 101)
    with pytest.raises(TooLargeError):
        read_capped(tmp_path / "big", 100)
    (tmp_path / "ok").write_bytes(b"x" * 100)
    assert read_capped(tmp_path / "ok", 100) == b"x" * 100


@pytest.mark.parametrize("kind", KINDS)
def test_xapi_connect_with_a_hostile_file(capsys, tmp_path, monkeypatch, kind):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    source = hostile(tmp_path, "lrs.json", kind)
    with deadline():
        code = main(["xapi", "--connect", str(source)])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("rapport: ") and err.count("\n") == 1, err
    assert not (tmp_path / "config" / "rapport" / "lrs.json").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_saved_connection(capsys, tmp_path, monkeypatch, kind):
    """The connection file in the config folder is read at every start of the game and by
    `xapi --status`: a pipe or a device there must not stop either."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    hostile(tmp_path / "config" / "rapport", "lrs.json", kind)
    with deadline():
        code = main(["xapi", "--status", "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code in (0, 1) and "lrs.json" in err and "Traceback" not in err, err


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_lab_lock_is_no_lock_and_no_hang(tmp_path, kind):
    from game.settings import assessed_only

    hostile(tmp_path, "lab.json", kind)
    with deadline():
        assert assessed_only(tmp_path, environ={}) is False
    (tmp_path / "lab.json").unlink()
    (tmp_path / "lab.json").write_text(json.dumps({"assessed_only": True}))
    assert assessed_only(tmp_path, environ={}) is True


@pytest.mark.parametrize("kind", ["pipe", "zero"])
def test_import_and_report_refuse_pipes_and_devices(capsys, tmp_path, kind):
    source = hostile(tmp_path, "export.json", kind)
    with deadline():
        code = main(["import", "--data-dir", str(tmp_path / "data"), str(source)])
    err = capsys.readouterr().err
    assert code == 1 and "not an ordinary file" in err and err.count("\n") == 1, err
    with deadline():
        code = main(["report", "--out", str(tmp_path / "r.html"), str(source)])
    err = capsys.readouterr().err
    assert code == 1 and "not a regular file" in err and not (tmp_path / "r.html").exists(), err


@pytest.mark.parametrize("kind", ["pipe", "zero"])
def test_scene_and_settings_readers_check_what_they_opened(tmp_path, kind):
    from game.settings_file import read_settings_file
    from game.story.yamlsrc import read_text

    path = hostile(tmp_path, "x.yaml", kind)
    with deadline():
        text, problems = read_text(path)
        assert text is None and "not a regular file" in problems[0].message
        text, problem = read_settings_file(path)
        assert text is None and "not an ordinary file" in problem


def test_exit_codes_bad_input_is_1_a_missing_file_is_2(capsys, tmp_path, monkeypatch):
    """The same rule for every command that reads a file the user names: a file that is there but
    is not what it should be is bad input (exit 1, like a scene with errors); a file that is not
    there is exit 2."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("[1, 2", encoding="utf-8")
    bad_rubric = tmp_path / "rubric.yaml"
    bad_rubric.write_text("name: x\nmap: [\n", encoding="utf-8")
    missing = str(tmp_path / "missing.json")
    out = str(tmp_path / "r.html")
    data = str(tmp_path / "data")
    played(data)
    cases = [
        (["xapi", "--connect", str(bad_json)], ["xapi", "--connect", missing]),
        (["report", "--out", out, str(bad_json)], ["report", "--out", out, missing]),
        (["report", "--out", out, "--rubric", str(bad_rubric), str(bad_json)],
         ["report", "--out", out, "--rubric", missing, str(bad_json)]),
        (["export", "--profile", "Ana", "--data-dir", data, "--out", str(tmp_path / "e.json"), "--rubric",
          str(bad_rubric)],
         ["export", "--profile", "Ana", "--data-dir", data, "--out", str(tmp_path / "e.json"), "--rubric", missing]),
    ]
    for bad, absent in cases:
        assert main(bad) == 1, bad
        err = capsys.readouterr().err
        assert err.startswith("rapport: ") and "Traceback" not in err, err
        assert main(absent) == 2, absent
        assert "missing.json" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "e.json").exists()
