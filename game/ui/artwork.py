"""Portraits and backdrops for the screens.

The drawing and its caches live in game/ui/art. Screens draw a backdrop under a tint (so
panels stay readable); that composition is kept here, one surface per size, so a redraw is a
single opaque blit.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict

import pygame

# The drawing modules load on first use: the title's first frame draws no person, no room.


def _portraits():
    from game.ui.art import portraits

    return portraits


def _backdrops():
    from game.ui.art import backdrops

    return backdrops


def face_key(expression: str) -> str:
    return _portraits().face_key(expression)


def __getattr__(name: str):
    if name == "WARM_BYTES":
        # Portraits drawn ahead of need stay within this (about 13 faces in a 1280x720 window, 1 at 4K).
        return _portraits().CACHE_BYTES // 4
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# Posted (thread-safely) when a portrait asked for with notify=True has been drawn.
ART_READY = pygame.event.custom_type()


class ArtCache:
    def __init__(self, capacity: int = 2, background: bool = True) -> None:
        self.capacity = capacity  # tinted backdrops are window-sized (33 MB at 4K): keep few
        self._tinted: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._gradients: dict[tuple, pygame.Surface] = {}
        self._strip: tuple[tuple, pygame.Surface] | None = None  # the narrow gradient they are widened from
        # A portrait takes a good fraction of a second to draw. A helper thread draws the ones
        # a screen will need next (other expressions, card thumbnails), so the game never
        # stalls on one; the UI thread only blits. One drawing runs at a time (_lock): the art
        # module's caches are not meant for two threads at once.
        self.background = background
        self._lock = threading.Lock()
        self._queue = threading.Condition()
        self._pending: list[tuple[tuple, bool]] = []  # (job, notify); job = (key, face, size, hc)
        self._ready: dict[tuple, pygame.Surface] = {}  # drawn jobs that asked to be notified
        self._busy = False
        self._worker: threading.Thread | None = None
        self._differs: dict[tuple, pygame.Rect | None] = {}  # (client, face, face, size, contrast) -> faces_differ

    @staticmethod
    def job(key: str, expression: str, size: tuple[int, int], high_contrast: bool) -> tuple:
        """A portrait to draw; `expression` is a face key "beat:band" or a format-1 name."""
        return (key, face_key(expression), (max(1, int(size[0])), max(1, int(size[1]))),
                bool(high_contrast))

    def portrait(self, key: str, expression: str, size: tuple[int, int], high_contrast: bool) -> pygame.Surface:
        key, expression, size, high_contrast = self.job(key, expression, size, high_contrast)
        with self._lock:
            return _portraits().render_portrait(key, expression, size, high_contrast=high_contrast)

    def has_portrait(self, key: str, expression: str, size: tuple[int, int], high_contrast: bool) -> bool:
        """Whether ``portrait`` would cost only a lookup now (the drawing is cached)."""
        return _portraits().is_cached(*self.job(key, expression, size, high_contrast))

    def faces_differ(self, key: str, was: str, now: str, size: tuple[int, int], high_contrast: bool):
        """The part of the portrait where faces ``was`` and ``now`` differ (changed_part), worked
        out once per pair (about a millisecond) and remembered."""
        job = (key, was, now, tuple(size), bool(high_contrast))
        if job not in self._differs:
            if len(self._differs) >= 64:
                self._differs.clear()  # faces and sizes change rarely: start afresh rather than track use
            self._differs[job] = changed_part(self.portrait(key, was, size, high_contrast),
                                              self.portrait(key, now, size, high_contrast))
        return self._differs[job]

    def ready(self, key: str, expression: str, size: tuple[int, int], high_contrast: bool) -> pygame.Surface | None:
        """A portrait the helper has drawn, or None while it is still to come."""
        return self._ready.get(self.job(key, expression, size, high_contrast))

    def _needed(self, job: tuple, notify: bool) -> bool:
        # A portrait the cache has since let go of is drawn again when asked for again.
        return job not in self._ready if notify else not _portraits().is_cached(*job)

    def request(self, jobs: list[tuple], notify: bool = False) -> None:
        """Draw these portraits in the background, replacing any earlier wish list."""
        if not self.background:
            return
        with self._queue:
            self._pending = [(j, notify) for j in jobs if self._needed(j, notify)]
            if self._worker is None:
                from game.ui.allocator import return_large_blocks

                return_large_blocks()  # the faces it draws are large: given back when let go
                self._worker = threading.Thread(target=self._work, name="portrait-painter", daemon=True)
                self._worker.start()
            self._queue.notify_all()

    @staticmethod
    def warm_limit(size: tuple[int, int]) -> int:
        """How many portraits of this size may be drawn ahead: WARM_BYTES' worth (a quarter of
        the portrait cache), so warming never pushes out the face on screen and memory stays
        near what six format-1 faces took (21 faces at 4K would be 140 MB)."""
        p = _portraits()
        return max(1, p.CACHE_BYTES // 4 // p.portrait_bytes(size))

    def warm_portraits(self, key: str, size: tuple[int, int], high_contrast: bool,
                       faces=None) -> list[tuple]:
        """Draw ahead the faces a change of moment can show, most likely first, so it costs
        only a blit. `faces`: face keys or format-1 names in order of need (default: the six
        format-1 faces). Only as many as warm_limit allows are drawn; returns the jobs asked."""
        wanted: list[str] = []
        for face in (_portraits().EXPRESSIONS if faces is None else faces):
            face = face_key(face)
            if face not in wanted:
                wanted.append(face)
        jobs = [self.job(key, f, size, high_contrast) for f in wanted[:self.warm_limit(size)]]
        self.request(jobs)
        return jobs

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
                surface = _portraits().render_portrait(key, expression, size, high_contrast=high_contrast)
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
            self._ready.clear()
            if "game.ui.art.portraits" in sys.modules:
                _portraits().clear_portrait_cache()
            if "game.ui.art.backdrops" in sys.modules:
                _backdrops().clear_backdrop_cache()
            self._tinted.clear()

    def gradient(self, size: tuple[int, int], top: tuple, bottom: tuple) -> pygame.Surface:
        """A calm vertical gradient for screens without a scene of their own."""
        key = (size, tuple(top), tuple(bottom))
        surface = self._gradients.get(key)
        if surface is None:
            surface = pygame.transform.scale(self._gradient_strip(size[1], top, bottom), size)
            self._gradients = {key: surface}  # one window size at a time
        return surface

    def paint_gradient(self, surface: pygame.Surface, top: tuple, bottom: tuple) -> None:
        """Cover ``surface`` with ``gradient(surface.get_size(), top, bottom)``, widened straight
        into it: a screen's first frame makes no window-sized gradient of its own (only a partial
        repaint needs one to copy from)."""
        size = surface.get_size()
        cached = self._gradients.get((size, tuple(top), tuple(bottom)))
        strip = self._gradient_strip(size[1], top, bottom)
        if cached is None and strip.get_bitsize() == surface.get_bitsize() and strip.get_masks() == surface.get_masks():
            pygame.transform.scale(strip, size, surface)
        else:
            surface.blit(cached or self.gradient(size, top, bottom), (0, 0))

    def _gradient_strip(self, height: int, top: tuple, bottom: tuple) -> pygame.Surface:
        key = (height, tuple(top), tuple(bottom))
        if self._strip is None or self._strip[0] != key:
            seed = pygame.Surface((2, 2))
            seed.fill(top, (0, 0, 2, 1))
            seed.fill(bottom, (0, 1, 2, 1))
            # Smoothed down a narrow strip, then widened (gradient, paint_gradient): rows are
            # uniform, so the pixels are those of smoothing the seed to the whole size, for a
            # fraction of the work. The strip takes the window's pixel format before it is widened.
            strip = pygame.transform.smoothscale(seed, (2, height))
            if pygame.display.get_surface() is not None:
                strip = strip.convert()
            self._strip = (key, strip)
        return self._strip[1]

    def backdrop(self, setting: str, size: tuple[int, int], high_contrast: bool, tint: tuple) -> pygame.Surface:
        """The backdrop with ``tint`` (RGBA) laid over it, as one opaque surface."""
        size = (max(1, size[0]), max(1, size[1]))
        key = (setting, size, high_contrast, tuple(tint))
        surface = self._tinted.get(key)
        if surface is not None:
            self._tinted.move_to_end(key)
            return surface
        # Drawn for us alone (in the window's pixel format, the fastest blit): tinted in place, a
        # strip at a time (a window-sized veil would be another window's worth while it lasts).
        surface = _backdrops().render_backdrop(setting, size, high_contrast=high_contrast, cached=False)
        veil = pygame.Surface((size[0], min(size[1], 64)), pygame.SRCALPHA)
        veil.fill(tint)
        for y in range(0, size[1], veil.get_height()):
            surface.blit(veil, (0, y))
        self._tinted[key] = surface
        while len(self._tinted) > self.capacity:
            self._tinted.popitem(last=False)
        return surface


def face_of(state) -> str:
    """The face key the client shows at this moment of play: the engine's moment (format 2,
    "beat:band"), or the format-1 cue's expression mapped to its face."""
    moment = getattr(state, "moment", None)
    if callable(moment):
        face = getattr(moment(), "face", None)
        if face:
            return face_key(face)
    return face_key(state.cue().expression)


