"""Profiles, autosave and resume, rewinds, endings found, history and "try again from here"."""

import json

import pytest

from game.progress import (ABANDONED, ENDED, PLAYING, SET_ASIDE, ProfileEndings, ProfileError, ProgressStore,
                           ResumeError)
from game.story import PlayState, build_debrief

from .helpers import LOOP, MINI, TickingClock, scenario

MINI_SC = scenario()


@pytest.fixture
def store(tmp_path):
    with ProgressStore.open(tmp_path, clock=TickingClock()) as s:
        yield s


def reopen(store):
    """A new store on the same folder, as when the game is started again."""
    store.close()
    return ProgressStore.open(store.path.parent, clock=TickingClock(1000))


# -- profiles ---------------------------------------------------------------------------------
def test_profiles_are_made_once_whatever_the_case_and_spacing(store):
    ana = store.create_profile("  Ana   Lopez ")
    assert ana.name == "Ana Lopez"
    assert store.get_or_create_profile("ana lopez") == ana
    with pytest.raises(ProfileError, match='already a profile called "ANA LOPEZ"'):
        store.create_profile("ANA LOPEZ")
    for bad, why in (("   ", "needs a name"), ("x" * 41, "at most 40"), ("a\tb\x07", "control characters")):
        with pytest.raises(ProfileError, match=why):
            store.create_profile(bad)
    store.create_profile("Ben")
    assert [p.name for p in store.profiles()] == ["Ben", "Ana Lopez"]  # most recently used first
    with pytest.raises(ProfileError, match=r'no profile called "Cleo" \(profiles: Ben, Ana Lopez\)'):
        store.require_profile("Cleo")


# -- autosave and resume ----------------------------------------------------------------------
def test_every_choice_is_autosaved_and_resumes_exactly(store):
    ana = store.create_profile("Ana")
    attempt = store.start_attempt(ana, MINI_SC)
    assert store.continuable(ana).uuid == attempt.attempt.uuid  # saved before any choice
    state = attempt.state
    state.choose("apologise")
    attempt.attempt.save(state)
    # "letter" is a continue node: the player reads on, and that is saved too.
    store = reopen(store)
    ana = store.profile("Ana")
    resumed = store.resume(ana, {"mini": MINI_SC})
    assert resumed.notice is None
    assert resumed.state.to_json() == state.to_json()
    assert resumed.state.node_id == "letter" and resumed.state.meters == {"trust": 55, "openness": 35}
    assert resumed.state.transcript() == state.transcript()  # the conversation log comes back whole
    assert [line.text for line in resumed.state.transcript()] == ["Finally.", "Sorry.", "It's this letter."]
    resumed.state.advance()
    resumed.attempt.save(resumed.state)
    summary = store.continuable(ana)
    assert summary.revision == 3 and summary.decisions == 1 and summary.status == PLAYING
    assert summary.replay is False and summary.number == 1
    store.close()


def test_each_save_records_the_meters_before_and_after_each_step(store):
    ana = store.create_profile("Ana")
    run = store.start_attempt(ana, MINI_SC)
    state = run.state
    for move in ("apologise", None, None):
        state.choose(move) if move else state.advance()
        run.attempt.save(state)
    record = store.attempt(run.attempt.uuid)
    assert [(s.index, s.node_id, s.choice_id) for s in record.steps] == [
        (0, "arrival", "apologise"), (1, "letter", None), (2, "worry", None)]
    assert record.steps[0].before == {"trust": 40, "openness": 30}
    assert record.steps[0].after == {"trust": 55, "openness": 35}
    assert record.steps[1].flags_before == ["apologised"]
    assert [s.parent_seq for s in record.steps] == [None, 1, 2]
    assert record.summary.status == ENDED and record.summary.ending_id == "opened-up"
    assert record.summary.ended_at is not None
    assert record.state == state.to_json()


