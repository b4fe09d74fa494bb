"""Ending and debrief: how it ended, how the meters moved, every choice with its practice and feedback.

All of it comes from game.story.build_debrief; this screen only lays it out. Ending titles stay
hidden until found (app.endings remembers what this player found). ``add_debrief`` is the
layout itself, shared with the history's view of a past attempt.
"""

from __future__ import annotations

from typing import Callable

from game.i18n import N_, _, ngettext
from game.story import TAG_LABELS, build_debrief
from game.story.debrief import MITI_NOTE, relationship_lines, respect_lines
from game.ui.cards import note_color, note_label
from game.ui.chart import MeterChart
from game.ui.meters import meters_phrase
from game.ui import input as ix
from game.ui.screens.confirm import ConfirmScreen
from game.ui.screens.reflection import ReflectionForm
from game.ui.screens.common import CustomItem, Doc, Gap, PageScreen, TextItem
from game.ui.widgets import Button
from game.words import meter_name

OUTCOME_WORDS = {"best": N_("The best ending"), "good": N_("A good ending"), "mixed": N_("A mixed ending"),
                 "poor": N_("A difficult ending")}
KIND_LABELS = {
    "open-question": N_("Open questions"), "closed-question": N_("Closed questions"),
    "simple-reflection": N_("Simple reflections"), "complex-reflection": N_("Complex reflections"),
    "affirmation": N_("Affirmations"), "summary": N_("Summaries"), "emphasize-autonomy": N_("Emphasising autonomy"),
    "seek-collaboration": N_("Seeking collaboration"), "giving-information": N_("Giving information"),
    "advice": N_("Advice"), "reassurance": N_("Reassurance"), "confrontation": N_("Confrontation"),
    "silence": N_("Silence"), "self-disclosure": N_("Self-disclosure"),
}


def _movement(delta: int, meter: str, numbers: bool) -> str:
    name = meter_name(meter)
    if numbers:
        # TRANSLATORS: a meter and how much it moved, e.g. "trust +6"
        return _("{meter} {change:+d}").format(meter=name, change=delta)
    if delta == 0:
        return _("{meter} held").format(meter=name)
    if delta > 0:
        return (_("{meter} rose sharply") if abs(delta) >= 10 else _("{meter} rose")).format(meter=name)
    return (_("{meter} fell sharply") if abs(delta) >= 10 else _("{meter} fell")).format(meter=name)


# One line in plain words for each figure of the response mix (what the count counts).
KIND_MEANINGS = {
    "open-question": N_("questions that invite a story, not a yes or no"),
    "closed-question": N_("questions answered in a word or two"),
    "simple-reflection": N_("saying back what the person said"),
    "complex-reflection": N_("saying back what they meant or felt, beyond their words"),
    "affirmation": N_("naming a real strength or effort of theirs (not praise)"),
    "summary": N_("gathering several things they said into one"),
    "emphasize-autonomy": N_("making clear the choice is theirs"),
    "seek-collaboration": N_("asking to work it out together"),
    "giving-information": N_("telling them something they may need to know"),
    "advice": N_("telling them what to do"),
    "reassurance": N_("telling them it will be all right"),
    "confrontation": N_("arguing, warning or blaming"),
    "silence": N_("leaving room for them to go on"),
    "self-disclosure": N_("sharing something of your own"),
}


def _mix_line(kind: str, n: int) -> str:
    label = _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind
    if kind in KIND_MEANINGS:
        # TRANSLATORS: a kind of response, how many, and what it means: "Open questions: 3, questions that ..."
        return _("{kind}: {n}, {meaning}.").format(kind=label, n=n, meaning=_(KIND_MEANINGS[kind]))
    return _("{kind}: {n}").format(kind=label, n=n)


def in_rubric(key: str, rubric) -> str:
    """"  [the course rubric's name for key]", or nothing (no rubric in use, or no name for it)."""
    name = rubric.label(key) if rubric is not None else None
    return f"  [{name}]" if name else ""


def add_teaching(d: Doc, db, rubric=None) -> None:
    """After the ending, in this order: the ripple, what was built, the duties raised (met or
    missed, why, source), mutual respect. Parts a scene does not have are left out. ``rubric``:
    the course's (game.records.rubric), whose names stand beside Rapport's."""
    if db.ripple:
        d.para(_("Afterwards: {what}").format(what=db.ripple.strip()), "body", "italic")
    r = db.relationship
    if r is not None and db.scenario.format >= 2:
        d.h2(_("What you built"))
        d.para(r.sentence)
        for label, line in relationship_lines(r):
            d.add(TextItem(_("{label}: {line}").format(label=label, line=line), "small", bullet="•"))
    if db.duties:
        d.h2(_("Duties"))
        d.para(_("What the law or your agency required once it came up, and whether you did it."), "small",
               color="text_muted")
        for outcome in db.duties:
            duty = outcome.duty
            if outcome.met:
                d.add(TextItem(_("(+) Met: {duty}").format(duty=duty.title) + in_rubric(duty.id, rubric), "small",
                               "bold", color="good"))
            else:
                d.add(TextItem(_("(!) MISSED: {duty}").format(duty=duty.title) + in_rubric(duty.id, rubric), "small",
                               "bold", color="poor"))
            d.para(_("Why it matters: {why}").format(why=duty.why), "small")
            d.para(_("Source: {source}").format(source=duty.source), "small", "italic", color="text_muted")
    lines = respect_lines(db.respect)
    if lines:
        d.h2(_("Mutual respect"))
        d.bullets(lines, "small")


