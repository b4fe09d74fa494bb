"""The play screen: reveal, choices, coaching, cues, meters, the log and rewind."""

import pygame
import pytest

from tests.ui.test_screens import to_play


def settings_json(**values):
    import json

    return json.dumps(values)


def test_typewriter_reveals_over_time_and_a_key_completes_it(pilot):
    to_play(pilot)
    play = pilot.screen
    assert not play._revealed
    assert pilot.labels() == ["Log", "Menu"], "choices wait until the line is shown"
    pilot.wait(200)
    partly = play._reveal_chars
    assert 0 < partly < play._reveal_total()
    pilot.press(pygame.K_SPACE)
    assert play._revealed
    assert len(pilot.labels()) == 6  # the tutorial's four openings, the log and the menu
    assert pilot.app.session.state.history == [], "the key only completed the text"


def test_a_click_completes_the_reveal(pilot):
    to_play(pilot, by_mouse=True)
    assert not pilot.screen._revealed
    pilot.click(pilot.screen.column.center)
    assert pilot.screen._revealed and pilot.app.session.state.history == []


def test_instant_text_speed_skips_the_reveal(make_pilot):
    pilot = make_pilot(settings=settings_json(text_speed="instant"))
    to_play(pilot, by_mouse=True)
    assert pilot.screen._revealed
    pilot.click("I'm sorry")
    assert pilot.app.session.state.history[0].choice_id == "apologise-for-wait"



def test_text_speed_set_to_instant_mid_reveal_shows_the_whole_line(pilot):
    # Found by the monkey (tests/ui/monkey.py, seed 1): Settings over the play screen set the
    # speed to instant while a line was typing, and the next frame divided by None.
    to_play(pilot)
    pilot.wait(100)
    assert not pilot.screen._revealed
    pilot.app.change_settings(text_speed="instant")
    pilot.wait(16)
    # The whole moment shows: every offered choice, then Log and Menu.
    assert pilot.screen._revealed and len(pilot.labels()) == len(pilot.app.session.state.available()) + 2

def test_number_keys_choose_and_coach_note_follows(pilot):
    to_play(pilot)
    pilot.settle()
    state = pilot.app.session.state
    choice = state.available()[1]
    pilot.press(pygame.K_2)
    assert state.history[-1].choice_id == choice.id
    assert pilot.screen.coach == (choice.tag, choice.feedback)
    drawn = [text for _, _, text in pilot.measure_text()]
    assert choice.feedback.strip() in [t.strip() for t in drawn]
    assert any(t.startswith(("(+) Practice: ", "(!) Pitfall: ")) for t in drawn)
    assert any(t.startswith("You: ") for t in drawn)


def test_coaching_at_the_end_only_shows_no_note(make_pilot):
    pilot = make_pilot(settings=settings_json(coaching="end-only", text_speed="instant"))
    to_play(pilot)
    pilot.press(pygame.K_1)
    assert pilot.screen.coach is None
    drawn = [text for _, _, text in pilot.measure_text()]
    assert not any(t.startswith(("Practice: ", "Pitfall: ")) for t in drawn)


@pytest.mark.parametrize("meters, shown", [("hidden", False), ("after-ending", False), ("live", True)])
def test_meter_numbers_only_with_live_gauges(make_pilot, meters, shown):
    pilot = make_pilot(settings=settings_json(meters=meters, text_speed="instant"))
    to_play(pilot)
    pilot.press(pygame.K_2)
    drawn = [text for _, _, text in pilot.measure_text()]
    gauges = [t for t in drawn if t.startswith(("Trust ", "Openness "))]
    assert bool(gauges) == shown
    if shown:
        state = pilot.app.session.state
        step = state.history[-1]
        assert f"Trust {state.meters['trust']}  ({step.delta('trust'):+d})" in gauges


def test_portrait_and_posture_follow_the_cue(make_pilot):
    pilot = make_pilot(settings=settings_json(text_speed="instant"))
    to_play(pilot)
    state = pilot.app.session.state
    play = pilot.screen
    assert play._expression == ":".join(state.face())  # format 2: the moment's beat in the band
    # Keep reading on and choosing until one step changes the band's posture line.
    for _ in range(20):
        before = state.posture()
        pilot.press(pygame.K_2 if state.status == "choice" else pygame.K_SPACE)
        if state.posture() != before:
            break
    else:
        raise AssertionError("no step changed the client's posture")
    assert play._expression == ":".join(state.face())
    assert play.posture_changed
    assert play.posture_block.text == state.posture()
    shown = play.posture_block.text
    pilot.press(pygame.K_2 if state.status == "choice" else pygame.K_SPACE)
    if pilot.screen is play and state.posture() == shown:
        assert not play.posture_changed  # unchanged body language is not flagged as new


def test_portrait_fade_animates_then_sleeps(make_pilot):
    pilot = make_pilot(settings=settings_json(text_speed="instant"))
    to_play(pilot)
    play, state = pilot.screen, pilot.app.session.state
    before = state.cue().expression
    pilot.press(pygame.K_2)
    if state.cue().expression != before:
        assert play._fade_from is not None
    pilot.settle()
    assert play._fade_from is None


def test_reduce_motion_has_no_fade(make_pilot):
    pilot = make_pilot(settings=settings_json(text_speed="instant", reduce_motion=True))
    to_play(pilot)
    for _ in range(4):
        pilot.press(pygame.K_2)
        while pilot.app.session.state.status == "continue":
            pilot.press(pygame.K_SPACE)
        assert pilot.screen._fade_from is None