def test_a_rewind_keeps_the_steps_it_took_back_and_logs_itself(store):
    ana = store.create_profile("Ana")
    run = store.start_attempt(ana, MINI_SC)
    state = run.state
    state.choose("straight-to-forms")
    run.attempt.save(state)
    state.rewind(0)
    run.attempt.save(state)
    state.choose("apologise")
    run.attempt.save(state)
    record = store.attempt(run.attempt.uuid)
    assert [(s.seq, s.choice_id, s.active) for s in record.steps] == [(1, "straight-to-forms", False),
                                                                      (2, "apologise", True)]
    assert [r.to_step for r in record.rewind_log] == [0]
    assert record.summary.rewinds == 1 and record.summary.decisions == 1
    assert [s.choice_id for s in record.path()] == ["apologise"]


def test_first_attempt_and_replays_are_told_apart(store):
    ana, ben = store.create_profile("Ana"), store.create_profile("Ben")
    first = store.start_attempt(ana, MINI_SC)
    second = store.start_attempt(ana, MINI_SC)
    other = store.start_attempt(ben, MINI_SC)
    history = {a.uuid: a for a in store.history(ana)}
    assert history[first.attempt.uuid].replay is False and history[first.attempt.uuid].number == 1
    assert history[second.attempt.uuid].replay is True and history[second.attempt.uuid].number == 2
    assert [a.uuid for a in store.history(ana)] == [second.attempt.uuid, first.attempt.uuid]  # newest first
    assert store.history(ben)[0].uuid == other.attempt.uuid and store.history(ben)[0].replay is False
    assert store.history(ana, "other-scenario") == []


# -- a save that no longer fits its scenario --------------------------------------------------
def test_a_save_whose_node_vanished_is_reported_kept_and_can_be_restarted(store):
    ana = store.create_profile("Ana")
    run = store.start_attempt(ana, MINI_SC)
    run.state.choose("straight-to-forms")
    run.attempt.save(run.state)
    # The author renames the "letter" node and bumps the version.
    edited = scenario(MINI.replace("letter", "the-letter").replace("version: 1", "version: 2"))
    with pytest.raises(ResumeError) as caught:
        store.resume(ana, {"mini": edited})
    problem = caught.value
    assert 'saved place "letter" no longer exists in "The Waiting Room"' in problem.message
    assert "The save is kept" in problem.message and problem.can_restart
    assert problem.saved.uuid == run.attempt.uuid
    assert store.continuable(ana).uuid == run.attempt.uuid  # nothing dropped silently

    fresh = store.restart(run.attempt.uuid, edited)
    assert fresh.state.node_id == "arrival" and fresh.attempt.uuid != run.attempt.uuid
    old = store.attempt(run.attempt.uuid)
    assert old.summary.status == ABANDONED and old.steps[0].choice_id == "straight-to-forms"
    assert store.continuable(ana).uuid == fresh.attempt.uuid


def test_a_missing_scenario_or_damaged_save_never_crashes(store):
    ana = store.create_profile("Ana")
    run = store.start_attempt(ana, MINI_SC)
    with pytest.raises(ResumeError) as caught:
        store.resume(ana, {})
    assert "not installed any more" in caught.value.message and not caught.value.can_restart
    store.set_aside(run.attempt.uuid)  # "keep it for later"
    assert store.continuable(ana) is None
    assert store.history(ana)[0].status == SET_ASIDE

    run = store.start_attempt(ana, MINI_SC)
    for damage in ("{not json", json.dumps({"format": "something else"}), json.dumps({**run.state.to_json(), "meters": []})):
        store.conn.execute("UPDATE attempts SET state_json = ? WHERE uuid = ?", (damage, run.attempt.uuid))
        with pytest.raises(ResumeError) as caught:
            store.resume(ana, {"mini": MINI_SC})
        assert caught.value.can_restart and "cannot be continued" in caught.value.message


def test_resuming_an_updated_scenario_says_so(store):
    ana = store.create_profile("Ana")
    store.start_attempt(ana, MINI_SC)
    newer = scenario(MINI.replace("version: 1", "version: 2"))
    resumed = store.resume(ana, {"mini": newer})
    assert "has been updated since you last played it" in resumed.notice
    resumed.attempt.save(resumed.state)
    assert store.continuable(ana).scenario_version == 2


