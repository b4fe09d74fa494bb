"""Students' progress through the window's own input path: profiles, autosave and Continue after
a restart, a save whose place vanished, the endings gallery, the history, and --data-dir."""

import json

import pygame

from game.progress import ABANDONED, ProgressError, ProgressStore, SET_ASIDE
from tests.ui.test_screens import to_play

INSTANT = json.dumps({"text_speed": "instant"})


def choose(pilot, *choice_ids):
    """Pick choices by id, clicking their buttons; read on through nodes without choices."""
    state = pilot.app.session.state
    for choice_id in choice_ids:
        while state.status in ("continue", "reaction"):
            pilot.click("Continue")
        text = next(c.text for c in state.available() if c.id == choice_id)
        pilot.click(pilot.button(text))
        assert state.history[-1].choice_id == choice_id
        while state.status == "reaction":  # read on past the client's reaction
            pilot.click("Continue")


def play_to_end(pilot):
    state = pilot.app.session.state
    while state.status != "ended":
        pilot.press(pygame.K_1 if state.status == "choice" else pygame.K_SPACE)
    return state


def to_title(pilot):
    pilot.app.nav.title()
    pilot.step()


def restart(make_pilot, pilot, **kwargs):
    """Close the game (progress and window) and open it again on the same folders."""
    pilot.app.progress.close()
    pygame.quit()
    return make_pilot(settings=INSTANT, **kwargs)


def test_continue_after_a_restart_lands_on_the_same_node_meters_and_log(make_pilot):
    pilot = make_pilot(settings=INSTANT)
    to_play(pilot)
    choose(pilot, "apologise-for-wait", "explain-meeting")
    before = pilot.app.session.state
    node, meters, log = before.node_id, dict(before.meters), before.transcript()
    assert node == "the-letter"
    pilot.press(pygame.K_ESCAPE)
    pilot.click("Leave")

    again = restart(make_pilot, pilot)
    assert "Playing as Tester" in again.texts()
    assert again.screen.focus.focused.label == "Continue"
    assert "The Waiting Room" in again.screen.focus.focused.detail and "2 choices" in again.screen.focus.focused.detail
    again.press(pygame.K_RETURN)
    assert again.screen.name == "play"
    state = again.app.session.state
    assert (state.node_id, dict(state.meters), state.transcript()) == (node, meters, log)
    assert any(t.startswith("You: ") for t in again.texts()), "the last choice is shown as before"
    again.press(pygame.K_l)
    logged = [i.text for i in again.screen.doc.items if hasattr(i, "text")]
    assert all(line.text in logged for line in log)
    again.press(pygame.K_l)
    # Playing on saves into the same attempt.
    choose(again, "reflect-worry")
    [attempt] = again.app.progress.history(again.app.profile)
    assert attempt.decisions == 3 and attempt.uuid == again.app.session.attempt.uuid


def test_every_choice_rewind_and_the_ending_are_saved(make_pilot):
    pilot = make_pilot(settings=INSTANT)
    to_play(pilot)
    store, profile = pilot.app.progress, pilot.app.profile
    choose(pilot, "apologise-for-wait")
    assert store.history(profile)[0].decisions == 1
    pilot.press(pygame.K_l)
    pilot.click(pilot.screen.focus.buttons[0])  # rewind to before the first choice
    record = store.attempt(pilot.app.session.attempt.uuid)
    assert record.summary.rewinds == 1 and not record.steps[0].active
    state = play_to_end(pilot)
    summary = store.history(profile)[0]
    assert summary.status == "ended" and summary.ending_id == state.ending.id
    assert store.continuable(profile) is None
    to_title(pilot)
    assert "Continue" not in pilot.labels(), "a finished encounter is not offered to continue"


def save_whose_node_vanished(make_pilot, scene_copy):
    """Two decisions saved at "the-letter", then the scene renamed that node and the game started
    again: the restarted pilot (on the title) and the saved attempt's uuid."""
    pilot = make_pilot(settings=INSTANT, scenes_dirs=[scene_copy.parent])
    to_play(pilot)
    choose(pilot, "apologise-for-wait", "explain-meeting")
    old_uuid = pilot.app.session.attempt.uuid
    scene_copy.write_text(scene_copy.read_text().replace("the-letter", "the-form"))
    return restart(make_pilot, pilot, scenes_dirs=[scene_copy.parent]), old_uuid


