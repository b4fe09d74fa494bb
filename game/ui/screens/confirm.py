"""Ask before anything is thrown away: a small menu over the screen with "Cancel" focused.

Enter and Space press the focused button, so a player tapping through never restarts or
discards by accident: the first press only asks, and the answer that keeps things is the one
in focus. Esc or Back is Cancel too.
"""

from __future__ import annotations

from typing import Callable

import pygame

from game.i18n import _
from game.ui.screens.menu_overlay import MenuOverlay
from game.ui.widgets import Button


class ConfirmScreen(MenuOverlay):
    name = "confirm"

    def __init__(self, app, question: str, yes: str, on_yes: Callable[[], None], *,
                 detail: str | None = None, no: str | None = None) -> None:
        """``question``, ``yes``, ``detail`` and ``no`` are shown as given: the caller translates them."""
        super().__init__(app)
        self.question, self.yes, self.detail, self.on_yes = question, yes, detail, on_yes
        self.no = no if no is not None else _("Cancel")

    def layout(self) -> None:
        t, ui = self.ui.theme, self.ui
        w, h = t.size
        self.focus.set([Button(self.no, self.app.pop, primary=True, hint="Esc"),
                        Button(self.yes, self._yes)], keep_focus=False)
        width = min(w - 2 * t.margin, t.px(560))
        pad = t.px(self.padding)
        inner_w = width - 2 * pad
        self.heading = ui.block(self.question, "h2", ui.pal.text, inner_w, "bold")
        self.detail_block = ui.block(self.detail, "body", ui.pal.text_muted, inner_w) if self.detail else None
        detail_h = self.detail_block.height + t.px(12) if self.detail_block else 0
        heights = [b.measure(ui, inner_w) for b in self.focus.buttons]
        total = pad + self.heading.height + t.px(12) + detail_h + t.px(8) + sum(heights) \
            + t.px(12) * (len(heights) - 1) + pad
        self.rect = pygame.Rect((w - width) // 2, max(t.margin, (h - total) // 2), width, total)
        y = self.rect.y + pad + self.heading.height + t.px(12)
        self.detail_pos = (self.rect.x + pad, y)
        y += detail_h + t.px(8)
        for b in self.focus.buttons:
            y += b.place(ui, self.rect.x + pad, y, inner_w) + t.px(12)

    def _yes(self) -> None:
        self.app.pop()
        self.on_yes()

    def draw_static(self, surface: pygame.Surface) -> None:
        super().draw_static(surface)
        if self.detail_block:
            self.detail_block.draw(surface, self.detail_pos, self.rect)
