"""The facilitator's screens, driven by the Pilot through the keys an instructor presses:
note, reveal, votes from real HTTP clients on a loopback server, hands, rewind, the record."""

import socket

import pygame
import pytest

from game.classroom.record import BY_FACILITATOR, BY_OVERRIDE, BY_VOTE
from game.progress import ProgressStore
from game.progress.class_sessions import list_class_sessions, load_class_session
from game.ui.classroom.drawing import TallyButton
from game.ui.classroom.facilitator import POLL_MS
from tests.ui.test_layout import problems

from .vote_client import Voter


def texts(pilot) -> list[str]:
    return [text for _, _, text in pilot.measure_text()]


def begin(pilot):
    """From the Classroom screen: the demo scenario's briefing, then the session."""
    assert pilot.screen.name == "classroom"
    pilot.press(pygame.K_1)
    assert pilot.screen.name == "class-briefing"
    pilot.press(pygame.K_RETURN)  # "Begin the class session" is focused
    assert pilot.screen.name == "facilitator"
    return pilot.screen


def tally_of(screen) -> dict:
    return {b.choice_id: (b.share, b.value, b.winner) for b in screen.choice_buttons}


def test_the_title_screen_opens_classroom_mode(class_app):
    pilot, _ = class_app(open=False)
    pilot.click("Classroom")
    assert pilot.screen.name == "classroom"
    assert pilot.labels()[0] == "Class Demo"
    assert "Students vote from their phones" in pilot.labels()
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen.name == "title"


def test_projector_text_is_its_own_and_large(class_app):
    pilot, ctx = class_app()
    begin(pilot)
    assert ctx.ui.theme.text_scale == 1.2 and pilot.app.ui.theme.text_scale == 1.0
    body = ctx.ui.theme.font_px("body")
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen.name == "class-menu"
    pilot.click("Text size on the projector")
    assert ctx.ui.theme.font_px("body") > body and pilot.app.settings.text_size == "medium"
    pilot.click("High contrast")
    assert ctx.ui.theme.high_contrast and not pilot.app.settings.high_contrast
    assert (pilot.app.store.folder / "classroom.json").exists()  # kept for next time


def test_nothing_moves_on_its_own_and_the_note_shows_only_when_asked(class_app):
    pilot, ctx = class_app()
    screen = begin(pilot)
    frames = pilot.app.frames
    for _ in range(20):
        assert pilot.step() is None  # no typewriter, no timer: the loop sleeps
    assert pilot.app.frames == frames
    shown = texts(pilot)
    assert "I nearly left. I've been here an hour." in shown  # the whole line at once
    assert not any("ten seconds" in t for t in shown) and not any(t.startswith("Trust") for t in shown)
    pilot.press(pygame.K_n)
    assert "What does Sam need from the first ten seconds?" in texts(pilot)
    pilot.press(pygame.K_n)
    assert "What does Sam need from the first ten seconds?" not in texts(pilot)
    pilot.press(pygame.K_n)
    pilot.press(pygame.K_1)  # a new moment starts with its note hidden
    assert screen.note_shown is False
    assert "Is a deadline all that Sam has told you?" not in texts(pilot)