def test_a_save_whose_node_vanished_is_explained_and_restart_works(make_pilot, scene_copy):
    again, old_uuid = save_whose_node_vanished(make_pilot, scene_copy)
    again.click("Continue")
    assert again.screen.name == "save-problem"
    drawn = " ".join(again.texts())
    assert "cannot be continued" in drawn and "the-letter" in drawn
    assert again.labels() == ["Keep for later", "Restart"]
    again.click("Restart")  # it asks first, with Cancel in focus
    assert again.screen.name == "confirm"
    again.click("Restart from the beginning")
    assert again.screen.name == "play"
    state = again.app.session.state
    assert state.history == [] and state.node_id == state.scenario.start
    history = {a.uuid: a for a in again.app.progress.history(again.app.profile)}
    assert history[old_uuid].status == ABANDONED and history[old_uuid].decisions == 2, "the old save is kept"
    assert again.app.session.attempt.uuid != old_uuid


def test_enter_on_the_save_problem_screen_loses_nothing(make_pilot, scene_copy):
    """The save-problem screen opens with the choice that loses nothing in focus: Enter on its
    first frame keeps the save (in the history, with every decision), and starts nothing afresh;
    Restart is never the default, and Enter on its question is Cancel."""
    again, old_uuid = save_whose_node_vanished(make_pilot, scene_copy)
    again.click("Continue")
    assert again.screen.name == "save-problem"
    assert again.screen.focus.focused.label == "Keep for later"
    # Restart asks, and Enter on the question keeps things as they were.
    again.click("Restart")
    assert again.screen.name == "confirm" and again.screen.focus.focused.label == "Cancel"
    again.press(pygame.K_RETURN)
    assert again.screen.name == "save-problem"
    [saved] = again.app.progress.history(again.app.profile)
    assert saved.uuid == old_uuid and saved.decisions == 2 and saved.status != ABANDONED
    # A fresh screen, and Enter on its very first frame.
    again.app.pop()
    again.click("Continue")
    assert again.screen.name == "save-problem"
    again.press(pygame.K_RETURN)
    assert again.screen.name == "title", "Enter kept the save and went back"
    [saved] = again.app.progress.history(again.app.profile)
    assert saved.uuid == old_uuid and saved.status == SET_ASIDE and saved.decisions == 2, "nothing is lost"
    assert again.app.session is None or again.app.session.attempt is None or \
        again.app.session.attempt.uuid == old_uuid, "no fresh attempt was started"


def test_keep_for_later_leaves_the_save_in_the_history(make_pilot, scene_copy):
    again, _uuid = save_whose_node_vanished(make_pilot, scene_copy)
    again.click("Continue")
    again.click("Keep for later")
    assert again.screen.name == "title" and "Continue" not in again.labels()
    again.click("History")
    [entry] = [b for b in again.labels() if b == "Tutorial: The Waiting Room"]
    assert "kept for later" in again.button(entry).detail
    [saved] = again.app.progress.history(again.app.profile)
    assert saved.status == SET_ASIDE and saved.decisions == 2


def test_the_gallery_shows_found_endings_and_locks_the_rest_with_hints(make_pilot):
    pilot = make_pilot(settings=INSTANT)
    pilot.click("Scenarios")
    pilot.click("Tutorial")
    pilot.click("Endings")
    assert pilot.screen.name == "gallery"
    assert "No endings found yet" in " ".join(pilot.texts())
    assert not any(e.hint for e in pilot.screen.entries), "no hints before the scenario is completed"
    pilot.press(pygame.K_ESCAPE)
    pilot.click("Begin")
    state = play_to_end(pilot)
    pilot.press(pygame.K_RETURN)  # See how it went
    pilot.click("Endings")
    drawn = " ".join(pilot.texts())
    scenario = state.scenario
    assert f"{scenario.title} · 1 of {len(scenario.endings)} found" in drawn
    assert state.ending.title in drawn and " ".join(state.ending.text.split()[:6]) in drawn
    locked = [e for e in scenario.endings if e.id != state.ending.id]
    assert drawn.count("Locked ending") == len(locked)
    for ending in locked:
        assert ending.title not in drawn
    assert all(e.hint and e.hint in drawn for e in pilot.screen.entries if not e.found)
    # Endings found last across restarts and show on the scenario card.
    again = restart(make_pilot, pilot)
    again.click("Scenarios")
    facts = [b.text for b in again.button("Tutorial")._card_parts]
    assert any(f"1 of {len(scenario.endings)} endings found" in t for t in facts)


