"""What happened in an encounter and why: the data every debrief view (window, terminal, JSON) shows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .model import PITFALLS, PRACTICES, QUESTION_KINDS, REFLECTION_KINDS, TAG_LABELS, Ending, Scenario
from .state import PlayState

MITI_NOTE = (
    "Tagging menu choices with response kinds adapts motivational-interviewing coding (MITI 4); "
    "it is practice feedback, not a validated MITI score."
)
TURNING_POINTS = 3


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

    @property
    def is_pitfall(self) -> bool:
        return self.tag in PITFALLS

    def delta(self, meter: str) -> int:
        return self.after.get(meter, 0) - self.before.get(meter, 0)

    @property
    def missed_the_moment(self) -> bool:
        """A practice that cost rapport here: the right idea at the wrong time (silence after a
        direct question, say, or common ground that tries too hard)."""
        return not self.is_pitfall and self.delta("trust") + self.delta("openness") < 0

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

    @property
    def practice_count(self) -> int:
        """Choices that showed a practice and landed (did not cost trust and openness)."""
        return sum(1 for d in self.decisions if not d.is_pitfall and not d.missed_the_moment)

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
        }


def _ending_dict(e: Ending) -> dict:
    return {"id": e.id, "title": e.title, "text": e.text, "outcome": e.outcome}


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
                                  choice.tag, choice.kind, choice.feedback, dict(step.before), dict(step.after)))
    trajectory = [dict(scenario.start_meters)] + [d.after for d in decisions]

    by_tag: dict = {}
    for tag in PRACTICES + PITFALLS:
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

    visited = {s.node_id for s in state.history} | {state.node_id}
    heard = [n.disclosure for n in scenario.nodes.values() if n.disclosure and n.id in visited]
    missed = sum(1 for n in scenario.nodes.values() if n.disclosure and n.id not in visited)
    return Debrief(scenario, state.ending, decisions, trajectory, by_tag, turning, mix, endings, heard, missed,
                   dict(state.meters))
