"""Portraits and backdrops for the screens.

The drawing and its caches live in game/ui/art. Screens draw a backdrop under a tint (so
panels stay readable); that composition is kept here, one surface per size, so a redraw is a
single opaque blit.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import pygame

from game.ui.art.backdrops import clear_backdrop_cache, render_backdrop
from game.ui.art.portraits import EXPRESSIONS, clear_portrait_cache, render_portrait


class ArtCache:
    def __init__(self, capacity: int = 2, background: bool = True) -> None:
        self.capacity = capacity  # tinted backdrops are window-sized (33 MB at 4K): keep few
        self._tinted: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._gradients: dict[tuple, pygame.Surface] = {}
        # A portrait takes a good fraction of a second to draw; a helper thread draws the
        # other expressions ahead of time so a change of expression never stalls the game.
        self.background = background
        self._lock = threading.Lock()
        self._warming: threading.Thread | None = None
        self._wanted: tuple | None = None

    def portrait(self, key: str, expression: str, size: tuple[int, int], high_contrast: bool) -> pygame.Surface:
        size = (max(1, size[0]), max(1, size[1]))
        with self._lock:
            return render_portrait(key, expression, size, high_contrast=high_contrast)

    def warm_portraits(self, key: str, size: tuple[int, int], high_contrast: bool) -> threading.Thread | None:
        """Draw every expression of a client at this size in the background (once per request)."""
        wanted = (key, (max(1, size[0]), max(1, size[1])), high_contrast)
        if not self.background or wanted == self._wanted:
            return None
        self._wanted = wanted

        def work() -> None:
            for expression in EXPRESSIONS:
                if self._wanted != wanted:
                    return  # the window changed size or the client changed: stop early
                with self._lock:
                    render_portrait(wanted[0], expression, wanted[1], high_contrast=wanted[2])

        self._warming = threading.Thread(target=work, name="portrait-warmer", daemon=True)
        self._warming.start()
        return self._warming

    def forget(self) -> None:
        """Drop every cached drawing (a new scenario needs other faces and another room)."""
        with self._lock:
            self._wanted = None
            clear_portrait_cache()
            clear_backdrop_cache()
            self._tinted.clear()

    def gradient(self, size: tuple[int, int], top: tuple, bottom: tuple) -> pygame.Surface:
        """A calm vertical gradient for screens without a scene of their own."""
        key = (size, tuple(top), tuple(bottom))
        surface = self._gradients.get(key)
        if surface is None:
            seed = pygame.Surface((2, 2))
            seed.fill(top, (0, 0, 2, 1))
            seed.fill(bottom, (0, 1, 2, 1))
            surface = pygame.transform.smoothscale(seed, size)
            if pygame.display.get_surface() is not None:
                surface = surface.convert()
            self._gradients = {key: surface}  # one window size at a time
        return surface

    def backdrop(self, setting: str, size: tuple[int, int], high_contrast: bool, tint: tuple) -> pygame.Surface:
        """The backdrop with ``tint`` (RGBA) laid over it, as one opaque surface."""
        size = (max(1, size[0]), max(1, size[1]))
        key = (setting, size, high_contrast, tuple(tint))
        surface = self._tinted.get(key)
        if surface is not None:
            self._tinted.move_to_end(key)
            return surface
        surface = render_backdrop(setting, size, high_contrast=high_contrast).copy()
        veil = pygame.Surface(size, pygame.SRCALPHA)
        veil.fill(tint)
        surface.blit(veil, (0, 0))
        if pygame.display.get_surface() is not None:
            surface = surface.convert()  # the window's pixel format: the fastest blit
        self._tinted[key] = surface
        while len(self._tinted) > self.capacity:
            self._tinted.popitem(last=False)
        return surface