def scene_faces(scenario, current: str | None = None) -> list[str]:
    """The faces a scene can show, the likeliest next first: the current face, the current
    band of every beat the scene uses, then the other bands. Format 1 scenes use the faces
    their expressions map to."""
    out: list[str] = []

    def add(face) -> None:
        if face:
            face = face_key(face)
            if face not in out:
                out.append(face)

    add(current)
    beats: list[str] = []
    for node in scenario.nodes.values():
        for beat in [getattr(node, "beat", None)] + [
                getattr(getattr(c, "reaction", None), "beat", None) for c in node.choices]:
            if beat and beat not in beats:
                beats.append(beat)
    band = current.split(":")[1] if current and ":" in current else None
    from game.story.model import BANDS

    order = ([band] if band in BANDS else []) + [b for b in BANDS if b != band]
    for b in order:
        for beat in beats:
            add(f"{beat}:{b}")
    for cue in getattr(scenario, "cues", ()):
        add(cue.expression)
    for node in scenario.nodes.values():
        add(getattr(node, "expression", None))
    return out


def changed_part(a: pygame.Surface, b: pygame.Surface) -> pygame.Rect | None:
    """The bounding rectangle of the pixels where ``a`` and ``b`` differ (None: all of it)."""
    if a.get_size() != b.get_size() or a.get_bitsize() != b.get_bitsize() or a.get_bitsize() != 32:
        return None
    pa, pb = pygame.PixelArray(a), pygame.PixelArray(b)
    try:
        same = pa.compare(pb, distance=0.0)  # white where equal, black where not
        try:
            marks = same.make_surface()
        finally:
            same.close()
    finally:
        pa.close()
        pb.close()
    marks.set_colorkey(marks.map_rgb((255, 255, 255)))
    rects = pygame.mask.from_surface(marks).get_bounding_rects()
    if not rects:
        return pygame.Rect(0, 0, 0, 0)  # the same face: the fade changes nothing
    return rects[0].unionall(rects[1:])
