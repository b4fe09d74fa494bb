"""Classroom mode's way in: pick the encounter and the projector settings, then its briefing."""

from __future__ import annotations

from game.classroom.config import next_port, next_text_size
from game.i18n import _, ngettext
from game.ui import input as ix
from game.ui.classroom.context import ClassContext, Projected
from game.ui.screens.briefing import BriefingScreen
from game.ui.screens.common import CustomItem, PageScreen, TextItem
from game.ui.classroom.words import difficulty_name, on_off, size_name
from game.ui.widgets import Button


def scenario_detail(scenario) -> str:
    prompts = sum(1 for n in scenario.nodes.values() if n.facilitator)
    decisions = sum(1 for n in scenario.nodes.values() if n.choices)
    # TRANSLATORS: e.g. "Introductory · about 10 min to play alone · 5 decision points · 3 discussion prompts"
    return _("{difficulty} · about {minutes} min to play alone · {decisions} · {prompts}").format(
        difficulty=difficulty_name(scenario.difficulty), minutes=scenario.minutes,
        decisions=ngettext("{n} decision point", "{n} decision points", decisions).format(n=decisions),
        prompts=ngettext("{n} discussion prompt", "{n} discussion prompts", prompts).format(n=prompts))


class ClassSetupScreen(Projected, PageScreen):
    name = "classroom"

    @property
    def title(self) -> str:
        return _("Classroom")

    @property
    def subtitle(self) -> str:
        return _("Run an encounter with your class: it waits at every decision for you.")
    focus_footer = False

    def __init__(self, app, ctx: ClassContext, on_pick) -> None:
        """``on_pick(scenario)`` opens the scenario's class briefing."""
        self.ctx = ctx
        self.on_pick = on_pick
        super().__init__(app)

    def build(self) -> None:
        d, ctx = self.doc, self.ctx
        for notice in ctx.notices:
            d.add(TextItem(notice, "small", color="notice_text", bullet="•"))
        if ctx.saved_note:
            d.para(ctx.saved_note, "small", "bold", color="good")
        d.para(_("Choose the encounter. Its briefing comes first; after that the class sees only what you "
                 "choose to show: the prompt for discussion (N), the hidden meters (R), a class vote (V)."),
               "small", color="text_muted")
        self.cards = []
        for sc in self.app.library.scenarios.values():
            self.cards.append(d.button(Button(sc.title, lambda s=sc: self.open(s), detail=scenario_detail(sc),
                                              hint=str(len(self.cards) + 1) if len(self.cards) < 9 else None)))
        if not self.cards:
            d.para(_("No scenarios were found. Scene files belong in the scenes/ folder."))
        d.h2(_("Projector and voting"))
        s = ctx.settings
        d.button(Button(_("Text size on the projector"), lambda: self._set(text_size=next_text_size(s).text_size),
                        value=size_name(s.text_size)))
        d.button(Button(_("High contrast"), lambda: self._set(high_contrast=not s.high_contrast),
                        value=on_off(s.high_contrast)))
        d.button(Button(_("Students vote from their phones"), lambda: self._set(phones=not ctx.phones),
                        value=on_off(ctx.phones),
                        detail=_("Off: count a show of hands instead. Phones need the same network as this computer.")))
        d.button(Button(_("Port for phone voting"), lambda: self._set(port=next_port(ctx.port)), value=str(ctx.port),
                        detail=_("Change it if another program already uses this one.")))
        self.footer = [Button(_("Back"), self.app.pop)]

    def _set(self, **changes) -> None:
        self.ctx.change(**changes)
        self.rebuild()

    def open(self, scenario) -> None:
        self.on_pick(scenario)

    def handle(self, intent: ix.Intent) -> None:
        if intent.kind == ix.PICK and 1 <= intent.n <= min(9, len(self.cards)):
            self.cards[intent.n - 1].action()
            self.invalidate()
            return
        if intent.kind in (ix.UP, ix.DOWN):
            intent = ix.Intent(ix.FOCUS_PREV if intent.kind == ix.UP else ix.FOCUS_NEXT)
        super().handle(intent)


class ClassBriefingScreen(Projected, BriefingScreen):
    """The scenario's briefing, projected: who the client is, content notes, what to practise."""

    name = "class-briefing"
    default_focus = 1

    def __init__(self, app, ctx: ClassContext, scenario, on_begin) -> None:
        """``on_begin()`` starts the class session."""
        self.ctx = ctx
        super().__init__(app, scenario, on_begin=lambda _scenario, **_options: on_begin())
        self.subtitle = _("Class session · {difficulty} · about {minutes} minutes alone").format(
            difficulty=difficulty_name(scenario.difficulty), minutes=scenario.minutes)

    def build(self) -> None:
        sc, d = self.scenario, self.doc
        d.add(CustomItem(self._measure_profile, self._draw_profile))
        if sc.content_notes:
            d.h2(_("Content notes"))
            d.bullets([n.strip() for n in sc.content_notes])
        d.h2(_("What we will practise"))
        d.bullets(sc.objectives)
        d.h2(_("How this session runs"))
        d.para(_("The encounter waits at every decision. Talk it over, then vote or decide together. "
                 "Trust and openness stay hidden until the facilitator reveals them."), "small", color="text_muted")
        self.footer = [Button(_("Back"), self.app.pop), Button(_("Begin the class session"), self._begin, primary=True)]
