"""Raw events become intents in one place, for keyboard, mouse and controllers alike."""

import pygame

from game.ui import input as ix


def kinds(events):
    mapper = ix.InputMapper()
    out = []
    for e in events:
        out += [(i.kind, i.n) if i.kind == ix.PICK else i.kind for i in mapper.map(e)]
    return out


def key(k, mod=0):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)


def test_keyboard_conventions():
    assert kinds([key(pygame.K_1), key(pygame.K_9), key(pygame.K_KP3)]) == [(ix.PICK, 1), (ix.PICK, 9), (ix.PICK, 3)]
    assert kinds([key(pygame.K_SPACE), key(pygame.K_RETURN), key(pygame.K_KP_ENTER)]) == [ix.ACTIVATE] * 3
    assert kinds([key(pygame.K_ESCAPE), key(pygame.K_F11), key(pygame.K_l)]) == [ix.PAUSE, ix.FULLSCREEN, ix.LOG]
    assert kinds([key(pygame.K_TAB), key(pygame.K_TAB, pygame.KMOD_LSHIFT)]) == [ix.FOCUS_NEXT, ix.FOCUS_PREV]
    assert kinds([key(pygame.K_UP), key(pygame.K_DOWN), key(pygame.K_0), key(pygame.K_a)]) == [ix.UP, ix.DOWN]


def test_mouse_click_wheel_and_pointer():
    mapper = ix.InputMapper()
    move = mapper.map(pygame.event.Event(pygame.MOUSEMOTION, pos=(10, 20), rel=(0, 0), buttons=(0, 0, 0)))
    assert move == [ix.Intent(ix.POINT, pos=(10, 20))]
    wheel = mapper.map(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=2, flipped=False))
    assert wheel == [ix.Intent(ix.SCROLL, amount=2, pos=(10, 20))]
    assert mapper.map(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(5, 6), button=1)) == [ix.Intent(ix.CLICK, pos=(5, 6))]
    assert mapper.map(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(5, 6), button=3)) == []


def test_controller_buttons_and_stick():
    pad = lambda b: pygame.event.Event(pygame.CONTROLLERBUTTONDOWN, button=b, instance_id=0)  # noqa: E731
    assert kinds([pad(pygame.CONTROLLER_BUTTON_A), pad(pygame.CONTROLLER_BUTTON_START),
                  pad(pygame.CONTROLLER_BUTTON_DPAD_DOWN), pad(pygame.CONTROLLER_BUTTON_B)]) == [
        ix.ACTIVATE, ix.PAUSE, ix.DOWN, ix.BACK]
    axis = lambda v: pygame.event.Event(pygame.CONTROLLERAXISMOTION, instance_id=0,  # noqa: E731
                                        axis=pygame.CONTROLLER_AXIS_LEFTY, value=v)
    # Only crossing the threshold counts, once, like a key press; drift does nothing.
    assert kinds([axis(3000), axis(30000), axis(32000), axis(0), axis(-30000)]) == [ix.DOWN, ix.UP]


def test_plain_joystick_hat_and_buttons():
    hat = pygame.event.Event(pygame.JOYHATMOTION, instance_id=5, hat=0, value=(0, -1))
    button = pygame.event.Event(pygame.JOYBUTTONDOWN, instance_id=5, button=0)
    assert kinds([hat, button]) == [ix.DOWN, ix.ACTIVATE]


def test_window_events():
    resize = pygame.event.Event(pygame.VIDEORESIZE, size=(800, 600), w=800, h=600)
    assert kinds([pygame.event.Event(pygame.QUIT), resize]) == [ix.QUIT, ix.RESIZE]


def test_f5_reloads_and_a_text_field_takes_typed_keys():
    assert kinds([key(pygame.K_F5)]) == [ix.RELOAD]
    mapper = ix.InputMapper()
    typed = pygame.event.Event(pygame.TEXTINPUT, text="l")
    assert mapper.map(typed) == [], "typed text means nothing outside a text field"
    mapper.text_mode = True
    # In a name field: letters, digits and space type (their TEXTINPUT carries the character),
    # Backspace erases instead of leaving, Enter and Esc keep their meaning.
    assert mapper.map(key(pygame.K_l)) == [] and mapper.map(key(pygame.K_1)) == [] and mapper.map(key(pygame.K_SPACE)) == []
    assert mapper.map(typed) == [ix.Intent(ix.TEXT, text="l")]
    assert [i.kind for k in (pygame.K_BACKSPACE, pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_TAB)
            for i in mapper.map(key(k))] == [ix.ERASE, ix.ACTIVATE, ix.PAUSE, ix.FOCUS_NEXT]
