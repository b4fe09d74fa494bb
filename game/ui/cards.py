"""Cards in the conversation panel: a tinted box of a few lines (a coach note, a notice).

The play screen stacks them above the client's words; their text joins the panel's text blocks
(so it scrolls and is measured with the rest), and only the box is drawn here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.i18n import _
from game.ui.widgets import UI


@dataclass
class Card:
    rect: pygame.Rect  # in the panel's content coordinates
    fill: tuple
    border: tuple
    blocks: list  # (text block, x, y) in content coordinates


def make_card(ui: UI, x: int, y: int, width: int, lines: list[tuple], fill, border, spacing: int = 6) -> Card:
    """``lines`` are (text, role, colour, style); the card is ``width`` wide and as tall as they need."""
    t = ui.theme
    inner = width - 2 * t.px(12)
    blocks, ly = [], y + t.px(10)
    for text, role, color, style in lines:
        block = ui.block(text, role, color, inner, style)
        blocks.append((block, x + t.px(12), ly))
        ly += block.height + t.px(spacing)
    height = ly - t.px(spacing) + t.px(10) - y
    return Card(pygame.Rect(x, y, width, height), fill, border, blocks)


def draw_card(surface: pygame.Surface, ui: UI, card: Card, dx: int, dy: int) -> None:
    """The box of ``card`` moved from content to screen coordinates by (dx, dy)."""
    t = ui.theme
    rect = card.rect.move(dx, dy)
    radius = t.px(6) if t.radius else 0
    pygame.draw.rect(surface, card.fill, rect, border_radius=radius)
    pygame.draw.rect(surface, card.border, rect, width=max(1, t.border // 2), border_radius=radius)


def note_label(pitfall: bool, tag_label: str, connection: bool = False) -> str:
    """The head of a coach or debrief note: a mark and a word as well as a colour, so a pitfall
    reads differently from a practice for everyone (colour-blind players, print-outs, high contrast).
    Getting on well (``connection``) is neither: it is marked as such, not counted as a practice."""
    if connection:
        return _("(~) Connection, not yet rapport")
    return (_("(!) Pitfall: {practice}") if pitfall else _("(+) Practice: {practice}")).format(practice=tag_label)


def note_color(pitfall: bool, connection: bool = False) -> str:
    """The palette colour of a note's head: poor for a pitfall, good for a practice, the plain
    coach colour for getting on well (neither)."""
    return "poor" if pitfall else ("coach_text" if connection else "good")
