"""Text: fonts, word wrapping, and a cache so text is rendered once per change, not per frame.

A ``TextBlock`` is a paragraph laid out for one width: a list of rendered line surfaces. Drawing
it is only blits. The typewriter reveal draws a prefix of the same surfaces (clipped), so the
reveal costs no rendering at all. ``TextCache.renders`` counts real renders for the tests and
the benchmarks.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

import pygame

from game.ui.theme import Theme

from game.ui.art.fonts import font_path

# Layout probe: when a list, every text draw appends (visible rect, container rect, text).
# Tests switch it on to prove that no text leaves its box or overlaps other text.
probe: list[tuple[pygame.Rect, pygame.Rect, str]] | None = None


class Fonts:
    """Font objects by (style, pixel size), opened once."""

    def __init__(self) -> None:
        self._fonts: dict[tuple[str, int], pygame.font.Font] = {}

    def get(self, style: str, px: int) -> pygame.font.Font:
        key = (style, px)
        font = self._fonts.get(key)
        if font is None:
            font = self._open(style, px)
            self._fonts[key] = font
        return font

    @staticmethod
    def _open(style: str, px: int) -> pygame.font.Font:
        # The shipped Atkinson Hyperlegible: regular, bold, italic, bold_italic.
        return pygame.font.Font(font_path(style), px)


@dataclass(eq=False)
class TextBlock:
    """Text laid out for a width: its lines drawn, and what is needed to place and draw them."""

    lines: list[tuple[pygame.Surface, str]]
    width: int
    height: int
    line_height: int
    font: pygame.font.Font
    letter_spacing: int
    text: str

    @property
    def chars(self) -> int:
        """Characters the reveal counts (line breaks count as one)."""
        return sum(len(t) + 1 for _, t in self.lines) - 1 if self.lines else 0

    def draw(self, surface: pygame.Surface, topleft: tuple[int, int],
             container: pygame.Rect | None = None, reveal: int | None = None,
             align: str = "left") -> pygame.Rect:
        x, y = topleft
        left = reveal
        for i, (line, text) in enumerate(self.lines):
            lx = x + (self.width - line.get_width()) // 2 if align == "center" else x
            ly = y + i * self.line_height
            if left is None or left >= len(text):
                surface.blit(line, (lx, ly))
            elif left > 0:
                shown = _measure(self.font, text[:left], self.letter_spacing)
                surface.blit(line, (lx, ly), pygame.Rect(0, 0, shown, line.get_height()))
            if left is not None:
                left -= len(text) + 1
                if left <= 0 and i + 1 < len(self.lines):
                    break
        rect = pygame.Rect(x, y, self.width, self.height)
        if probe is not None and self.text:
            visible = rect.clip(surface.get_clip())
            if visible.width and visible.height:
                probe.append((visible, (container or rect).copy(), self.text))
        return rect


def _measure(font: pygame.font.Font, text: str, spacing: int) -> int:
    if not spacing:
        return font.size(text)[0]
    return sum(font.size(c)[0] for c in text) + spacing * max(0, len(text) - 1)


def wrap(text: str, width: int, measure) -> list[str]:
    """Greedy word wrap; a word longer than the width is broken where it must be."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        # A paragraph that fits whole is one line: measured once, where the greedy loop below
        # measures it a word longer at a time (from its first word: a leading space is dropped).
        if paragraph[:1] != " " and measure(paragraph) <= width:
            lines.append(paragraph)
            continue
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if measure(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while len(word) > 1 and measure(word) > width:
                cut = _fits(word, width, measure)
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def _fits(word: str, width: int, measure) -> int:
    """How many leading characters of ``word`` fit in ``width`` (at least one), found by halving:
    a word of thousands of letters (a pasted link, a translation with no spaces) costs a few
    dozen measurements a line, not one per letter."""
    low, high = 1, len(word) - 1  # word[:low] is kept even if it does not fit; word does not fit
    while low < high:
        mid = (low + high + 1) // 2
        if measure(word[:mid]) <= width:
            low = mid
        else:
            high = mid - 1
    return low


_UNDRAWABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def drawable(text: str) -> str:
    """``text`` as a font can draw it: no NUL (SDL_ttf refuses the whole string), no lone
    surrogate (not UTF-8), no other control character. The files Rapport reads are cleaned when
    read (game.story.yamlsrc); this keeps any other source of text from stopping the window."""
    if not _UNDRAWABLE.search(text):
        return text
    return _UNDRAWABLE.sub("", text.replace("\t", " "))


def block_bytes(block: TextBlock) -> int:
    """Pixel memory a laid-out block holds (its line surfaces)."""
    return sum(surf.get_bytesize() * surf.get_width() * surf.get_height() for surf, _ in block.lines)


class TextCache:
    """Laid-out text blocks by everything that affects their pixels; least recently used go.

    Bounded by the pixel memory the blocks hold, not by how many there are: a block of large
    projector text at 4K is a hundred times a small label at 1024x600, so a count says nothing
    about memory. ``max_bytes`` (default 8 MiB; the app sets ``budget(window size)``) is what the
    cache may hold; the block being handed out always stays, even if it alone is larger."""

    @staticmethod
    def budget(size: tuple[int, int]) -> int:
        """What the cache may hold for a window this size: two windows' worth of pixels, at
        least 8 MiB (1280x720 holds 7 MiB a window; a 4K projector 33 MB). A screen's text is
        far less than a window of pixels, so the screens in use and the ones just left stay."""
        return max(8 * 1024 * 1024, 2 * 4 * size[0] * size[1])

    def __init__(self, fonts: Fonts | None = None, max_bytes: int = 8 * 1024 * 1024) -> None:
        self.fonts = fonts or Fonts()
        self.max_bytes = max_bytes
        self.bytes = 0  # what the cached blocks hold now
        self._blocks: OrderedDict[tuple, TextBlock] = OrderedDict()
        self._sizes: dict[tuple, int] = {}
        self.renders = 0  # how many blocks were actually rendered

    def __len__(self) -> int:
        return len(self._blocks)

    def clear(self) -> None:
        self._blocks.clear()
        self._sizes.clear()
        self.bytes = 0

    def block(self, theme: Theme, text: str, role: str, color: tuple, width: int,
              style: str = "regular") -> TextBlock:
        px = theme.font_px(role)
        spacing = round(px * theme.letter_spacing)
        key = (text, style, px, tuple(color), max(1, width), theme.line_spacing, spacing)
        block = self._blocks.get(key)
        if block is not None:
            self._blocks.move_to_end(key)
            return block
        block = self._render(text, self.fonts.get(style, px), color, max(1, width),
                             theme.line_spacing, spacing)
        self._blocks[key] = block
        self._sizes[key] = size = block_bytes(block)
        self.bytes += size
        while self.bytes > self.max_bytes and len(self._blocks) > 1:
            old, _ = self._blocks.popitem(last=False)
            self.bytes -= self._sizes.pop(old)
        return block

    def _render(self, text, font, color, width, line_spacing, spacing) -> TextBlock:
        self.renders += 1
        measure = lambda s: _measure(font, s, spacing)  # noqa: E731
        line_height = round(font.get_linesize() * line_spacing)
        lines = []
        for line in wrap(drawable(text), width, measure):
            if spacing:
                surf = pygame.Surface((max(1, measure(line)), font.get_linesize()), pygame.SRCALPHA)
                x = 0
                for ch in line:
                    glyph = _render_line(font, ch, color)
                    surf.blit(glyph, (x, 0))
                    x += glyph.get_width() + spacing
            else:
                surf = _render_line(font, line, color)
            lines.append((surf, line))
        widest = max((s.get_width() for s, _ in lines), default=0)
        height = line_height * (len(lines) - 1) + font.get_linesize() if lines else 0
        return TextBlock(lines, min(width, widest) if widest else 0, height, line_height,
                         font, spacing, text)


def _render_line(font: pygame.font.Font, line: str, color) -> pygame.Surface:
    """One line drawn; a line that draws to nothing (only zero-width characters such as U+200B,
    which SDL_ttf refuses as "Text has zero width") is an empty line of the font's height."""
    try:
        return font.render(line, True, color)
    except pygame.error:
        return pygame.Surface((1, font.get_linesize()), pygame.SRCALPHA)
