"""The briefing: who the client is, what to practise, content notes, then begin."""

from __future__ import annotations

import pygame

from game.i18n import _, ngettext
from game.words import difficulty_name
from game.play import ASSESSED, MODE_LINES, PRACTICE
from game.ui.progress import scenario_offer
from game.ui.screens.common import CustomItem, PageScreen
from game.ui.widgets import Button, UI


def object_pronoun(pronouns: str, name: str) -> str:
    """"him" for "he/him", "her" for "she/her", "them" for "they/them"; the name otherwise."""
    parts = [p.strip().lower() for p in (pronouns or "").split("/") if p.strip()]
    known = {"he": "him", "she": "her", "they": "them", "him": "him", "her": "her", "them": "them"}
    if len(parts) >= 2 and parts[1].isalpha():
        return parts[1]
    if parts and parts[0] in known:
        return known[parts[0]]
    return name


class BriefingScreen(PageScreen):
    name = "briefing"
    default_focus = 2  # Begin

    def __init__(self, app, scenario, on_endings=None, on_begin=None, on_continue=None) -> None:
        """``on_endings(scenario)`` shows its endings; ``on_begin(scenario, mode=...)`` starts it
        (practice or assessed, as chosen here); ``on_continue(offer)`` returns to this scenario's
        unfinished encounter, when it has one."""
        self.scenario = scenario
        self.mode = ASSESSED if getattr(app, "assessed_only", False) else PRACTICE
        self.on_endings, self.on_begin, self.on_continue = on_endings, on_begin, on_continue
        self.title = scenario.title
        self.setting = scenario.setting
        super().__init__(app)

    def _profile_parts(self, ui: UI, width: int):
        c, pal = self.scenario.client, ui.pal
        return [
            ui.block(c.name, "h2", pal.text, width, "bold"),
            ui.block(f"{c.age} · {c.pronouns}", "small", pal.text_muted, width),
            ui.block(c.background.strip(), "body", pal.text, width),
            # TRANSLATORS: {them} is the client's object pronoun from the scene ("him", "her", "them" or
            # the name); {them} may be left out where the language words it without a pronoun.
            ui.block(_("What brings {them} in: {presenting}").format(them=object_pronoun(c.pronouns, c.name),
                                                                    presenting=c.presenting.strip()), "body",
                     pal.text, width),
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
        self.subtitle = ngettext("{difficulty} · about {minutes} minute", "{difficulty} · about {minutes} minutes",
                                 sc.minutes).format(difficulty=difficulty_name(sc.difficulty), minutes=sc.minutes)
        d.add(CustomItem(self._measure_profile, self._draw_profile))
        if sc.content_notes:  # before anything else: a student decides whether to go on
            d.h2(_("Content notes"))
            d.bullets([n.strip() for n in sc.content_notes])
            d.para(_("You can pause or leave at any moment with Esc."), "small", color="text_muted")
        d.h2(_("What to practise"))
        d.bullets(sc.objectives)
        d.h2(_("How to play"))
        d.para(_("Read the person as well as the words: their face and posture change with how "
                 "the conversation is going. Pick a response with the mouse, the number keys, or "
                 "the arrows and Enter. Esc pauses; L opens the conversation so far."), "small",
               color="text_muted")
        self._modes()
        found = len(self.app.endings.found(sc.id) & {e.id for e in sc.endings})
        self.footer = [Button(_("Back"), self.app.pop),
                       Button(_("Endings ({found} of {total} found)").format(found=found, total=len(sc.endings)),
                              self._endings)]
        offer = scenario_offer(self.app, sc.id) if self.on_continue is not None else None
        if offer is None:
            self.footer.append(Button(_("Begin") if self.mode == PRACTICE else _("Begin (assessed)"), self._begin,
                                      primary=True))
            self.default_focus = 2
        else:  # this encounter's own place: Enter returns to it; a new start is a choice of its own
            self.footer += [Button(_("Begin again"), self._begin),
                            Button(_("Continue"), lambda: self.on_continue(offer), primary=True, detail=offer.detail)]
            self.default_focus = 3

    def _modes(self) -> None:
        """Practice or assessed: Practice is chosen unless the lab locks assessed attempts."""
        d = self.doc
        d.h2(_("Practice or assessed"))
        if getattr(self.app, "assessed_only", False):
            d.para(_("Your lab plays assessed attempts only.") + " " + _(MODE_LINES[ASSESSED]), "small",
                   color="text_muted")
            return
        for mode, label in ((PRACTICE, _("Practice")), (ASSESSED, _("Assessed"))):
            d.button(Button(label, lambda m=mode: self._choose_mode(m), detail=_(MODE_LINES[mode]), role="small",
                            value=_("chosen") if self.mode == mode else None))

    def _choose_mode(self, mode: str) -> None:
        self.mode = mode
        self.rebuild()

    def _endings(self) -> None:
        self.on_endings(self.scenario)

    def _begin(self) -> None:
        self.on_begin(self.scenario, mode=self.mode)
