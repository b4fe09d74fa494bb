"""What happened in an encounter and why: the data every debrief view (window, terminal, JSON) shows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from ..i18n import N_, _, ngettext
from .model import (
    CONNECTION,
    PITFALLS,
    PRACTICES,
    QUESTION_KINDS,
    REFLECTION_KINDS,
    TAG_LABELS,
    Duty,
    Ending,
    Scenario,
)
from .rules import relationship_band
from .state import PlayState
from .wording import disclosure_clause

# Text for readers is translated when it is made for display, never at import: fixed text here
# is marked N_ and a view shows it through _; the functions below that compose sentences for a
# reader (teaching_summary, relationship_sentence, relationship_lines, respect_lines) compose
# them through _ when called, in the language then in effect (docs/languages.md).
MITI_NOTE = N_(
    "Tagging menu choices with response kinds adapts motivational-interviewing coding (MITI 4); "
    "it is practice feedback, not a validated MITI score."
)
TURNING_POINTS = 3

# The reflection asked after every debrief when a scene brings no questions of its own: the
# four phases of the PEARLS debriefing framework (reactions, description, analysis, application).
DEFAULT_QUESTIONS = (
    N_("How are you feeling after that conversation?"),
    N_("What happened, in a sentence or two?"),
    N_("What went well, and what would you do differently? Why?"),
    N_("What will you take into your next real conversation?"),
)


def reflection_questions(scenario) -> tuple[str, ...]:
    """The questions the debrief asks: the scene's own, or the default PEARLS four (in the
    interface's language; the answers are kept with the question as it was asked)."""
    return tuple(getattr(scenario, "debrief_questions", ()) or ()) or tuple(_(q) for q in DEFAULT_QUESTIONS)


@dataclass(frozen=True)
class Decision:
    step: int  # index into the play state's history, for rewinding
    node_id: str
    prompt: str  # what the client had just said
    choice_id: str
    text: str
    tag: str
    kind: str | None
    feedback: str
    before: dict
    after: dict
    respect: tuple = ()  # autonomy / dignity honoured by this choice

    @property
    def is_pitfall(self) -> bool:
        return self.tag in PITFALLS

    @property
    def is_connection(self) -> bool:
        return self.tag == CONNECTION

    def delta(self, meter: str) -> int:
        return self.after.get(meter, 0) - self.before.get(meter, 0)

    @property
    def missed_the_moment(self) -> bool:
        """A practice that cost rapport here: the right idea at the wrong time (silence after a
        direct question, say, or common ground that tries too hard)."""
        return not self.is_pitfall and not self.is_connection and self.delta("trust") + self.delta("openness") < 0

    @property
    def swing(self) -> int:
        return abs(self.delta("trust")) + abs(self.delta("openness"))


@dataclass(frozen=True)
class ResponseMix:
    counts: dict
    questions: int
    reflections: int
    complex_reflections: int

    @property
    def reflection_to_question(self) -> float | None:
        return self.reflections / self.questions if self.questions else None

    @property
    def complex_share(self) -> float | None:
        return self.complex_reflections / self.reflections if self.reflections else None


@dataclass(frozen=True)
class DutyOutcome:
    """A duty of the scene: whether it was raised in this encounter, and met."""

    duty: Duty
    raised: bool
    met: bool

    def to_dict(self) -> dict:
        d = self.duty
        return {"id": d.id, "title": d.title, "why": d.why, "source": d.source, "raised": self.raised, "met": self.met}


@dataclass(frozen=True)
class Relationship:
    """Connection, rapport and alliance: three different things the encounter may have built."""

    connection: int  # connection-tagged choices made (shared interests, small talk, self-disclosure)
    band: str  # the final relationship band
    rapport: bool  # the final band is open
    disclosures_made: int
    alliance: int | None  # final alliance; None when the scene has no alliance meter
    alliance_goal: int
    missed_disclosure: str | None  # the first disclosure not heard
    sentence: str  # one plain sentence: what was built and what was missing

    @property
    def alliance_built(self) -> bool | None:
        return None if self.alliance is None else self.alliance >= self.alliance_goal

    def to_dict(self) -> dict:
        return {"connection": self.connection, "connection_made": self.connection > 0, "band": self.band,
                "rapport": self.rapport, "disclosures_made": self.disclosures_made, "alliance": self.alliance,
                "alliance_goal": self.alliance_goal, "alliance_built": self.alliance_built,
                "missed_disclosure": self.missed_disclosure, "sentence": self.sentence}


