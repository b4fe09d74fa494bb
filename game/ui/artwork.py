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


# Posted (thread-safely) when a portrait asked for with notify=True has been drawn.
ART_READY = pygame.event.custom_type()


class ArtCache:
    def __init__(self, capacity: int = 2, background: bool = True) -> None:
        self.capacity = capacity  # tinted backdrops are window-sized (33 MB at 4K): keep few
        self._tinted: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._gradients: dict[tuple, pygame.Surface] = {}
        # A portrait takes a good fraction of a second to draw. A helper thread draws the ones
        # a screen will need next (other expressions, card thumbnails), so the game never
        # stalls on one; the UI thread only blits. One drawing runs at a time (_lock): the art
        # module's caches are not meant for two threads at once.
        self.background = background
        self._lock = threading.Lock()
        self._queue = threading.Condition()
        self._pending: list[tuple[tuple, bool]] = []  # (job, notify); job = (key, expr, size, hc)
        self._done: set[tuple] = set()
        self._ready: dict[tuple, pygame.Surface] = {}  # drawn jobs that asked to be notified
        self._busy = False
        self._worker: threading.Thread | None = None

    @staticmethod
    def job(key: str, expression: str, size: tuple[int, int], high_contrast: bool) -> tuple:
        return (key, expression, (max(1, int(size[0])), max(1, int(size[1]))), bool(high_contrast))

    def portrait(self, key: str, expression: str, size: tuple[int, int], high_contrast: bool) -> pygame.Surface:
        key, expression, size, high_contrast = self.job(key, expression, size, high_contrast)
        with self._lock:
            return render_portrait(key, expression, size, high_contrast=high_contrast)

    def ready(self, key: str, expression: str, size: tuple[int, int], high_contrast: bool) -> pygame.Surface | None:
        """A portrait the helper has drawn, or None while it is still to come."""
        return self._ready.get(self.job(key, expression, size, high_contrast))

    def request(self, jobs: list[tuple], notify: bool = False) -> None:
        """Draw these portraits in the background, replacing any earlier wish list."""
        if not self.background:
            return
        with self._queue:
            self._pending = [(j, notify) for j in jobs if j not in self._done]
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="portrait-painter", daemon=True)
                self._worker.start()
            self._queue.notify_all()

    def warm_portraits(self, key: str, size: tuple[int, int], high_contrast: bool) -> None:
        """Every expression of a client at this size, so a change of face costs only a blit."""
        self.request([self.job(key, e, size, high_contrast) for e in EXPRESSIONS])

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until the helper has nothing left to draw (tests and benchmarks)."""
        with self._queue:
            return self._queue.wait_for(lambda: not self._pending and not self._busy, timeout)

    def stop(self, timeout: float = 2.0) -> None:
        """Forget the wish list and wait (briefly) for a drawing in progress."""
        with self._queue:
            self._pending = []
        self.wait_idle(timeout)

    def _work(self) -> None:
        while True:
            with self._queue:
                self._busy = False
                self._queue.notify_all()
                self._queue.wait_for(lambda: self._pending)
                job, notify = self._pending.pop(0)
                self._busy = True
            key, expression, size, high_contrast = job
            with self._lock:
                surface = render_portrait(key, expression, size, high_contrast=high_contrast)
                self._done.add(job)
                if notify:
                    self._ready[job] = surface
            if notify:
                try:
                    pygame.event.post(pygame.event.Event(ART_READY))
                except pygame.error:
                    pass  # the window is closing

    def forget(self) -> None:
        """Drop every cached drawing (a new scenario needs other faces and another room)."""
        with self._queue:
            self._pending = []
        with self._lock:
            self._done.clear()
            self._ready.clear()
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