def test_reveal_shows_gauges_effects_and_locked_choices_with_reasons(class_app):
    pilot, ctx = class_app()
    screen = begin(pilot)
    pilot.press(pygame.K_r)
    shown = texts(pilot)
    assert "Trust 40" in shown and "Openness 30" in shown
    assert "Locked: What's been the hardest part of today?" in shown
    assert "Why: Needs more trust than Sam has yet." in shown
    assert [b.label for b in screen.choice_buttons] == [
        "I'm sorry you waited so long. Thank you for staying.", "Did you fill in the form at reception?"]
    pilot.press(pygame.K_2)  # the form first: trust falls
    shown = texts(pilot)
    assert "You: Did you fill in the form at reception?" in shown
    assert "Effect of that choice: Trust -10, Openness +0" in shown and {"Trust 30", "-10"} <= set(shown)
    assert pilot.labels()[0] == "Continue"
    pilot.press(pygame.K_RETURN)  # reading on: the effect of the last choice stays on show
    shown = texts(pilot)
    assert "Last choice: Did you fill in the form at reception?" in shown
    assert "Effect of that choice: Trust -10, Openness +0" in shown and {"Trust 30", "-10"} <= set(shown)
    assert "Locked: Is it the flat you're worried about?" in shown
    assert "Why: Only when Sam trusts you enough to talk about home." in shown
    pilot.press(pygame.K_r)  # hidden again: nothing of it stays on screen
    shown = texts(pilot)
    assert not any(t.startswith(("Trust", "Locked", "Why", "Effect")) for t in shown)


def test_a_class_vote_on_a_real_server_then_hands_then_the_winner_is_taken(class_app):
    pilot, ctx = class_app()
    screen = begin(pilot)
    pilot.press(pygame.K_v)
    desk = ctx.run.desk
    assert desk.serving and desk.on_phones
    shown = texts(pilot)
    assert desk.room_code in shown and f"or open http://127.0.0.1:{desk.actual_port}" in shown
    join = screen.left
    assert screen.join and join.qr.get_width() >= 200  # scannable from the back of a room
    qr = join.qr_rect
    assert join.rect.contains(qr) and pilot.app.window.get_rect().contains(qr)
    qr_pixels = {tuple(pilot.app.window.get_at((x, y)))[:3] for x in range(qr.x, qr.right, 3)
                 for y in range(qr.centery - 10, qr.centery + 10)}
    assert qr_pixels == {(0, 0, 0), (255, 255, 255)}  # drawn dark on light, whatever the theme

    # Four phones vote over HTTP; the window picks them up on its next poll, not before.
    decision = desk.round.decision_id
    for choice in ("warm", "warm", "warm", "forms"):
        voter = Voter(desk.actual_port).join(desk.room_code)
        assert voter.vote(desk.room_code, decision, choice)[0] == 200
    wait = pilot.step()
    assert wait is not None and 0 < wait <= POLL_MS  # the idle loop wakes only to poll
    pilot.wait(POLL_MS + 16)
    # No herding: while the vote is open the class sees how many voted, not how.
    assert tally_of(screen) == {"warm": (None, None, False), "forms": (None, None, False)}
    assert any(t.startswith("Voting is open: 4 votes in.") for t in texts(pilot))
    ctx.change(live_bars=True)  # the facilitator's setting: the bars live
    pilot.step()
    assert tally_of(screen) == {"warm": (0.75, "3", False), "forms": (0.25, "1", False)}
    # Four devices that voted at once and never stayed on the page: the screen says so.
    assert any("Phones here: 0, fewer than the 4 phone votes" in t and "voted more than once" in t for t in texts(pilot))

    # A show of hands on top: 2 highlights the second choice, + and - count.
    pilot.press(pygame.K_2, pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS, pygame.K_MINUS)
    assert desk.round.tally().count("forms").hands == 2
    assert tally_of(screen)["forms"] == (0.5, "3 (2 by hand)", False)
    assert screen.state.history == []  # highlighting during a vote takes nothing

    pilot.press(pygame.K_RETURN)  # closes the vote: a tie between 1 and 2
    assert not desk.is_open
    assert any("a tie between 1 and 2" in t for t in texts(pilot))
    pilot.press(pygame.K_v)       # vote again; one more phone breaks the tie
    decision = desk.round.decision_id
    assert Voter(desk.actual_port).join(desk.room_code).vote(desk.room_code, decision, "warm")[0] == 200
    pilot.wait(POLL_MS + 16)
    pilot.press(pygame.K_v)
    assert tally_of(screen)["warm"] == (1.0, "1", True)
    assert screen.focus.focused.choice_id == "warm"
    pilot.press(pygame.K_RETURN)  # takes the class's choice
    assert [s.choice_id for s in screen.state.history] == ["warm"]
    assert pilot.step() is None   # no vote open: back to sleeping
    pilot.press(pygame.K_v)       # Sam sits down: nothing to vote on while the class reads on
    assert any(t == "There is no decision to vote on here." for t in texts(pilot)) and not desk.is_open
    pilot.press(pygame.K_RETURN)

    record = ctx.run.record.decisions[0]
    assert (record.chosen_by, record.vote) == (BY_VOTE, 2)
    assert [(c.choice_id, c.devices, c.hands) for c in ctx.run.record.votes[0].counts] == [("warm", 3, 0), ("forms", 1, 2)]

    # The next decision: a vote the facilitator overrides, to discuss the difference.
    pilot.press(pygame.K_v)
    decision = desk.round.decision_id
    assert Voter(desk.actual_port).join(desk.room_code).vote(desk.room_code, decision, "reflect")[0] == 200
    pilot.wait(POLL_MS + 16)
    pilot.press(pygame.K_v, pygame.K_2)
    assert ctx.run.record.decisions[-1].chosen_by == BY_OVERRIDE
    assert screen.state.is_over and pilot.labels()[0] == "See the class debrief"


