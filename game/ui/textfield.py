"""A one-line text field (a profile name) that sits in a focus group like a button.

While it has focus the app puts the input mapper in text mode: keys type (TEXT intents),
Backspace erases, Enter presses it (its action), Tab and the arrows move on. The caret does
not blink, so an idle window with a field open still sleeps.
"""

from __future__ import annotations

import pygame

from game.ui.speech import text_field_line
from game.ui.widgets import UI, Button, focus_ring


class TextField(Button):
    def __init__(self, placeholder: str, action, *, max_length: int = 40, label: str = "") -> None:
        # ``label`` names the field for the Pilot and the UI trace; it is not drawn.
        super().__init__(label or placeholder, action)
        self.placeholder = placeholder
        self.max_length = max_length
        self.text = ""

    def spoken(self) -> str:
        """Self-voicing (game.ui.speech): what the field is for and what is typed in it so far."""
        return text_field_line(self.placeholder, self.text)

    def insert(self, typed: str) -> bool:
        cleaned = "".join(ch for ch in typed if ch.isprintable())
        room = self.max_length - len(self.text)
        if not cleaned or room <= 0:
            return False
        self.text += cleaned[:room]
        return True

    def erase(self) -> bool:
        if not self.text:
            return False
        self.text = self.text[:-1]
        return True

    def _line(self, ui: UI, width: int):
        pal = ui.pal
        if self.text:
            return ui.block(self.text, self.role, pal.text, width)
        return ui.block(self.placeholder, self.role, pal.text_muted, width, "italic")

    def measure(self, ui: UI, width: int) -> int:
        t = ui.theme
        sample = ui.block("Ag", self.role, ui.pal.text, 10**5)  # one line, whatever is typed
        self._pad = t.px(14)
        return max(sample.height + 2 * t.px(11), t.px(44))

    def natural_width(self, ui: UI) -> int:
        return ui.theme.px(420)

    def draw(self, surface: pygame.Surface, ui: UI, focused: bool, hovered: bool) -> None:
        t, pal = ui.theme, ui.pal
        pygame.draw.rect(surface, pal.panel, self.rect, border_radius=t.radius)
        border = pal.focus if focused else pal.panel_border
        pygame.draw.rect(surface, border, self.rect, width=max(t.border, t.px(2)), border_radius=t.radius)
        inner = self.rect.inflate(-2 * self._pad, 0)
        line = self._line(ui, 10**5)
        y = self.rect.y + (self.rect.height - line.height) // 2
        # Show the end of a long name (where typing happens).
        x = inner.x + min(0, inner.width - t.px(4) - line.width)
        clip = surface.get_clip()
        surface.set_clip(inner.clip(clip) if clip else inner)
        line.draw(surface, (x, y), inner)
        if focused:
            caret_x = x + (line.width if self.text else 0) + t.px(2)
            pygame.draw.rect(surface, pal.text, (caret_x, y, max(2, t.px(2)), line.height))
        surface.set_clip(clip)
        if focused:
            focus_ring(surface, ui, self.rect)