@dataclass(frozen=True)
class Respect:
    """Mutual respect: choices that honoured autonomy or dignity; judging counts against it."""

    autonomy: list  # choice ids
    dignity: list
    judging: list

    def to_dict(self) -> dict:
        return {"autonomy": self.autonomy, "dignity": self.dignity, "judging": self.judging}


@dataclass(frozen=True)
class EndingEntry:
    ending: Ending
    found: bool
    reached_now: bool


@dataclass(frozen=True)
class Debrief:
    scenario: Scenario
    ending: Ending | None
    decisions: list[Decision]
    trajectory: list[dict]  # meters at the start and after each decision
    by_tag: dict  # tag -> list of decisions, practices first, then pitfalls
    turning_points: list[Decision]
    mix: ResponseMix
    endings: list[EndingEntry]
    disclosures_heard: list[str]
    disclosures_missed: int
    final_meters: dict = field(default_factory=dict)
    duties: list = field(default_factory=list)  # DutyOutcome, for each duty raised, in scene order
    relationship: Relationship | None = None
    respect: Respect | None = None

    @property
    def ripple(self) -> str | None:
        return self.ending.ripple if self.ending else None

    @property
    def unmet_duties(self) -> list:
        return [d for d in self.duties if not d.met]

    def teaching_summary(self) -> list[tuple[str, list[str]]]:
        """The format-2 parts of the debrief as plain (heading, lines) for any front end: duties,
        what was built, respect, the ripple. Empty parts are left out."""
        out: list[tuple[str, list[str]]] = []
        if self.duties:
            lines = []
            for d in self.duties:
                mark = _("Met: {duty}. {why} ({source})") if d.met else _("Not met: {duty}. {why} ({source})")
                lines.append(mark.format(duty=d.duty.title, why=d.duty.why, source=d.duty.source))
            out.append((_("Duties"), lines))
        if self.relationship is not None:
            r = self.relationship
            lines = [r.sentence,
                     ngettext("Connection: {n} choice of small talk, shared interests or self-disclosure.",
                              "Connection: {n} choices of small talk, shared interests or self-disclosure.",
                              r.connection).format(n=r.connection),
                     ngettext("Rapport: the relationship ended {band}; {n} thing shared.",
                              "Rapport: the relationship ended {band}; {n} things shared.",
                              r.disclosures_made).format(band=band_name(r.band), n=r.disclosures_made)]
            if r.alliance is not None:
                lines.append(_("Alliance: {alliance} (an alliance is {goal} or more: goals and tasks agreed "
                               "together).").format(alliance=r.alliance, goal=r.alliance_goal))
            out.append((_("Connection, rapport, alliance"), lines))
        if self.respect is not None and (self.respect.autonomy or self.respect.dignity or self.respect.judging):
            lines = []
            if self.respect.autonomy:
                n = len(self.respect.autonomy)
                lines.append(ngettext("Honoured autonomy: {n} choice.", "Honoured autonomy: {n} choices.", n).format(n=n))
            if self.respect.dignity:
                n = len(self.respect.dignity)
                lines.append(ngettext("Honoured dignity: {n} choice.", "Honoured dignity: {n} choices.", n).format(n=n))
            if self.respect.judging:
                n = len(self.respect.judging)
                lines.append(ngettext("Judging, which counts against respect: {n} choice.",
                                      "Judging, which counts against respect: {n} choices.", n).format(n=n))
            out.append((_("Mutual respect"), lines))
        if self.ripple:
            out.append((_("Afterwards"), [self.ripple]))
        return out

    @property
    def practice_count(self) -> int:
        """Choices that showed a practice and landed (did not cost trust and openness)."""
        return sum(1 for d in self.decisions if not d.is_pitfall and not d.is_connection and not d.missed_the_moment)

    @property
    def missed_count(self) -> int:
        return sum(1 for d in self.decisions if d.missed_the_moment)

    @property
    def pitfall_count(self) -> int:
        return sum(1 for d in self.decisions if d.is_pitfall)

    def to_dict(self) -> dict:
        mix = self.mix
        return {
            "scenario": {"id": self.scenario.id, "title": self.scenario.title, "version": self.scenario.version},
            "ending": _ending_dict(self.ending) if self.ending else None,
            "decisions": [
                {
                    "step": d.step, "node": d.node_id, "choice": d.choice_id, "text": d.text,
                    "tag": d.tag, "tag_label": TAG_LABELS[d.tag], "pitfall": d.is_pitfall,
                    "missed_the_moment": d.missed_the_moment,
                    "kind": d.kind, "feedback": d.feedback, "before": d.before, "after": d.after,
                }
                for d in self.decisions
            ],
            "trajectory": self.trajectory,
            "by_tag": {tag: [d.choice_id for d in ds] for tag, ds in self.by_tag.items()},
            "turning_points": [{"step": d.step, "choice": d.choice_id, "trust": d.delta("trust"),
                                "openness": d.delta("openness")} for d in self.turning_points],
            "response_mix": {
                "counts": mix.counts, "questions": mix.questions, "reflections": mix.reflections,
                "reflection_to_question": mix.reflection_to_question,
                "complex_reflection_share": mix.complex_share, "note": MITI_NOTE,
            },
            "endings": [{"id": e.ending.id, "title": e.ending.title if e.found else None,
                         "found": e.found, "reached_now": e.reached_now} for e in self.endings],
            "disclosures": {"heard": self.disclosures_heard, "missed": self.disclosures_missed},
            "final_meters": self.final_meters,
            "duties": [d.to_dict() for d in self.duties],
            "relationship": self.relationship.to_dict() if self.relationship else None,
            "respect": self.respect.to_dict() if self.respect else None,
            "ripple": self.ripple,
            "debrief_questions": list(self.scenario.debrief_questions),
        }


