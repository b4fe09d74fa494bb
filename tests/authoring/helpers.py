"""Fixture scenes and an independent oracle: every path walked one by one with PlayState."""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from game.story import PlayState, load_scenario

SCENES = Path(__file__).parent / "scenes"
REPO = Path(__file__).parent.parent.parent


def fixture(name: str):
    return load_scenario(SCENES / f"{name}.yaml")


@dataclass
class Walked:
    endings: dict = field(default_factory=lambda: defaultdict(list))  # id -> [(decisions, meters, choice ids)]
    nodes: set = field(default_factory=set)  # every node some path passes
    offered: set = field(default_factory=set)  # (node, choice) offered somewhere
    stuck: set = field(default_factory=set)  # nodes where some path has no choice offered


def walk_all(scenario, limit: int = 200_000) -> Walked:
    """Play every path of an acyclic scenario with PlayState, the way a student would."""
    out = Walked()
    count = 0

    def walk(state, path):
        nonlocal count
        count += 1
        assert count < limit, "too many paths for the oracle"
        while not state.is_over and state.status != "choice":  # read on, past reactions too
            state.advance()
        out.nodes.update(step.node_id for step in state.history)
        out.nodes.add(state.node_id)
        out.nodes.update(n for n, v in state.visits.items() if v)
        if state.is_over:
            out.endings[state.ending.id].append((len(path), dict(state.meters), tuple(path)))
            return
        offered = state.available()
        if not offered:
            out.stuck.add(state.node_id)
        mark = len(state.history)
        for choice in offered:
            out.offered.add((state.node_id, choice.id))
            state.choose(choice.id)
            walk(state, path + [choice.id])
            state.rewind(mark)

    walk(PlayState.start(scenario), [])
    return out


def every_path(scenario, limit: int = 200_000):
    """{ending id: [(decisions, meters, choice ids)]} for every path."""
    return walk_all(scenario, limit).endings
