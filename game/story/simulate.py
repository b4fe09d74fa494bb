"""Playing a scenario many times without a person: seeded random play and fixed strategies.

The author tools, the docs' ending shares, the tests and the benchmarks use these. Random play
runs a lean loop over the same rule functions PlayState uses (no history, no copies), because
it runs tens of thousands of times.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Sequence

from . import rules
from .model import Choice, Scenario
from .state import CHOICE, PlayState

# A safety net for scenes with loops: a playthrough that runs this long is counted as stuck.
MAX_STEPS = 10_000


@dataclass(frozen=True)
class Playthrough:
    ending: str | None  # None when the play got stuck (a dead end or an endless loop)
    decisions: int


def random_playthrough(scenario: Scenario, rng: random.Random) -> Playthrough:
    nodes = scenario.nodes
    meters = scenario.start_meters
    flags: frozenset = frozenset()
    visits: dict[str, int] = {}
    node_id = scenario.start
    decisions = 0
    for _ in range(MAX_STEPS):
        visits[node_id] = visits.get(node_id, 0) + 1
        node = nodes[node_id]
        if node.end is not None:
            return Playthrough(rules.resolve_ending(scenario, node, meters, flags, visits).id, decisions)
        if node.choices:
            offered = [c for c in node.choices if rules.is_offered(c, meters, flags, visits)]
            if not offered:
                return Playthrough(None, decisions)
            choice = offered[rng.randrange(len(offered))] if len(offered) > 1 else offered[0]
            flags = rules.apply_effects(scenario, meters, flags, choice.effects)
            node_id = choice.next
            decisions += 1
        else:
            node_id = rules.route_target(node, meters, flags, visits)
    return Playthrough(None, decisions)


def ending_shares(scenario: Scenario, runs: int = 20_000, seed: int = 1) -> dict[str | None, float]:
    """The share of ``runs`` seeded random playthroughs that reach each ending (None: stuck)."""
    rng = random.Random(seed)
    counts = Counter(random_playthrough(scenario, rng).ending for _ in range(runs))
    shares: dict[str | None, float] = {e.id: counts.get(e.id, 0) / runs for e in scenario.endings}
    if counts.get(None):
        shares[None] = counts[None] / runs
    return shares


Strategy = Callable[[Sequence[Choice]], Choice]


def play_strategy(scenario: Scenario, strategy: Strategy) -> PlayState:
    """Play to the end, letting ``strategy`` pick among the offered choices at every decision."""
    state = PlayState.start(scenario)
    for _ in range(MAX_STEPS):
        if state.is_over:
            break
        if state.status == CHOICE:  # otherwise read on (past text, or past a reaction)
            offered = state.available()
            if not offered:
                break
            state.choose(strategy(offered).id)
        else:
            state.advance()
    return state
