"""Every shipped scenario, played to an ending through the window's input path."""

import json

import pygame
import pytest

from game.story import load_library, scene_dirs

SCENARIOS = sorted(load_library(scene_dirs()).scenarios)
INSTANT = json.dumps({"text_speed": "instant"})


def open_scenario(pilot, scenario_id, by_mouse):
    title = pilot.app.library.scenarios[scenario_id].title
    if by_mouse:
        pilot.click("Scenarios")
        pilot.click(title)
        pilot.click("Begin")
    else:
        pilot.press(pygame.K_RETURN)
        cards = [b.label for b in pilot.screen.buttons()]
        pilot.press(getattr(pygame, f"K_{cards.index(title) + 1}"))
        pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "play"


def play_to_end(pilot, pick, by_mouse):
    """Choose with ``pick(number of choices) -> index`` until the encounter ends."""
    state = pilot.app.session.state
    for _ in range(200):
        pilot.settle()
        if state.status == "ended":
            break
        if state.status in ("continue", "reaction"):  # read on (past the client's reaction too)
            if by_mouse:
                pilot.click("Continue")
            else:
                pilot.press(pygame.K_SPACE)
            continue
        choices = state.available()
        index = pick(len(choices))
        if by_mouse:
            pilot.click(pilot.button(choices[index].text))  # scrolls into view if needed
        else:
            pilot.press(getattr(pygame, f"K_{index + 1}"))
    assert state.status == "ended"
    return state


def test_there_are_scenarios_to_play():
    assert SCENARIOS


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_play_every_scenario_by_keyboard(make_pilot, scenario_id):
    pilot = make_pilot()
    open_scenario(pilot, scenario_id, by_mouse=False)
    state = play_to_end(pilot, lambda n: 0, by_mouse=False)
    pilot.press(pygame.K_RETURN)  # "See how it went" is focused
    assert pilot.screen.name == "debrief"
    assert pilot.screen.title == state.ending.title
    assert state.ending.id in pilot.app.endings.found(scenario_id)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_play_every_scenario_by_mouse_then_replay_and_rewind(make_pilot, scenario_id):
    pilot = make_pilot(settings=INSTANT)
    open_scenario(pilot, scenario_id, by_mouse=True)
    state = play_to_end(pilot, lambda n: n - 1, by_mouse=True)
    first_ending = state.ending.id
    pilot.click("See how it went")
    debrief = pilot.screen
    assert debrief.name == "debrief"
    decisions = debrief.debrief.decisions
    assert len([b for b in pilot.labels() if b == "Try another answer here"]) == len(decisions)
    # Rewind to the last choice from the debrief and take another path.
    pilot.click(pilot.screen.focus.buttons[len(decisions) - 1])
    assert pilot.screen.name == "play" and not state.is_over
    play_to_end(pilot, lambda n: 0, by_mouse=True)
    pilot.click("See how it went")
    pilot.click("Replay")
    assert pilot.screen.name == "play"
    assert pilot.app.session.state.history == []
    assert first_ending in pilot.app.endings.found(scenario_id)


def test_debrief_hides_endings_not_found(make_pilot):
    pilot = make_pilot(settings=INSTANT)
    open_scenario(pilot, "waiting-room", by_mouse=False)
    state = play_to_end(pilot, lambda n: 0, by_mouse=False)
    pilot.press(pygame.K_RETURN)
    drawn = " ".join(i.text for i in pilot.screen.doc.items if hasattr(i, "text"))
    others = [e for e in state.scenario.endings if e.id != state.ending.id]
    assert f"{state.ending.title} (this time)" in drawn
    for ending in others:
        assert ending.title not in drawn
    assert drawn.count("Not found yet") == len(others)
    assert "not a validated MITI score" in drawn
    for dec in pilot.screen.debrief.decisions:
        assert dec.feedback in drawn


def test_debrief_chart_numbers_follow_the_meter_setting(make_pilot):
    for meters, numbers in (("hidden", False), ("after-ending", True)):
        pilot = make_pilot(settings=json.dumps({"text_speed": "instant", "meters": meters}))
        open_scenario(pilot, "waiting-room", by_mouse=False)
        play_to_end(pilot, lambda n: 1 if n > 1 else 0, by_mouse=False)
        pilot.press(pygame.K_RETURN)
        drawn = " ".join(i.text for i in pilot.screen.doc.items if hasattr(i, "text"))
        assert ("trust +" in drawn or "trust -" in drawn) == numbers
        pygame.quit()
