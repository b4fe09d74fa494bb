"""A scrolling column of text with the action buttons under it (the play and facilitator screens).

The screen lays out its text in content coordinates (0 is the column's top), then measures its
buttons below it (``_measure_actions``) and fits the column to the window (``_fit_column``): when
the content is taller, a "more below" hint takes a strip under the column and the whole column
scrolls as one piece. This mixin keeps the buttons placed as it scrolls and scrolls a button
that the keyboard moves focus onto into view.

Mix it into a Screen that has ``self.focus`` (FocusGroup) and ``self.scroll`` (ScrollView).
"""

from __future__ import annotations

import pygame

from game.story import CHOICE
from game.ui import input as ix

ACTION_GAP = 12  # px between buttons (theme-scaled)


class ChoiceColumn:
    def _measure_actions(self, actions: list, y: int, width: int) -> int:
        """Stack ``actions`` from content row ``y`` down; return the row below the last one's gap."""
        ui = self.ui
        self.action_pos = []  # (button, content y, height)
        for b in actions:
            bh = b.measure(ui, width)
            self.action_pos.append((b, y, bh))
            y += bh + ui.theme.px(ACTION_GAP)
        return y

    def _fit_column(self, column: pygame.Rect, content_h: int, actions: list, more_text: str) -> None:
        """Make ``column`` the scrolling viewport over ``content_h`` of content, clipping ``actions``."""
        ui = self.ui
        t = ui.theme
        self.column = column.copy()
        self.more = None
        if content_h > self.column.height:
            # Too tall for the window: keep a strip under the column for a "more below" hint.
            self.more = ui.block(more_text, "small", ui.pal.on_background, column.width)
            self.column.height -= self.more.height + t.px(8)
        self.scroll.set(self.column, content_h)
        ring = t.focus_width + t.px(2) + 1
        for b in actions:
            b.clip = self.column
            b.paint_clip = self.column.inflate(2 * ring, 0)  # the focus ring may stick out sideways

    def _place_actions(self) -> None:
        for b, y, bh in self.action_pos:
            b.rect = pygame.Rect(self.column.x, self.scroll.to_screen(y), self.column.width, bh)

    def _scroll_column(self, intent: ix.Intent) -> bool:
        """Scroll for a wheel or page key; True when the column moved."""
        if not self.scroll.handle(intent, self.ui):
            return False
        self._place_actions()
        self.invalidate(static=True)
        return True

    def _space_on_a_choice(self, intent: ix.Intent, choices: list) -> bool:
        """True for Space while a response button has focus at a decision. Space reads on like
        Enter elsewhere, but a student tapping through the text must never commit a response by
        accident: Enter, the response's number or a click chooses."""
        return (intent.kind == ix.ACTIVATE and intent.char == " " and self.state.status == CHOICE
                and self.focus.focused in choices)

    def _move_focus(self, intent: ix.Intent) -> None:
        """Pass ``intent`` to the focus group; a key that moves focus also scrolls to the button."""
        before = self.focus.focus
        if self.focus.handle(intent):
            if self.focus.focus != before and intent.kind not in (ix.POINT, ix.PRESS, ix.CLICK):
                self._reveal_focused()
            self.invalidate()

    def _reveal_focused(self) -> None:
        for b, y, bh in self.action_pos:
            if b is self.focus.focused and self.scroll.reveal(y, y + bh, self.ui.theme.px(8)):
                self._place_actions()
                self.invalidate(static=True)

    def _draw_scroll_hints(self, surface: pygame.Surface) -> None:
        """The scroll bar beside the column and, until the bottom is reached, the "more below" hint."""
        ui = self.ui
        col = self.column
        self.scroll.draw_bar(surface, ui, ui.pal.on_background_muted)
        if self.more is not None and self.scroll.offset < self.scroll.max_offset:
            self.more.draw(surface, (col.x + (col.width - self.more.width) // 2, col.bottom + ui.theme.px(6)))
