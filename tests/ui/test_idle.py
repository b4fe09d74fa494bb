"""An idle window draws nothing; text is rendered once per change, never per frame."""

import json

import pygame

from tests.ui.test_screens import to_play


def test_idle_title_draws_no_frames(pilot):
    pilot.settle()
    frames, renders = pilot.app.frames, pilot.app.text.renders
    for _ in range(50):
        assert pilot.step() is None  # nothing to animate: the real loop would block
    assert pilot.app.frames == frames
    assert pilot.app.text.renders == renders


def test_pointer_moves_redraw_only_when_hover_changes(pilot):
    quit_button = pilot.button("Quit")
    pilot.hover(quit_button.rect.center)
    frames = pilot.app.frames
    pilot.hover((quit_button.rect.centerx + 3, quit_button.rect.centery))
    assert pilot.app.frames == frames
    pilot.hover((5, 5))
    assert pilot.app.frames == frames + 1


def test_waiting_on_a_choice_is_idle_and_redraws_render_no_text(make_pilot):
    pilot = make_pilot(settings=json.dumps({"text_speed": "instant"}))
    to_play(pilot)
    pilot.settle()
    renders = pilot.app.text.renders
    for _ in range(5):
        pilot.app.dirty = True  # force full redraws: all text comes from the cache
        pilot.step()
    assert pilot.app.text.renders == renders
    assert pilot.step() is None


def test_typewriter_renders_each_line_once(pilot):
    to_play(pilot)
    renders = pilot.app.text.renders
    pilot.wait(300)
    assert pilot.app.text.renders == renders, "the reveal only clips already-rendered lines"
    pilot.settle()
    assert pilot.step() is None


def test_waiter_returns_events_at_once_and_sleeps_without_them(pilot, monkeypatch):
    from game.ui import idle

    waiter = idle.Waiter()
    assert waiter.fd is None  # the dummy driver has no X connection: it polls gently
    pygame.event.post(pygame.event.Event(pygame.USEREVENT))
    assert [e.type for e in waiter.wait(None)] == [pygame.USEREVENT]
    naps = []
    monkeypatch.setattr(idle.time, "sleep", lambda s: naps.append(s))
    clock = iter(range(10_000))
    monkeypatch.setattr(idle.time, "monotonic", lambda: next(clock) / 100)  # 10 ms per look
    waiter.last_event = -100.0  # long idle: the slow poll rate
    assert waiter.wait(50) == []
    assert naps[0] == idle.QUIET_POLL and all(s <= idle.QUIET_POLL for s in naps)


def test_run_returns_when_the_window_closes(pilot):
    pilot.settle()
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert pilot.app.run() == 0
    assert not pilot.app.running
