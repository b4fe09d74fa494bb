"""The scenario model: immutable data read from a scene file.

A Scenario never changes once loaded; everything that changes during play lives in PlayState.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..i18n import N_
from .conditions import Condition

PRACTICES = ("be-present", "empathy", "open-communication", "common-ground", "patience")
PITFALLS = ("judging", "lecturing", "rushing", "false-reassurance", "rigid-protocol")
CONNECTION = "connection"  # shared interests, small talk, self-disclosure: neither a practice nor a pitfall
TAGS = PRACTICES + PITFALLS + (CONNECTION,)

# Marked for the interface's catalogue, kept in English here (exports and JSON use these words);
# a reader's view shows them through game.i18n._ (docs/languages.md: translated where shown).
TAG_LABELS = {
    "be-present": N_("Being present"),
    "empathy": N_("Showing empathy"),
    "open-communication": N_("Communicating openly"),
    "common-ground": N_("Finding common ground"),
    "patience": N_("Practising patience"),
    "judging": N_("Judging"),
    "lecturing": N_("Lecturing"),
    "rushing": N_("Rushing"),
    "false-reassurance": N_("False reassurance"),
    "rigid-protocol": N_("Rigid protocol"),
    "connection": N_("Making a connection"),
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
SETTINGS = ("office", "home", "school", "clinic", "community")
DIFFICULTIES = ("introductory", "intermediate", "advanced")
OUTCOMES = ("best", "good", "mixed", "poor")
REQUIRED_METERS = ("trust", "openness")
FORMAT_VERSION = 2  # the newest scene format; format 1 still loads (see loader.py)
FORMATS = (1, 2)
RESPECT = ("autonomy", "dignity")
# Format 1's `expression` (a cue's or a node's) read as a format-2 face: (beat, band).
EXPRESSION_FACES = {
    "warm": ("calm", "open"),
    "neutral": ("calm", "cautious"),
    "worried": ("worry", "cautious"),
    "guarded": ("calm", "closed"),
    "upset": ("grief", "closed"),
    "angry": ("anger", "closed"),
}
# How heavy a beat looks, for "did the face get worse": a higher rank is worse.
BEAT_RANK = {"relief": 0, "calm": 1, "worry": 2, "grief": 3, "fear": 3, "shame": 4, "anger": 4}
SMILING_BEATS = ("calm", "relief")
# A duty met is kept as a reserved flag in the play state, so saves, rewinds and the state-space
# explorer carry it with the flags they already keep. Authors cannot declare flags starting "@".
MET_FLAG_PREFIX = "@met:"


def met_flag(duty_id: str) -> str:
    return MET_FLAG_PREFIX + duty_id


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
class Reaction:
    """What the client visibly does at once after a choice (format 2)."""

    beat: str
    says: str | None = None
    narration: str | None = None


@dataclass(frozen=True)
class Duty:
    """Something the worker must do once a moment raises it (format 2)."""

    id: str
    title: str
    why: str
    source: str


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
    respect: tuple[str, ...] = ()  # autonomy / dignity, when the choice honours them
    meets: tuple[str, ...] = ()  # duty ids this choice meets
    reaction: Reaction | None = None

    @property
    def is_pitfall(self) -> bool:
        return self.tag in PITFALLS

    @property
    def is_connection(self) -> bool:
        return self.tag == CONNECTION


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
    beat: str | None = None  # format 2: the emotional beat of this moment
    raises: tuple[str, ...] = ()  # format 2: duty ids that reaching this moment raises

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
    condition: Condition | None = None  # the author's condition
    ripple: str | None = None  # format 2: what happened weeks later
    # The duty rule, added by the loader to best/good endings of a scene with duties: every
    # raised duty is met. Ends resolve an ending only when both its condition and guard hold.
    guard: Condition | None = None

    def holds(self, meters, flags, visits) -> bool:
        return ((self.condition is None or self.condition.test(meters, flags, visits))
                and (self.guard is None or self.guard.test(meters, flags, visits)))


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
    format: int = 1
    place: str | None = None
    bands: Mapping[str, int] = field(default_factory=lambda: frozen_map(DEFAULT_BAND_THRESHOLDS))
    alliance_goal: int = 50
    postures: Mapping[str, str] = field(default_factory=lambda: frozen_map({}))
    duties: tuple[Duty, ...] = ()
    debrief_questions: tuple[str, ...] = ()
    _endings_by_id: Mapping[str, Ending] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Ending lookup sits on the hot path of play and analysis.
        object.__setattr__(self, "_endings_by_id", {e.id: e for e in self.endings})

    def ending(self, ending_id: str) -> Ending | None:
        return self._endings_by_id.get(ending_id)

    def duty(self, duty_id: str) -> Duty | None:
        return next((d for d in self.duties if d.id == duty_id), None)

    def raising_nodes(self, duty_id: str) -> tuple[str, ...]:
        return tuple(n.id for n in self.nodes.values() if duty_id in n.raises)

    @property
    def has_alliance(self) -> bool:
        return "alliance" in self.meters

    @property
    def best_ending(self) -> Ending | None:
        return next((e for e in self.endings if e.outcome == "best"), None)

    @property
    def start_meters(self) -> dict[str, int]:
        return {name: m.start for name, m in self.meters.items()}