def test_rewind_records_a_branch_and_the_session_is_saved_and_listed(class_app, tmp_path):
    pilot, ctx = class_app(phones=False)
    screen = begin(pilot)
    pilot.press(pygame.K_1, pygame.K_RETURN, pygame.K_1)
    assert screen.state.is_over
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "class-debrief"
    assert "Sam Felt Heard" == pilot.screen.title
    pilot.press(pygame.K_b)  # go back: the decisions so far
    assert pilot.screen.name == "class-decisions"
    assert pilot.labels()[:2] == ["Go back to before decision 1", "Go back to before decision 2"]
    pilot.press(pygame.K_1)
    assert pilot.screen is screen and screen.state.node_id == "hello"
    assert ctx.run.record.branch.number == 2 and "Class Demo · Arrival · path 2" in texts(pilot)
    pilot.press(pygame.K_2, pygame.K_RETURN, pygame.K_1)  # the other path: the form first
    pilot.press(pygame.K_l)  # the log key opens the decisions too
    assert "Paths tried" in texts(pilot)
    pilot.press(pygame.K_b)

    pilot.press(pygame.K_RETURN)  # the second path's debrief, and the session ends from there
    assert pilot.screen.name == "class-debrief"
    debrief = pilot.screen
    assert "The paths the class tried" in [getattr(item, "text", None) for item in debrief.doc.items]
    # Both paths on one chart: each path's meters after each of its decisions, from the record.
    chart = debrief.paths_chart
    by_path = dict(chart.paths)
    assert sorted(by_path) == [1, 2] and chart.current == 2
    first, second = ctx.run.record.decisions[:2], ctx.run.record.decisions[2:]
    assert by_path[1] == [first[0].before] + [d.after for d in first]
    assert by_path[2] == [second[0].before] + [d.after for d in second]
    assert by_path[1][-1] != by_path[2][-1]  # the two endings left the meters apart
    pilot.press(pygame.K_PAGEDOWN, pygame.K_PAGEDOWN, pygame.K_PAGEDOWN)
    ends = {(n, m): p for n, m, p in chart.ends}
    assert set(ends) == {(n, m) for n in (1, 2) for m in ctx.run.scenario.meters}
    assert ends[(1, "trust")] != ends[(2, "trust")]
    pilot.click("End the class session")
    pilot.click("End the class session")  # the question: yes
    assert pilot.screen.name == "classroom"
    assert any("Class session 1 (Class Demo) is saved" in t for t in texts(pilot))
    with ProgressStore.open(tmp_path / "data") as store:
        [summary] = list_class_sessions(store)
        record = load_class_session(store, summary.id)
    assert record["ended_at"] is not None and record["ending"]["id"] == "forms-only"
    assert [(b["number"], b["from_decision"], b["ending"]) for b in record["branches"]] == [
        (1, 1, "heard"), (2, 1, "forms-only")]
    assert [(d["choice"], d["chosen_by"], d["undone_at"] is None) for d in record["decisions"]] == [
        ("warm", BY_FACILITATOR, False), ("reflect", BY_FACILITATOR, False),
        ("forms", BY_FACILITATOR, True), ("reflect", BY_FACILITATOR, True)]


