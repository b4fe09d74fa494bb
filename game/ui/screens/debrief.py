"""Ending and debrief: how it ended, how the meters moved, every choice with its practice and feedback.

All of it comes from game.story.build_debrief; this screen only lays it out. Ending titles stay
hidden until found (app.endings remembers what this player found). ``add_debrief`` is the
layout itself, shared with the history's view of a past attempt.
"""

from __future__ import annotations

from typing import Callable

from game.story import TAG_LABELS, build_debrief
from game.story.debrief import MITI_NOTE, relationship_lines, respect_lines
from game.ui.cards import note_label
from game.ui.chart import MeterChart
from game.ui.meters import meters_phrase
from game.ui import input as ix
from game.ui.screens.confirm import ConfirmScreen
from game.ui.screens.reflection import ReflectionForm
from game.ui.screens.common import CustomItem, Doc, Gap, PageScreen, TextItem
from game.ui.widgets import Button

OUTCOME_WORDS = {"best": "The best ending", "good": "A good ending", "mixed": "A mixed ending",
                 "poor": "A difficult ending"}
KIND_LABELS = {
    "open-question": "Open questions", "closed-question": "Closed questions",
    "simple-reflection": "Simple reflections", "complex-reflection": "Complex reflections",
    "affirmation": "Affirmations", "summary": "Summaries", "emphasize-autonomy": "Emphasising autonomy",
    "seek-collaboration": "Seeking collaboration", "giving-information": "Giving information",
    "advice": "Advice", "reassurance": "Reassurance", "confrontation": "Confrontation",
    "silence": "Silence", "self-disclosure": "Self-disclosure",
}


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _movement(delta: int, name: str, numbers: bool) -> str:
    if numbers:
        return f"{name} {delta:+d}"
    if delta == 0:
        return f"{name} held"
    size = "sharply " if abs(delta) >= 10 else ""
    return f"{name} {'rose' if delta > 0 else 'fell'} {size}".strip()


# One line in plain words for each figure of the response mix (what the count counts).
KIND_MEANINGS = {
    "open-question": "questions that invite a story, not a yes or no",
    "closed-question": "questions answered in a word or two",
    "simple-reflection": "saying back what the person said",
    "complex-reflection": "saying back what they meant or felt, beyond their words",
    "affirmation": "naming a real strength or effort of theirs (not praise)",
    "summary": "gathering several things they said into one",
    "emphasize-autonomy": "making clear the choice is theirs",
    "seek-collaboration": "asking to work it out together",
    "giving-information": "telling them something they may need to know",
    "advice": "telling them what to do",
    "reassurance": "telling them it will be all right",
    "confrontation": "arguing, warning or blaming",
    "silence": "leaving room for them to go on",
    "self-disclosure": "sharing something of your own",
}


def in_rubric(key: str, rubric) -> str:
    """"  [the course rubric's name for key]", or nothing (no rubric in use, or no name for it)."""
    name = rubric.label(key) if rubric is not None else None
    return f"  [{name}]" if name else ""


def add_teaching(d: Doc, db, rubric=None) -> None:
    """After the ending, in this order: the ripple, what was built, the duties raised (met or
    missed, why, source), mutual respect. Parts a scene does not have are left out. ``rubric``:
    the course's (game.records.rubric), whose names stand beside Rapport's."""
    if db.ripple:
        d.para(f"Weeks later: {db.ripple.strip()}", "body", "italic")
    r = db.relationship
    if r is not None and db.scenario.format >= 2:
        d.h2("What you built")
        d.para(r.sentence)
        for label, line in relationship_lines(r):
            d.add(TextItem(f"{label}: {line}", "small", bullet="•"))
    if db.duties:
        d.h2("Duties")
        d.para("What the law or your agency required once it came up, and whether you did it.", "small",
               color="text_muted")
        for outcome in db.duties:
            duty = outcome.duty
            if outcome.met:
                d.add(TextItem(f"(+) Met: {duty.title}{in_rubric(duty.id, rubric)}", "small", "bold", color="good"))
            else:
                d.add(TextItem(f"(!) MISSED: {duty.title}{in_rubric(duty.id, rubric)}", "small", "bold",
                               color="poor"))
            d.para(f"Why it matters: {duty.why}", "small")
            d.para(f"Source: {duty.source}", "small", "italic", color="text_muted")
    lines = respect_lines(db.respect)
    if lines:
        d.h2("Mutual respect")
        d.bullets(lines, "small")


