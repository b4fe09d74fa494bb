"""The briefing: who the client is, what to practise, content notes, then begin."""

from __future__ import annotations

import pygame

from game.ui.screens.common import CustomItem, PageScreen
from game.ui.widgets import Button, UI


class BriefingScreen(PageScreen):
    name = "briefing"
    default_focus = 2  # Begin

    def __init__(self, app, scenario, on_endings=None, on_begin=None) -> None:
        """``on_endings(scenario)`` shows its endings; ``on_begin(scenario)`` starts it."""
        self.scenario = scenario
        self.on_endings, self.on_begin = on_endings, on_begin
        self.title = scenario.title
        self.subtitle = f"{scenario.difficulty.capitalize()} · about {scenario.minutes} minutes"
        self.setting = scenario.setting
        super().__init__(app)

    def _profile_parts(self, ui: UI, width: int):
        c, pal = self.scenario.client, ui.pal
        return [
            ui.block(c.name, "h2", pal.text, width, "bold"),
            ui.block(f"{c.age} · {c.pronouns}", "small", pal.text_muted, width),
            ui.block(c.background.strip(), "body", pal.text, width),
            ui.block("What brings them in: " + c.presenting.strip(), "body", pal.text, width),
        ]

    @staticmethod
    def _portrait_size(ui: UI, width: int) -> int:
        return min(ui.theme.px(220), width // 3)

    @classmethod
    def portrait_job(cls, app, scenario) -> tuple:
        """The portrait this screen will show, so the select screen can have it drawn ahead."""
        side = cls._portrait_size(app.ui, cls.content_width(app.ui.theme))
        return app.art.job(scenario.client.portrait, "neutral", (side, side), app.ui.theme.high_contrast)

    def _measure_profile(self, ui: UI, width: int) -> int:
        side = self._portrait_size(ui, width)
        parts = self._profile_parts(ui, width - side - ui.theme.gap)
        text_h = sum(p.height for p in parts) + ui.theme.px(8) * (len(parts) - 1)
        return max(side, text_h)

    def _draw_profile(self, surface, ui: UI, rect: pygame.Rect) -> None:
        side = self._portrait_size(ui, rect.width)
        frame = pygame.Rect(rect.x, rect.y, side, side)
        pygame.draw.rect(surface, ui.pal.panel_border, frame, border_radius=ui.theme.radius)
        portrait = self.app.art.portrait(self.scenario.client.portrait, "neutral", frame.size,
                                         ui.theme.high_contrast)
        surface.blit(portrait, frame)
        x = rect.x + side + ui.theme.gap
        y = rect.y
        for part in self._profile_parts(ui, rect.width - side - ui.theme.gap):
            part.draw(surface, (x, y), rect)
            y += part.height + ui.theme.px(8)

    def build(self) -> None:
        sc, d = self.scenario, self.doc
        d.add(CustomItem(self._measure_profile, self._draw_profile))
        if sc.content_notes:  # before anything else: a student decides whether to go on
            d.h2("Content notes")
            d.bullets([n.strip() for n in sc.content_notes])
            d.para("You can pause or leave at any moment with Esc.", "small", color="text_muted")
        d.h2("What to practise")
        d.bullets(sc.objectives)
        d.h2("How to play")
        d.para("Read the person as well as the words: their face and posture change with how "
               "the conversation is going. Pick a response with the mouse, the number keys, or "
               "the arrows and Enter. Esc pauses; L opens the conversation so far.", "small",
               color="text_muted")
        found = len(self.app.endings.found(sc.id) & {e.id for e in sc.endings})
        self.footer = [Button("Back", self.app.pop),
                       Button(f"Endings ({found} of {len(sc.endings)} found)", self._endings),
                       Button("Begin", self._begin, primary=True)]

    def _endings(self) -> None:
        self.on_endings(self.scenario)

    def _begin(self) -> None:
        self.on_begin(self.scenario)
