"""Where the shipped assets (fonts, sounds) live, in a checkout and in an installed wheel.

In a source checkout they sit at the repository root in assets/; the wheel carries the same
folder inside the package as game/_data/assets (see pyproject's force-include).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[2]          # .../game
_CANDIDATES = (
    _PACKAGE / "_data" / "assets",                       # installed wheel
    _PACKAGE.parent / "assets",                          # source checkout
)


@lru_cache(maxsize=1)
def assets_dir() -> Path:
    """The assets folder; raises FileNotFoundError naming the places it looked."""
    for candidate in _CANDIDATES:
        # Check for the fonts folder, not just the name: an unrelated "assets" folder
        # next to site-packages must not be mistaken for ours.
        if (candidate / "fonts").is_dir():
            return candidate
    looked = ", ".join(str(c) for c in _CANDIDATES)
    raise FileNotFoundError(f"Rapport's assets folder is missing; looked in: {looked}")


UI_SOUNDS = ("choice", "advance", "chime")


def sound_path(name: str) -> Path:
    """Path of a shipped interface sound: choice (a choice made), advance (next line),
    chime (an ending reached)."""
    if name not in UI_SOUNDS:
        raise ValueError(f"unknown sound {name!r}; expected one of {', '.join(UI_SOUNDS)}")
    return assets_dir() / "sounds" / f"{name}.wav"