def test_log_reads_back_and_rewinds(make_pilot):
    pilot = make_pilot(settings=settings_json(text_speed="instant"))
    to_play(pilot)
    state = pilot.app.session.state
    first_node = state.node_id
    pilot.press(pygame.K_1)
    pilot.press(pygame.K_SPACE)  # read on past Sam's reaction
    pilot.press(pygame.K_1)
    assert len(state.decisions) == 2
    pilot.press(pygame.K_l)
    assert pilot.screen.name == "log"
    items = [getattr(i, "text", "") for i in pilot.screen.doc.items]
    assert any("forgotten about me" in t for t in items)
    rewinds = [label for label in pilot.labels() if label.startswith("Rewind")]
    assert len(rewinds) == 2
    pilot.click(pilot.screen.focus.buttons[0])  # before the first choice
    assert pilot.screen.name == "play"
    assert state.node_id == first_node and state.history == []


def test_wheel_up_opens_the_log_and_l_closes_it(make_pilot):
    pilot = make_pilot(settings=settings_json(text_speed="instant"))
    to_play(pilot)
    pilot.wheel(1, (700, 300))
    assert pilot.screen.name == "log"
    pilot.press(pygame.K_l)
    assert pilot.screen.name == "play"


def test_tab_and_arrows_move_focus_enter_chooses(make_pilot):
    pilot = make_pilot(settings=settings_json(text_speed="instant"))
    to_play(pilot)
    state = pilot.app.session.state
    third = state.available()[2]
    pilot.press(pygame.K_DOWN, pygame.K_TAB)
    assert pilot.screen.focus.focused.label == third.text
    pilot.press(pygame.K_RETURN)
    assert state.history[-1].choice_id == third.id


def test_sounds_follow_the_encounter_and_the_volume(make_pilot):
    pilot = make_pilot(settings=settings_json(text_speed="instant", volume=40))
    sounds = pilot.app.sounds
    sounds.start()  # the dummy audio driver: a device that plays nothing
    assert sounds.volume == 40 and not sounds.is_open
    to_play(pilot)
    state = pilot.app.session.state
    pilot.press(pygame.K_1)
    assert sounds.played[-1] == "choice"
    assert sounds.is_open
    pilot.wait(4100)  # quiet for a few seconds: the device closes so idle costs nothing
    assert not sounds.is_open and not pygame.mixer.get_init()
    while state.status != "ended":
        pilot.press(pygame.K_1 if state.status == "choice" else pygame.K_SPACE)
    assert sounds.played[-1] == "chime"
    assert "advance" in sounds.played
    pilot.press(pygame.K_ESCAPE)
    pilot.click("Settings")
    pilot.click("Volume")
    assert sounds.volume == 50 and sounds.played[-1] == "choice"


def test_portraits_are_drawn_ahead_in_the_background(make_pilot):
    from game.ui.art.portraits import is_cached
    from game.ui.artwork import scene_faces

    pilot = make_pilot(settings=settings_json(text_speed="instant"))
    art = pilot.app.art
    art.background = True
    to_play(pilot)
    assert art.wait_idle(60)
    frame = pilot.screen.portrait_rect
    # Every face the scene can show (each beat of its moments and reactions, in every band), and no others.
    faces = scene_faces(pilot.app.session.scenario)
    beats = ["anger", "calm", "fear", "relief", "shame", "worry"]
    assert sorted(faces) == [f"{b}:{band}" for b in beats for band in ("cautious", "closed", "open")]
    # A format 2 scene has more faces than the portrait cache holds at this size: the face on
    # screen and the next ones drawn ahead are there, and nothing outside the scene is.
    cached = [face for face in faces if is_cached("sam", face, frame.size, False)]
    assert ":".join(pilot.app.session.state.face()) in cached and len(cached) >= 4
    assert not is_cached("sam", "grief:open", frame.size, False)


def test_the_window_drives_a_play_session_and_its_listeners_hear_everything(make_pilot):
    from game.play import CHOICE_MADE, ENDING_REACHED, FINISHED, READ_ON, REWOUND, STARTED

    pilot = make_pilot(settings=settings_json(text_speed="instant"))
    events = []
    pilot.app.play_listeners.append(lambda e: events.append((e.kind, len(e.session.state.history))))
    to_play(pilot)
    state = pilot.app.session.state
    while state.status != "ended":
        pilot.press(pygame.K_1 if state.status == "choice" else pygame.K_SPACE)
    steps = len(state.history)
    assert events[0] == (STARTED, 0)
    kinds = [e for e, _ in events[1:-1]]
    # every choice is a step; reading on past a reaction is an event without a step of its own
    assert set(kinds) == {CHOICE_MADE, READ_ON} and kinds.count(CHOICE_MADE) == len(state.decisions)
    assert len(kinds) == steps + len(state.decisions)
    assert events[-1] == (ENDING_REACHED, steps)
    play = pilot.screen
    assert play.heard in pilot.app.session.listeners  # the screen listens while it is shown
    pilot.click("See how it went")
    assert pilot.screen.name == "debrief" and events[-1] == (FINISHED, steps)
    assert play.heard not in pilot.app.session.listeners  # ... and stops when it leaves
    pilot.click(pilot.button("Try another answer here"))  # back to before the first choice
    assert pilot.screen.name == "play" and events[-1][0] == REWOUND


def test_space_reads_on_but_never_commits_a_response(pilot):
    to_play(pilot)
    pilot.press(pygame.K_SPACE)  # completes the line
    pilot.settle()
    state = pilot.app.session.state
    assert pilot.screen._revealed and state.status == "choice"
    pilot.press(pygame.K_SPACE)
    pilot.press(pygame.K_SPACE)
    assert state.history == [], "Space must not choose the focused response"
    focused = state.available()[0]
    pilot.press(pygame.K_RETURN)
    assert state.history[-1].choice_id == focused.id
