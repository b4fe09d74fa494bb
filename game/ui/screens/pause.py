"""The pause menu: always one key (Esc) away during play, for a student who needs to stop."""

from __future__ import annotations

import pygame

from game.ui import input as ix
from game.ui.screens.base import Screen
from game.ui.widgets import Button, FocusGroup, panel


class PauseScreen(Screen):
    name = "pause"
    overlay = True

    def __init__(self, app, on_restart, on_leave) -> None:
        super().__init__(app)
        self.on_restart = on_restart
        self.on_leave = on_leave
        self.focus = FocusGroup()

    def buttons(self):
        return self.focus.buttons

    def layout(self) -> None:
        from game.ui.screens.settings_screen import SettingsScreen

        t, ui = self.ui.theme, self.ui
        w, h = t.size
        self.focus.set([
            Button("Resume", self.app.pop, primary=True, hint="Esc"),
            Button("Settings", lambda: self.app.push(SettingsScreen(self.app))),
            Button("Restart this encounter", self._restart),
            Button("Leave the encounter", self._leave,
                   detail="Back to the scenarios. Continue on the title screen returns here."),
        ])
        width = min(w - 2 * t.margin, t.px(520))
        pad = t.px(28)
        self.heading = ui.block("Paused", "h1", ui.pal.text, width - 2 * pad, "bold")
        inner_w = width - 2 * pad
        heights = [b.measure(ui, inner_w) for b in self.focus.buttons]
        total = pad + self.heading.height + t.px(20) + sum(heights) + t.px(12) * (len(heights) - 1) + pad
        self.rect = pygame.Rect((w - width) // 2, max(t.margin, (h - total) // 2), width, total)
        y = self.rect.y + pad + self.heading.height + t.px(20)
        for b in self.focus.buttons:
            y += b.place(ui, self.rect.x + pad, y, inner_w) + t.px(12)

    def _restart(self) -> None:
        self.app.pop()
        self.on_restart()

    def _leave(self) -> None:
        self.app.pop()
        self.on_leave()

    def handle(self, intent: ix.Intent) -> None:
        if intent.kind in (ix.PAUSE, ix.BACK):
            self.app.pop()
        elif intent.kind == ix.PICK and 1 <= intent.n <= len(self.focus.buttons):
            self.focus.buttons[intent.n - 1].action()
            self.invalidate()
        elif self.focus.handle(intent):
            self.invalidate()

    def draw_static(self, surface: pygame.Surface) -> None:
        t = self.ui.theme
        panel(surface, self.ui, self.rect)
        self.heading.draw(surface, (self.rect.x + t.px(28), self.rect.y + t.px(28)), self.rect)
        self.focus.draw_static(surface, self.ui)

    def draw_live(self, surface: pygame.Surface) -> None:
        self.focus.draw_live(surface, self.ui)