def test_without_phones_a_show_of_hands_still_works(class_app):
    pilot, ctx = class_app(phones=False)
    screen = begin(pilot)
    pilot.press(pygame.K_PLUS)
    assert any(t.startswith("Open a vote first (V)") for t in texts(pilot))
    pilot.press(pygame.K_v)
    assert ctx.run.desk.server is None and not screen.join
    assert any(t.startswith("Show of hands:") for t in texts(pilot))
    pilot.press(pygame.K_2, pygame.K_PLUS, pygame.K_PLUS, pygame.K_1, pygame.K_PLUS)
    assert pilot.step() is not None  # polling while the vote is open, even without phones
    pilot.press(pygame.K_v)
    assert tally_of(screen)["forms"] == (2 / 3, "2 by hand", True)
    pilot.press(pygame.K_RETURN)
    assert ctx.run.record.decisions[0].choice == "forms" and ctx.run.record.votes[0].phones is False
    pilot.press(pygame.K_ESCAPE)  # the menu ends a session halfway too
    pilot.click("End the class session")
    pilot.click("End the class session")  # the question: yes
    assert pilot.screen.name == "classroom" and ctx.run is None and ctx.saved_note


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_a_busy_port_is_one_plain_line_and_hands_take_over(class_app, size):
    with socket.create_server(("127.0.0.1", 0)) as blocker:
        port = blocker.getsockname()[1]
        pilot, ctx = class_app(port=port, size=size)
        ctx.change(text_size="largest")
        screen = begin(pilot)
        pilot.press(pygame.K_v)
        shown = texts(pilot)
        assert screen.port_notice.text.startswith(f"Phones cannot vote: port {port} is busy.")
        assert screen.port_notice.text in shown
        assert len(screen.port_notice.lines) == 1
        assert any(t.startswith("Show of hands instead") for t in shown)
        assert ctx.run.desk.is_open and not ctx.run.desk.serving


def test_quitting_mid_vote_stops_the_server_and_closes_the_record(class_app, tmp_path):
    pilot, ctx = class_app()
    begin(pilot)
    pilot.press(pygame.K_v)
    port = ctx.run.desk.actual_port
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    pilot.step()
    assert not pilot.app.running and ctx.run is None and pilot.app.screens == []
    with socket.create_server(("127.0.0.1", port)):
        pass  # free again
    with ProgressStore.open(tmp_path / "data") as store:
        record = load_class_session(store, 1)
    assert record["ended_at"] is not None and record["votes"][0]["closed_at"] is not None


def test_the_vote_server_stops_when_the_facilitator_screen_leaves(class_app, tmp_path):
    # Not because the app stopped: the window goes on, on the title screen.
    pilot, ctx = class_app()
    begin(pilot)
    pilot.press(pygame.K_v)
    desk = ctx.run.desk
    assert desk.serving
    pilot.app.nav.title()  # every screen leaves; the title is shown
    assert pilot.app.running and pilot.screen.name == "title"
    assert not desk.serving and ctx.run is None
    with ProgressStore.open(tmp_path / "data") as store:
        record = load_class_session(store, 1)
    assert record["ended_at"] is not None and record["votes"][0]["closed_at"] is not None


