"""The session layer without any front end: what a PlaySession does and tells its listeners,
and the listeners every front end hangs on it (autosave, endings found)."""

import pytest

from game.play import (CHOICE_MADE, ENDING_REACHED, FINISHED, READ_ON, RELOADED, REWOUND, STARTED, Autosave,
                       EndingsFound, PlaySession, ScriptError, SessionEndings, play_scripted)
from game.progress import PLAYING, SET_ASIDE, ProgressStore
from game.story import PlayError, PlayState

from ..progress.helpers import TickingClock, scenario

MINI = scenario()


class Heard(list):
    """A listener that keeps (kind, history length, details) of every event."""

    def __call__(self, event):
        detail = event.choice.id if event.choice else event.ending.id if event.ending else event.to_step
        self.append((event.kind, len(event.session.state.history), detail))


def test_each_action_tells_every_listener_in_order():
    heard, also = Heard(), Heard()
    session = PlaySession.start(MINI, [heard])
    session.listen(also)  # adding a listener is one line
    session.choose("apologise")
    session.read_on()  # the letter, then the worry, wait for no choice
    session.read_on()
    assert session.is_over and session.ending.id == "opened-up"
    session.finish()
    session.finish()  # told once
    assert heard == [(STARTED, 0, None), (CHOICE_MADE, 1, "apologise"), (READ_ON, 2, None), (READ_ON, 3, None),
                     (ENDING_REACHED, 3, "opened-up"), (FINISHED, 3, "opened-up")]
    assert also == heard[1:]


def test_rewind_takes_the_play_back_and_a_new_ending_is_reported_again():
    heard = Heard()
    session = PlaySession.start(MINI, [heard])
    session.choose("straight-to-forms")  # trust too low: the letter routes straight to goodbye
    session.read_on()
    assert session.ending.id == "paperwork-only"
    session.finish()
    session.rewind(0)
    assert not session.is_over and session.state.history == [] and not session.finished
    session.choose("apologise")
    session.read_on()
    session.read_on()
    session.finish()
    kinds = [k for k, _, _ in heard]
    assert kinds == [STARTED, CHOICE_MADE, READ_ON, ENDING_REACHED, FINISHED, REWOUND, CHOICE_MADE, READ_ON,
                     READ_ON, ENDING_REACHED, FINISHED]
    assert heard[5] == (REWOUND, 0, 0)


def test_refused_actions_change_nothing_and_tell_nobody():
    heard = Heard()
    session = PlaySession.start(MINI, [heard])
    with pytest.raises(PlayError):
        session.choose("no-such-choice")
    with pytest.raises(PlayError):
        session.read_on()  # the first moment waits for a choice
    with pytest.raises(PlayError):
        session.finish()  # not ended yet
    assert heard == [(STARTED, 0, None)] and session.state.history == []


def test_a_notice_lasts_until_the_next_move_and_a_reload_is_told():
    heard = Heard()
    session = PlaySession.start(MINI, [heard])
    moved = PlayState.from_json(MINI, session.state.to_json())
    session.reloaded(MINI, moved, "Reloaded.")
    assert session.state is moved and session.notice == "Reloaded." and heard[-1][0] == RELOADED
    session.choose("apologise")
    assert session.notice is None
    with pytest.raises(ValueError):
        session.reloaded(MINI, PlayState.start(scenario()))  # the state must play the scenario given


def test_scripted_play_reads_on_by_itself_and_refuses_what_does_not_fit():
    session = play_scripted(MINI, ["1"])
    assert session.ending.id == "opened-up"
    with pytest.raises(ScriptError, match="left over"):
        play_scripted(MINI, ["1", "2"])
    with pytest.raises(ScriptError, match="only 2"):
        play_scripted(MINI, ["3"])
    assert not play_scripted(MINI, []).is_over  # ran out of choices before an ending


def test_endings_found_follow_whoever_plays_now():
    first, second = SessionEndings(), SessionEndings()
    current = [first]
    play_scripted(MINI, ["1"], [EndingsFound(lambda: current[0])])
    current[0] = second
    play_scripted(MINI, ["2"], [EndingsFound(lambda: current[0])])
    assert first.found("mini") == {"opened-up"} and second.found("mini") == {"paperwork-only"}


def test_autosave_stores_every_step_resumes_and_sets_a_restarted_attempt_aside(tmp_path):
    with ProgressStore.open(tmp_path, clock=TickingClock()) as store:
        ana = store.create_profile("Ana")
        autosave = Autosave(store, ana)
        session = PlaySession.start(MINI, [autosave])
        assert session.attempt is not None  # stored at once
        session.choose("apologise")
        assert store.continuable(ana).decisions == 1

        again = PlaySession.resume(store.resume(ana, {"mini": MINI}), [autosave])
        assert again.attempt.uuid == session.attempt.uuid and again.state.node_id == "letter"
        restarted = PlaySession.start(MINI, [autosave])  # Restart: the old attempt steps aside
        statuses = {a.uuid: a.status for a in store.history(ana, "mini")}
        assert statuses == {session.attempt.uuid: SET_ASIDE, restarted.attempt.uuid: PLAYING}
        restarted.choose("apologise")
        restarted.read_on()
        restarted.read_on()
        assert store.endings_found(ana, "mini") == {"opened-up"}


def test_without_a_profile_nothing_is_stored_and_a_failed_save_is_reported_then_cleared(tmp_path):
    with ProgressStore.open(tmp_path, clock=TickingClock()) as store:
        told = []
        autosave = Autosave(store, None, on_problem=told.append)
        session = PlaySession.start(MINI, [autosave])
        session.choose("apologise")
        assert session.attempt is None and store.profiles() == []
        autosave.profile = store.create_profile("Ben")
        store.conn.execute("CREATE TRIGGER stop BEFORE INSERT ON steps BEGIN SELECT RAISE(FAIL, 'disk full'); END")
        session.read_on()
        session.read_on()
        assert autosave.problem and "disk full" in autosave.problem and session.attempt is None
        store.conn.execute("DROP TRIGGER stop")
        session.finish()  # the next event saves again: the whole state, so nothing is lost
        assert autosave.problem is None
        assert len(told) == 2 and "disk full" in told[0] and told[1] is None  # told when it changed only
        [attempt] = store.history(store.require_profile("Ben"), "mini")
        assert attempt.decisions == 1 and attempt.ending_id == "opened-up"
