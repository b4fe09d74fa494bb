"""interpreter-newcomer keeps its duty rules (issue 13 items 2 and 4), and every ending is still
reached by the path that was played to it (tests/content/expectations_interp.py)."""

import pytest

from game.story import load_library
from game.story.conditions import FlagSet, Met, Not, walk
from game.story.state import PlayState

from .expectations_interp import DUTY_RULES, ENDING_PATHS

SCENE = load_library().scenarios["interpreter-newcomer"]


def _play(path: str) -> PlayState:
    state = PlayState.start(SCENE)
    choices = iter(path.split())
    while not state.is_over:
        if state.reacting is not None or not state.node.choices:
            state.advance()
        else:
            state.choose(next(choices))
    assert next(choices, None) is None, "the path goes on after the ending"
    return state


@pytest.mark.parametrize("duty", sorted(DUTY_RULES))
def test_each_duty_is_met_by_exactly_the_choices_that_do_it(duty):
    meets = {(n.id, c.id) for n in SCENE.nodes.values() for c in n.choices if duty in c.meets}
    assert meets == DUTY_RULES[duty]["meets"]
    assert not meets & DUTY_RULES[duty]["never"]


def test_the_good_endings_need_every_duty_and_no_promise():
    for ending in SCENE.endings:
        if ending.outcome not in ("best", "good"):
            continue
        parts = list(walk(ending.condition))
        assert {p.duty for p in parts if isinstance(p, Met)} >= {"explain-limits", "child-alone", "tell-before-sharing"}
        assert any(isinstance(p, Not) and isinstance(p.item, FlagSet) and p.item.flag == "promised" for p in parts), ending.id


def test_telling_her_you_must_consult_costs_little():
    for node, choice in DUTY_RULES["tell-before-sharing"]["meets"]:
        c = SCENE.nodes[node].choice(choice)
        assert not c.is_pitfall and c.effects.meters.get("trust", 0) >= -3, choice


def test_promises_keep_their_exception():
    for node in SCENE.nodes.values():
        for c in node.choices:
            if "tell you first" in c.text:
                assert "wherever I can" in c.text, c.id
            if "promise" in c.text.lower():
                assert c.is_pitfall and "promised" in c.effects.set_flags, c.id


@pytest.mark.parametrize("ending", sorted(ENDING_PATHS))
def test_every_ending_is_reached_by_its_played_path(ending):
    assert {e.id for e in SCENE.endings} == set(ENDING_PATHS)
    for path in ENDING_PATHS[ending]:
        assert _play(path).ending.id == ending, path
