"""The shipped font, Atkinson Hyperlegible (SIL Open Font License 1.1).

It was designed by the Braille Institute for low-vision readers: letters that are easy to
tell apart (I l 1, O 0) suit a game read from the back of a classroom.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pygame

from .assets import assets_dir

FONT_FILES = {
    "regular": "AtkinsonHyperlegible-Regular.ttf",
    "bold": "AtkinsonHyperlegible-Bold.ttf",
    "italic": "AtkinsonHyperlegible-Italic.ttf",
    "bold_italic": "AtkinsonHyperlegible-BoldItalic.ttf",
}
FONT_STYLES = tuple(FONT_FILES)


def font_path(style: str = "regular") -> Path:
    """Path of the font file for a style: regular, bold, italic or bold_italic."""
    try:
        name = FONT_FILES[style]
    except KeyError:
        raise ValueError(f"unknown font style {style!r}; expected one of "
                         f"{', '.join(FONT_STYLES)}") from None
    return assets_dir() / "fonts" / name


@lru_cache(maxsize=64)
def load_font(size: int, style: str = "regular") -> pygame.font.Font:
    """A pygame Font of the shipped face at a pixel size, cached (fonts are costly to open).

    pygame.font must be initialised first (pygame.init() does it).
    """
    return pygame.font.Font(font_path(style), max(1, int(size)))
