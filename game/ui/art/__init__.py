"""Rapport's art, drawn in code: client portraits, backdrops, and the shipped font and sounds.

    render_portrait(key, expression, (w, h), high_contrast=False) -> SRCALPHA Surface
    render_backdrop(setting, (w, h), high_contrast=False)         -> opaque Surface
    font_path(style) / load_font(size, style)                     -> Atkinson Hyperlegible
    sound_path(name)                                              -> soft UI sound (WAV)

Rendered surfaces are cached and shared: blit them, never draw on them.
"""

from .assets import UI_SOUNDS, assets_dir, sound_path
from .backdrops import SETTINGS, clear_backdrop_cache, render_backdrop
from .fonts import FONT_STYLES, font_path, load_font
from .portraits import EXPRESSIONS, PORTRAITS, clear_portrait_cache, render_portrait

__all__ = [
    "EXPRESSIONS", "FONT_STYLES", "PORTRAITS", "SETTINGS", "UI_SOUNDS", "assets_dir",
    "clear_backdrop_cache", "clear_portrait_cache", "font_path", "load_font",
    "render_backdrop", "render_portrait", "sound_path",
]
