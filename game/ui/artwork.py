"""Portraits and backdrops for the screens.

The drawing and its caches live in game/ui/art. Screens draw a backdrop under a tint (so
panels stay readable); that composition is kept here, one surface per size, so a redraw is a
single opaque blit.
"""

from __future__ import annotations

from collections import OrderedDict

import pygame

from game.ui.art.backdrops import render_backdrop
from game.ui.art.portraits import render_portrait


class ArtCache:
    def __init__(self, capacity: int = 2) -> None:
        self.capacity = capacity  # tinted backdrops are window-sized (33 MB at 4K): keep few
        self._tinted: OrderedDict[tuple, pygame.Surface] = OrderedDict()

    def portrait(self, key: str, expression: str, size: tuple[int, int], high_contrast: bool) -> pygame.Surface:
        return render_portrait(key, expression, (max(1, size[0]), max(1, size[1])), high_contrast=high_contrast)

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
