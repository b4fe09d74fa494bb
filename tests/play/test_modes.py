"""Practice and assessed attempts (issue 12 item 5): the session rule, what is stored, history,
export and import, the gallery mark, the lab lock, the terminal and the xAPI statements."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.play import ASSESSED, NO_REWIND, PRACTICE, Autosave, PlaySession
from game.progress import ProgressError, ProgressStore, TransferError, export_profile, import_export
from game.settings import assessed_only
from game.story import PlayError

from ..progress.helpers import TickingClock, scenario

MINI = scenario()
ROOT = Path(__file__).resolve().parents[2]


def test_practice_is_the_default_and_rewinds():
    session = PlaySession.start(MINI)
    assert session.mode == PRACTICE and session.coaching and session.can_rewind
    session.choose("apologise")
    session.rewind(0)
    assert session.state.history == []


def test_an_assessed_attempt_cannot_be_taken_back():
    session = PlaySession.start(MINI, mode=ASSESSED)
    assert session.assessed and not session.coaching and not session.can_rewind
    session.choose("apologise")
    with pytest.raises(PlayError) as caught:
        session.rewind(0)
    assert str(caught.value) == NO_REWIND and "assessed" in str(caught.value)
    assert len(session.state.history) == 1  # nothing was taken back


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        PlaySession.start(MINI, mode="exam")


def test_the_mode_is_stored_resumed_and_shown_in_history(tmp_path):
    with ProgressStore.open(tmp_path, clock=TickingClock()) as store:
        ana = store.get_or_create_profile("Ana")
        session = PlaySession.start(MINI, [Autosave(store, ana)], mode=ASSESSED)
        session.choose("apologise")
        resumed = store.resume(ana, {MINI.id: MINI})
        assert resumed.mode == ASSESSED
        again = PlaySession.resume(resumed)
        assert again.mode == ASSESSED and not again.can_rewind
        PlaySession.start(MINI, [Autosave(store, ana)]).choose("apologise")
        assert [a.mode for a in store.history(ana)] == [PRACTICE, ASSESSED]
        with pytest.raises(ProgressError):
            store.start_attempt(ana, MINI, mode="exam")


def _play_to_end(session):
    while not session.is_over:
        if session.status == "choice":
            session.choose(session.state.available()[0].id)
        else:
            session.read_on()


def test_the_gallery_marks_endings_earned_in_an_assessed_attempt(tmp_path):
    with ProgressStore.open(tmp_path, clock=TickingClock()) as store:
        ana = store.get_or_create_profile("Ana")
        practice = PlaySession.start(MINI, [Autosave(store, ana)])
        _play_to_end(practice)
        earned = practice.ending.id
        assert not any(e.assessed for e in store.gallery(ana, MINI))
        assessed = PlaySession.start(MINI, [Autosave(store, ana)], mode=ASSESSED)
        _play_to_end(assessed)
        marks = {e.ending.id: e.assessed for e in store.gallery(ana, MINI)}
        assert marks[earned] and sum(marks.values()) == 1


def test_export_carries_the_mode_and_import_checks_it(tmp_path):
    with ProgressStore.open(tmp_path / "a", clock=TickingClock()) as store:
        ana = store.get_or_create_profile("Ana")
        PlaySession.start(MINI, [Autosave(store, ana)], mode=ASSESSED).choose("apologise")
        data = export_profile(store, "Ana")
    assert [a["mode"] for a in data["attempts"]] == [ASSESSED]
    with ProgressStore.open(tmp_path / "b", clock=TickingClock()) as other:
        import_export(other, json.loads(json.dumps(data)))
        assert [a.mode for a in other.history(other.require_profile("Ana"))] == [ASSESSED]
    old = json.loads(json.dumps(data))
    del old["attempts"][0]["mode"]  # an export from before modes: practice
    with ProgressStore.open(tmp_path / "c", clock=TickingClock()) as third:
        import_export(third, old)
        assert [a.mode for a in third.history(third.require_profile("Ana"))] == [PRACTICE]
    bad = json.loads(json.dumps(data))
    bad["attempts"][0]["mode"] = "exam"
    with ProgressStore.open(tmp_path / "d", clock=TickingClock()) as fourth:
        with pytest.raises(TransferError, match='"mode"'):
            import_export(fourth, bad)


def test_the_lab_lock(tmp_path):
    assert not assessed_only(tmp_path, environ={})
    assert assessed_only(tmp_path, environ={"RAPPORT_ASSESSED_ONLY": "1"})
    (tmp_path / "lab.json").write_text("not json", encoding="utf-8")
    assert not assessed_only(tmp_path, environ={})
    (tmp_path / "lab.json").write_text('{"assessed_only": true}', encoding="utf-8")
    assert assessed_only(tmp_path, environ={})


def test_xapi_statements_carry_the_mode(tmp_path):
    from game.progress import outbox
    from game.records.recorder import XapiRecorder

    key = "https://w3id.org/rapport/xapi/extensions/mode"
    with ProgressStore.open(tmp_path, clock=TickingClock()) as store:
        ana = store.get_or_create_profile("Ana")
        recorder = XapiRecorder(store, lambda: "Ana")
        _play_to_end(PlaySession.start(MINI, [Autosave(store, ana), recorder], mode=ASSESSED))
        _play_to_end(PlaySession.start(MINI, [Autosave(store, ana), recorder]))
        modes = [s["context"]["extensions"][key] for s in outbox.statements_for(store, "Ana")]
    assert ASSESSED in modes and PRACTICE in modes
    assert modes.index(PRACTICE) > max(i for i, m in enumerate(modes) if m == ASSESSED)


def _rapport(args, answers, data_dir, env=None):
    import os

    environ = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "game", "--data-dir", str(data_dir), *args],
                          input="\n".join(answers) + "\n", capture_output=True, text=True, timeout=60, cwd=ROOT,
                          env=environ)


@pytest.mark.parametrize("args, env", [(["play", "--text", "waiting-room", "--assessed"], None),
                                       (["--assessed", "play", "--text", "waiting-room"], None),
                                       (["play", "--text", "waiting-room"], {"RAPPORT_ASSESSED_ONLY": "1"})])
def test_terminal_assessed_play_has_no_coach_and_no_going_back(tmp_path, args, env):
    result = _rapport([*args, "--coach", "--profile", "Ana"], ["", "1", "", "b", "q"], tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert "Coach (" not in result.stdout
    assert "You take back your last response" not in result.stdout
    assert "cannot be taken back" in result.stdout
    with ProgressStore.open(tmp_path) as store:
        assert [a.mode for a in store.history(store.require_profile("Ana"))] == [ASSESSED]
    listed = _rapport(["profiles"], [], tmp_path)
    assert "1 assessed" in listed.stdout


def test_terminal_practice_still_coaches_and_goes_back(tmp_path):
    result = _rapport(["play", "--text", "waiting-room", "--coach", "--profile", "Ana"], ["", "1", "", "b", "q"],
                      tmp_path, {"RAPPORT_ASSESSED_ONLY": ""})
    assert "Coach (" in result.stdout and "You take back your last response" in result.stdout
    with ProgressStore.open(tmp_path) as store:
        assert [a.mode for a in store.history(store.require_profile("Ana"))] == [PRACTICE]


def test_trying_again_from_a_choice_is_practice_unless_the_lab_locks_it(tmp_path):
    with ProgressStore.open(tmp_path, clock=TickingClock()) as store:
        ana = store.get_or_create_profile("Ana")
        session = PlaySession.start(MINI, [Autosave(store, ana)], mode=ASSESSED)
        session.choose("apologise")
        step = store.attempt(session.attempt.uuid).path()[0].seq
        assert store.try_again_from(session.attempt.uuid, step, MINI).mode == PRACTICE
        assert store.try_again_from(session.attempt.uuid, step, MINI, mode=ASSESSED).mode == ASSESSED
