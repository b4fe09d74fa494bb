"""The endings of one scenario: found ones with their text, the rest locked.

Once the player has completed the scenario, a locked ending shows a hint (its kind of outcome
and which way the hidden meters need to go; game.progress.ending_hint), never its text.
"""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.i18n import N_, _
from game.progress import GalleryEntry, ProgressError, ending_hint
from game.ui.progress import when
from game.ui.screens.common import CustomItem, Gap, PageScreen, TextItem
from game.ui.screens.debrief import OUTCOME_WORDS
from game.ui.widgets import Button, UI


RANK = {"poor": 0, "mixed": 1, "good": 2, "best": 3}


def fair_hints(entries: list[GalleryEntry]) -> list[GalleryEntry]:
    """A locked ending no better than one already found is not "more trust" away (the student
    built more than it needs): its hint says it comes from other choices instead."""
    best = max((RANK.get(e.ending.outcome, 0) for e in entries if e.found), default=-1)
    out = []
    for e in entries:
        if not e.found and e.hint and RANK.get(e.ending.outcome, 0) <= best:
            words = _(OUTCOME_WORDS[e.ending.outcome]) if e.ending.outcome in OUTCOME_WORDS else _("Another ending")
            e = replace(e, hint=_("{outcome}: you have reached one at least as good; this one comes from "
                                  "different choices along the way, not from more of what you built.").format(outcome=words))
        out.append(e)
    return out


def gallery_entries(app, scenario) -> list[GalleryEntry]:
    """From the profile's progress; without a profile, from the endings found in this session."""
    return fair_hints(_entries(app, scenario))


def _entries(app, scenario) -> list[GalleryEntry]:
    if app.profile is not None:
        try:
            return app.progress.gallery(app.profile, scenario)
        except ProgressError:
            pass  # fall back to what this window knows
    found = app.endings.found(scenario.id)
    completed = bool(found & {e.id for e in scenario.endings})
    return [GalleryEntry(e, e.id in found, None, None if e.id in found or not completed else ending_hint(e))
            for e in scenario.endings]


def draw_padlock(surface, ui: UI, rect: pygame.Rect) -> None:
    """A small padlock beside a locked ending (drawn, so no font needs the glyph)."""
    t, color = ui.theme, ui.pal.text_muted
    side = min(rect.height, t.font_px("body"))
    body = pygame.Rect(rect.x, rect.y + side * 45 // 100, side * 8 // 10, side * 55 // 100)
    shackle = pygame.Rect(body.x + body.width // 5, rect.y + side // 10, body.width * 3 // 5, side * 7 // 10)
    width = max(2, t.px(3))
    pygame.draw.rect(surface, color, shackle, width=width, border_radius=shackle.width // 2)
    pygame.draw.rect(surface, color, body, border_radius=max(1, t.px(3)))


class LockedHeading(CustomItem):
    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(self._measure, self._draw_item)

    def _block(self, ui: UI, width: int):
        icon = ui.theme.font_px("body")
        return ui.block(self.text, "body", ui.pal.text_muted, width - icon - ui.theme.px(10), "bold"), icon

    def _measure(self, ui: UI, width: int) -> int:
        return self._block(ui, width)[0].height

    def _draw_item(self, surface, ui: UI, rect: pygame.Rect) -> None:
        block, icon = self._block(ui, rect.width)
        draw_padlock(surface, ui, pygame.Rect(rect.x, rect.y, icon, min(rect.height, icon)))
        block.draw(surface, (rect.x + icon + ui.theme.px(10), rect.y), rect)


class GalleryScreen(PageScreen):
    name = "gallery"
    focus_footer = True

    def __init__(self, app, scenario) -> None:
        self.scenario = scenario
        self.entries = gallery_entries(app, scenario)
        self.title = N_("Endings")
        self.setting = scenario.setting
        super().__init__(app)

    def build(self) -> None:
        d = self.doc
        self.subtitle = _("{scenario} · {found} of {total} found").format(
            scenario=self.scenario.title, found=sum(1 for e in self.entries if e.found), total=len(self.entries))
        found = [e for e in self.entries if e.found]
        if not found:
            d.para(_("No endings found yet. Finish this encounter once and each locked ending shows a hint "
                     "about what it takes."), "small", color="text_muted")
        for entry in self.entries:
            if d.items:
                d.add(Gap(10))
            if entry.found:
                d.add(TextItem(entry.title, "h2", "bold"))
                d.add(Gap(4))
                outcome = (_(OUTCOME_WORDS[entry.ending.outcome]) if entry.ending.outcome in OUTCOME_WORDS
                           else _("An ending"))
                facts = [outcome]
                if entry.first_found_at:
                    facts.append(_("first found {when}").format(when=when(entry.first_found_at)))
                if entry.assessed:
                    facts.append(_("earned in an assessed attempt"))
                d.add(TextItem(" · ".join(facts), "small", "bold", color="accent"))
                d.add(Gap(6))
                d.para(entry.text.strip())
            else:
                d.add(LockedHeading(_("Locked ending")))
                d.add(Gap(4))
                if entry.hint:
                    d.para(entry.hint, "small", color="text_muted")
        self.footer = [Button(_("Back"), self.app.pop, primary=True)]
