"""The pause menu: always one key (Esc) away during play, for a student who needs to stop."""

from __future__ import annotations

import pygame

from game.i18n import _
from game.ui.screens.confirm import ConfirmScreen
from game.ui.screens.menu_overlay import MenuOverlay
from game.ui.widgets import Button


class PauseScreen(MenuOverlay):
    name = "pause"

    def __init__(self, app, on_restart, on_leave, on_settings) -> None:
        super().__init__(app)
        self.on_restart = on_restart
        self.on_leave = on_leave
        self.on_settings = on_settings

    def layout(self) -> None:
        t, ui = self.ui.theme, self.ui
        w, h = t.size
        self.focus.set([
            Button(_("Resume"), self.app.pop, primary=True, hint="Esc"),
            Button(_("Settings"), lambda: self.on_settings()),
            Button(_("Restart this encounter"), self._restart),
            Button(_("Leave the encounter"), self._leave,
                   detail=_("Back to the scenarios. Continue on the title screen returns here.")),
        ])
        width = min(w - 2 * t.margin, t.px(520))
        pad = t.px(self.padding)
        self.heading = ui.block(_("Paused"), "h1", ui.pal.text, width - 2 * pad, "bold")
        inner_w = width - 2 * pad
        heights = [b.measure(ui, inner_w) for b in self.focus.buttons]
        total = pad + self.heading.height + t.px(20) + sum(heights) + t.px(12) * (len(heights) - 1) + pad
        self.rect = pygame.Rect((w - width) // 2, max(t.margin, (h - total) // 2), width, total)
        y = self.rect.y + pad + self.heading.height + t.px(20)
        for b in self.focus.buttons:
            y += b.place(ui, self.rect.x + pad, y, inner_w) + t.px(12)

    def _restart(self) -> None:
        def restart() -> None:
            self.app.pop()  # the pause menu, under the question
            self.on_restart()

        self.app.push(ConfirmScreen(self.app, _("Restart this encounter?"), _("Restart from the beginning"),
                                    restart, detail=_("The conversation so far stays in your History."),
                                    no=_("Keep playing")))

    def _leave(self) -> None:
        self.app.pop()
        self.on_leave()
