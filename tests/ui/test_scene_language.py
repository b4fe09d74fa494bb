"""The window shows a scene in the chosen language (scene translations), follows a change of
language, and F5 reads the translation again."""

import json
import os
import shutil

import pygame
import pytest

from game.story.library import shipped_scene_dir
from tests.ui.test_screens import to_play


@pytest.fixture
def folder(tmp_path):
    scenes = tmp_path / "scenes"
    (scenes / "translations" / "es").mkdir(parents=True)
    shutil.copy(shipped_scene_dir() / "waiting-room.yaml", scenes / "waiting-room.yaml")
    shutil.copy(shipped_scene_dir() / "translations" / "es" / "waiting-room.yaml",
                scenes / "translations" / "es" / "waiting-room.yaml")
    return scenes


def read_on(pilot):
    state = pilot.app.session.state
    while state.status in ("continue", "reaction"):
        pilot.press(pygame.K_SPACE)


def pick(pilot, *choice_ids):
    state = pilot.app.session.state
    for choice_id in choice_ids:
        read_on(pilot)
        text = next(c.text for c in state.available() if c.id == choice_id)
        pilot.click(pilot.button(text))
        assert state.history[-1].choice_id == choice_id


def test_the_window_plays_the_tutorial_in_spanish_to_its_best_ending(make_pilot, folder):
    pilot = make_pilot(scenes_dirs=[folder], settings=json.dumps({"language": "es", "text_speed": "instant"}))
    assert pilot.app.library.scenarios["waiting-room"].title == "Tutorial: La sala de espera"
    to_play(pilot)
    session = pilot.app.session
    assert session.scenario.language == "es"
    assert any("Pensaba que se habían olvidado de mí" in t for t in pilot.texts())
    pick(pilot, "nearly-left", "explain-meeting", "reflect-worry", "stay-with-it", "plan-together")
    read_on(pilot)
    assert session.is_over and session.ending.id == "real-start" and session.ending.title == "Un verdadero comienzo"


def test_changing_the_language_reads_the_scenes_again(make_pilot, folder):
    pilot = make_pilot(scenes_dirs=[folder], settings=json.dumps({"language": "es"}))
    assert pilot.app.library.scenarios["waiting-room"].language == "es"
    pilot.app.change_settings(language="en")
    assert pilot.app.library.scenarios["waiting-room"].title == "Tutorial: The Waiting Room"
    pilot.app.change_settings(language="es")
    assert pilot.app.library.scenarios["waiting-room"].title == "Tutorial: La sala de espera"


def test_f5_reads_the_translation_again(make_pilot, folder):
    pilot = make_pilot(scenes_dirs=[folder], settings=json.dumps({"language": "es", "text_speed": "instant"}))
    to_play(pilot)
    pick(pilot, "apologise-for-wait", "explain-meeting")
    read_on(pilot)
    tr = folder / "translations" / "es" / "waiting-room.yaml"
    text = tr.read_text(encoding="utf-8")
    assert "Es esto. Una revisión de la prestación." in text
    tr.write_text(text.replace("Es esto. Una revisión de la prestación.", "Mire, es esto. Una revisión."), encoding="utf-8")
    stat = os.stat(tr)
    os.utime(tr, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    pilot.press(pygame.K_F5)
    state = pilot.app.session.state
    assert state.node_id == "the-letter" and state.scenario.language == "es"
    assert state.scenario.nodes["the-letter"].says.startswith("Mire, es esto. Una revisión.")
    assert any(t.startswith("Mire, es esto.") for t in pilot.texts())


@pytest.mark.parametrize("scene_id", ["waiting-room", "worried-first-visit"])
def test_every_spanish_choice_is_in_the_window_at_the_smallest_size_and_largest_text(make_pilot, scene_id):
    # Spanish runs longer than English: the same check as tests/ui/test_choices_in_view.py, in Spanish
    from game.story import CHOICE
    from tests.ui.test_choices_in_view import SIZE, _apply, _outside, _paths, _random_paths

    pilot = make_pilot(size=SIZE, settings=json.dumps({
        "language": "es", "text_size": "largest", "dyslexia_spacing": True, "text_speed": "instant",
        "coaching": "after-each-choice", "meters": "live"}))
    app = pilot.app
    scenario = app.library.scenarios[scene_id]
    assert scenario.language == "es"
    problems = []
    for path in _paths(scenario) + _random_paths(scenario):
        app.start_session(scenario)
        app.reset_to(app.nav._play_screen())
        for move in path:
            _apply(app.session, move)
        pilot.step()
        state = app.session.state
        if state.status == CHOICE:
            assert len(pilot.screen.actions) == len(state.available())
        problems += [f"{state.node_id} ({state.status}): {p}" for p in _outside(pilot)]
    assert not problems, "\n".join(problems[:20])
