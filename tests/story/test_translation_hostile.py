"""Hostile translation files, round 5 (issue 11): what tests/story/test_translation.py's HOSTILE
corpus does not reach — paths that are no file, text that attacks the terminal or the layout,
floods of wrong ids — and `rapport translate`, which must never destroy a translator's file.
Plus the environment the language comes from ($LANGUAGE)."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from game.cli import main
from game.story import load_library
from game.story.diagnostics import ERROR

SCENES = Path(__file__).resolve().parents[2] / "scenes"
GOOD = (SCENES / "translations" / "es" / "waiting-room.yaml").read_text(encoding="utf-8")
LINE = "es: Pensaba que se habían olvidado de mí. Casi me voy."
HEADER = "translation: 1\nscene: waiting-room\nlanguage: es\nsource_language: en\n"


@pytest.fixture
def folder(tmp_path):
    scenes = tmp_path / "scenes"
    (scenes / "translations" / "es").mkdir(parents=True)
    shutil.copy(SCENES / "waiting-room.yaml", scenes / "waiting-room.yaml")
    return scenes


def _tr(folder: Path) -> Path:
    return folder / "translations" / "es" / "waiting-room.yaml"


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "folder", "link loop", "dangling link"])
def test_a_translation_path_that_is_no_file_is_an_error_not_silence(kind, folder, capsys):
    path = _tr(folder)
    if kind == "/dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "link loop":
        path.symlink_to(path)
    else:
        path.symlink_to(folder / "gone.yaml")
    began = time.perf_counter()
    lib = load_library(folder, language="es")
    assert time.perf_counter() - began < 10
    errors = [d for d in lib.diagnostics if d.severity == ERROR]
    assert [d.code for d in errors] in (["RP0113"], ["RP0114"]) and errors[0].file == str(path)
    assert lib.scenarios["waiting-room"].language == "en"  # the scene plays, in its own words
    (scenario, used, problem), = lib.translation_problems  # the window says so
    assert scenario.id == "waiting-room" and not used and problem is errors[0]
    assert main(["validate", "--lang", "es", str(folder)]) == 1
    captured = capsys.readouterr()
    assert f"{path}:0:0:" in captured.out and "Traceback" not in captured.out + captured.err
    assert "no translation yet" not in captured.err


TEXTS = {  # what a translator's line holds -> what the player is shown
    "terminal escapes": ('es: "\\e]0;pwned\\a\\e[2J\\e[31mPensaba\\x9b31m"', "]0;pwned[2J[31mPensaba31m"),
    "NUL": ('es: "Pensaba\\0 que"', "Pensaba que"),
    "bidi override": ('es: "Pensaba \\u202eque"', "Pensaba que"),
    "byte-order mark inside": ('es: "Pen\\ufeffsaba"', "Pensaba"),
}


@pytest.mark.parametrize("name", TEXTS)
def test_control_characters_in_a_translation_are_left_out_with_a_warning(name, folder, capsys):
    written, shown = TEXTS[name]
    _tr(folder).write_text(GOOD.replace(LINE, written), encoding="utf-8")
    lib = load_library(folder, language="es")
    assert lib.scenarios["waiting-room"].nodes["arrival"].says == shown
    assert [d.code for d in lib.diagnostics if d.severity != "info"] == ["RP0118"]
    assert main(["play", "--text", str(folder / "waiting-room.yaml"), "--lang", "es", "--choices", "1"]) in (0, 1)
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err and "\x00" not in captured.out + captured.err


def test_a_raw_control_byte_is_named_at_its_line_and_column(folder):
    _tr(folder).write_text(GOOD.replace(LINE, "es: Pensaba\x1b[2J"), encoding="utf-8")
    lib = load_library(folder, language="es")
    (error,) = [d for d in lib.diagnostics if d.severity == ERROR]
    line = GOOD.splitlines().index("      " + LINE) + 1
    assert (error.code, error.line, error.col) == ("RP0101", line, 18) and "U+001B" in error.message


def test_ten_thousand_wrong_ids_are_counted_fast(folder):
    _tr(folder).write_text(HEADER + "nodes:\n" + "".join(f"  node{i}:\n    says:\n      en: a\n      es: b\n"
                                                         for i in range(10_000)), encoding="utf-8")
    began = time.perf_counter()
    lib = load_library(folder, language="es")
    assert time.perf_counter() - began < 10
    stale = [d for d in lib.diagnostics if d.code == "RP0701"]
    assert 20 <= len(stale) <= 10_000 and all(d.line > 0 for d in stale)


HOSTILE_EXISTING = {
    "alias": HEADER + "notes: &x [*x]\n",
    "not UTF-8": None,
    "deep": HEADER + "nodes: " + "[" * 5000 + "]" * 5000 + "\n",
    "5,000 digits": HEADER + "nodes:\n  arrival:\n    says:\n      en: x\n      es: " + "9" * 5000 + "\n",
    "duplicate entry": GOOD.replace("      " + LINE, "      " + LINE + "\n      es: otra"),
    "language path": "translation: 1\nscene: waiting-room\nlanguage: ../../x\n",
    "a device": "/dev/zero",
    "a link": "link",
}


@pytest.mark.parametrize("name", HOSTILE_EXISTING)
def test_translate_never_destroys_a_translators_file(name, folder, capsys):
    path = _tr(folder)
    text = HOSTILE_EXISTING[name]
    if name == "not UTF-8":
        path.write_bytes(GOOD.encode("latin-1", "replace"))
    elif name == "a device":
        path.symlink_to("/dev/zero")
    elif name == "a link":
        (folder / "mine.yaml").write_text(GOOD, encoding="utf-8")
        path.symlink_to(folder / "mine.yaml")
    else:
        path.write_text(text, encoding="utf-8")
    before = {p: (p.read_bytes() if p.is_file() and not p.is_symlink() else os.readlink(p) if p.is_symlink() else None)
              for p in folder.rglob("*")}
    code = main(["translate", str(folder / "waiting-room.yaml"), "--lang", "es"])
    captured = capsys.readouterr()
    assert code in (1, 2) and "Traceback" not in captured.out + captured.err
    assert "nothing was written" in captured.err
    after = {p: (p.read_bytes() if p.is_file() and not p.is_symlink() else os.readlink(p) if p.is_symlink() else None)
             for p in folder.rglob("*")}
    assert after == before  # not a byte changed, no file added


def test_translate_keeps_the_file_as_it_was_before_rewriting_it(folder, capsys):
    path = _tr(folder)
    mine = GOOD.replace(LINE, 'es: "Pensaba\\e[2J que"') + "\nnodes_extra_by_translator: 1\n"
    path.write_text(mine, encoding="utf-8")
    assert main(["translate", str(folder / "waiting-room.yaml"), "--lang", "es"]) == 0
    assert path.with_name(path.name + ".bak").read_text(encoding="utf-8") == mine
    lib = load_library(folder, language="es")  # what it wrote reads back, the escape left out
    assert lib.scenarios["waiting-room"].nodes["arrival"].says == "Pensaba[2J que"
    assert not [d for d in lib.diagnostics if d.severity == ERROR]


def test_a_language_list_of_thousands_does_not_stall_the_commands(monkeypatch, capsys):
    from game.i18n import MAX_PREFERENCES, tame_language_environment

    env = {"LANGUAGE": ":".join(["xx"] * 50_000 + ["es"])}
    tame_language_environment(env)
    assert env["LANGUAGE"] == ":".join(["xx"] * MAX_PREFERENCES)
    env = {"LANGUAGE": "es:en"}
    tame_language_environment(env)
    assert env == {"LANGUAGE": "es:en"}  # a list a person writes is left as it is
    monkeypatch.setenv("LANGUAGE", "es:" * 40_000)
    began = time.perf_counter()
    assert main(["list"]) == 0
    assert time.perf_counter() - began < 10  # 35 s before: argparse's gettext tried every entry
    assert "Tutorial" in capsys.readouterr().out