def test_history_rereads_a_debrief_and_tries_again_from_a_choice(make_pilot):
    pilot = make_pilot(settings=INSTANT)
    to_play(pilot)
    state = play_to_end(pilot)
    ending, decisions = state.ending, [s for s in state.history if s.choice_id]
    to_title(pilot)
    pilot.click("History")
    assert pilot.screen.name == "history"
    [entry] = pilot.screen.attempts
    assert "first attempt" in pilot.button("Tutorial").detail and ending.title in pilot.button("Tutorial").detail
    pilot.click("Tutorial")
    assert pilot.screen.name == "past-attempt" and pilot.screen.title == ending.title
    laid_out = [getattr(i, "text", "") for i in pilot.screen.doc.items]  # below the teaching parts now
    assert f"{ending.title} (this attempt)" in laid_out
    tries = [b for b in pilot.screen.buttons() if b.label == "Try again from here"]
    assert len(tries) == len(decisions)
    pilot.click(tries[1])  # just before the second choice
    assert pilot.screen.name == "play"
    again = pilot.app.session.state
    assert len(again.history) == len(state.history[:decisions[1].index])
    assert again.node_id == decisions[1].node_id and dict(again.meters) == decisions[1].before
    attempts = pilot.app.progress.history(pilot.app.profile)
    assert len(attempts) == 2 and attempts[0].origin_uuid == entry.uuid and attempts[0].replay


def test_history_offers_taken_back_choices_and_continuing_an_unfinished_attempt(make_pilot):
    pilot = make_pilot(settings=INSTANT)
    to_play(pilot)
    choose(pilot, "explain-busy-day")
    pilot.app.screen.rewind_to(0)
    choose(pilot, "apologise-for-wait")
    to_title(pilot)
    pilot.app.session = None  # as after closing the window: only the save remains
    to_title(pilot)
    pilot.click("History")
    pilot.click("Tutorial")
    page = " ".join(i.text for i in pilot.screen.doc.items if hasattr(i, "text"))
    assert "Unfinished attempt" == pilot.screen.title and "Choices you took back" in page
    assert len([b for b in pilot.labels() if b == "Try again from here"]) == 2
    pilot.click("Continue this attempt")
    assert pilot.screen.name == "play" and pilot.app.session.state.history[-1].choice_id == "apologise-for-wait"


def test_choosing_creating_and_switching_profiles(make_pilot):
    pilot = make_pilot(settings=INSTANT, profile=None)
    assert pilot.app.profile is None
    assert pilot.screen.focus.focused.label == "Who is playing?"
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "profiles" and pilot.screen.wants_text, "a new machine: type a name"
    pilot.type("Ana 1")  # digits and spaces type, they do not pick
    pilot.press(pygame.K_BACKSPACE, pygame.K_BACKSPACE)
    pilot.type(" Lopez")
    assert pilot.screen.field.text == "Ana Lopez"
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "title" and pilot.app.profile.name == "Ana Lopez"
    assert "Playing as Ana Lopez" in pilot.texts()
    to_play(pilot)
    choose(pilot, "apologise-for-wait")
    to_title(pilot)
    assert "Continue" in pilot.labels()

    pilot.click("Switch profile")
    assert pilot.labels()[:1] == ["Ana Lopez"] and "playing now" in pilot.button("Ana Lopez").detail
    pilot.click("New name")
    pilot.type("Ben")
    pilot.click("Add and play as this name")
    assert pilot.app.profile.name == "Ben" and "Continue" not in pilot.labels(), "Ana's game is not Ben's"
    assert pilot.app.session is None
    pilot.click("Switch profile")
    pilot.press(pygame.K_2)  # most recent first: Ben, then Ana Lopez
    assert pilot.app.profile.name == "Ana Lopez"
    assert "Continue" in pilot.labels()