def add_debrief(d: Doc, db, scenario, numbers: bool, retry: Callable[[int], None] | None, retry_label: str,
                this: str | None = None, chart_fits: int | None = None, rubric=None) -> None:
    """Lay out a debrief in ``d``: ``retry(step)`` is offered under each choice as ``retry_label``;
    ``this`` names the attempt shown ("this time"); ``chart_fits``: the height the chart must keep
    within (the page's viewport); ``rubric``: the course's, if one is in use."""
    if db.ending:
        d.para(db.ending.text.strip())
    add_teaching(d, db, rubric)
    made, practices, pitfalls = len(db.decisions), db.practice_count, db.pitfall_count
    if db.ending:
        summary = ngettext("You made {n} choice: {practices} showed one of the five practices and {pitfalls} "
                           "fell into a pitfall.",
                           "You made {n} choices: {practices} showed one of the five practices and {pitfalls} "
                           "fell into a pitfall.", made)
    else:
        summary = ngettext("Unfinished: you had made {n} choice: {practices} showed one of the five practices "
                           "and {pitfalls} fell into a pitfall.",
                           "Unfinished: you had made {n} choices: {practices} showed one of the five practices "
                           "and {pitfalls} fell into a pitfall.", made)
    d.para(summary.format(n=made, practices=practices, pitfalls=pitfalls) + " "
           + _("This is practice feedback, not a grade: use it to decide what to try next time."),
           "small", color="text_muted")

    d.h2(_("Endings"))
    for entry in db.endings:
        if entry.reached_now:
            d.add(TextItem(_("{ending} ({when})").format(ending=entry.ending.title, when=this or _("this time")),
                           bullet="•", style="bold"))
        elif entry.found:
            d.add(TextItem(_("{ending} (found before)").format(ending=entry.ending.title), bullet="•"))
        else:
            d.add(TextItem(_("Not found yet: another way this conversation could end"), bullet="•",
                           color="text_muted"))
        d.add(Gap(6))

    phrase = meters_phrase(scenario.meters)
    # TRANSLATORS: a heading over the debrief chart; {meters} is e.g. "trust and openness"
    heading = _("{meters} across the encounter").format(meters=phrase)
    d.h2(heading[:1].upper() + heading[1:])
    positions = {dec.step: i + 1 for i, dec in enumerate(db.decisions)}
    chart = MeterChart(db.trajectory, dict(scenario.meters),
                       [positions[tp.step] for tp in db.turning_points if tp.step in positions], numbers)
    chart.max_height = chart_fits
    d.para(_("Each line is one hidden measure of the relationship, from the start to after your last choice; "
             "a numbered mark is a turning point, numbered like the choice it follows."), "small", color="text_muted")
    d.add(CustomItem(chart.measure, chart.draw))
    if db.turning_points:
        d.para("")
        d.add(TextItem(_("Turning points: the choices that moved the most"), "body", "bold"))
        for tp in db.turning_points:
            moves = ", ".join(_movement(tp.delta(m), m, numbers) for m in scenario.meters)
            number = positions.get(tp.step)
            line = (_("Choice {number}: \u201c{words}\u201d: {moves}.").format(number=number, words=tp.text, moves=moves)
                    if number is not None else _("A choice: \u201c{words}\u201d: {moves}.").format(words=tp.text, moves=moves))
            d.add(TextItem(line, bullet=None, indent=0))
            d.para(tp.feedback, "small", color="text_muted")

    if db.disclosures_heard or db.disclosures_missed:
        d.h2(_("What the client shared"))
        d.para(_("Things a client says only once they feel safe enough to say them."), "small", color="text_muted")
        if db.disclosures_heard:
            d.bullets(db.disclosures_heard)
        if db.disclosures_missed:
            n = db.disclosures_missed
            d.para(ngettext("{n} thing the client might have shared stayed unsaid this time.",
                            "{n} things the client might have shared stayed unsaid this time.", n).format(n=n),
                   color="text_muted")

    d.h2(_("Your choices"))
    d.para(_("(+) Practice: a choice that showed one of the five practices. (!) Pitfall: one that fell into a "
             "common trap. Each says why."), "small", color="text_muted")
    if rubric is not None:
        d.para(_("Names in [brackets] are from your course's rubric: {rubric}.").format(rubric=rubric.name), "small",
               color="text_muted")
    for number, dec in enumerate(db.decisions, start=1):
        label = note_label(dec.is_pitfall, _(TAG_LABELS[dec.tag]), dec.is_connection) + in_rubric(dec.tag, rubric)
        d.add(TextItem(_("{number}. {label}").format(number=number, label=label), "small", "bold",
                       color="text" if dec.is_connection else note_color(dec.is_pitfall)))
        d.para(_("\u201c{words}\u201d").format(words=dec.text))
        d.para(dec.feedback, "small", color="text_muted")
        if retry is not None:  # None: an assessed attempt, which cannot be taken back
            d.button(Button(retry_label, lambda s=dec.step: retry(s), role="small"), width_fraction=None)

    d.h2(_("Response mix"))
    mix = db.mix
    d.para(_("How many of your choices were each kind of response."), "small", color="text_muted")
    if mix.counts:
        d.bullets([_mix_line(k, v) for k, v in mix.counts.items()], "small")
        if mix.reflection_to_question is not None:
            d.para(_("Reflections to questions: {reflections}:{questions}. How often you said back what "
                     "you heard for each question you asked (1:1 is fair and 2:1 good in "
                     "motivational-interviewing coding).").format(reflections=mix.reflections,
                                                                  questions=mix.questions), "small")
        if mix.complex_share is not None:
            d.para(_("Complex reflections: {percent} % of reflections. How many of them went past the words to "
                     "what the person meant (40 % fair, 50 % good).").format(percent=round(mix.complex_share * 100)),
                   "small")
    else:
        d.para(_("No choices were tagged with a response kind in this scenario."), "small")
    d.para(_(MITI_NOTE), "small", "italic", color="text_muted")


