"""The play state, run twice: plainly and through a JSON save/restore after every action (as ink does)."""

import json

import pytest

from game.story import PlayError, PlayState, SaveError

from .helpers import MINI, parse

SCENARIO = parse(MINI)[0]

LOCKED = MINI.replace(
    "      - id: straight-to-forms",
    "      - id: secret\n        text: Tell me more.\n        tag: be-present\n        kind: open-question\n"
    "        if: { meter: trust, at_least: 90 }\n        feedback: Only when trust is high.\n        next: letter\n"
    "      - id: straight-to-forms",
)


class Driver:
    """Plays through the state's public API; in round-trip mode every action is followed by a
    save to JSON text and a restore, so every test also proves saves lose nothing."""

    def __init__(self, scenario, roundtrip: bool):
        self.scenario = scenario
        self.roundtrip = roundtrip
        self.state = PlayState.start(scenario)

    def _cycle(self):
        if self.roundtrip:
            text = json.dumps(self.state.to_json())
            self.state = PlayState.from_json(self.scenario, json.loads(text))

    def choose(self, choice_id):
        step = self.state.choose(choice_id)
        self._cycle()
        return step

    def advance(self):
        self.state.advance()
        self._cycle()

    def rewind(self, index):
        self.state.rewind(index)
        self._cycle()


@pytest.fixture(params=["plain", "roundtrip"])
def driver(request):
    return lambda scenario=SCENARIO: Driver(scenario, request.param == "roundtrip")


def test_start_waits_at_the_first_choice(driver):
    d = driver()
    assert d.state.node_id == "arrival"
    assert d.state.status == "choice"
    assert [c.id for c in d.state.available()] == ["apologise", "straight-to-forms"]
    assert d.state.meters == {"trust": 40, "openness": 30}
    assert d.state.visits == {"arrival": 1}


def test_choice_applies_effects_and_flags(driver):
    d = driver()
    step = d.choose("apologise")
    assert step.before == {"trust": 40, "openness": 30}
    assert step.after == {"trust": 55, "openness": 35}
    assert d.state.meters == {"trust": 55, "openness": 35}
    assert d.state.flags == {"apologised"}
    assert d.state.status == "continue" and d.state.node_id == "letter"


def test_effects_are_clamped_to_bounds(driver):
    scenario = parse(MINI.replace("effects: { trust: 15, openness: 5, set: [apologised] }",
                                  "effects: { trust: 500, openness: -500, set: [apologised] }"))[0]
    d = driver(scenario)
    d.choose("apologise")
    assert d.state.meters == {"trust": 100, "openness": 0}


def test_routes_gate_the_disclosure_on_meters(driver):
    high = driver()
    high.choose("apologise")
    high.advance()
    assert high.state.node_id == "worry"
    low = driver()
    low.choose("straight-to-forms")
    low.advance()
    assert low.state.node_id == "goodbye" and low.state.is_over


def test_endings_resolve_by_precedence_and_condition(driver):
    d = driver()
    d.choose("apologise")
    d.advance()
    d.advance()
    assert d.state.ending.id == "opened-up"
    assert d.state.status == "ended"
    d = driver()
    d.choose("straight-to-forms")
    d.advance()
    assert d.state.ending.id == "paperwork-only"


def test_locked_choices_are_reported_with_a_reason(driver):
    d = driver(parse(LOCKED)[0])
    options = d.state.options()
    assert [(o.choice.id, o.available) for o in options] == [
        ("apologise", True), ("secret", False), ("straight-to-forms", True)]
    assert options[1].reason == "needs trust of at least 90"
    assert "secret" not in [c.id for c in d.state.available()]
    with pytest.raises(PlayError, match="locked"):
        d.state.choose("secret")


def test_unknown_choice_and_acting_after_the_end(driver):
    d = driver()
    with pytest.raises(PlayError, match='no choice "nope"'):
        d.choose("nope")
    with pytest.raises(PlayError, match="waits for a choice"):
        d.advance()
    d.choose("straight-to-forms")
    d.advance()
    with pytest.raises(PlayError, match="ended"):
        d.choose("apologise")