def test_a_shared_machine_asks_who_is_playing_before_the_first_encounter(make_pilot, tmp_path):
    with ProgressStore.open(tmp_path / "data") as store:
        store.get_or_create_profile("Ana")
        store.get_or_create_profile("Ben")
    pilot = make_pilot(settings=INSTANT, profile=None)
    assert pilot.app.profile is None, "with several profiles nobody carries on as the last one"
    pilot.click("Scenarios")
    pilot.click("Tutorial")
    pilot.click("Begin")
    assert pilot.screen.name == "profiles"
    assert any(t.startswith("Before you begin") for t in pilot.texts())
    pilot.click("Add and play as this name")
    assert any("Type a name first" in t for t in pilot.texts()), "an empty name is refused with a reason"
    pilot.click("Ben")
    assert pilot.screen.name == "play" and pilot.app.session.attempt.profile.name == "Ben"


def test_a_name_that_cannot_be_used_says_why(make_pilot):
    pilot = make_pilot(profile=None)
    pilot.click("Who is playing?")
    pilot.type("x" * 60)
    assert len(pilot.screen.field.text) == 40, "the field stops at the longest name allowed"
    pilot.press(pygame.K_RETURN)
    assert pilot.app.profile.name == "x" * 40


def test_a_failed_autosave_is_shown_and_play_goes_on(make_pilot, monkeypatch):
    pilot = make_pilot(settings=INSTANT)
    to_play(pilot)
    store = pilot.app.progress
    real_save = store.save

    def failing(uuid, state):
        raise ProgressError("the disk is full")

    monkeypatch.setattr(store, "save", failing)
    choose(pilot, "apologise-for-wait")
    assert pilot.screen.name == "play"
    assert any("could not be saved just now (the disk is full)" in t for t in pilot.texts())
    monkeypatch.setattr(store, "save", real_save)
    choose(pilot, "explain-meeting")
    assert not any("could not be saved" in t for t in pilot.texts())
    assert store.history(pilot.app.profile)[0].decisions == 2, "the next save made good the missed one"


def test_restarting_from_the_pause_menu_sets_the_old_attempt_aside(make_pilot):
    pilot = make_pilot(settings=INSTANT)
    to_play(pilot)
    choose(pilot, "apologise-for-wait")
    first = pilot.app.session.attempt.uuid
    pilot.press(pygame.K_ESCAPE)
    pilot.click("Restart")
    pilot.click("Restart from the beginning")
    statuses = {a.uuid: a.status for a in pilot.app.progress.history(pilot.app.profile)}
    assert statuses[first] == SET_ASIDE and len(statuses) == 2
    assert pilot.app.progress.continuable(pilot.app.profile).uuid == pilot.app.session.attempt.uuid


def test_unreadable_progress_still_plays_with_a_notice(make_pilot, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "progress.sqlite3").write_bytes(b"not a database at all" * 100)
    pilot = make_pilot(settings=INSTANT, profile=None)
    drawn = " ".join(pilot.texts())
    assert "progress.sqlite3.damaged-" in drawn, "the title says where the old file was kept"
    assert list(data.glob("progress.sqlite3.damaged-*"))


def test_data_dir_option_reaches_the_window_and_the_progress_commands(tmp_path, monkeypatch, capsys):
    from game import cli
    from game.ui import launcher

    with ProgressStore.open(tmp_path / "lab") as store:
        store.get_or_create_profile("Ana")
    seen = {}
    monkeypatch.setattr(launcher, "launch", lambda scenario_id=None, **kw: seen.update(kw) or 0)
    assert cli.main(["--data-dir", str(tmp_path / "lab")]) == 0
    assert seen["data_dir"] == str(tmp_path / "lab")
    assert cli.main(["--data-dir", str(tmp_path / "lab"), "profiles", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["name"] == "Ana"


def test_saved_times_read_in_local_time():
    from datetime import datetime, timedelta

    from game.ui.progress import when

    now = datetime(2025, 3, 4, 18, 0).astimezone()
    stamp = lambda moment: moment.astimezone().isoformat().replace("+00:00", "Z")  # noqa: E731
    assert when(stamp(now - timedelta(hours=2)), now) == "today 16:00"
    assert when(stamp(now - timedelta(days=1)), now) == f"yesterday {now:%H:%M}"
    assert when(stamp(now - timedelta(days=30)), now) == "2 Feb 2025 18:00"
    assert when("not a time", now) == "not a time" and when(None, now) == "unknown time"
