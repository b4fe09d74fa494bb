"""The title screen: who is playing, continue, scenarios, history, settings, about, quit; and any
notices for the player."""

from __future__ import annotations

import pygame

from game.i18n import LANGUAGES, N_, _, current_language
from game.ui import input as ix
from game.ui.screens.base import Screen
from game.ui.progress import continue_offer
from game.ui.screens.common import draw_background
from game.ui.speech import speech_hint
from game.ui.widgets import Button, FocusGroup, flow, panel

TAGLINE = N_("Practise building trust with the people you serve.")


class TitleScreen(Screen):
    name = "title"

    def __init__(self, app, *, choose_profile, continue_play, scenarios, history, classroom, settings,
                 about) -> None:
        """Each argument is what its button does; ``continue_play(offer)`` takes the Continue offer."""
        super().__init__(app)
        self.focus = FocusGroup()
        self.choose_profile, self.continue_play = choose_profile, continue_play
        self.scenarios, self.history, self.classroom = scenarios, history, classroom
        self.settings, self.about = settings, about

    def buttons(self):
        return self.focus.buttons

    def _menu(self) -> tuple[list[Button], list[Button], list[Button]]:
        """(beside "Playing as", the main column, the row under it), in focus order."""
        app, main = self.app, []
        profile = app.profile
        offer = continue_offer(app)
        switch = [Button(_("Switch profile"), lambda: self.choose_profile(), role="small")] if profile else []
        if profile is None:
            main.append(Button(_("Who is playing?"), lambda: self.choose_profile(), primary=True,
                               detail=_("Choose or add your name so Rapport keeps your progress")))
        if offer is not None:
            main.append(Button(_("Continue"), lambda: self.continue_play(offer), primary=True, detail=offer.detail))
        main.append(Button(_("Scenarios"), self.scenarios, primary=offer is None and profile is not None))
        if profile is not None:
            main.append(Button(_("History"), self.history))
        row = [
            Button(_("Classroom"), lambda: self.classroom()),  # an instructor's, so beside Settings
            Button(_("Settings"), self.settings),
            Button(_("About Rapport"), self.about),
            quit_button := Button(_("Quit"), app.quit),
            # Last, so the number keys keep their places: every other language by its own name, so a
            # player who cannot read this one finds theirs.
            *[Button(name, lambda code=code: self._use_language(code)) for code, name in LANGUAGES.items()
              if code != current_language()],
        ]
        self.quit_button = quit_button
        return switch, main, row

    def _use_language(self, code: str) -> None:
        """Switch the interface at once (the whole window re-lays itself out) and keep the choice."""
        before = LANGUAGES[current_language()]
        self.app.change_settings(language=code)  # re-lays out every screen, this one too
        # Focus stays on the language switch (now naming the language left), so Enter goes back.
        labels = [b.label for b in self.focus.buttons]
        if before in labels:
            self.focus.focus = labels.index(before)
        self.invalidate(static=True)

    def enter(self) -> None:
        # The app has just laid the screen out (push, pop), with what is offered now: only the
        # focus goes back to the main action (laying it out again cost a second Continue query
        # and every button again before the first frame).
        self.focus.focus = self._primary()

    def reveal(self) -> None:
        self.enter()

    def layout(self) -> None:
        t, ui, pal = self.ui.theme, self.ui, self.ui.pal
        w, h = t.size
        switch, main, row = self._menu()
        focused = self.focus.focused.label if self.focus.buttons else None  # kept over a relayout
        self.focus.set(switch + main + row, keep_focus=False)
        labels = [b.label for b in self.focus.buttons]
        self._main = main
        self.focus.focus = labels.index(focused) if focused in labels else self._primary()
        notice_w = min(w - 2 * t.margin, t.px(900))
        self.notice_blocks = [ui.block(n, "small", pal.notice_text, notice_w - 2 * t.px(14)) for n in self.app.notices]
        notices_h = sum(b.height + t.px(6) for b in self.notice_blocks)
        notices_h = notices_h + 2 * t.px(12) if self.notice_blocks else 0
        self.notice_rect = pygame.Rect((w - notice_w) // 2, t.margin, notice_w, notices_h) if notices_h else None
        room = h - t.margin - (t.margin + notices_h + (t.gap if notices_h else 0))
        # Large text on a small window: a smaller name and no tagline before anything is cut off.
        for compact in (False, True):
            height = self._measure(switch, main, row, compact)
            if height <= room:
                break
        top = max(t.margin + notices_h + (t.gap if notices_h else 0), (h - height) // 2)
        self._place(switch, main, row, top)

    def _primary(self) -> int:
        """The main action's place in the focus order (Who is playing?, Continue, or Scenarios)."""
        first = next(i for i, b in enumerate(self.focus.buttons) if b in self._main)
        return next((i for i, b in enumerate(self.focus.buttons) if b.primary), first)

    def _measure(self, switch, main, row, compact: bool) -> int:
        t, ui, pal = self.ui.theme, self.ui, self.ui.pal
        w = t.size[0]
        self.column = min(w - 2 * t.margin, t.px(520))
        self.title = ui.block("Rapport", "h1" if compact else "title", pal.on_background, w - 2 * t.margin, "bold")
        self.tagline = (None if compact else
                        ui.block(_(TAGLINE), "body", pal.on_background_muted, max(self.column, t.px(640))))
        self.space = t.px(16) if compact else t.px(32)
        height = self.title.height + self.space
        if self.tagline is not None:
            height += t.px(8) + self.tagline.height
        self.playing_as, self.as_h = None, 0
        profile = self.app.profile
        if profile is not None:
            self.switch_w = switch[0].natural_width(ui)
            self.playing_as = ui.block(_("Playing as {name}").format(name=profile.name), "body", pal.on_background,
                                       max(t.px(120), w - 2 * t.margin - self.switch_w - t.gap), "bold")
            self.switch_h = switch[0].measure(ui, self.switch_w)
            self.side_by_side = self.playing_as.width + t.gap + self.switch_w <= w - 2 * t.margin
            self.as_h = (max(self.playing_as.height, self.switch_h) if self.side_by_side
                         else self.playing_as.height + t.px(8) + self.switch_h) + t.px(16)
        height += self.as_h
        height += sum(b.measure(ui, self.column) for b in main) + t.px(12) * (len(main) - 1)
        self.voice_hint = ui.block(speech_hint(self.app.settings.speech), "small", pal.on_background_muted,
                                   w - 2 * t.margin)
        height += t.px(14) + self.voice_hint.height
        return height + t.px(20) + flow(row, ui, 0, 0, w - 2 * t.margin, align="center")

    def _place(self, switch, main, row, top: int) -> None:
        t, ui = self.ui.theme, self.ui
        w = t.size[0]
        self.title_pos = ((w - self.title.width) // 2, top)
        y = top + self.title.height
        if self.tagline is not None:
            y += t.px(8)
            self.tagline_pos = ((w - self.tagline.width) // 2, y)
            y += self.tagline.height
        y += self.space
        if self.playing_as is not None:
            # "Playing as NAME [Switch profile]" as one centred line (the button under it when narrow).
            button = switch[0]
            if self.side_by_side:
                line_h = self.as_h - t.px(16)
                x0 = (w - self.playing_as.width - t.gap - self.switch_w) // 2
                self.playing_as_pos = (x0, y + (line_h - self.playing_as.height) // 2)
                button.place(ui, x0 + self.playing_as.width + t.gap, y + (line_h - self.switch_h) // 2, self.switch_w)
            else:
                self.playing_as_pos = ((w - self.playing_as.width) // 2, y)
                button.place(ui, (w - self.switch_w) // 2, y + self.playing_as.height + t.px(8), self.switch_w)
            y += self.as_h
        x = (w - self.column) // 2
        for b in main:
            y += b.place(ui, x, y, self.column) + t.px(12)
        y += t.px(20) - t.px(12)
        y += flow(row, ui, t.margin, y, w - 2 * t.margin, align="center")
        self.voice_hint_pos = ((w - self.voice_hint.width) // 2, y + t.px(14))

    def speech(self) -> list[str]:
        """The name, the tagline, any notices, who is playing, the Shift+V line (then the focused button)."""
        lines = [self.title.text, self.tagline.text if self.tagline is not None else ""]
        lines += [b.text for b in self.notice_blocks]
        if self.playing_as is not None:
            lines.append(self.playing_as.text)
        return lines + [self.voice_hint.text]

    def handle(self, intent: ix.Intent) -> None:
        if intent.kind == ix.PICK and 1 <= intent.n <= len(self.focus.buttons):
            self.focus.focus = intent.n - 1
            self.focus.focused.action()
            self.invalidate()
        elif intent.kind in (ix.PAUSE, ix.BACK):
            # Esc on the title does nothing destructive; it only moves focus to Quit.
            self.focus.focus = self.focus.buttons.index(self.quit_button)
            self.invalidate()
        elif self.focus.handle(intent):
            self.invalidate()

    def draw(self, surface: pygame.Surface) -> None:
        # The window's first frame is the title painted straight onto the window (the background
        # covers all of it, so the pixels are those of the cached layer copied there): making the
        # window-sized layer first cost its page faults before anything was on screen. The layer
        # is made, and painted whole, when a later frame wants it.
        app = self.app
        if app.frames == 0 and self._static is None and surface is app.window:
            surface.set_clip(None)
            self.draw_static(surface)
            self.draw_live(surface)
            return
        super().draw(surface)

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
        if self.tagline is not None:
            self.tagline.draw(surface, self.tagline_pos)
        if self.playing_as:
            self.playing_as.draw(surface, self.playing_as_pos)
        self.voice_hint.draw(surface, self.voice_hint_pos)
        self.focus.draw_static(surface, ui)

    def draw_live(self, surface: pygame.Surface) -> None:
        self.focus.draw_live(surface, self.ui)