def _ending_dict(e: Ending) -> dict:
    return {"id": e.id, "title": e.title, "text": e.text, "outcome": e.outcome, "ripple": e.ripple}


def build_debrief(scenario: Scenario, state: PlayState, found_endings: Iterable[str] = ()) -> Debrief:
    """Debrief data for ``state``; ``found_endings`` are endings found in earlier attempts."""
    decisions = []
    for step in state.history:
        if step.choice_id is None:
            continue
        node = scenario.nodes.get(step.node_id)
        choice = node.choice(step.choice_id) if node else None
        if node is None or choice is None:  # the scene file changed since this step; keep what we know
            continue
        decisions.append(Decision(step.index, node.id, node.says or node.narration or "", choice.id, choice.text,
                                  choice.tag, choice.kind, choice.feedback, dict(step.before), dict(step.after),
                                  choice.respect))
    trajectory = [dict(scenario.start_meters)] + [d.after for d in decisions]

    by_tag: dict = {}
    for tag in PRACTICES + PITFALLS + (CONNECTION,):
        tagged = [d for d in decisions if d.tag == tag]
        if tagged:
            by_tag[tag] = tagged
    turning = sorted((d for d in decisions if d.swing), key=lambda d: (-d.swing, d.step))[:TURNING_POINTS]
    turning.sort(key=lambda d: d.step)

    counts = Counter(d.kind for d in decisions if d.kind)
    mix = ResponseMix(
        counts=dict(sorted(counts.items())),
        questions=sum(counts[k] for k in QUESTION_KINDS),
        reflections=sum(counts[k] for k in REFLECTION_KINDS),
        complex_reflections=counts["complex-reflection"],
    )

    found = set(found_endings)
    if state.ending:
        found.add(state.ending.id)
    endings = [EndingEntry(e, e.id in found, state.ending is not None and e.id == state.ending.id) for e in scenario.endings]

    visited = {s.node_id for s in state.history} | {state.node_id} | {n for n, c in state.visits.items() if c}
    heard = [n.disclosure for n in scenario.nodes.values() if n.disclosure and n.id in visited]
    not_heard = [n.disclosure for n in scenario.nodes.values() if n.disclosure and n.id not in visited]
    raised, met = set(state.raised_duties()), set(state.met_duties())
    duties = [DutyOutcome(d, True, d.id in met) for d in scenario.duties if d.id in raised]
    relationship = _relationship(scenario, decisions, dict(state.meters), heard, not_heard)
    respect = Respect(
        autonomy=[d.choice_id for d in decisions if "autonomy" in d.respect],
        dignity=[d.choice_id for d in decisions if "dignity" in d.respect],
        judging=[d.choice_id for d in decisions if d.tag == "judging"],
    )
    return Debrief(scenario, state.ending, decisions, trajectory, by_tag, turning, mix, endings, heard,
                   len(not_heard), dict(state.meters), duties, relationship, respect)


def _relationship(scenario: Scenario, decisions: list, meters: dict, heard: list, not_heard: list) -> Relationship:
    name = scenario.client.name.split()[0] if scenario.client else _("The client")
    connection = sum(1 for d in decisions if d.is_connection)
    band = relationship_band(meters, scenario.bands)
    # rapport: the relationship ended open, and the client shared something (when there was
    # something to share)
    rapport = band == "open" and (bool(heard) or not not_heard)
    alliance = meters.get("alliance") if scenario.has_alliance else None
    missed = not_heard[0] if not_heard else None
    return Relationship(connection, band, rapport, len(heard), alliance, scenario.alliance_goal, missed,
                        relationship_sentence(name, connection > 0, rapport, alliance, scenario.alliance_goal,
                                              missed, scenario.format))


