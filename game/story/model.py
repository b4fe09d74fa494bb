"""The scenario model: immutable data read from a scene file.

A Scenario never changes once loaded; everything that changes during play lives in PlayState.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .conditions import Condition

PRACTICES = ("be-present", "empathy", "open-communication", "common-ground", "patience")
PITFALLS = ("judging", "lecturing", "rushing", "false-reassurance", "rigid-protocol")
TAGS = PRACTICES + PITFALLS

TAG_LABELS = {
    "be-present": "Being present",
    "empathy": "Showing empathy",
    "open-communication": "Communicating openly",
    "common-ground": "Finding common ground",
    "patience": "Practising patience",
    "judging": "Judging",
    "lecturing": "Lecturing",
    "rushing": "Rushing",
    "false-reassurance": "False reassurance",
    "rigid-protocol": "Rigid protocol",
}

RESPONSE_KINDS = (
    "open-question",
    "closed-question",
    "simple-reflection",
    "complex-reflection",
    "affirmation",
    "summary",
    "emphasize-autonomy",
    "seek-collaboration",
    "giving-information",
    "advice",
    "reassurance",
    "confrontation",
    "silence",
    "self-disclosure",
)
QUESTION_KINDS = ("open-question", "closed-question")
REFLECTION_KINDS = ("simple-reflection", "complex-reflection")

EXPRESSIONS = ("neutral", "worried", "guarded", "upset", "warm", "angry")
# Format 2: a moment's emotional beat, and the relationship band read from trust and openness.
# The portrait is drawn from the pair (beat, band); only calm and relief may ever smile.
BEATS = ("calm", "worry", "fear", "anger", "grief", "shame", "relief")
BANDS = ("closed", "cautious", "open")
# A band starts where the mean of trust and openness reaches its threshold (scenes may override).
DEFAULT_BAND_THRESHOLDS = {"cautious": 35, "open": 60}
CONNECTION = "connection"  # shared interests and self-disclosure: neither a practice nor a pitfall
SETTINGS = ("office", "home", "school", "clinic", "community")
DIFFICULTIES = ("introductory", "intermediate", "advanced")
OUTCOMES = ("best", "good", "mixed", "poor")
REQUIRED_METERS = ("trust", "openness")
FORMAT_VERSION = 1


def frozen_map(d: Mapping) -> Mapping:
    return MappingProxyType(dict(d))


@dataclass(frozen=True)
class Meter:
    name: str
    start: int
    min: int = 0
    max: int = 100

    def clamp(self, value: int) -> int:
        return self.min if value < self.min else self.max if value > self.max else value


@dataclass(frozen=True)
class Client:
    name: str
    age: int
    pronouns: str
    background: str
    presenting: str
    portrait: str


@dataclass(frozen=True)
class Effects:
    meters: Mapping[str, int] = field(default_factory=lambda: frozen_map({}))
    set_flags: frozenset = frozenset()
    clear_flags: frozenset = frozenset()


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    tag: str
    feedback: str
    next: str
    kind: str | None = None
    effects: Effects = Effects()
    condition: Condition | None = None
    locked_hint: str | None = None

    @property
    def is_pitfall(self) -> bool:
        return self.tag in PITFALLS


@dataclass(frozen=True)
class Route:
    next: str
    condition: Condition | None = None


@dataclass(frozen=True)
class Node:
    id: str
    says: str | None = None
    speaker: str | None = None
    narration: str | None = None
    facilitator: str | None = None
    disclosure: str | None = None
    expression: str | None = None
    scene: str | None = None
    choices: tuple[Choice, ...] = ()
    routes: tuple[Route, ...] = ()
    end: tuple[str, ...] | None = None  # candidate ending ids, highest precedence first

    @property
    def kind(self) -> str:
        """'choice', 'continue' (read, then go on), 'route' (passes through) or 'end'."""
        if self.end is not None:
            return "end"
        if self.choices:
            return "choice"
        if self.has_text:
            return "continue"
        return "route"

    @property
    def has_text(self) -> bool:
        return bool(self.says or self.narration)

    def choice(self, choice_id: str) -> Choice | None:
        for c in self.choices:
            if c.id == choice_id:
                return c
        return None


@dataclass(frozen=True)
class Cue:
    expression: str
    posture: str
    condition: Condition | None = None


@dataclass(frozen=True)
class Ending:
    id: str
    title: str
    text: str
    outcome: str
    precedence: int = 0
    condition: Condition | None = None


@dataclass(frozen=True)
class Scenario:
    id: str
    version: int
    title: str
    summary: str
    setting: str
    difficulty: str
    minutes: int
    content_notes: tuple[str, ...]
    objectives: tuple[str, ...]
    client: Client
    meters: Mapping[str, Meter]
    flags: frozenset
    cues: tuple[Cue, ...]
    start: str
    nodes: Mapping[str, Node]
    endings: tuple[Ending, ...]
    source: Path | None = None
    _endings_by_id: Mapping[str, Ending] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Ending lookup sits on the hot path of play and analysis.
        object.__setattr__(self, "_endings_by_id", {e.id: e for e in self.endings})

    def ending(self, ending_id: str) -> Ending | None:
        return self._endings_by_id.get(ending_id)

    @property
    def best_ending(self) -> Ending | None:
        return next((e for e in self.endings if e.outcome == "best"), None)

    @property
    def start_meters(self) -> dict[str, int]:
        return {name: m.start for name, m in self.meters.items()}
