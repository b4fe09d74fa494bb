"""The base class every screen follows: handle intents, update animations, draw."""

from __future__ import annotations

import pygame

from game.ui import input as ix


class Screen:
    """One screen of the game. The app calls ``layout`` whenever the window or settings change,
    ``handle`` for each intent, ``update`` each loop turn and ``draw`` only when something changed.
    """

    overlay = False  # drawn over a dimmed view of the screen below (pause menu, log)
    name = "screen"

    def __init__(self, app) -> None:
        self.app = app

    @property
    def ui(self):
        return self.app.ui

    def enter(self) -> None:
        """Called when the screen becomes the top of the stack (again)."""

    def layout(self) -> None:
        """Compute rectangles and text blocks for the current window size and settings."""

    def handle(self, intent: ix.Intent) -> None:
        """React to one intent. Call ``invalidate`` when the picture changes."""

    def update(self, now_ms: int) -> int | None:
        """Advance animations; return ms until the next frame is wanted, or None when idle."""
        return None

    def draw(self, surface: pygame.Surface) -> None:
        raise NotImplementedError

    def invalidate(self) -> None:
        self.app.dirty = True

    def buttons(self) -> list:
        """The buttons currently on screen (the Pilot finds them by label)."""
        return []
