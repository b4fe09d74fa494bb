"""The next moments painted ahead at rest (game/ui/screens/play_ahead.py, issue 14 §11).

The frame after a move copies a moment painted while the player read; these tests hold it to
the only thing that matters: the window shows exactly what a full repaint of the same moment
shows, at every moment of every shipped scene, for each move that could be made there, and a
prediction made before anything else changed (a notice, a setting, the window, a rewind) is
never shown.
"""

import json

import pygame
import pytest

from game.story import CHOICE
from game.ui.screens import play_ahead
from game.ui.screens.play import FADE_MS
from game.ui.screens.play_ahead import NextMoments
from tests.ui.test_frame_cost import full_repaint, window_pixels


@pytest.fixture
def used(monkeypatch):
    """How many frames were copied from a moment painted ahead."""
    count = [0]
    frame = NextMoments.frame

    def counting(self, now, regions):
        ahead = frame(self, now, regions)
        count[0] += ahead is not None
        return ahead

    monkeypatch.setattr(NextMoments, "frame", counting)
    return count


def open_scene(make_pilot, scene_id, size=(1280, 720), **settings):
    pilot = make_pilot(size=size, settings=json.dumps({"text_speed": "instant", **settings}))
    app = pilot.app
    app.start_session(app.library.scenarios[scene_id])
    app.nav.play()
    pilot.settle()
    return pilot


def moves_here(state):
    if state.is_over:
        return []
    return [c.id for c in state.available()] if state.status == CHOICE else [None]


def make(pilot, move):
    play = pilot.screen
    if move is None:
        play.read_on()
    else:
        play.choose(next(c for c in pilot.app.session.state.available() if c.id == move))


def check_move(pilot, move, where):
    """Make ``move`` from a screen at rest: its frame (and the screen once the fade is over) are
    the pixels of a full repaint of the same moment."""
    make(pilot, move)
    pilot.step()  # the frame after the move
    shown = window_pixels(pilot.app)
    play = pilot.screen
    if play._fade_from is None:
        assert shown == full_repaint(pilot), f"the frame after {move or 'reading on'} at {where}"
    pilot.wait(FADE_MS + 50)
    pilot.settle()
    assert window_pixels(pilot.app) == full_repaint(pilot), f"at rest after {move or 'reading on'} at {where}"
    pilot.settle()  # painted ahead again, at rest


def walk(pilot, every_choice=True, limit=60):
    """Play the scene to an ending, trying every offered choice at each choice moment (each
    one, then back to the moment with a rewind) before going on with one of them in turn."""
    session = pilot.app.session
    for turn in range(limit):
        state = session.state
        options = moves_here(state)
        if not options:
            return turn
        where = state.node_id
        if state.status == CHOICE and every_choice:
            back = len(state.history)
            for move in options:
                check_move(pilot, move, where)
                session.rewind(back)
                pilot.settle()
        check_move(pilot, options[turn % len(options)], where)
    raise AssertionError("the scene did not end")


SCENES = ["waiting-room", "worried-first-visit", "eviction-anger", "grief-home-visit", "interpreter-newcomer",
          "recovery-skeptic", "reluctant-teen"]


@pytest.mark.parametrize("scene_id", SCENES)
def test_every_move_painted_ahead_is_a_full_repaint(make_pilot, used, scene_id):
    """Each shipped scene to an ending, every choice tried at each choice moment; live meters
    and coach notes on (the gauges, their deltas and the note are in the painted moment)."""
    pilot = open_scene(make_pilot, scene_id, meters="live", coaching="after-each-choice")
    assert walk(pilot) >= 3
    assert used[0] >= 5, "the frames after moves were copied from moments painted ahead"


@pytest.mark.parametrize("size,extra", [
    ((1024, 600), {"high_contrast": True, "meters": "live", "text_size": "largest"}),
    ((1920, 1080), {"high_contrast": True, "reduce_motion": True, "dyslexia_spacing": True}),
    ((1280, 720), {"text_speed": "normal", "meters": "live"}),  # the typewriter: its first frame
])
def test_moves_painted_ahead_in_other_looks_are_full_repaints(make_pilot, used, size, extra):
    pilot = open_scene(make_pilot, "waiting-room", size=size, **extra)
    if extra.get("text_speed") == "normal":
        play, typed = pilot.screen, 0
        for _ in range(6):
            options = moves_here(pilot.app.session.state)
            if not options:
                break
            make(pilot, options[0])
            pilot.step()
            assert not play._revealed, "the line is typed out"
            if play._fade_from is None:  # (a fade's first frame is compared once it is over)
                shown = window_pixels(pilot.app)
                play.release()  # a full repaint of the same frame: the typewriter has not moved
                pilot.app.dirty = True
                pilot.step()
                assert window_pixels(pilot.app) == shown, "the frame while the line is typed"
                typed += 1
            pilot.settle()
            assert window_pixels(pilot.app) == full_repaint(pilot)
            pilot.settle()  # painted ahead again (a full repaint let the predictions go)
        assert typed >= 2
    else:
        walk(pilot, every_choice=False)
    assert used[0] >= 3


