"""The frame after a change repaints only what changed, and the pixels are those of a full repaint.

Counted work, not wall time, so a busy CI machine cannot make these flake: how much of the
window a frame sends to the screen, how many times the cached layer is drawn, how many buttons
and text renders a frame costs (issue 14 §11).
"""

import json

import pygame
import pytest

from game.story import CHOICE
from game.ui.screens.play import FADE_MS, PlayScreen
from game.ui.widgets import Button
from tests.ui.test_screens import to_play


def settings_json(**values):
    return json.dumps({"text_speed": "instant", **values})


def window_pixels(app) -> bytes:
    return pygame.image.tobytes(app.window, "RGB")


def full_repaint(pilot) -> bytes:
    """The same moment painted from scratch (no cached layer, no partial update)."""
    play = pilot.screen
    play.release()
    pilot.app.dirty = True
    pilot.step()
    assert play.updated_rects() is None, "a screen without its layer repaints all of it"
    return window_pixels(pilot.app)


def moves(pilot, limit=14):
    """Play on (second choice where there is one, else read on), letting each fade end."""
    state = pilot.app.session.state
    for _ in range(limit):
        if state.is_over:
            return
        if state.status == CHOICE:
            options = state.available()
            pilot.screen.choose(options[min(1, len(options) - 1)])
        else:
            pilot.screen.read_on()
        yield
        pilot.wait(FADE_MS + 50)


@pytest.mark.parametrize("size,extra", [
    ((1280, 720), {}),
    ((1024, 600), {"text_size": "largest", "meters": "live"}),
    ((1920, 1080), {"high_contrast": True, "meters": "live", "reduce_motion": True}),
])
def test_partial_repaints_match_a_full_repaint(make_pilot, size, extra):
    pilot = make_pilot(size=size, settings=settings_json(**extra))
    to_play(pilot)
    play = pilot.screen
    pilot.settle()
    partial_frames = 0
    for _ in moves(pilot):
        pilot.step()
        if play.updated_rects() is not None:
            partial_frames += 1
        pilot.settle()
        shown = window_pixels(pilot.app)
        assert shown == full_repaint(pilot), f"at {pilot.app.session.state.node_id}"
    assert partial_frames >= 3, "moves on the play screen repaint only what changed"


def test_hover_and_focus_after_a_partial_repaint_leave_nothing_behind(make_pilot):
    pilot = make_pilot(settings=settings_json())
    to_play(pilot)
    play = pilot.screen
    pilot.settle()
    pilot.hover(pilot.button("Menu").rect.center)  # a focus ring on a tool, outside the column
    pilot.step()
    play.choose(pilot.app.session.state.available()[0])
    pilot.hover(play.actions[0].rect.center)
    pilot.step()
    pilot.settle()
    assert window_pixels(pilot.app) == full_repaint(pilot)


def test_the_frame_after_a_choice_is_a_small_part_of_the_work(make_pilot, monkeypatch):
    pilot = make_pilot(settings=settings_json())
    to_play(pilot)
    play = pilot.screen
    pilot.settle()
    app = pilot.app
    counts = {"layer": 0, "buttons": 0}
    layer, button = PlayScreen.draw_static, Button.draw

    def counting_layer(self, surface):
        counts["layer"] += 1
        return layer(self, surface)

    def counting_button(self, *args, **kwargs):
        counts["buttons"] += 1
        return button(self, *args, **kwargs)

    monkeypatch.setattr(PlayScreen, "draw_static", counting_layer)
    monkeypatch.setattr(Button, "draw", counting_button)
    w, h = app.window.get_size()
    for _ in moves(pilot, limit=6):
        renders = app.text.renders
        counts.update(layer=0, buttons=0)
        pilot.step()  # the frame after the move (the move laid the text out already)
        rects = play.updated_rects()
        assert rects is not None, "the frame after a move repaints a part of the window"
        sent = pygame.Mask((w, h))
        for r in rects:
            r = r.clip(app.window.get_rect())
            sent.draw(pygame.Mask(r.size, fill=True), r.topleft)
        # The right column, the scene's name and the fading portrait at most; a generous bound
        # (a full repaint sends the whole window).
        assert sent.count() <= 0.9 * w * h, f"{sent.count() / (w * h):.2f} of the window sent"
        assert counts["layer"] <= 3, "the cached layer is repainted once per changed region"
        # the choices at rest, in each region they touch, plus the focused one live
        assert counts["buttons"] <= 2 * len(play.focus.buttons) + 2
        assert app.text.renders == renders, "no text is rendered while drawing"
        pilot.settle()
        assert window_pixels(app) == full_repaint(pilot)


