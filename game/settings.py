"""Player settings: what they are, their defaults, and how they survive on disk.

Settings live as JSON in the per-user config folder (platformdirs). The file is hand-editable,
so loading validates every value: a bad value falls back to its default, a broken file falls
back to all defaults, and in both cases the player gets a visible notice and the original file
is kept beside it as ``settings.json.bad`` before anything is written over it. Nothing here
imports pygame, so the terminal player and tools can read the same settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from game.i18n import LANGUAGES, _
from game.settings_file import keep_copy, parse_settings_json, read_settings_file, save_settings_json

APP_NAME = "rapport"
FILE_NAME = "settings.json"

# Choices for the enumerated settings, in the order the settings screen cycles through them.
TEXT_SIZES = ("small", "medium", "large", "largest")
TEXT_SPEEDS = ("slow", "normal", "fast", "instant")
COACHING = ("after-each-choice", "end-only")
METER_VISIBILITY = ("hidden", "after-ending", "live")

# Multipliers the theme applies to the base text size; four steps, the last sized so a
# 1024x600 window still fits every screen (checked by tests/ui/test_layout.py).
TEXT_SCALE = {"small": 0.85, "medium": 1.0, "large": 1.2, "largest": 1.4}
# Characters revealed per second by the typewriter; None means all at once.
CHARS_PER_SECOND = {"slow": 30, "normal": 60, "fast": 120, "instant": None}


@dataclass(frozen=True)
class Settings:
    """The player's settings, as settings.json keeps them (every key has a default)."""

    text_size: str = "medium"
    high_contrast: bool = False
    text_speed: str = "normal"
    reduce_motion: bool = False
    dyslexia_spacing: bool = False
    volume: int = 70  # percent
    coaching: str = "after-each-choice"
    meters: str = "hidden"
    fullscreen: bool = False
    watch_scenes: bool = False  # authors: reload the scene being played when its file is saved
    speech: bool = False  # self-voicing: the window reads out what is on screen (Shift+V)
    # The window as the player last left it (null until then): [width, height] and [x, y].
    window_size: tuple[int, int] | None = None
    window_position: tuple[int, int] | None = None
    # The interface's language: a code of game.i18n.LANGUAGES, or null for the system's language.
    language: str | None = None

    @property
    def text_scale(self) -> float:
        return TEXT_SCALE[self.text_size]

    @property
    def chars_per_second(self) -> int | None:
        return CHARS_PER_SECOND[self.text_speed]


# What each key accepts, used both to validate a file and to describe the expectation.
_CHOICES: dict[str, tuple[str, ...]] = {
    "text_size": TEXT_SIZES,
    "text_speed": TEXT_SPEEDS,
    "coaching": COACHING,
    "meters": METER_VISIBILITY,
}
_BOOLS = {"high_contrast", "reduce_motion", "dyslexia_spacing", "fullscreen", "watch_scenes", "speech"}
_INTS = {"volume": (0, 100)}
_PAIRS = {"window_size": (1, 100_000), "window_position": (-100_000, 100_000)}


@dataclass
class LoadResult:
    """Settings read from the file, with what the player must be told about it."""

    settings: Settings
    notices: list[str] = field(default_factory=list)  # shown to the player, one line each
    kept_copy: Path | None = None  # where the original broken file was kept, if it was


def default_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


# The lab lock (issue 12 item 5): an instructor makes every attempt assessed with
# ``{"assessed_only": true}`` in ``lab.json`` beside settings.json, or RAPPORT_ASSESSED_ONLY=1 in
# a lab image. Students have no setting for it: the Settings screen never writes lab.json.
LAB_FILE = "lab.json"
LAB_MAX_BYTES = 64 * 1024
ENV_ASSESSED_ONLY = "RAPPORT_ASSESSED_ONLY"


def assessed_only(folder: Path | None = None, environ=None) -> bool:
    """Whether this lab plays assessed attempts only (a missing or unreadable lab.json: no)."""
    import json
    import os

    env = (os.environ if environ is None else environ).get(ENV_ASSESSED_ONLY, "").strip().lower()
    if env in ("1", "true", "yes", "on"):
        return True
    from .infile import read_capped

    try:
        data = json.loads(read_capped((Path(folder) if folder is not None else default_dir()).joinpath(LAB_FILE),
                                      LAB_MAX_BYTES).decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):  # a pipe, /dev/zero, a deep nest: no lock, and no hang
        return False
    return isinstance(data, dict) and data.get("assessed_only") is True


def _check_value(key: str, value: object) -> str | None:
    """Return what was expected when ``value`` is not acceptable for ``key``, else None."""
    if key in _CHOICES:
        if value not in _CHOICES[key]:
            return _("one of {choices}").format(choices=", ".join(_CHOICES[key]))
    elif key in _BOOLS:
        if not isinstance(value, bool):
            return _("true or false")
    elif key in _PAIRS:
        low, high = _PAIRS[key]
        if value is not None and not (isinstance(value, list) and len(value) == 2 and all(
                isinstance(v, int) and not isinstance(v, bool) and low <= v <= high for v in value)):
            return _("null or two whole numbers from {low} to {high}").format(low=low, high=high)
    elif key == "language":
        if value is not None and value not in LANGUAGES:
            return _("null (the system's language) or one of {choices}").format(choices=", ".join(LANGUAGES))
    elif key in _INTS:
        low, high = _INTS[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return _("a whole number from {low} to {high}").format(low=low, high=high)
    return None


def parse_settings(text: str, name: str = FILE_NAME) -> tuple[Settings, list[str]]:
    """Validate settings JSON text; return usable settings and one notice per problem."""
    return parse_settings_json(text, name, Settings, _check_value,
                               fallback=_("using default settings"), noun=_("setting"))


class SettingsStore:
    """Loads and saves settings in one folder, keeping a copy of a file it could not use."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else default_dir()
        self.path = self.folder / FILE_NAME

    def load(self) -> LoadResult:
        text, problem = read_settings_file(self.path)
        if text is None:
            # No file, or one that cannot be read (permissions, a folder...): nothing to copy, and
            # saving will report its own problem.
            return LoadResult(Settings(), [problem] if problem else [])
        if problem:  # read, but not text: kept aside like any broken file
            settings, notices = Settings(), [problem]
        else:
            settings, notices = parse_settings(text, self.path.name)
        result = LoadResult(settings, notices)
        if notices:
            # Keep the player's file now, before any save could replace it.
            result.kept_copy = keep_copy(self.path)
            if result.kept_copy:
                result.notices.append(_("your original file is kept as {name}").format(name=result.kept_copy.name))
        return result

    def save(self, settings: Settings) -> str | None:
        """Write settings atomically; return a one-line problem description or None."""
        return save_settings_json(self.path, settings, _("settings"))


def cycle(settings: Settings, key: str, step: int = 1) -> Settings:
    """The next value of a setting, as the settings screen offers it (wraps around)."""
    value = getattr(settings, key)
    if key in _CHOICES:
        options = _CHOICES[key]
        return replace(settings, **{key: options[(options.index(value) + step) % len(options)]})
    if key in _BOOLS:
        return replace(settings, **{key: not value})
    if key == "language":  # the system's, then each shipped language
        options = (None, *LANGUAGES)
        return replace(settings, language=options[(options.index(value) + step) % len(options)])
    if key in _INTS:
        low, high = _INTS[key]
        return replace(settings, **{key: max(low, min(high, value + 10 * step))})
    raise KeyError(key)
