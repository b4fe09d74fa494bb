"""Rapport's art, drawn in code: client portraits, backdrops, and the shipped font and sounds.

    render_portrait(key, face, (w, h), high_contrast=False)       -> SRCALPHA Surface
        face: "beat:band" (FACES, e.g. "anger:closed") or a format-1 expression name
    posture_conflicts(text, face, key)                            -> what the words contradict
    render_backdrop(setting, (w, h), high_contrast=False)         -> opaque Surface
    font_path(style) / load_font(size, style)                     -> Atkinson Hyperlegible
    sound_path(name)                                              -> soft UI sound (WAV)

Rendered surfaces are cached and shared: blit them, never draw on them.

Names load on first use, so the parts that only describe the pictures (expressions, people,
poses) can be imported without pygame, e.g. by `rapport validate` to check posture lines.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "UI_SOUNDS": "assets", "assets_dir": "assets", "sound_path": "assets",
    "SETTINGS": "backdrops", "clear_backdrop_cache": "backdrops", "render_backdrop": "backdrops",
    "FONT_STYLES": "fonts", "font_path": "fonts", "load_font": "fonts",
    "EXPRESSIONS": "expressions", "FACES": "expressions", "face_key": "expressions",
    "PORTRAITS": "portraits", "clear_portrait_cache": "portraits",
    "render_portrait": "portraits",
    "posture_conflicts": "poses",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
