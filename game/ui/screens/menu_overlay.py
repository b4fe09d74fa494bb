"""A small menu over the screen below: a panel with a heading and a column of buttons.

Esc or Back closes it, a number presses that button, arrows, Tab and the mouse move the focus.
The student's pause menu and the facilitator's class menu are both this; each lays out its own
buttons (in ``self.focus``), ``self.heading`` and the panel ``self.rect`` in ``layout``.
"""

from __future__ import annotations

import pygame

from game.ui import input as ix
from game.ui.screens.base import Screen
from game.ui.widgets import FocusGroup, panel


class MenuOverlay(Screen):
    overlay = True
    padding = 28  # px inside the panel, around the heading and the buttons (theme-scaled)
    focus_on_pick = False  # a number key also moves the highlight to the button it pressed

    def __init__(self, app) -> None:
        super().__init__(app)
        self.focus = FocusGroup()

    def buttons(self):
        return self.focus.buttons

    def handle(self, intent: ix.Intent) -> None:
        if intent.kind in (ix.PAUSE, ix.BACK):
            self.app.pop()
        elif intent.kind == ix.PICK and 1 <= intent.n <= len(self.focus.buttons):
            if self.focus_on_pick:
                self.focus.focus = intent.n - 1
            self.focus.buttons[intent.n - 1].action()
            self.invalidate()
        elif self.focus.handle(intent):
            self.invalidate()

    def speech(self) -> list[str]:
        """The menu's heading (then its focused item)."""
        return [self.heading.text]

    def draw_static(self, surface: pygame.Surface) -> None:
        pad = self.ui.theme.px(self.padding)
        panel(surface, self.ui, self.rect)
        self.heading.draw(surface, (self.rect.x + pad, self.rect.y + pad), self.rect)
        self.focus.draw_static(surface, self.ui)

    def draw_live(self, surface: pygame.Surface) -> None:
        self.focus.draw_live(surface, self.ui)
