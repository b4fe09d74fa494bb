"""Live reload: an edited scene file picked up mid-play, or refused with the last good version kept."""

import os
import shutil

import pytest

from game.story import PlayState, load_scenario, parse_scenario
from game.story.reload import SceneWatch, reload_play

from .helpers import REPO

SOURCE = REPO / "scenes" / "waiting-room.yaml"


@pytest.fixture
def scene(tmp_path):
    path = tmp_path / "waiting-room.yaml"
    shutil.copy(SOURCE, path)
    return path


def played(path):
    state = PlayState.start(load_scenario(path))
    for choice in ("apologise-for-wait", "explain-meeting"):
        state.choose(choice)
        state.advance()  # read on past Sam's reaction
    return state  # at "the-letter", trust 53, openness 42


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_an_edit_is_picked_up_at_the_same_node_with_the_same_meters(scene):
    state = played(scene)
    before = dict(state.meters), state.flags, len(state.history)
    edit(scene, "It's this. A benefits review.", "It's this letter. A benefits review.")
    edit(scene, "effects: { trust: 5, openness: 10 }", "effects: { trust: 9, openness: 10 }")
    result = reload_play(state)
    # a format 2 scene reloads clean (a format 1 scene's only notes would say what to add: RP0430)
    assert result.ok and all(d.code == "RP0430" for d in result.problems)
    new = result.state
    assert new is not state and new.scenario is result.scenario is not state.scenario
    assert new.node_id == "the-letter" and (dict(new.meters), new.flags, len(new.history)) == before
    assert new.node.says.startswith("It's this letter.")
    step = new.choose("reflect-worry")
    assert step.delta("trust") == 9  # the new rules apply from here on
    assert result.message.startswith('reloaded waiting-room.yaml: still at "the-letter"')
    new.rewind(0)  # the carried history still rewinds
    assert new.node_id == "arrival" and new.meters["trust"] == 35


def test_a_broken_edit_keeps_the_last_good_version(scene):
    state = played(scene)
    scenario = state.scenario
    edit(scene, "tag: judging", "tag: blaming")
    edit(scene, "minutes: 6", "minutes: [6")
    result = reload_play(state)
    assert not result.ok and result.state is state and result.scenario is scenario
    assert "keeps running" in result.message and result.problems
    assert all(d.line > 0 for d in result.problems)
    assert result.lines()[1].startswith(f"{scene}:")
    state.choose("reflect-worry")  # play goes on as before


def test_every_validation_error_is_listed(scene):
    state = played(scene)
    edit(scene, "tag: judging", "tag: blaming")
    edit(scene, "next: plan\n", "next: plann\n")
    result = reload_play(state)
    assert not result.ok and "2 problems" in result.message
    assert any('"blaming"' in d.message for d in result.problems)
    assert any('"plann"' in d.message for d in result.problems)


def test_the_current_node_removed_is_a_clear_refusal(scene):
    state = played(scene)
    text = scene.read_text().replace("the-letter", "the-form")
    scene.write_text(text)
    result = reload_play(state)
    assert not result.ok and result.state is state
    assert 'node "the-letter", where the play is now, is no longer in waiting-room.yaml' in result.message


def test_a_changed_id_is_refused(scene):
    state = played(scene)
    edit(scene, "id: waiting-room", "id: waiting-room-2")
    result = reload_play(state)
    assert not result.ok and '"waiting-room-2"' in result.message


def test_meters_are_fitted_to_new_bounds(scene):
    state = played(scene)
    edit(scene, "trust: { start: 35 }", "trust: { start: 35, max: 50 }")
    result = reload_play(state)
    assert result.ok and result.state.meters["trust"] == 50


def test_a_place_that_no_longer_waits_is_refused(scene):
    state = played(scene)
    text = scene.read_text()
    start, end = text.index("  the-letter:"), text.index("  drifted:")
    scene.write_text(text[:start] + "  the-letter:  # now passes straight on\n    next: after-letter\n\n" + text[end:])
    result = reload_play(state)
    assert not result.ok and result.state is state
    assert "no longer has text or choices to stop at" in result.message and "keeps running" in result.message


def test_an_ended_play_resolves_its_ending_by_the_new_rules(scene):
    state = PlayState.start(load_scenario(scene))
    for choice in ["rebook", "start-anywhere", "why-not-opened", "just-paperwork", "off-your-hands"]:
        state.choose(choice)
        while not state.is_over and state.status != "choice":  # read on, past reactions too
            state.advance()
    assert state.ending.id == "paperwork-only"
    edit(scene, "if: { flag: promised }\n    text: >", "if: { meter: trust, at_least: 0 }\n    text: >")
    result = reload_play(state)
    assert result.ok and result.state.ending.id == "a-promise-to-keep"


def test_a_scenario_without_a_file_cannot_reload():
    scenario, _ = parse_scenario(SOURCE.read_text(), "inline.yaml")
    result = reload_play(PlayState.start(scenario))
    assert not result.ok and "not loaded from a file" in result.message


def test_watch_reports_a_saved_change_once_it_has_settled(scene):
    watch = SceneWatch(scene, interval_ms=100)
    assert watch.poll(0) is False
    stat = os.stat(scene)
    os.utime(scene, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert watch.poll(50) is False  # too soon to look again
    assert watch.poll(100) is False  # changed: wait one more look
    assert watch.poll(200) is True
    assert watch.poll(300) is False  # reported once


def test_watch_ignores_a_file_missing_for_a_moment(scene, tmp_path):
    watch = SceneWatch(scene, interval_ms=0)
    moved = tmp_path / "aside.yaml"
    scene.rename(moved)
    assert watch.poll(1) is False and watch.poll(2) is False
    moved.rename(scene)
    assert watch.poll(3) is False and watch.poll(4) is False  # the same file as before


def test_watch_after_a_manual_reload_does_not_fire_again(scene):
    watch = SceneWatch(scene, interval_ms=0)
    stat = os.stat(scene)
    os.utime(scene, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    watch.mark_loaded()
    assert watch.poll(1) is False and watch.poll(2) is False