def test_a_painted_moment_is_what_the_frame_shows(make_pilot):
    """The check has teeth: spoil the layer painted ahead and the frame after the move shows it."""
    pilot = open_scene(make_pilot, "waiting-room")
    play = pilot.screen
    move = moves_here(pilot.app.session.state)[0]
    prediction = play.next.made[move]
    assert prediction is not None
    prediction.layer.fill((255, 0, 255))
    make(pilot, move)
    pilot.step()
    r = play.updated_rects()[0]
    assert pilot.app.window.get_at(r.center)[:3] == (255, 0, 255)


def stale_then_move(pilot, used, spoil):
    """Predictions made at rest, then ``spoil(pilot)`` changes something: the next move must not
    show them (its frame is a full repaint of what is there now)."""
    play = pilot.screen
    assert any(p is not None for p in play.next.made.values()), "painted ahead at rest"
    for p in play.next.made.values():
        if p is not None:
            p.layer.fill((255, 0, 255))  # a prediction shown would show this
    before = used[0]
    spoil(pilot)
    options = moves_here(pilot.app.session.state)
    make(pilot, options[0])
    pilot.step()
    assert used[0] == before, "a stale prediction was used"
    if play._fade_from is None:
        assert window_pixels(pilot.app) == full_repaint(pilot)
    pilot.wait(FADE_MS + 50)
    pilot.settle()
    assert window_pixels(pilot.app) == full_repaint(pilot)


def notice(pilot):
    """The next save fails: the moment after the move says so at the head of the panel."""
    from game.progress import ProgressError

    def fail(state):
        raise ProgressError("the disk is full")

    pilot.app.session.attempt.save = fail


def rewind(pilot):
    session = pilot.app.session
    session.rewind(0)
    pilot.step()


@pytest.mark.parametrize("spoil", [
    notice,
    lambda pilot: pilot.app.change_settings(high_contrast=True),
    lambda pilot: pilot.app.change_settings(meters="live"),
    lambda pilot: pilot.app.change_settings(text_size="large"),
    lambda pilot: pilot.resize((1100, 700)),
    rewind,
], ids=["notice", "contrast", "meters", "text-size", "resize", "rewind"])
def test_a_stale_prediction_is_never_shown(make_pilot, used, spoil):
    pilot = open_scene(make_pilot, "waiting-room")
    make(pilot, moves_here(pilot.app.session.state)[0])
    pilot.step()
    pilot.settle()
    stale_then_move(pilot, used, spoil)


def test_a_scrolled_panel_is_not_a_predicted_one(make_pilot, used):
    """Scrolling repaints the layer: what was painted over the old one is dropped, and painted
    again over the new one at rest."""
    pilot = open_scene(make_pilot, "waiting-room", size=(1024, 600), text_size="largest", meters="live")
    play = pilot.screen
    for _ in range(4):
        if play.scroll.max_offset:
            break
        make(pilot, moves_here(pilot.app.session.state)[0])
        pilot.step()
        pilot.settle()
    if not play.scroll.max_offset:
        pytest.skip("no moment of the tutorial scrolls at this size")

    def scroll(pilot):
        offset = play.scroll.offset
        pilot.press(pygame.K_PAGEUP if offset else pygame.K_PAGEDOWN)
        assert play.scroll.offset != offset

    stale_then_move(pilot, used, scroll)


def test_predicting_moves_nothing_a_listener_hears(make_pilot):
    """No save, no record, no sound: the session is never moved for a prediction."""
    pilot = open_scene(make_pilot, "waiting-room")
    app = pilot.app
    heard = []
    app.session.listen(heard.append)
    sounds = []
    app.play_sound = sounds.append
    state = json.dumps(app.session.state.to_json())
    play = pilot.screen
    make(pilot, moves_here(app.session.state)[0])
    heard.clear()
    sounds.clear()
    pilot.step()
    pilot.settle()
    assert any(p is not None for p in play.next.made.values())
    assert heard == [] and sounds == [], "a prediction was told or heard"
    assert json.dumps(app.session.state.to_json()) != state  # (the move itself was made)
    assert app.session.state.history and app.session.notice is None


def test_layers_painted_ahead_are_bounded(make_pilot):
    pilot = open_scene(make_pilot, "waiting-room")
    play = pilot.screen
    for _ in range(8):
        assert play.next.layers() <= play_ahead.limit(pilot.app.window.get_size())
        options = moves_here(pilot.app.session.state)
        if not options:
            break
        make(pilot, options[-1])
        pilot.step()
        pilot.settle()
    assert play_ahead.limit((1280, 720)) == 4 and play_ahead.limit((3840, 2160)) == 1
    pilot.app.nav.title()
    pilot.step()
    assert play.next.layers() == 0, "a play screen that left holds no layer painted ahead"


def test_the_layout_handed_over_is_all_the_layout_sets(make_pilot):
    """PlayScreen.LAID_OUT names every attribute the layout sets: a layout taken from a moment
    painted ahead leaves nothing of the moment before."""
    pilot = open_scene(make_pilot, "waiting-room", meters="live")
    play = pilot.screen
    before = dict(play.__dict__)
    play._lay_out()
    changed = {k for k, v in play.__dict__.items() if k not in before or before[k] is not v}
    assert changed <= set(play_ahead.LAID_OUT), changed - set(play_ahead.LAID_OUT)
