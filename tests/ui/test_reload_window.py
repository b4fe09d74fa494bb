"""Live reload in the window: F5 and watching pick up an edit at the same node with the same
meters; a broken edit lists its problems over the scene while the last good version runs on."""

import json
import os
import re

import pygame

from tests.ui.test_progress_window import choose
from tests.ui.test_screens import to_play


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    # A distinct modification time even on file systems with coarse timestamps.
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))


def at_the_letter(make_pilot, scene_copy, **settings):
    pilot = make_pilot(scenes_dirs=[scene_copy.parent], settings=json.dumps({"text_speed": "instant", **settings}))
    to_play(pilot)
    choose(pilot, "apologise-for-wait", "explain-meeting")
    assert pilot.app.session.state.node_id == "the-letter"
    return pilot


def test_f5_shows_the_edited_text_at_the_same_node_with_the_same_meters(make_pilot, scene_copy):
    pilot = at_the_letter(make_pilot, scene_copy)
    old = pilot.app.session.state
    meters, history = dict(old.meters), len(old.history)
    assert any(t.startswith("It's this. A benefits review.") for t in pilot.texts())
    edit(scene_copy, "It's this. A benefits review.", "It's this letter. A benefits review.")
    pilot.press(pygame.K_F5)
    assert pilot.screen.name == "play"
    state = pilot.app.session.state
    assert state is not old and (state.node_id, dict(state.meters), len(state.history)) == ("the-letter", meters, history)
    drawn = pilot.texts()
    assert any(t.startswith("It's this letter. A benefits review.") for t in drawn)
    assert any(t.startswith("Reloaded waiting-room.yaml") for t in drawn), "the reload is confirmed on screen"
    assert pilot.app.library.scenarios["waiting-room"] is state.scenario
    # Play goes on in the new version, and the notice goes with the next move.
    choose(pilot, "reflect-worry")
    assert not any(t.startswith("Reloaded") for t in pilot.texts())
    saved = pilot.app.progress.history(pilot.app.profile)[0]
    assert saved.decisions == 3, "the autosave follows the reloaded play"


def test_a_broken_edit_lists_its_problems_and_play_goes_on(make_pilot, scene_copy):
    pilot = at_the_letter(make_pilot, scene_copy)
    old = pilot.app.session.state
    edit(scene_copy, "tag: judging", "tag: blaming")
    edit(scene_copy, "next: plan\n", "next: plann\n")
    pilot.press(pygame.K_F5)
    assert pilot.screen.name == "reload-problems"
    assert "Restart with the edited scene" not in pilot.labels(), "a broken file has nothing to restart"
    drawn = " ".join(pilot.texts())
    assert "2 problems" in drawn and "the previous version keeps running" in drawn
    assert '"blaming"' in drawn and '"plann"' in drawn
    assert f"In {scene_copy}:" in drawn
    lines = [t for t in pilot.texts() if re.match(r"waiting-room\.yaml:\d+:\d+: ", t)]
    assert len(lines) == 2, "each problem as file:line:column: message, as `rapport validate` prints it"
    assert "then press F5" in drawn
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen.name == "play" and pilot.app.session.state is old
    choose(pilot, "reflect-worry")  # the last good version keeps running
    # Fixed and reloaded again from the same place.
    edit(scene_copy, "tag: blaming", "tag: judging")
    edit(scene_copy, "next: plann\n", "next: plan\n")
    pilot.press(pygame.K_F5)
    assert pilot.screen.name == "play" and pilot.app.session.state is not old


def test_a_removed_node_is_refused_with_its_reason(make_pilot, scene_copy):
    pilot = at_the_letter(make_pilot, scene_copy)
    scene_copy.write_text(scene_copy.read_text().replace("the-letter", "the-form"))
    pilot.press(pygame.K_F5)
    assert pilot.screen.name == "reload-problems"
    drawn = pilot.texts()
    assert any('"the-letter", where the play is now, is no longer in waiting-room.yaml' in t for t in drawn)
    pilot.click("Back to the scene")
    assert pilot.app.session.state.node_id == "the-letter"
    # The edited file loads: the author can start it afresh from the panel.
    pilot.press(pygame.K_F5)
    pilot.click("Restart with the edited scene")
    state = pilot.app.session.state
    assert pilot.screen.name == "play" and state.history == [] and "the-form" in state.scenario.nodes
    assert pilot.app.library.scenarios["waiting-room"] is state.scenario


def test_watching_reloads_a_saved_edit_by_itself(make_pilot, scene_copy):
    pilot = at_the_letter(make_pilot, scene_copy, watch_scenes=True)
    pilot.wait(400)  # the portrait's fade is over
    assert pilot.step() == 500, "while watching, the window wakes twice a second to look"
    edit(scene_copy, "It's this. A benefits review.", "It's this letter. A benefits review.")
    pilot.wait(1200)  # one look sees the change, the next one finds it settled
    assert pilot.app.session.state.node.says.startswith("It's this letter.")
    # A broken save opens the problems by itself; fixing it closes them by itself.
    edit(scene_copy, "tag: judging", "tag: blaming")
    pilot.wait(1200)
    assert pilot.screen.name == "reload-problems"
    assert "it reloads by itself" in " ".join(pilot.texts())
    edit(scene_copy, "tag: blaming", "tag: judging")
    pilot.wait(1200)
    assert pilot.screen.name == "play"


def test_not_watching_lets_the_window_sleep(make_pilot, scene_copy):
    pilot = at_the_letter(make_pilot, scene_copy)
    pilot.settle()
    assert pilot.step() is None
    edit(scene_copy, "It's this. A benefits review.", "It's this letter. A benefits review.")
    pilot.wait(1200)
    assert not pilot.app.session.state.node.says.startswith("It's this letter."), "only F5 reloads"


def test_the_watch_setting_is_in_settings(make_pilot, tmp_path):
    pilot = make_pilot()
    pilot.click("Settings")
    pilot.click("Reload scene when its file changes")
    assert pilot.app.settings.watch_scenes
    saved = json.loads((tmp_path / "config" / "settings.json").read_text())
    assert saved["watch_scenes"] is True
