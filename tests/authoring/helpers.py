"""Fixture scenes and an independent oracle: every path walked one by one with PlayState."""

from collections import defaultdict
from pathlib import Path

from game.story import PlayState, load_scenario

SCENES = Path(__file__).parent / "scenes"
REPO = Path(__file__).parent.parent.parent


def fixture(name: str):
    return load_scenario(SCENES / f"{name}.yaml")


def every_path(scenario, limit: int = 100_000):
    """{ending id: [(decisions, meters, choice ids)]} by walking every path (acyclic scenes only)."""
    found = defaultdict(list)
    walked = 0

    def walk(state, path):
        nonlocal walked
        walked += 1
        assert walked < limit, "too many paths for the oracle"
        while not state.is_over and not state.node.choices:
            state.advance()
        if state.is_over:
            found[state.ending.id].append((len(path), dict(state.meters), tuple(path)))
            return
        mark = len(state.history)
        for choice in state.available():
            state.choose(choice.id)
            walk(state, path + [choice.id])
            state.rewind(mark)

    walk(PlayState.start(scenario), [])
    return found
