"""Continue for each encounter: every scenario keeps its own place, and Continue shows the moment
exactly as it was left (the coach's note on the last choice, the line not typed out again)."""

import json

import pygame

from tests.ui.test_playthrough import open_scenario

NORMAL = json.dumps({"text_speed": "normal", "coaching": "after-each-choice"})


def _choose_first(pilot):
    pilot.settle()
    state = pilot.app.session.state
    assert state.status == "choice"
    choice = state.available()[0]
    pilot.press(pygame.K_1)
    return choice


def _leave(pilot):
    pilot.press(pygame.K_ESCAPE)
    pilot.click("Leave the encounter")
    pilot.press(pygame.K_ESCAPE)  # the scenarios, back to the title
    assert pilot.screen.name == "title"


def _briefing(pilot, scenario_id):
    title = pilot.app.library.scenarios[scenario_id].title
    pilot.click("Scenarios")
    pilot.click(title)
    assert pilot.screen.name == "briefing"


def test_each_encounter_keeps_its_own_continue(make_pilot):
    pilot = make_pilot(settings=NORMAL)
    ids = sorted(pilot.app.library.scenarios)
    first, second = ids[0], ids[1]
    open_scenario(pilot, first, by_mouse=True)
    picked = _choose_first(pilot)
    _leave(pilot)
    open_scenario(pilot, second, by_mouse=True)  # "Begin" on the other one
    _choose_first(pilot)
    _leave(pilot)

    _briefing(pilot, first)
    assert "Continue" in pilot.labels() and "Begin again" in pilot.labels()
    assert pilot.screen.focus.focused.label == "Continue", "Enter returns to the encounter, never starts anew"
    pilot.press(pygame.K_RETURN)
    play = pilot.screen
    assert play.name == "play" and pilot.app.session.scenario.id == first
    state = pilot.app.session.state
    assert [s.choice_id for s in state.decisions] == [picked.id]
    assert play.coach == (picked.tag, picked.feedback), "the note on the last choice is back"
    assert play._revealed, "the line is shown whole, not typed out again"
    drawn = [text.strip() for _, _, text in pilot.measure_text()]
    assert picked.feedback.strip() in drawn

    _leave(pilot)
    _briefing(pilot, second)
    pilot.click("Continue")
    assert pilot.app.session.scenario.id == second and len(pilot.app.session.state.decisions) == 1


def test_continue_on_the_title_shows_the_moment_as_it_was(make_pilot):
    pilot = make_pilot(settings=NORMAL)
    open_scenario(pilot, sorted(pilot.app.library.scenarios)[0], by_mouse=True)
    picked = _choose_first(pilot)
    _leave(pilot)
    frames = pilot.app.frames
    pilot.click("Continue")
    play = pilot.screen
    assert play.name == "play" and play._revealed and play.coach == (picked.tag, picked.feedback)
    assert play.update(pilot.clock.now) is None, "nothing types out again"
    assert pilot.app.frames - frames <= 3


def test_continue_after_a_restart_of_the_window(make_pilot, tmp_path):
    pilot = make_pilot(settings=NORMAL)
    scenario_id = sorted(pilot.app.library.scenarios)[0]
    open_scenario(pilot, scenario_id, by_mouse=True)
    picked = _choose_first(pilot)
    pilot.app.quit()
    again = make_pilot(data_dir=tmp_path / "data", config_dir=tmp_path / "config", profile=None)
    _briefing(again, scenario_id)
    again.click("Continue")
    play = again.screen
    assert play.name == "play" and play._revealed and play.coach == (picked.tag, picked.feedback)
