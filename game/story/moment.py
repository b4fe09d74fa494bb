"""The moment: what every front end shows now, built once from a PlayState.

The window, the terminal player, the classroom and `rapport play --json` all read this one view,
so the face, the posture line and the options a student sees are the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import state as st


@dataclass(frozen=True)
class OpenOption:
    id: str
    text: str


@dataclass(frozen=True)
class LockedOption:
    id: str
    text: str
    reason: str


@dataclass(frozen=True)
class Moment:
    status: str  # choice, continue, reaction or ended
    node: str
    speaker: str | None  # who says `says` (the client's name, or e.g. "Interpreter")
    says: str | None
    narration: str | None
    beat: str
    band: str
    posture: str
    options: tuple[OpenOption, ...] = ()
    locked: tuple[LockedOption, ...] = ()
    you_said: str | None = None  # while a reaction shows: the worker's line it answers
    ending: dict[str, Any] | None = field(default=None)

    @property
    def face(self) -> str:
        """The portrait key: "beat:band", e.g. "worry:cautious"."""
        return f"{self.beat}:{self.band}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "node": self.node,
            "speaker": self.speaker,
            "says": self.says,
            "narration": self.narration,
            "beat": self.beat,
            "band": self.band,
            "face": self.face,
            "posture": self.posture,
            "you_said": self.you_said,
            "options": [{"id": o.id, "text": o.text} for o in self.options],
            "locked": [{"id": o.id, "text": o.text, "reason": o.reason} for o in self.locked],
            "ending": self.ending,
        }


def build_moment(state: "st.PlayState") -> Moment:
    scenario = state.scenario
    node = state.node
    beat, band = state.face()
    posture = state.posture()
    if state.reacting is not None and state.reacting.reaction is not None:
        r = state.reacting.reaction
        return Moment(st.REACTION, node.id, scenario.client.name if r.says else None, r.says, r.narration,
                      beat, band, posture, you_said=state.reacting.text)
    speaker = (node.speaker or scenario.client.name) if node.says else None
    options = tuple(OpenOption(o.choice.id, o.choice.text) for o in state.options() if o.available)
    locked = tuple(LockedOption(o.choice.id, o.choice.text, o.reason or "") for o in state.options() if not o.available)
    ending = None
    if state.ending is not None:
        e = state.ending
        ending = {"id": e.id, "title": e.title, "outcome": e.outcome, "text": e.text, "ripple": e.ripple}
    return Moment(state.status, node.id, speaker, node.says, node.narration, beat, band, posture,
                  options, locked, None, ending)
