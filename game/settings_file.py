"""A hand-editable JSON settings file: checked key by key, kept aside when broken, written atomically.

Shared by the player's settings (game.settings, settings.json) and the facilitator's
(game.classroom.config, classroom.json). Each of those says which keys exist (a frozen dataclass
whose field defaults are the defaults) and what each key accepts; this module does the rest: a bad
value falls back to its default with a notice naming file, line and what was expected, a file that
could not be used is copied beside itself (NAME.bad, then .bad2 ...) before any save could write
over it, and a save goes through a temporary file so a crash never leaves half a file.
No pygame here.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
from dataclasses import asdict, fields
from pathlib import Path
from typing import Callable

from game.i18n import _, ngettext
from game.infile import NotAFileError, TooLargeError, read_capped

# A settings file holds a dozen short values (a few hundred bytes). Anything far larger, nested
# deeper or with more problems than this is not a settings file someone meant to write: it is
# refused as a whole, quickly, and the game starts with defaults.
MAX_BYTES = 64 * 1024
MAX_NOTICES = 8


def line_of_key(text: str, key: str) -> int | None:
    """The line on which ``"key":`` first stands in ``text`` (None when it is not found)."""
    match = re.search(r'"%s"\s*:' % re.escape(key), text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def parse_settings_json(text: str, name: str, defaults: type, expected: Callable[[str, object], str | None],
                        *, fallback: str, noun: str) -> tuple[object, list[str]]:
    """Validate settings JSON ``text`` (from the file ``name``) against the dataclass ``defaults``.

    ``expected(key, value)`` says what was expected when a value is not acceptable, else None.
    Returns usable settings and one notice per problem; ``fallback`` ends the notice when the whole
    file is unusable ("using default settings"), ``noun`` names an unknown key ("setting").
    """
    if len(text) > MAX_BYTES:
        return defaults(), [_("{file}: larger than {kb} KB, far more than settings need; {fallback}").format(
            file=name, kb=MAX_BYTES // 1024, fallback=fallback)]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        return defaults(), [_("{file}:{line}:{column}: not valid JSON ({problem}); {fallback}").format(
            file=name, line=err.lineno, column=err.colno, problem=err.msg, fallback=fallback)]
    except RecursionError:
        return defaults(), [_("{file}: nested far too deeply to be settings; {fallback}").format(file=name, fallback=fallback)]
    except ValueError:  # a number of thousands of digits
        return defaults(), [_("{file}: holds a number with too many digits; {fallback}").format(file=name, fallback=fallback)]
    if not isinstance(data, dict):
        return defaults(), [_("{file}: expected an object of settings; {fallback}").format(file=name, fallback=fallback)]
    known = {f.name for f in fields(defaults)}
    values: dict[str, object] = {}
    notices: list[str] = []
    def place(key: str) -> str:
        """Where ``key`` stands, for a notice (looked up only when there is one to give)."""
        line = line_of_key(text, key) if key in known or len(notices) < MAX_NOTICES else None
        return f"{name}:{line}" if line else name

    for key, value in data.items():
        if key not in known:
            notices.append(_("{where}: unknown {noun} '{key}' ignored").format(where=place(key), noun=noun,
                                                                               key=_short(key)))
            continue
        try:
            wanted = expected(key, value)
        except (TypeError, ValueError):  # e.g. a list where a name belongs: not hashable
            wanted = expected(key, None) or "something else"
        if wanted:
            notices.append(_("{where}: {key} should be {wanted}, found {found}; using {default}").format(
                where=place(key), key=key, wanted=wanted, found=describe(value), default=json.dumps(getattr(defaults(), key))))
            continue
        values[key] = value
    if len(notices) > MAX_NOTICES:
        more = len(notices) - MAX_NOTICES + 1
        notices[MAX_NOTICES - 1:] = [ngettext("{file}: {count} more problem", "{file}: {count} more problems", more).format(
            file=name, count=more)]
    return defaults(**values), notices


def describe(value: object) -> str:
    """A found value as a notice shows it: short, never the whole of a huge one."""
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**18:
        return _("a number far too large")
    return _short(json.dumps(value))


def _short(text: str, limit: int = 40) -> str:
    text = text if text.isprintable() else repr(text)[1:-1]
    return text if len(text) <= limit else text[:limit] + "…"


def read_settings_file(path: Path) -> tuple[str | None, str | None]:
    """The text of a settings file, or None and a one-line reason it could not be used.

    (None, None) when there is no file. Only an ordinary file is read, and only so much of it:
    a pipe, a device or a folder in its place never blocks or fills the memory."""
    try:
        raw = read_capped(path, MAX_BYTES)  # checked on what was opened: no pipe is waited on
    except FileNotFoundError:
        return None, None
    except (IsADirectoryError, NotAFileError):
        return None, _("{file}: is not an ordinary file; using defaults").format(file=path.name)
    except TooLargeError:
        raw = b"x" * (MAX_BYTES + 1)
    except OSError as err:
        return None, _("{file}: could not be read ({problem}); using defaults").format(file=path.name,
                                                                                      problem=err.strerror or err)
    if len(raw) > MAX_BYTES:
        return "x" * (MAX_BYTES + 1), None  # parse says it is too large; the file is kept aside
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return "", _("{file}: not UTF-8 text; using defaults").format(file=path.name)


def keep_copy(path: Path, suffix: str = ".bad") -> Path | None:
    """Copy the file at ``path`` to NAME.bad (NAME.bad2 ... if taken; ``suffix`` names another
    kind of copy, e.g. ".bak"); None if it could not be copied.

    A file already kept with the same content is not copied again: the same broken file met at
    every start keeps one copy, not a new one each time. An earlier copy is never written over."""
    backup, n = path.with_name(path.name + suffix), 1
    while os.path.lexists(backup):  # never write over an earlier kept copy (nor through a link left there)
        if _same_file_content(path, backup):
            return backup
        n += 1
        backup = path.with_name(f"{path.name}{suffix}{n}")
    try:
        shutil.copy2(path, backup)
    except OSError:
        return None
    return backup


def _same_file_content(path: Path, kept: Path) -> bool:
    try:
        return kept.is_file() and filecmp.cmp(path, kept, shallow=False)
    except OSError:
        return False


def save_settings_json(path: Path, settings, what: str) -> str | None:
    """Write the dataclass ``settings`` to ``path`` atomically; return a one-line problem or None.

    ``what`` names the settings in that problem ("settings", "classroom settings").
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(asdict(settings), indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as err:
        return _("{what} could not be saved to {path} ({problem})").format(what=what, path=path, problem=err.strerror or err)
    return None