# -- endings ----------------------------------------------------------------------------------
def test_endings_found_outlive_a_rewind_and_fill_the_gallery(store):
    ana = store.create_profile("Ana")
    run = store.start_attempt(ana, MINI_SC)
    gallery = store.gallery(ana, MINI_SC)
    assert [(g.found, g.title, g.hint) for g in gallery] == [(False, None, None), (False, None, None)]
    state = run.state
    state.choose("straight-to-forms")
    state.advance()
    run.attempt.save(state)
    assert state.ending.id == "paperwork-only"
    state.rewind(0)  # back from the ending: the attempt goes on, the ending stays found
    run.attempt.save(state)
    assert store.attempt(run.attempt.uuid).summary.status == PLAYING
    assert store.endings_found(ana, "mini") == {"paperwork-only"}
    gallery = {g.ending.id: g for g in store.gallery(ana, MINI_SC)}
    assert gallery["paperwork-only"].found and gallery["paperwork-only"].text == "The form is done."
    locked = gallery["opened-up"]
    assert not locked.found and locked.title is None and locked.text is None
    assert locked.hint == ("The best outcome of this encounter: it takes more trust and something that has to happen "
                           "along the way.")

    endings = ProfileEndings(store, ana)  # what the window's select and debrief screens read
    assert endings.found("mini") == {"paperwork-only"}
    endings.record("mini", "opened-up")
    assert endings.found("mini") == {"paperwork-only", "opened-up"}
    assert store.endings_found(ana, "mini") == {"paperwork-only"}  # only autosaves write the file


# -- history ----------------------------------------------------------------------------------
def test_a_past_debrief_is_rebuilt_from_what_was_stored(store):
    ana = store.create_profile("Ana")
    run = store.start_attempt(ana, MINI_SC)
    state = run.state
    state.choose("apologise")
    run.attempt.save(state)
    state.advance()
    run.attempt.save(state)
    state.advance()
    run.attempt.save(state)
    live = build_debrief(MINI_SC, state).to_dict()
    store = reopen(store)
    assert store.debrief(run.attempt.uuid, MINI_SC).to_dict() == live
    store.close()


def test_try_again_from_any_recorded_choice_even_one_rewound(store):
    loop = scenario(LOOP, "loop.yaml")
    ana = store.create_profile("Ana")
    run = store.start_attempt(ana, loop)
    state = run.state
    for move in ("listen", "again", "push", "wait"):
        state.choose(move)
        run.attempt.save(state)
    state.rewind(2)  # takes back "push" and "wait"
    run.attempt.save(state)
    state.choose("listen")
    run.attempt.save(state)
    record = store.attempt(run.attempt.uuid)
    push = next(s for s in record.steps if s.choice_id == "push")
    assert not push.active

    # Before the rewound "push": the same place, meters, flags and log as the live state had then.
    again = store.try_again_from(run.attempt.uuid, push.seq, loop)
    expected = PlayState.start(loop)
    for move in ("listen", "again"):
        expected.choose(move)
    assert again.state.to_json() == expected.to_json()
    assert again.state.transcript() == expected.transcript()
    summary = store.attempt(again.attempt.uuid).summary
    assert (summary.origin_uuid, summary.origin_seq, summary.replay) == (run.attempt.uuid, push.seq, True)
    assert store.continuable(ana).uuid == again.attempt.uuid
    again.state.choose("push")
    again.attempt.save(again.state)
    assert store.attempt(again.attempt.uuid).summary.decisions == 3

    # From a step on the final path, found the way the debrief numbers it.
    first = store.attempt(run.attempt.uuid).step_at(0)
    assert store.state_at(run.attempt.uuid, first.seq, loop).to_json() == PlayState.start(loop).to_json()


def test_a_save_to_the_wrong_scenario_is_refused(store):
    ana = store.create_profile("Ana")
    run = store.start_attempt(ana, MINI_SC)
    with pytest.raises(Exception, match='is of scenario "mini", not "loop"'):
        run.attempt.save(PlayState.start(scenario(LOOP, "loop.yaml")))
