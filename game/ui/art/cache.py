"""A least-recently-used cache of rendered surfaces, bounded by the memory they hold.

A 4K backdrop is 33 MB and a tall portrait several MB, so a count limit alone would let a
few resizes push the game past its memory budget; this one counts bytes.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Hashable

import pygame


class SurfaceCache:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, pygame.Surface] = OrderedDict()
        self._bytes = 0

    def get(self, key: Hashable, make: Callable[[], pygame.Surface]) -> pygame.Surface:
        surface = self._items.get(key)
        if surface is not None:
            self._items.move_to_end(key)
            return surface
        surface = make()
        self._items[key] = surface
        self._bytes += _size(surface)
        # Evict the oldest, but always keep the one just made.
        while self._bytes > self.max_bytes and len(self._items) > 1:
            _, old = self._items.popitem(last=False)
            self._bytes -= _size(old)
        return surface

    def has(self, key: Hashable) -> bool:
        return key in self._items

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def bytes(self) -> int:
        return self._bytes


def _size(surface: pygame.Surface) -> int:
    w, h = surface.get_size()
    return w * h * surface.get_bytesize()