@pytest.mark.parametrize("size", [(1024, 600), (1920, 1080)])
def test_facilitator_screens_fit_at_the_largest_projector_text(class_app, size):
    pilot, ctx = class_app(size=size)
    ctx.change(text_size="largest")
    screen = begin(pilot)
    found = problems(pilot)
    pilot.press(pygame.K_n, pygame.K_r)
    found += problems(pilot)
    pilot.press(pygame.K_v)
    found += problems(pilot)
    pilot.press(pygame.K_PLUS, pygame.K_v)
    found += problems(pilot)
    pilot.press(pygame.K_ESCAPE)
    found += problems(pilot)
    pilot.press(pygame.K_ESCAPE, pygame.K_RETURN)  # take the winner: the class reads on, meters revealed
    found += problems(pilot)
    pilot.press(pygame.K_RETURN)
    found += problems(pilot)
    pilot.press(pygame.K_1, pygame.K_RETURN)
    assert pilot.screen.name == "class-debrief"
    found += problems(pilot)
    assert screen.state.is_over and found == []


def test_a_tally_bar_scrolled_out_of_view_paints_nothing(class_app):
    # pygame-ce fills a rect lying wholly outside the clip anyway; the bar clips itself.
    pilot, ctx = class_app()
    button = TallyButton("A choice", lambda: None, hint="1", share=1.0, count="3", winner=True)
    button.measure(ctx.ui, 400)
    button.rect = pygame.Rect(10, 300, 400, 60)
    surface = pygame.Surface((420, 400))
    surface.fill((90, 90, 90))
    surface.set_clip(pygame.Rect(0, 0, 420, 200))
    button.draw(surface, ctx.ui, focused=False, hovered=False)
    surface.set_clip(None)
    assert {tuple(surface.get_at((x, y)))[:3] for x in range(0, 420, 7) for y in range(200, 400, 7)} == {(90, 90, 90)}


def test_turning_phones_off_mid_vote_keeps_the_votes_so_far(class_app):
    pilot, ctx = class_app()
    screen = begin(pilot)
    pilot.press(pygame.K_v)
    desk = ctx.run.desk
    assert Voter(desk.actual_port).join(desk.room_code).vote(desk.room_code, desk.round.decision_id, "forms")[0] == 200
    pilot.press(pygame.K_ESCAPE)
    pilot.click("Phone voting")
    assert not desk.serving and ctx.run.record.open_vote is None
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen is screen and tally_of(screen)["forms"] == (1.0, "1", True)
    pilot.press(pygame.K_RETURN)  # the vote stood: the class's choice is taken
    assert ctx.run.record.decisions[0].chosen_by == BY_VOTE
    pilot.press(pygame.K_RETURN, pygame.K_v)  # the next vote is a show of hands
    assert desk.is_open and desk.server is None


def test_space_never_takes_a_choice_for_the_class(class_app):
    pilot, ctx = class_app()
    screen = begin(pilot)
    assert screen.state.status == "choice" and screen.focus.focused in screen.choice_buttons
    pilot.press(pygame.K_SPACE)
    assert screen.state.history == [], "Space must not take the highlighted choice"
    pilot.press(pygame.K_RETURN)
    assert len(screen.state.decisions) == 1


def test_leaving_class_mode_shows_no_students_name(class_app):
    pilot, _ = class_app(open=False)
    progress = pilot.app.progress
    pilot.app.use_profile(progress.create_profile("Alex Student"))
    pilot.app.nav.title()
    pilot.step()
    assert any("Alex Student" in t for t in texts(pilot))
    pilot.click("Classroom")
    begin(pilot)
    pilot.press(pygame.K_ESCAPE)
    pilot.click("End the class session")
    pilot.click("End the class session")  # the question: yes
    assert pilot.screen.name == "classroom"
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen.name == "title"
    assert not any("Alex" in t for t in texts(pilot)), texts(pilot)


