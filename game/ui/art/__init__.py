"""Rapport's art, drawn in code: client portraits, backdrops, and the shipped font and sounds.

    render_portrait(key, face, (w, h), high_contrast=False)       -> SRCALPHA Surface
        face: "beat:band" (FACES, e.g. "anger:closed") or a format-1 expression name
    posture_conflicts(text, face, key)                            -> what the words contradict
    render_backdrop(setting, (w, h), high_contrast=False)         -> opaque Surface
    font_path(style) / load_font(size, style)                     -> Atkinson Hyperlegible
    sound_path(name)                                              -> soft UI sound (WAV)

Rendered surfaces are cached and shared: blit them, never draw on them.
"""

from .assets import UI_SOUNDS, assets_dir, sound_path
from .backdrops import SETTINGS, clear_backdrop_cache, render_backdrop
from .fonts import FONT_STYLES, font_path, load_font
from .portraits import (EXPRESSIONS, FACES, PORTRAITS, clear_portrait_cache, face_key,
                        render_portrait)

__all__ = [
    "EXPRESSIONS", "FACES", "FONT_STYLES", "PORTRAITS", "SETTINGS", "UI_SOUNDS", "assets_dir",
    "clear_backdrop_cache", "clear_portrait_cache", "face_key", "font_path", "load_font",
    "render_backdrop", "render_portrait", "sound_path",
]