class DebriefScreen(PageScreen):
    name = "debrief"
    focus_footer = True

    def __init__(self, app, *, on_endings, on_rewound, on_replay, on_title, on_scenarios) -> None:
        """``on_rewound()`` after "try another answer" took the play back; ``on_replay(scenario)``
        starts afresh; ``on_endings(scenario)``, ``on_title()``, ``on_scenarios()`` go there."""
        self.on_endings, self.on_rewound, self.on_replay = on_endings, on_rewound, on_replay
        self.on_title, self.on_scenarios = on_title, on_scenarios
        session = app.session
        self.scenario, self.state = session.scenario, session.state
        found = app.endings.found(self.scenario.id)
        self.debrief = build_debrief(self.scenario, self.state, found)
        self.setting = self.scenario.setting
        self._chart_fits: int | None = None
        self.reflection = ReflectionForm(app, session)
        super().__init__(app)

    @property
    def wants_text(self) -> bool:
        return self.reflection.focused_field(self.focus.focused) is not None

    def handle(self, intent: ix.Intent) -> None:
        if self.reflection.handle_text(self.focus.focused, intent):
            return
        super().handle(intent)

    def layout(self) -> None:
        """Lay out once to learn the viewport, then keep the chart within it (seen whole)."""
        self._chart_fits = None
        super().layout()
        fits = self.scroll.viewport.height - self.ui.theme.px(8)
        if self._chart_height() > fits:
            self._chart_fits = fits
            super().layout()

    def _chart_height(self) -> int:
        return next((h for item, _y, h in self._placed if isinstance(item, CustomItem)), 0)

    def build(self) -> None:
        ending = self.debrief.ending
        self.title = ending.title if ending else _("The encounter ended")
        outcome = _(OUTCOME_WORDS[ending.outcome]) if ending and ending.outcome in OUTCOME_WORDS else ""
        self.subtitle = (_("{scenario} · {outcome}").format(scenario=self.scenario.title, outcome=outcome)
                         if outcome else self.scenario.title)
        numbers = self.app.settings.meters != "hidden"
        retry = self._rewind if self.app.session is None or self.app.session.can_rewind else None
        add_debrief(self.doc, self.debrief, self.scenario, numbers, retry, _("Try another answer here"),
                    chart_fits=self._chart_fits, rubric=getattr(self.app, "rubric", None))
        self.reflection.add(self, self.doc)
        self.footer = [Button(_("Scenarios"), self._to_scenarios), Button(_("Title screen"), self._to_title),
                       Button(_("Endings"), self._endings), Button(_("Replay"), self._replay, primary=True)]
        self.default_focus = 2  # Endings: Enter or Space on arrival never starts again

    def _endings(self) -> None:
        self.reflection.keep(quiet=True)
        self.on_endings(self.scenario)

    def _rewind(self, step: int) -> None:
        self.reflection.keep(quiet=True)
        self.app.session.rewind(step)
        self.on_rewound()

    def _replay(self) -> None:
        self.reflection.keep(quiet=True)
        self.app.push(ConfirmScreen(self.app, _("Play this encounter again?"), _("Start again"),
                                    lambda: self.on_replay(self.scenario),
                                    detail=_("This debrief stays in your History."), no=_("Stay on the debrief")))

    def _to_title(self) -> None:
        self.reflection.keep(quiet=True)
        self.on_title()

    def _to_scenarios(self) -> None:
        self.reflection.keep(quiet=True)
        self.on_scenarios()

    def on_back(self) -> None:
        self.reflection.keep(quiet=True)
        self.on_title()