def test_rewind_restores_everything_before_the_step(driver):
    d = driver()
    d.choose("apologise")
    d.advance()
    d.advance()
    assert d.state.is_over
    d.rewind(0)
    assert d.state.node_id == "arrival"
    assert d.state.meters == {"trust": 40, "openness": 30}
    assert d.state.flags == frozenset()
    assert d.state.visits == {"arrival": 1}
    assert d.state.history == [] and d.state.ending is None
    assert d.state.rewinds == 1
    d.choose("straight-to-forms")
    d.advance()
    assert d.state.ending.id == "paperwork-only"
    with pytest.raises(PlayError):
        d.rewind(7)


def test_play_is_deterministic(driver):
    a, b = driver(), driver()
    for d in (a, b):
        d.choose("apologise")
        d.advance()
    assert a.state.to_json() == b.state.to_json()


def test_a_copy_acts_alone_and_ends_where_the_original_would():
    """PlayState.copy: every move made on the copy leaves the original exactly as it was, and the
    same moves on both give the same state (a front end works out the next moment from a copy)."""
    from game.story import CHOICE

    def moves(state):
        return [c.id for c in state.available()] if state.status == CHOICE else [None] if not state.is_over else []

    def act(state, move):
        return state.choose(move) if move is not None else state.advance()

    state = PlayState.start(SCENARIO)
    walked = 0
    while not state.is_over:
        before = json.dumps(state.to_json(), sort_keys=True)
        for move in moves(state):
            ahead = state.copy()
            act(ahead, move)
            assert json.dumps(state.to_json(), sort_keys=True) == before, f"the copy's {move} moved the original"
            twin = PlayState.from_json(SCENARIO, json.loads(before))
            act(twin, move)
            assert ahead.to_json() == twin.to_json()
            assert ahead.status == twin.status and ahead.reacting == twin.reacting and ahead.ending == twin.ending
        act(state, moves(state)[-1])
        walked += 1
    assert walked >= 2
    ended = state.copy()
    assert ended.to_json() == state.to_json() and ended.ending == state.ending


def test_transcript_holds_everything_said_in_order(driver):
    d = driver()
    d.choose("apologise")
    d.advance()
    lines = [(line.role, line.text) for line in d.state.transcript()]
    assert lines == [
        ("client", "Finally."),
        ("worker", "Sorry."),
        ("client", "It's this letter."),
        ("client", "If they cut the benefit, I lose the flat."),
    ]


def test_cue_follows_the_meters(driver):
    d = driver()
    assert d.state.cue().expression == "neutral"
    scenario = parse(MINI.replace("trust: { start: 40 }", "trust: { start: 50 }"))[0]
    d = driver(scenario)
    d.choose("apologise")
    assert d.state.cue().expression == "warm"
    assert d.state.cue().posture == "Sam sits back."


def test_save_is_plain_versioned_json_keyed_by_ids():
    state = PlayState.start(SCENARIO)
    state.choose("apologise")
    data = json.loads(json.dumps(state.to_json()))
    assert data["format"] == "rapport-play-state" and data["version"] == 2 and data["reacting"] is None
    assert data["scenario"] == "mini" and data["node"] == "letter"
    assert data["history"][0]["choice"] == "apologise"


def test_restore_rejects_a_vanished_node_with_a_clear_message():
    state = PlayState.start(SCENARIO)
    state.choose("apologise")
    edited = parse(MINI.replace("  letter:", "  the-letter:").replace("next: letter", "next: the-letter"))[0]
    with pytest.raises(SaveError, match='"letter" no longer exists'):
        PlayState.from_json(edited, state.to_json())


def test_restore_keeps_meters_when_the_scene_was_edited():
    state = PlayState.start(SCENARIO)
    state.choose("apologise")
    edited = parse(MINI.replace("A short first meeting.", "An edited summary."))[0]
    restored = PlayState.from_json(edited, state.to_json())
    assert restored.node_id == "letter" and restored.meters == {"trust": 55, "openness": 35}


@pytest.mark.parametrize("data, message", [
    ({"format": "something-else"}, "not a Rapport saved game"),
    ({"format": "rapport-play-state", "version": 99, "scenario": "mini"}, "newer version of Rapport"),
    ({"format": "rapport-play-state", "version": 1, "scenario": "other"}, 'belongs to scenario "other"'),
    ({"format": "rapport-play-state", "version": 1, "scenario": "mini", "node": "arrival", "meters": [1]},
     '"meters" is damaged'),
    ("not even a mapping", "not a Rapport saved game"),
])
def test_restore_rejects_damaged_saves(data, message):
    with pytest.raises(SaveError, match=message):
        PlayState.from_json(SCENARIO, data)
