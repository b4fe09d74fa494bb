"""Where the window opens and how big: it fits the usable desktop and comes back as it was left.

``opening(desktops, saved_size, saved_position)`` is pure arithmetic (tested without a display);
``place(...)`` tells SDL before the window is made; ``last_geometry()`` reads the window back
to be remembered in the settings when the game closes.
"""

from __future__ import annotations

import os

MIN_SIZE = (1024, 600)  # the smallest window the layout is designed and tested for
DEFAULT_SIZE = (1280, 720)
# Room left around a new window for what the desktop keeps for itself: task bars, docks,
# menu bars and the window's own title bar (SDL cannot tell the usable area on every system).
PANEL_ROOM = (48, 112)


def opening(desktops: list[tuple[int, int]], saved_size=None, saved_position=None):
    """(size, position or None) for a new window on a desktop of ``desktops[0]``.

    The size is the one left last time, else 1280x720; either shrinks to fit the desktop less
    room for panels, but never below 1024x600 (nor above the desktop itself, on a screen so
    small that both cannot hold). The position is kept only when the whole window lands on it.
    """
    size = tuple(saved_size) if saved_size else DEFAULT_SIZE
    if not desktops:
        return (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1])), None
    dw, dh = desktops[0]
    usable = (dw - PANEL_ROOM[0], dh - PANEL_ROOM[1])
    w = min(dw, max(MIN_SIZE[0], min(size[0], usable[0])))
    h = min(dh, max(MIN_SIZE[1], min(size[1], usable[1])))
    position = None
    if saved_position:
        x, y = saved_position
        if 0 <= x and 0 <= y and x + w <= dw and y + h <= dh:
            position = (int(x), int(y))
    return (w, h), position


def place(position) -> None:
    """Ask SDL to open the next window at ``position`` (or centred); read when it is made."""
    if position is None:
        os.environ.pop("SDL_VIDEO_WINDOW_POS", None)
        os.environ["SDL_VIDEO_CENTERED"] = "1"
    else:
        os.environ.pop("SDL_VIDEO_CENTERED", None)
        os.environ["SDL_VIDEO_WINDOW_POS"] = f"{position[0]},{position[1]}"


def last_geometry():
    """(size, position) of the open window; position None where SDL cannot tell (Wayland)."""
    import pygame

    surface = pygame.display.get_surface()
    size = tuple(surface.get_size()) if surface is not None else None
    try:
        position = tuple(pygame.display.get_window_position())
    except (pygame.error, AttributeError):
        position = None
    if os.environ.get("WAYLAND_DISPLAY") and os.environ.get("SDL_VIDEODRIVER") == "wayland":
        position = None  # Wayland keeps window positions from programs
    return size, position
