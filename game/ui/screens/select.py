"""Scenario select: one card per scenario, then the briefing."""

from __future__ import annotations

import pygame

from game.i18n import N_, _, ngettext
from game.words import difficulty_name
from game.ui import input as ix
from game.ui.screens.common import PageScreen, TextItem
from game.ui.speech import sentence
from game.ui.widgets import Button, UI, focus_ring


def endings_found_text(found: int, total: int) -> str:
    if found == 0:
        return ngettext("{n} ending to find", "{n} endings to find", total).format(n=total)
    return ngettext("{found} of {n} ending found", "{found} of {n} endings found", total).format(found=found, n=total)


class Card(Button):
    """A scenario card: title, facts line, summary and content notes; pressing it opens the briefing."""

    def __init__(self, scenario, found: int, action, art) -> None:
        super().__init__(scenario.title, action)
        self.scenario = scenario
        self.found = found
        self.art = art

    @staticmethod
    def thumb_side(ui: UI) -> int:
        return ui.theme.px(112)

    def thumb_job(self, ui: UI) -> tuple:
        side = self.thumb_side(ui)
        return self.art.job(self.scenario.client.portrait, "neutral", (side, side), ui.theme.high_contrast)

    def _parts(self, ui: UI, width: int):
        sc, pal = self.scenario, ui.pal
        facts = " · ".join([difficulty_name(sc.difficulty), _("about {minutes} min").format(minutes=sc.minutes),
                            endings_found_text(self.found, len(sc.endings))])
        parts = [
            ui.block(sc.title, "h2", pal.text, width, "bold"),
            ui.block(facts, "small", pal.accent if not ui.theme.high_contrast else pal.text_muted, width, "bold"),
            ui.block(sc.summary.strip(), "body", pal.text, width),
        ]
        if sc.content_notes:
            notes = "; ".join(n.strip().rstrip(".") for n in sc.content_notes)
            parts.append(ui.block(_("Content notes: {notes}").format(notes=notes), "small", pal.text_muted, width))
        return parts

    def natural_width(self, ui):
        return ui.theme.px(600)

    def spoken(self) -> str:
        """Self-voicing (game.ui.speech): the card's text as laid out, title to content notes."""
        return sentence(*(part.text for part in getattr(self, "_card_parts", ()))) or self.label

    def measure(self, ui: UI, width: int) -> int:
        t = ui.theme
        pad = t.px(20)
        self._card_parts = self._parts(ui, width - 2 * pad - self.thumb_side(ui) - t.gap)
        text_h = sum(p.height for p in self._card_parts) + t.px(8) * (len(self._card_parts) - 1)
        return 2 * pad + max(text_h, self.thumb_side(ui))

    def draw(self, surface, ui: UI, focused: bool, hovered: bool) -> None:
        t, pal = ui.theme, ui.pal
        fill = pal.button_hover if (hovered or focused) else pal.button
        pygame.draw.rect(surface, fill, self.rect, border_radius=t.radius)
        pygame.draw.rect(surface, pal.panel_border, self.rect, width=t.border, border_radius=t.radius)
        # A coloured edge on the left marks the card as something to open.
        edge = pygame.Rect(self.rect.x, self.rect.y, t.px(6), self.rect.height)
        pygame.draw.rect(surface, pal.accent, edge, border_top_left_radius=t.radius,
                         border_bottom_left_radius=t.radius)
        pad = t.px(20)
        side = self.thumb_side(ui)
        thumb = pygame.Rect(self.rect.x + pad, self.rect.y + pad, side, side)
        pygame.draw.rect(surface, pal.panel_border, thumb, border_radius=t.px(8) if t.radius else 0)
        picture = self.art.ready(*self.thumb_job(ui)[:2], thumb.size, t.high_contrast)
        if picture is not None:
            surface.blit(picture, thumb)
        else:  # drawn in the background; until then, the client's initial
            initial = ui.block(self.scenario.client.name[:1], "h1", pal.text_muted, side, "bold")
            initial.draw(surface, (thumb.centerx - initial.width // 2, thumb.centery - initial.height // 2), thumb)
        x = thumb.right + t.gap
        y = self.rect.y + pad
        for part in self._card_parts:
            part.draw(surface, (x, y), self.rect)
            y += part.height + t.px(8)
        if focused:
            focus_ring(surface, ui, self.rect)


class SelectScreen(PageScreen):
    name = "select"
    title = N_("Scenarios")
    subtitle = N_("Each encounter is short. Replay as often as you like; every ending teaches something.")
    focus_footer = False

    def __init__(self, app, on_pick, portrait_job) -> None:
        """``on_pick(scenario)`` opens a scenario; ``portrait_job(app, scenario)`` names the
        portrait the next screen will show, so it is drawn while the student reads the cards."""
        self.on_pick = on_pick
        self.portrait_job = portrait_job
        super().__init__(app)

    def build(self) -> None:
        library = self.app.library
        if library.notices:
            n = len(library.notices)
            self.doc.add(TextItem(ngettext("{n} scene file has problems, so it is not offered. "
                                           "Run `rapport validate` for details:",
                                           "{n} scene files have problems, so they are not offered. "
                                           "Run `rapport validate` for details:", n).format(n=n),
                                  "small", "bold", color="notice_text"))
            for notice in library.notices[:4]:
                self.doc.add(TextItem(notice, "small", color="notice_text", bullet="•"))
            self.doc.para("")
        troubled = library.translation_problems
        if troubled:
            # A translation with mistakes never stops a scene: it plays in its own words wherever
            # the translation could not be used, and the player is told which.
            for scenario, used, problem in troubled[:4]:
                words = (_("Some lines of “{title}” show untranslated: its translation has a mistake.") if used else
                         _("“{title}” shows untranslated: its translation file cannot be used."))
                self.doc.add(TextItem(words.format(title=scenario.title) + " " + str(problem), "small",
                                      color="notice_text", bullet="•"))
            self.doc.para("")
        if not library.scenarios:
            self.doc.para(_("No scenarios were found. Scene files belong in the scenes/ folder."))
        cards = []
        for sc in library.scenarios.values():
            found = len(self.app.endings.found(sc.id) & {e.id for e in sc.endings})
            card = Card(sc, found, lambda s=sc: self.on_pick(s), self.app.art)
            cards.append(self.doc.button(card))
        self.footer = [Button(_("Back"), self.app.pop)]
        # Thumbnails first (they show as they arrive), then the briefing portraits.
        art, ui = self.app.art, self.ui
        jobs = [c.thumb_job(ui) for c in cards]
        art.request(jobs + [self.portrait_job(self.app, c.scenario) for c in cards], notify=True)

    def handle(self, intent: ix.Intent) -> None:
        cards = [b for b in self.focus.buttons if isinstance(b, Card)]
        if intent.kind == ix.PICK and 1 <= intent.n <= len(cards):
            cards[intent.n - 1].action()
            self.invalidate()
            return
        if intent.kind in (ix.UP, ix.DOWN):
            intent = ix.Intent(ix.FOCUS_PREV if intent.kind == ix.UP else ix.FOCUS_NEXT)
        super().handle(intent)
