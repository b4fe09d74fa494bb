"""The shipped font draws every character the interface's translations use: no tofu boxes.

SDL_ttf draws a missing glyph as the font's .notdef box and still reports metrics for it, so a
character counts as covered when it does not render the same pixels as a code point no font
has (U+E000, private use). Every msgstr of every catalogue is checked, in every style, plus the
characters Spanish always needs whether or not the catalogue uses them yet.
"""

import pygame
import pytest

from game.ui.art.fonts import FONT_STYLES, font_path
from tools import i18n as catalogues

SPANISH = "áéíóúüñÁÉÍÓÚÜÑ¿¡«»"
TOFU = "\ue000"


def _pixels(font, ch: str) -> bytes:
    return pygame.image.tobytes(font.render(ch, True, (0, 0, 0), (255, 255, 255)), "RGB")


def missing(font, text: str) -> list[str]:
    tofu = _pixels(font, TOFU)
    return sorted({ch for ch in text if not ch.isspace() and (font.metrics(ch)[0] is None or _pixels(font, ch) == tofu)})


def catalogue_text() -> str:
    out = [SPANISH]
    for lang in catalogues.languages():
        for message in catalogues.read(catalogues.po_path(lang), locale=lang):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            out.extend(s for s in strings if s)
    return "".join(out)


@pytest.fixture(scope="module")
def fonts():
    pygame.font.init()
    return {style: pygame.font.Font(font_path(style), 24) for style in FONT_STYLES}


@pytest.mark.parametrize("style", FONT_STYLES)
def test_every_character_of_the_translations_has_a_glyph(fonts, style):
    assert missing(fonts[style], catalogue_text()) == []


def test_the_check_finds_a_missing_glyph(fonts):
    # It can fail: a character Atkinson Hyperlegible does not have is reported.
    assert missing(fonts["regular"], "año 中") == ["中"]
