"""Scenarios and players shared by the progress tests."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from game.story import PlayState, parse_scenario

from ..story.helpers import MINI

ROOT = Path(__file__).resolve().parents[2]


def scenario(text: str = MINI, name: str = "mini.yaml"):
    sc, diagnostics = parse_scenario(text, name)
    assert sc is not None, [str(d) for d in diagnostics]
    return sc


# A conversation that can go round and round: the process tests need an attempt that keeps
# making choices for as long as the test likes. It can end (the loader wants reachable endings),
# but the players below never pick "leave".
LOOP = MINI.replace("id: mini", "id: loop").replace("start: arrival", "start: ask").split("nodes:")[0] + """nodes:
  ask:
    says: Go on, then.
    choices:
      - id: listen
        text: I'm listening.
        tag: be-present
        effects: { trust: 3, set: [apologised] }
        feedback: Present.
        next: answer
      - id: push
        text: Get to the point.
        tag: rushing
        effects: { trust: -3 }
        feedback: Rushed.
        next: answer
  answer:
    says: Hm.
    choices:
      - id: again
        text: Say more?
        tag: patience
        effects: { openness: 2 }
        feedback: Patient.
        next: ask
      - id: wait
        text: (wait)
        tag: patience
        kind: silence
        feedback: Silence.
        next: pause
      - id: leave
        text: We're done.
        tag: rushing
        feedback: Ended.
        next: goodbye
  pause:
    narration: A long pause.
    next: ask
  goodbye:
    end: true
endings:
  - id: opened-up
    title: A Real Start
    outcome: best
    if: { meter: trust, at_least: 70 }
    text: Sam told you.
  - id: paperwork-only
    title: Forms Filled In
    outcome: poor
    text: The form is done.
"""


def step_once(state: PlayState, rng: random.Random, *, end_ok: bool = True) -> None:
    """One move of a random player: a choice (never "leave" unless end_ok), or read on."""
    if state.status == "choice":
        options = [c.id for c in state.available() if end_ok or c.id != "leave"]
        state.choose(rng.choice(options))
    else:
        state.advance()


def play_to_end(state: PlayState, choices: list[str], save=None) -> PlayState:
    """Play ``choices`` in order (reading on past nodes without choices), saving after each move."""
    todo = list(choices)
    while not state.is_over:
        if state.status == "choice":
            state.choose(todo.pop(0))
        else:
            state.advance()
        if save:
            save(state)
    return state


def state_hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:16]


class TickingClock:
    """Timestamps one second apart, so orderings by time never tie in a fast test."""

    def __init__(self, start: int = 0):
        self.n = start

    def __call__(self) -> str:
        self.n += 1
        return f"2030-01-01T{self.n // 3600:02d}:{self.n // 60 % 60:02d}:{self.n % 60:02d}.000Z"
