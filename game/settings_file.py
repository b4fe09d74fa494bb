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

import json
import re
import shutil
from dataclasses import asdict, fields
from pathlib import Path
from typing import Callable


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
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        return defaults(), [f"{name}:{err.lineno}:{err.colno}: not valid JSON ({err.msg}); {fallback}"]
    if not isinstance(data, dict):
        return defaults(), [f"{name}: expected an object of settings; {fallback}"]
    known = {f.name for f in fields(defaults)}
    values: dict[str, object] = {}
    notices: list[str] = []
    for key, value in data.items():
        line = line_of_key(text, key)
        where = f"{name}:{line}" if line else name
        if key not in known:
            notices.append(f"{where}: unknown {noun} '{key}' ignored")
            continue
        wanted = expected(key, value)
        if wanted:
            notices.append(f"{where}: {key} should be {wanted}, found {json.dumps(value)}; "
                           f"using {json.dumps(getattr(defaults(), key))}")
            continue
        values[key] = value
    return defaults(**values), notices


def keep_copy(path: Path) -> Path | None:
    """Copy the file at ``path`` to NAME.bad (NAME.bad2 ... if taken); None if it could not be copied."""
    backup, n = path.with_name(path.name + ".bad"), 1
    while backup.exists():  # never write over an earlier kept copy
        n += 1
        backup = path.with_name(f"{path.name}.bad{n}")
    try:
        shutil.copy2(path, backup)
    except OSError:
        return None
    return backup


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
        return f"{what} could not be saved to {path} ({err.strerror or err})"
    return None