def test_live_bars_is_a_checked_classroom_setting():
    from game.classroom.config import ClassroomSettings, parse_classroom

    assert ClassroomSettings().live_bars is False
    settings, notices = parse_classroom('{"live_bars": true}')
    assert settings.live_bars is True and notices == []
    settings, notices = parse_classroom('{\n"live_bars": "yes"\n}')
    assert settings.live_bars is False and any("live_bars" in n and "true or false" in n for n in notices)


def test_the_ended_session_names_a_folder_not_a_command(class_app):
    pilot, ctx = class_app(phones=False)
    begin(pilot)
    pilot.press(pygame.K_ESCAPE)
    assert not any("`" in t or "rapport sessions" in t for t in texts(pilot))
    pilot.click("End the class session")
    pilot.click("End the class session")  # the question: yes
    note = ctx.saved_note
    assert "`" not in note and "rapport sessions" not in note
    store_path = pilot.app.progress.path if ctx.record_store is None else ctx.record_store.path
    folder = next(p for p in note.split() if "class-sessions" in p).rstrip(",.")
    written = list(__import__("pathlib").Path(folder).glob("rapport-class-*"))
    assert {p.suffix for p in written} == {".json", ".csv"}, (note, store_path)
    assert not any("`" in t or "rapport sessions" in t for t in texts(pilot))


def test_keys_on_the_class_debrief_never_end_the_session(class_app):
    """The class debrief focuses "End the class session": Space and Enter there (and the menu's
    button) only ask, with "Keep the class going" in focus, so tapping through never ends the run
    and its paths (issue 14 §3)."""
    pilot, ctx = class_app(phones=False)
    screen = begin(pilot)
    pilot.press(pygame.K_1, pygame.K_RETURN, pygame.K_1, pygame.K_RETURN)
    assert pilot.screen.name == "class-debrief"
    assert pilot.screen.focus.focused.label == "End the class session"
    run = ctx.run
    for key in (pygame.K_SPACE, pygame.K_RETURN):
        pilot.press(key)
        assert pilot.screen.name == "confirm" and ctx.run is run and run.record.ended_at is None
        assert pilot.screen.focus.focused.label == "Keep the class going"
        pilot.press(key)  # the answer in focus keeps the class
        assert pilot.screen.name == "class-debrief" and ctx.run is run
    pilot.press(pygame.K_b, pygame.K_1)  # still there: back to the first decision, a second path
    assert pilot.screen is screen and run.record.branch.number == 2
    pilot.press(pygame.K_ESCAPE)
    pilot.click("End the class session")
    assert pilot.screen.name == "confirm" and ctx.run is run
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen.name == "class-menu" and ctx.run is run
    pilot.click("End the class session")
    pilot.click("End the class session")
    assert pilot.screen.name == "classroom" and ctx.run is None and run.record.ended_at is not None


def test_the_decisions_so_far_name_only_the_meters_that_moved(class_app):
    """With the meters revealed, each decision on the decisions page says how the meters moved;
    a meter the choice left where it was is not read out ("openness from 35 to 35")."""
    pilot, ctx = class_app(phones=False)
    screen = begin(pilot)
    pilot.press(pygame.K_r, pygame.K_2)  # the meters revealed; a choice that moves trust alone
    [dec] = ctx.run.record.path
    moved = [m for m in ctx.run.scenario.meters if dec.before[m] != dec.after[m]]
    still = [m for m in ctx.run.scenario.meters if dec.before[m] == dec.after[m]]
    assert moved == ["trust"] and still, "the scene's second choice moves trust alone"
    pilot.press(pygame.K_b)
    assert pilot.screen.name == "class-decisions"
    drawn = " ".join(texts(pilot))
    assert f"Trust from {dec.before['trust']} to {dec.after['trust']}." in drawn
    for m in still:
        assert f"{m} from {dec.before[m]} to" not in drawn.lower(), drawn
    pilot.press(pygame.K_b)
    assert pilot.screen is screen
