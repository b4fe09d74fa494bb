"""The title screen: continue, scenarios, settings, about, quit; and any notices for the player."""

from __future__ import annotations

import pygame

from game.ui import input as ix
from game.ui.screens.base import Screen
from game.ui.screens.common import draw_background
from game.ui.widgets import Button, FocusGroup, panel

TAGLINE = "Practise building trust with the people you serve."


class TitleScreen(Screen):
    name = "title"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.focus = FocusGroup()

    def buttons(self):
        return self.focus.buttons

    def _menu(self) -> list[Button]:
        from game.ui.classroom import open_classroom
        from game.ui.screens.about import AboutScreen
        from game.ui.screens.select import SelectScreen
        from game.ui.screens.settings_screen import SettingsScreen

        items = []
        session = self.app.session
        if session is not None:
            items.append(Button("Continue", self._continue, primary=True,
                                detail=f"{session.scenario.title}"))
        items += [
            Button("Scenarios", lambda: self.app.push(SelectScreen(self.app)), primary=session is None),
            Button("Classroom", lambda: open_classroom(self.app)),
            Button("Settings", lambda: self.app.push(SettingsScreen(self.app))),
            Button("About rapport", lambda: self.app.push(AboutScreen(self.app))),
            Button("Quit", self.app.quit),
        ]
        return items

    def _continue(self) -> None:
        from game.ui.screens.debrief import DebriefScreen
        from game.ui.screens.play import PlayScreen

        session = self.app.session
        if session.state.is_over:
            self.app.push(DebriefScreen(self.app))
        else:
            self.app.push(PlayScreen(self.app))

    def enter(self) -> None:
        self.layout()

    def layout(self) -> None:
        t, ui, pal = self.ui.theme, self.ui, self.ui.pal
        w, h = t.size
        column = min(w - 2 * t.margin, t.px(460))
        self.title = ui.block("Rapport", "title", pal.on_background, w - 2 * t.margin, "bold")
        self.tagline = ui.block(TAGLINE, "body", pal.on_background_muted, max(column, t.px(640)))
        focus = self.focus.focus
        self.focus.set(self._menu(), keep_focus=False)
        self.focus.focus = min(focus, len(self.focus.buttons) - 1)
        self.notice_blocks = [ui.block(n, "small", pal.notice_text, min(w - 2 * t.margin, t.px(900)) - 2 * t.px(14))
                              for n in self.app.notices]
        notices_h = sum(b.height + t.px(6) for b in self.notice_blocks)
        notices_h = notices_h + 2 * t.px(12) if self.notice_blocks else 0
        space, between = t.px(40), t.px(12)
        buttons_h = sum(b.measure(ui, column) for b in self.focus.buttons)
        content_h = self.title.height + t.px(8) + self.tagline.height + space + buttons_h + between * (len(self.focus.buttons) - 1)
        min_top = t.margin + notices_h + (t.gap if notices_h else 0)
        overflow = min_top + content_h - (h - t.margin)
        if overflow > 0:  # a small window, the largest text and a notice: tighten the spacing
            space, between = t.px(12), t.px(6)
            content_h -= t.px(28) + t.px(6) * (len(self.focus.buttons) - 1)
        top = max(min_top, (h - content_h) // 2)
        self.title_pos = ((w - self.title.width) // 2, top)
        y = top + self.title.height + t.px(8)
        self.tagline_pos = ((w - self.tagline.width) // 2, y)
        y += self.tagline.height + space
        x = (w - column) // 2
        for b in self.focus.buttons:
            y += b.place(ui, x, y, column) + between
        self.notice_rect = None
        if self.notice_blocks:
            width = min(w - 2 * t.margin, t.px(900))
            self.notice_rect = pygame.Rect((w - width) // 2, t.margin, width, notices_h)

    def handle(self, intent: ix.Intent) -> None:
        if intent.kind == ix.PICK and 1 <= intent.n <= len(self.focus.buttons):
            self.focus.focus = intent.n - 1
            self.focus.focused.action()
            self.invalidate()
        elif intent.kind in (ix.PAUSE, ix.BACK):
            # Esc on the title does nothing destructive; it only moves focus to Quit.
            self.focus.focus = len(self.focus.buttons) - 1
            self.invalidate()
        elif self.focus.handle(intent):
            self.invalidate()

    def draw_static(self, surface: pygame.Surface) -> None:
        t, ui, pal = self.ui.theme, self.ui, self.ui.pal
        draw_background(surface, self.app)
        if self.notice_rect:
            panel(surface, ui, self.notice_rect, fill=pal.notice, border=pal.notice_text, shadow=False)
            y = self.notice_rect.y + t.px(12)
            for block in self.notice_blocks:
                block.draw(surface, (self.notice_rect.x + t.px(14), y), self.notice_rect)
                y += block.height + t.px(6)
        self.title.draw(surface, self.title_pos)
        self.tagline.draw(surface, self.tagline_pos)
        self.focus.draw_static(surface, ui)

    def draw_live(self, surface: pygame.Surface) -> None:
        self.focus.draw_live(surface, self.ui)
