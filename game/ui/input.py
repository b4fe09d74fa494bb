"""Raw pygame events in, intents out: the one input path for people, controllers and tests.

Screens never look at key codes or button numbers; they react to an ``Intent`` such as
"activate", "pick 3" or "scroll up". Mapping at the edge keeps every control scheme (keyboard,
mouse, controller) equal and lets the test Pilot post real events through pygame's queue.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

# Intent kinds.
ACTIVATE = "activate"  # Enter, Space, controller A: press the focused thing / advance text
BACK = "back"  # Backspace, controller B: leave this screen
PAUSE = "pause"  # Esc, controller Start: the pause menu (or close an overlay)
PICK = "pick"  # 1-9: choose the numbered option (n is 1-based)
UP, DOWN, LEFT, RIGHT = "up", "down", "left", "right"
FOCUS_NEXT, FOCUS_PREV = "focus-next", "focus-prev"  # Tab, Shift+Tab
PAGE_UP, PAGE_DOWN = "page-up", "page-down"
LOG = "log"  # L or controller Y: the conversation log
FULLSCREEN = "fullscreen"  # F11
RELOAD = "reload"  # F5: read the scene file again (for authors playing their own scene)
TEXT = "text"  # typed characters (text), only while a text field has focus
ERASE = "erase"  # Backspace while a text field has focus (instead of BACK)
POINT = "point"  # mouse moved to pos
CLICK = "click"  # left button released at pos (press and release on the same thing)
PRESS = "press"  # left button pressed at pos (for pressed-state feedback)
SCROLL = "scroll"  # wheel; amount > 0 means towards the top
RESIZE = "resize"  # the window changed size (size)
EXPOSE = "expose"  # the window needs repainting
QUIT = "quit"
ART_READY = "art-ready"  # a picture drawn in the background is ready to show
SPEECH = "speech"  # Shift+V: self-voicing on or off (game.ui.speech)
SHORTCUT = "shortcut"  # a letter or +/- a screen may use as a command key (facilitator mode); see char


@dataclass(frozen=True)
class Intent:
    """What an input event means to a screen: its kind, and what goes with it (a number, a place, text)."""

    kind: str
    n: int = 0
    pos: tuple[int, int] | None = None
    amount: int = 0
    size: tuple[int, int] | None = None
    text: str = ""  # for TEXT: what was typed
    char: str = ""  # for SHORTCUT: "n", "r", "v", "b", "h", "m", "+" or "-"; " " for ACTIVATE by Space


_KEYS = {
    pygame.K_RETURN: ACTIVATE,
    pygame.K_KP_ENTER: ACTIVATE,
    pygame.K_SPACE: ACTIVATE,
    pygame.K_ESCAPE: PAUSE,
    pygame.K_BACKSPACE: BACK,
    pygame.K_UP: UP,
    pygame.K_DOWN: DOWN,
    pygame.K_LEFT: LEFT,
    pygame.K_RIGHT: RIGHT,
    pygame.K_PAGEUP: PAGE_UP,
    pygame.K_PAGEDOWN: PAGE_DOWN,
    pygame.K_l: LOG,
    pygame.K_F11: FULLSCREEN,
    pygame.K_F5: RELOAD,
}
# While a text field has focus, printable keys type (their TEXTINPUT event carries the
# character) and only these keys keep a meaning of their own.
_TEXT_MODE_KEYS = {
    pygame.K_RETURN: ACTIVATE,
    pygame.K_KP_ENTER: ACTIVATE,
    pygame.K_ESCAPE: PAUSE,
    pygame.K_BACKSPACE: ERASE,
    pygame.K_UP: UP,
    pygame.K_DOWN: DOWN,
    pygame.K_PAGEUP: PAGE_UP,
    pygame.K_PAGEDOWN: PAGE_DOWN,
    pygame.K_F11: FULLSCREEN,
}
# Command keys of the facilitator screens (the rest of the game ignores them).
_SHORTCUTS = {pygame.K_n: "n", pygame.K_r: "r", pygame.K_v: "v", pygame.K_b: "b", pygame.K_h: "h", pygame.K_m: "m",
              pygame.K_PLUS: "+", pygame.K_EQUALS: "+", pygame.K_KP_PLUS: "+",
              pygame.K_MINUS: "-", pygame.K_KP_MINUS: "-"}
_NUMBER_KEYS = {getattr(pygame, f"K_{i}"): i for i in range(1, 10)}
_NUMBER_KEYS.update({getattr(pygame, f"K_KP{i}"): i for i in range(1, 10)})

_PAD_BUTTONS = {
    pygame.CONTROLLER_BUTTON_A: ACTIVATE,
    pygame.CONTROLLER_BUTTON_B: BACK,
    pygame.CONTROLLER_BUTTON_Y: LOG,
    pygame.CONTROLLER_BUTTON_START: PAUSE,
    pygame.CONTROLLER_BUTTON_DPAD_UP: UP,
    pygame.CONTROLLER_BUTTON_DPAD_DOWN: DOWN,
    pygame.CONTROLLER_BUTTON_DPAD_LEFT: LEFT,
    pygame.CONTROLLER_BUTTON_DPAD_RIGHT: RIGHT,
    pygame.CONTROLLER_BUTTON_LEFTSHOULDER: PAGE_UP,
    pygame.CONTROLLER_BUTTON_RIGHTSHOULDER: PAGE_DOWN,
}
# Plain joysticks that SDL does not know as game controllers: the common layout
# (0 = south face button, 1 = east, 3 = north, 7 = start) and the hat for directions.
_JOY_BUTTONS = {0: ACTIVATE, 1: BACK, 3: LOG, 7: PAUSE}
_HAT = {(0, 1): UP, (0, -1): DOWN, (-1, 0): LEFT, (1, 0): RIGHT}
from game.ui.artwork import ART_READY as _ART_READY_EVENT  # noqa: E402

_STICK_THRESHOLD = 20000  # of 32767: a deliberate push, not drift


class InputMapper:
    """Turns pygame events into intents, keeping the little state some devices need."""

    def __init__(self) -> None:
        self._controllers: dict[int, object] = {}  # instance id -> opened controller
        self._joysticks: dict[int, object] = {}  # instance id -> opened plain joystick
        self._stick: dict[tuple[int, int], int] = {}  # (instance, axis) -> -1/0/1 last direction
        self._pointer: tuple[int, int] = (-1, -1)  # last known pointer position
        # Set by the app before each event: the focused thing takes typed text (a name field).
        self.text_mode = False

    def map(self, event: pygame.event.Event) -> list[Intent]:
        t = event.type
        if t == pygame.QUIT:
            return [Intent(QUIT)]
        if t == _ART_READY_EVENT:
            return [Intent(ART_READY)]
        if t == pygame.KEYDOWN:
            return self._text_key(event) if self.text_mode else self._key(event)
        if t == pygame.TEXTINPUT:
            return [Intent(TEXT, text=event.text)] if self.text_mode and event.text else []
        if t == pygame.MOUSEMOTION:
            self._pointer = tuple(event.pos)
            return [Intent(POINT, pos=self._pointer)]
        if t == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._pointer = tuple(event.pos)
            return [Intent(PRESS, pos=self._pointer)]
        if t == pygame.MOUSEBUTTONUP and event.button == 1:
            self._pointer = tuple(event.pos)
            return [Intent(CLICK, pos=self._pointer)]
        if t == pygame.MOUSEWHEEL:
            # The wheel event carries no position: it acts where the pointer last was.
            return [Intent(SCROLL, amount=int(event.y), pos=self._pointer)] if event.y else []
        if t in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            return [Intent(RESIZE)]
        if t in (pygame.WINDOWEXPOSED, pygame.VIDEOEXPOSE, pygame.WINDOWRESTORED, pygame.WINDOWSHOWN):
            return [Intent(EXPOSE)]
        if t in (pygame.CONTROLLERDEVICEADDED, pygame.CONTROLLERDEVICEREMOVED,
                 pygame.JOYDEVICEADDED, pygame.JOYDEVICEREMOVED):
            self._device(event)
            return []
        if t == pygame.CONTROLLERBUTTONDOWN:
            kind = _PAD_BUTTONS.get(event.button)
            return [Intent(kind)] if kind else []
        if t == pygame.CONTROLLERAXISMOTION:
            return self._axis(event.instance_id, event.axis, event.value, (
                pygame.CONTROLLER_AXIS_LEFTX, pygame.CONTROLLER_AXIS_LEFTY))
        if t in (pygame.JOYBUTTONDOWN, pygame.JOYHATMOTION, pygame.JOYAXISMOTION):
            if event.instance_id in self._controllers:
                return []  # the same device already reports as a controller
            if t == pygame.JOYBUTTONDOWN:
                kind = _JOY_BUTTONS.get(event.button)
                return [Intent(kind)] if kind else []
            if t == pygame.JOYHATMOTION:
                kind = _HAT.get(tuple(event.value))
                return [Intent(kind)] if kind else []
            return self._axis(event.instance_id, event.axis, int(event.value * 32767), (0, 1))
        return []

    def _key(self, event) -> list[Intent]:
        key = event.key
        if key == pygame.K_TAB:
            return [Intent(FOCUS_PREV if event.mod & pygame.KMOD_SHIFT else FOCUS_NEXT)]
        if key == pygame.K_RETURN and event.mod & pygame.KMOD_ALT:
            return [Intent(FULLSCREEN)]
        if key in _NUMBER_KEYS:
            return [Intent(PICK, n=_NUMBER_KEYS[key])]
        if key == pygame.K_v and event.mod & pygame.KMOD_SHIFT:
            return [Intent(SPEECH)]  # (V alone is the facilitator's vote; in a text field V types)
        if key in _SHORTCUTS:
            return [Intent(SHORTCUT, char=_SHORTCUTS[key])]
        if key == pygame.K_SPACE:
            # Space presses buttons like Enter, but the play screen lets it only read on: a
            # student tapping Space through the text must never commit a response by accident.
            return [Intent(ACTIVATE, char=" ")]
        kind = _KEYS.get(key)
        return [Intent(kind)] if kind else []

    def _text_key(self, event) -> list[Intent]:
        if event.key == pygame.K_TAB:
            return [Intent(FOCUS_PREV if event.mod & pygame.KMOD_SHIFT else FOCUS_NEXT)]
        kind = _TEXT_MODE_KEYS.get(event.key)
        return [Intent(kind)] if kind else []

    def _axis(self, instance: int, axis: int, value: int, axes: tuple[int, int]) -> list[Intent]:
        if axis not in axes:
            return []
        direction = 1 if value > _STICK_THRESHOLD else -1 if value < -_STICK_THRESHOLD else 0
        previous = self._stick.get((instance, axis), 0)
        self._stick[(instance, axis)] = direction
        if direction == 0 or direction == previous:
            return []  # only the push past the threshold counts, like a key press
        horizontal = axis == axes[0]
        if horizontal:
            return [Intent(RIGHT if direction > 0 else LEFT)]
        return [Intent(DOWN if direction > 0 else UP)]

    def _device(self, event) -> None:
        """Open controllers as they appear so their buttons send events.

        SDL announces every pad as a joystick; one it knows as a game controller is opened
        through the controller API (named buttons), the rest as plain joysticks.
        """
        try:
            from pygame._sdl2 import controller
        except ImportError:  # a pygame build without the SDL2 controller module
            controller = None
        t = event.type
        if t in (pygame.JOYDEVICEADDED, pygame.CONTROLLERDEVICEADDED):
            index = event.device_index
            try:
                if controller is not None and controller.is_controller(index):
                    if not controller.get_init():
                        controller.init()
                    pad = controller.Controller(index)
                    self._controllers.setdefault(pad.as_joystick().get_instance_id(), pad)
                elif t == pygame.JOYDEVICEADDED:
                    stick = pygame.joystick.Joystick(index)
                    self._joysticks[stick.get_instance_id()] = stick
            except pygame.error:
                pass  # unplugged again before we could open it
        elif t in (pygame.CONTROLLERDEVICEREMOVED, pygame.JOYDEVICEREMOVED):
            self._controllers.pop(event.instance_id, None)
            self._joysticks.pop(event.instance_id, None)