def test_the_layer_catches_up_after_the_frame_is_shown(make_pilot):
    """The frame after a move is painted into the window; on the loop's next turn (at once, no
    input needed) the cached layer holds the same moment at rest, whatever came first."""
    pilot = make_pilot(settings=settings_json())
    to_play(pilot)
    play = pilot.screen
    pilot.settle()
    for _ in moves(pilot, limit=5):
        pilot.step()  # the frame after the move
        assert play.behind(), "the layer is brought up to date after the frame, not in it"
        assert pilot.step() == 0 or not play.behind()
        assert not play.behind()
        pilot.settle()  # (a fade's new face joins the layer when the fade ends)
        layer = pygame.image.tobytes(play._static, "RGB")
        play.release()  # a layer painted from scratch for the same moment
        pilot.app.dirty = True
        pilot.step()
        assert pygame.image.tobytes(play._static, "RGB") == layer


def test_a_fade_frame_sends_only_where_the_faces_differ(make_pilot):
    pilot = make_pilot(settings=settings_json())
    to_play(pilot)
    play, app = pilot.screen, pilot.app
    pilot.settle()
    for _ in moves(pilot, limit=14):
        if play._fade_from is not None:
            break
    else:
        pytest.skip("no move of the tutorial changes the face")
    pilot.step()  # the frame of the move
    pilot.step()  # the loop's next turn
    area = play._fade_area()
    assert play.portrait_rect.contains(area) and area != play.portrait_rect, "two faces share some pixels"
    sizes = []
    while play._fade_from is not None:
        pilot.clock.now += 16
        pilot.step()
        if app.frames and play.updated_rects() is not None:
            sizes.append(play.updated_rects())
    assert sizes and all(rects == [area] for rects in sizes)
    pilot.settle()
    assert window_pixels(app) == full_repaint(pilot)


@pytest.mark.parametrize("extra", [{}, {"high_contrast": True}, {"text_size": "largest"}])
def test_the_pause_menu_over_the_window_is_the_menu_over_a_painted_layer(make_pilot, extra):
    """The pause menu's first frame veils the window in place; the same pixels as painting the
    play screen into the menu's layer, veiling that and copying it (what it did before)."""
    from game.ui.screens.pause import PauseScreen

    pilot = make_pilot(settings=settings_json(**extra))
    to_play(pilot)
    app = pilot.app
    pilot.settle()
    app.push(PauseScreen(app, lambda: None, lambda: None, lambda: None))
    pilot.step()
    assert app.screen.behind(), "the first frame is drawn over the window"
    shown = window_pixels(app)
    pilot.settle()
    menu = app.screen
    menu.release()
    menu.invalidate(static=True)
    app.painter = None  # the slow way: the play screen painted into a fresh layer
    pilot.step()
    assert window_pixels(app) == shown
    pilot.press(pygame.K_DOWN)  # focus moves: the layer the first frame left behind is right
    moved = window_pixels(app)
    menu.release()
    menu.invalidate(static=True)
    app.painter = None
    pilot.step()
    assert window_pixels(app) == moved


def test_a_buttons_frame_drawn_once_is_the_frame_drawn_in_place(make_pilot, monkeypatch):
    from game.ui import widgets

    pilot = make_pilot(settings=settings_json(meters="live"))
    to_play(pilot)
    pilot.settle()
    for _ in moves(pilot, limit=3):
        pass
    pilot.settle()
    cached = full_repaint(pilot)
    monkeypatch.setattr(widgets, "_draw_chrome", widgets._paint_chrome)
    assert full_repaint(pilot) == cached


def slow_menu_pixels(pilot) -> bytes:
    """The menu on top painted the slow way: the play screen into a fresh layer, veiled whole
    with a window-sized veil, the menu over it, copied to the window."""
    app, menu = pilot.app, pilot.app.screen
    menu.release()
    menu.invalidate(static=True)
    app.painter = None
    pilot.step()
    return window_pixels(app)


