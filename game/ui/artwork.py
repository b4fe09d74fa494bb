"""Portraits and backdrops for the screens, drawn once per size and kept.

The drawing itself lives in game/ui/art; this module only caches what it returns, since a
portrait drawn with pygame.draw costs far more than a blit.
"""

from __future__ import annotations

from collections import OrderedDict

import pygame

try:
    from game.ui.art import render_backdrop, render_portrait
except ImportError:  # until the art package lands: plain shapes in the calm palette
    render_backdrop = render_portrait = None


def _plain_portrait(key: str, expression: str, size: tuple[int, int], high_contrast: bool):
    surf = pygame.Surface(size, pygame.SRCALPHA)
    w, h = size
    skin = (255, 255, 255) if high_contrast else (205, 170, 140)
    pygame.draw.ellipse(surf, skin, (w * 0.3, h * 0.12, w * 0.4, h * 0.42))
    pygame.draw.rect(surf, (90, 110, 130), (w * 0.18, h * 0.58, w * 0.64, h * 0.42),
                     border_top_left_radius=w // 5, border_top_right_radius=w // 5)
    return surf


def _plain_backdrop(setting: str, size: tuple[int, int], high_contrast: bool):
    surf = pygame.Surface(size)
    surf.fill((0, 0, 0) if high_contrast else (58, 74, 84))
    return surf


class ArtCache:
    def __init__(self, capacity: int = 24) -> None:
        self.capacity = capacity
        self._items: OrderedDict[tuple, pygame.Surface] = OrderedDict()

    def _get(self, key, make):
        surf = self._items.get(key)
        if surf is None:
            surf = make()
            self._items[key] = surf
            if len(self._items) > self.capacity:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(key)
        return surf

    def portrait(self, key: str, expression: str, size: tuple[int, int], high_contrast: bool):
        size = (max(1, size[0]), max(1, size[1]))
        draw = render_portrait or (lambda k, e, s, *, high_contrast: _plain_portrait(k, e, s, high_contrast))
        return self._get(("p", key, expression, size, high_contrast),
                         lambda: draw(key, expression, size, high_contrast=high_contrast))

    def backdrop(self, setting: str, size: tuple[int, int], high_contrast: bool):
        size = (max(1, size[0]), max(1, size[1]))
        draw = render_backdrop or (lambda s, z, *, high_contrast: _plain_backdrop(s, z, high_contrast))
        return self._get(("b", setting, size, high_contrast),
                         lambda: draw(setting, size, high_contrast=high_contrast))