def relationship_sentence(name: str, connection: bool, rapport: bool, alliance: int | None, goal: int,
                          missed: str | None, fmt: int = 2) -> str:
    """One plain sentence on what was built and what was missing, e.g. "You got on well, but
    Marcus didn't trust you enough to tell you that he drank three weeks ago." A disclosure label
    is a clause with its own subject (wording.py; validate warns otherwise, RP0421); the missed
    one comes last, so nothing after it can be read as part of it."""
    # Each clause is a whole phrase for the translator; the clauses are joined by the patterns
    # below ("{built}, but {missing}", "{first} and {last}"), which a language may reorder.
    built, missing, untold = [], [], None
    if connection:
        built.append(_("you got on well"))
    if rapport:
        built.append((_("{name} trusted you") if missed else _("{name} trusted you with what mattered")).format(name=name))
    elif missed:
        untold = (_("{name} didn't trust you enough to tell you that {what}").format(name=name, what=disclosure_clause(missed))
                  if fmt >= 2 else _('{name} didn\'t share what mattered ("{what}")').format(name=name, what=missed))
    else:
        missing.append(_("{name} stayed guarded with you").format(name=name))
    if alliance is not None:
        if alliance >= goal:
            built.append(_("you agreed goals and next steps together"))
        else:
            missing.append(_("you didn't agree goals together"))
    if untold:
        missing.append(untold)
    if built and missing:
        # TRANSLATORS: what the encounter built, then what it did not, e.g. "you got on well, but Sam
        # stayed guarded with you" (the sentence is capitalised and ends with a full stop).
        text = _("{built}, but {missing}").format(built=_join(built), missing=_join(missing))
    else:
        text = _join(built or missing)
    return text[0].upper() + text[1:].rstrip(".") + _(".")  # a disclosure label may end with its own stop


def _join(parts: list) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    # TRANSLATORS: the last two of a list of clauses or names, e.g. "you got on well and Sam trusted you"
    return _("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])


# The relationship bands the rules name (game.story.rules), as a sentence says them.
BAND_NAMES = {"closed": N_("closed"), "cautious": N_("cautious"), "open": N_("open")}


def band_name(band: str) -> str:
    """A relationship band in the reader's language ("open": "abierta"); a scene's own as written."""
    return _(BAND_NAMES[band]) if band in BAND_NAMES else band


def relationship_lines(r) -> list[tuple[str, str]]:
    """(label, line) for connection, rapport and alliance: what was built, in plain words."""
    if r.connection:
        connection = ngettext("Built: {n} choice of small talk, shared interests or something of your own.",
                              "Built: {n} choices of small talk, shared interests or something of your own.",
                              r.connection).format(n=r.connection)
    else:
        connection = _("Not built: no small talk, shared interests or anything of your own.")
    n = r.disclosures_made
    rapport = (ngettext("Built: the relationship ended {band}; {n} thing shared.",
                        "Built: the relationship ended {band}; {n} things shared.", n) if r.rapport else
               ngettext("Not built: the relationship ended {band}; {n} thing shared.",
                        "Not built: the relationship ended {band}; {n} things shared.", n))
    out = [(_("Connection"), connection), (_("Rapport"), rapport.format(band=band_name(r.band), n=n))]
    if r.alliance is not None:
        out.append((_("Alliance"), _("Built: goals and next steps agreed together.") if r.alliance_built
                    else _("Not built: goals and next steps not agreed together.")))
    return out


def respect_lines(respect) -> list[str]:
    """Mutual respect in plain words; [] when no choice touched it."""
    if respect is None:
        return []
    lines = []
    if respect.autonomy:
        n = len(respect.autonomy)
        lines.append(ngettext("You honoured their autonomy (the choice is theirs) in {n} choice.",
                              "You honoured their autonomy (the choice is theirs) in {n} choices.", n).format(n=n))
    if respect.dignity:
        n = len(respect.dignity)
        lines.append(ngettext("You honoured their dignity in {n} choice.",
                              "You honoured their dignity in {n} choices.", n).format(n=n))
    if respect.judging:
        n = len(respect.judging)
        lines.append(ngettext("You judged them in {n} choice, which counts against respect.",
                              "You judged them in {n} choices, which counts against respect.", n).format(n=n))
    return lines
