"""The base class every screen follows: handle intents, update animations, draw."""

from __future__ import annotations

import pygame

from game.ui import input as ix
from game.ui.speech import describe

# A window-sized layer a screen let go of (it was popped, or covered), kept for the next screen:
# a fresh one costs the page faults of 4 MB (33 MB at 4K), most of a new screen's first frame.
# One is enough for the usual back and forth (a menu over the play screen); it is repainted whole.
_spare: list[pygame.Surface] = []


def _layer(size: tuple[int, int], like: pygame.Surface) -> pygame.Surface:
    while _spare:
        layer = _spare.pop()
        if layer.get_size() == size and layer.get_bitsize() == like.get_bitsize():
            return layer
    return pygame.Surface(size, 0, like)  # in the window's pixel format, as convert() gives



class Screen:
    """One screen of the game. The app calls ``layout`` whenever the window or settings change,
    ``handle`` for each intent, ``update`` each loop turn and ``draw`` only when something changed.
    A screen hands what it produced back through the callbacks it was built with.
    """

    overlay = False  # drawn over a dimmed view of the screen below (pause menu, log)
    name = "screen"

    def __init__(self, app) -> None:
        self.app = app
        self._static: pygame.Surface | None = None  # everything that hover/focus does not change
        self._static_dirty = True

    @property
    def ui(self):
        return self.app.ui

    # The app calls enter() once when the screen joins the stack and leave() once when it is
    # taken off (popped, replaced, reset, or the app quits), so whatever a screen starts it can
    # stop in the pair; reveal() when it is on top again after the screen over it left.
    def enter(self) -> None:
        """The screen joined the stack (it is on top now)."""

    def reveal(self) -> None:
        """The screen over this one left: it is on top again."""

    def leave(self) -> None:
        """The screen was taken off the stack: stop what it started."""

    def layout(self) -> None:
        """Compute rectangles and text blocks for the current window size and settings."""

    def handle(self, intent: ix.Intent) -> None:
        """React to one intent. Call ``invalidate`` when the picture changes."""

    def update(self, now_ms: int) -> int | None:
        """Advance animations; return ms until the next frame is wanted, or None when idle."""
        return None

    def draw(self, surface: pygame.Surface) -> None:
        """Blit the cached static layer (re-made only after a change), then the live parts.

        A frame that only moves focus or hover costs one full-window blit and a button or two,
        which is what keeps redraws as cheap as blitting cached text.
        """
        size = surface.get_size()
        if self._static is None or self._static.get_size() != size:
            self._static = _layer(size, surface)
            self._static_dirty = True
        if self._static_dirty:
            self._static.set_clip(None)
            if self.overlay:
                self.app.draw_below(self, self._static)
            self.draw_static(self._static)
            self._static.set_clip(None)
            self._static_dirty = False
        surface.blit(self._static, (0, 0))
        self.draw_live(surface)

    def draw_static(self, surface: pygame.Surface) -> None:
        raise NotImplementedError

    def behind(self) -> bool:
        """Whether the cached layer has work left over from the last frame (``catch_up``)."""
        return False

    def catch_up(self) -> None:
        """Finish what the last frame left for after it was shown (the app calls this on the
        loop's next turn, before anything else is drawn)."""

    def ahead(self) -> bool:
        """Whether the screen, at rest, has something to paint ahead (``work_ahead``)."""
        return False

    def work_ahead(self) -> None:
        """Paint, in a turn of the loop where nothing else is drawn, what is certain to come next
        (the play screen's pause menu), so that its frame is a copy when it comes. Once per
        change: after it, ``ahead`` is False until the window shows something else."""

    def draw_live(self, surface: pygame.Surface) -> None:
        """What changes without a layout change: focus, hover, typing, fades."""

    def invalidate(self, static: bool = False) -> None:
        """Ask for a redraw; ``static`` when more than focus or hover changed."""
        self.app.dirty = True
        if static:
            self._static_dirty = True

    def keep_layer(self) -> None:
        """The layer painted ahead (``paint_ahead``) is what the window needs: pushing the screen
        (which lays it out again, the same) does not make it paint the layer again."""
        if self._static is not None:
            self._static_dirty = False

    def release(self) -> None:
        """Drop the cached layer while covered by another screen (it is re-made on return)."""
        if self._static is not None:
            _spare[:] = [self._static]
        self._static = None

    def buttons(self) -> list:
        """The buttons currently on screen (the Pilot finds them by label)."""
        return []

    # Self-voicing (game.ui.speech): the app asks after each change and speaks what is new.
    def speech(self) -> list[str]:
        """What this screen says when it appears or its content changes, in reading order (the
        same text it shows; the focused item is said after it, by ``speech_focus``)."""
        return []

    def speech_focus(self) -> str | None:
        """What the focused button says when focus moves to it."""
        focus = getattr(self, "focus", None)
        button = focus.focused if focus is not None else None
        return describe(button) if button is not None else None