@pytest.mark.parametrize("extra", [{}, {"high_contrast": True}, {"text_size": "largest", "meters": "live"}])
def test_the_pause_menu_painted_ahead_is_the_menu_painted_when_opened(make_pilot, extra):
    """At rest, the play screen paints its pause menu ahead (after each move, where the window
    changed); Esc then shows that picture, the same pixels as the menu painted on opening."""
    from game.ui.screens.pause import PauseScreen

    pilot = make_pilot(settings=settings_json(**extra))
    to_play(pilot)
    play, app = pilot.screen, pilot.app
    pilot.settle()
    opened = 0
    for i, _ in enumerate(moves(pilot, limit=6)):
        pilot.settle()
        assert play._pause_ahead is not None and play._pause_ahead[1] == app.frames, "painted ahead at rest"
        if i % 2:
            continue  # the next move finds a menu painted over an earlier frame: only the changes repainted
        ahead = play._pause_ahead[0]
        pilot.press(pygame.K_ESCAPE)
        assert app.screen is ahead and isinstance(ahead, PauseScreen), "Esc opens the menu painted ahead"
        assert not ahead.behind(), "its first frame is its layer (nothing left to make after it)"
        shown = window_pixels(app)
        assert shown == slow_menu_pixels(pilot), f"at {app.session.state.node_id}"
        pilot.press(pygame.K_ESCAPE)  # back to play
        pilot.settle()
        opened += 1
    assert opened >= 2


def test_a_pause_menu_painted_over_another_frame_is_not_shown(make_pilot):
    """A frame drawn after the menu was painted ahead (here a hover, with no turn at rest after
    it) makes that picture stale: Esc paints the menu over the window as it shows now."""
    pilot = make_pilot(settings=settings_json())
    to_play(pilot)
    play, app = pilot.screen, pilot.app
    pilot.settle()
    stale = play._pause_ahead[0]
    pilot.hover(play.actions[-1].rect.center)
    assert play._pause_ahead[1] != app.frames
    play.pause()
    pilot.step()
    assert app.screen is not stale
    assert window_pixels(app) == slow_menu_pixels(pilot)


def test_painting_ahead_is_once_per_change_and_then_the_loop_sleeps(make_pilot, monkeypatch):
    pilot = make_pilot(settings=settings_json())
    to_play(pilot)
    app = pilot.app
    pilot.settle()
    calls = []
    work = PlayScreen.work_ahead
    # (the frame shown, how many next moments it has to paint ahead)
    monkeypatch.setattr(PlayScreen, "work_ahead",
                        lambda self: calls.append((app.frames, len(self.next.moves()))) or work(self))
    for _ in moves(pilot, limit=3):
        pilot.settle()
    frames = app.frames
    for _ in range(5):
        assert pilot.step() is None, "at rest the loop sleeps"
    assert app.frames == frames
    shown = {frame for frame, _n in calls}
    assert len(shown) >= 3
    for frame in shown:
        turns = [n for f, n in calls if f == frame]
        # one turn for the pause menu and one per next moment, once per frame shown, not once per turn
        assert len(turns) <= turns[0] + 1, f"{len(turns)} turns at rest for {turns[0]} next moments"


def test_the_pause_menu_painted_ahead_goes_when_the_play_screen_is_covered(make_pilot):
    from game.ui.screens.about import AboutScreen

    pilot = make_pilot(settings=settings_json())
    to_play(pilot)
    play, app = pilot.screen, pilot.app
    pilot.settle()
    ahead = play._pause_ahead[0]
    assert ahead._static is not None
    app.push(AboutScreen(app))  # a whole screen over play
    pilot.settle()
    assert play._pause_ahead is None and ahead._static is None, "no window-sized picture kept for it"
    app.pop()
    pilot.settle()
    assert play._pause_ahead is not None, "painted again once play is at rest on top"


def test_the_veil_laid_in_bands_is_a_window_sized_veil(make_pilot):
    pilot = make_pilot(size=(1024, 600), settings=settings_json())
    to_play(pilot)
    pilot.settle()
    app = pilot.app
    areas = [pygame.Rect(0, 0, 1024, 130), pygame.Rect(0, 130, 200, 470), pygame.Rect(700, 301, 324, 299)]
    for where in (None, areas):
        banded, whole = app.window.copy(), app.window.copy()
        app.dim(banded, where)
        veil = pygame.Surface(whole.get_size(), pygame.SRCALPHA)
        veil.fill(app.ui.pal.dim)
        for area in where if where is not None else [None]:
            whole.blit(veil, area or (0, 0), area)
        assert pygame.image.tobytes(banded, "RGB") == pygame.image.tobytes(whole, "RGB")