def add_debrief(d: Doc, db, scenario, numbers: bool, retry: Callable[[int], None] | None, retry_label: str,
                this: str = "this time", chart_fits: int | None = None, rubric=None) -> None:
    """Lay out a debrief in ``d``: ``retry(step)`` is offered under each choice as ``retry_label``;
    ``chart_fits``: the height the chart must keep within (the page's viewport); ``rubric``: the
    course's, if one is in use."""
    if db.ending:
        d.para(db.ending.text.strip())
    add_teaching(d, db, rubric)
    practices, pitfalls = db.practice_count, db.pitfall_count
    made = f"You made {_count(len(db.decisions), 'choice')}" if db.ending else \
        f"Unfinished: you had made {_count(len(db.decisions), 'choice')}"
    d.para(f"{made}: {practices} showed one of the five practices and {pitfalls} fell into a pitfall. "
           "This is practice feedback, not a grade: use it to decide what to try next time.",
           "small", color="text_muted")

    d.h2("Endings")
    for entry in db.endings:
        if entry.reached_now:
            d.add(TextItem(f"{entry.ending.title} ({this})", bullet="•", style="bold"))
        elif entry.found:
            d.add(TextItem(f"{entry.ending.title} (found before)", bullet="•"))
        else:
            d.add(TextItem("Not found yet: another way this conversation could end", bullet="•",
                           color="text_muted"))
        d.add(Gap(6))

    phrase = meters_phrase(scenario.meters)
    d.h2(f"{phrase[:1].upper()}{phrase[1:]} across the encounter")
    positions = {dec.step: i + 1 for i, dec in enumerate(db.decisions)}
    chart = MeterChart(db.trajectory, dict(scenario.meters),
                       [positions[tp.step] for tp in db.turning_points if tp.step in positions], numbers)
    chart.max_height = chart_fits
    d.para("Each line is one hidden measure of the relationship, from the start to after your last choice; "
           "a numbered mark is a turning point, numbered like the choice it follows.", "small", color="text_muted")
    d.add(CustomItem(chart.measure, chart.draw))
    if db.turning_points:
        d.para("")
        d.add(TextItem("Turning points: the choices that moved the most", "body", "bold"))
        for tp in db.turning_points:
            moves = ", ".join(_movement(tp.delta(m), m, numbers) for m in scenario.meters)
            number = positions.get(tp.step)
            head = f"Choice {number}" if number is not None else "A choice"
            d.add(TextItem(f"{head}: \u201c{tp.text}\u201d: {moves}.", bullet=None, indent=0))
            d.para(tp.feedback, "small", color="text_muted")

    if db.disclosures_heard or db.disclosures_missed:
        d.h2("What the client shared")
        d.para("Things a client says only once they feel safe enough to say them.", "small", color="text_muted")
        if db.disclosures_heard:
            d.bullets(db.disclosures_heard)
        if db.disclosures_missed:
            missed = _count(db.disclosures_missed, "thing")
            d.para(f"{missed} the client might have shared stayed unsaid this time.", color="text_muted")

    d.h2("Your choices")
    d.para("(+) Practice: a choice that showed one of the five practices. (!) Pitfall: one that fell into a "
           "common trap. Each says why.", "small", color="text_muted")
    if rubric is not None:
        d.para(f"Names in [brackets] are from your course's rubric: {rubric.name}.", "small", color="text_muted")
    for number, dec in enumerate(db.decisions, start=1):
        label = note_label(dec.is_pitfall, TAG_LABELS[dec.tag]) + in_rubric(dec.tag, rubric)
        d.add(TextItem(f"{number}. {label}", "small", "bold", color="poor" if dec.is_pitfall else "good"))
        d.para(f"\u201c{dec.text}\u201d")
        d.para(dec.feedback, "small", color="text_muted")
        if retry is not None:  # None: an assessed attempt, which cannot be taken back
            d.button(Button(retry_label, lambda s=dec.step: retry(s), role="small"), width_fraction=None)

    d.h2("Response mix")
    mix = db.mix
    d.para("How many of your choices were each kind of response.", "small", color="text_muted")
    if mix.counts:
        d.bullets([f"{KIND_LABELS.get(k, k)}: {v}" + (f", {KIND_MEANINGS[k]}." if k in KIND_MEANINGS else "")
                   for k, v in mix.counts.items()], "small")
        if mix.reflection_to_question is not None:
            d.para(f"Reflections to questions: {mix.reflections}:{mix.questions}. How often you said back what "
                   "you heard for each question you asked (1:1 is fair and 2:1 good in "
                   "motivational-interviewing coding).", "small")
        if mix.complex_share is not None:
            d.para(f"Complex reflections: {round(mix.complex_share * 100)} % of reflections. How many of them "
                   "went past the words to what the person meant (40 % fair, 50 % good).", "small")
    else:
        d.para("No choices were tagged with a response kind in this scenario.", "small")
    d.para(MITI_NOTE, "small", "italic", color="text_muted")


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
        ending = self.debrief.ending
        self.title = ending.title if ending else "The encounter ended"
        self.subtitle = f"{self.scenario.title} · {OUTCOME_WORDS.get(ending.outcome, '') if ending else ''}"
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
        return next((h for item, _, h in self._placed if isinstance(item, CustomItem)), 0)

    def build(self) -> None:
        numbers = self.app.settings.meters != "hidden"
        retry = self._rewind if self.app.session is None or self.app.session.can_rewind else None
        add_debrief(self.doc, self.debrief, self.scenario, numbers, retry, "Try another answer here",
                    chart_fits=self._chart_fits, rubric=getattr(self.app, "rubric", None))
        self.reflection.add(self, self.doc)
        self.footer = [Button("Scenarios", self._to_scenarios), Button("Title screen", self._to_title),
                       Button("Endings", self._endings), Button("Replay", self._replay, primary=True)]
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
        self.app.push(ConfirmScreen(self.app, "Play this encounter again?", "Start again",
                                    lambda: self.on_replay(self.scenario),
                                    detail="This debrief stays in your History.", no="Stay on the debrief"))

    def _to_title(self) -> None:
        self.reflection.keep(quiet=True)
        self.on_title()

    def _to_scenarios(self) -> None:
        self.reflection.keep(quiet=True)
        self.on_scenarios()

    def on_back(self) -> None:
        self.reflection.keep(quiet=True)
        self.on_title()
