"""The play screen's next moments, laid out and painted ahead while the player reads (issue 14 §11).

At rest the screen knows every moment that can come next: reading on leads to one, a choice
moment to one per offered choice. Each is worked out on a copy of the story state (the session
is never moved, so no listener hears of it: no save, no record, no sound), laid out by the
screen's own layout code and painted into a layer of its own: the cached layer as it will be,
that is the current one with the regions the change touches repainted, by the same code as the
frame after a change would use. One moment per turn of the loop at rest, so a key waits for one
prediction at most; at most ``limit()`` layers.

When the change comes, the screen takes the prediction whose inputs are exactly the moment's
(the story state, coach note, meter changes, notices, faces, settings, window): its layout
instead of laying out again, and, in the frame, copies of its pixels instead of a repaint;
after the frame the layer becomes the cached layer. Anything else (a notice, a setting, a
resize, a rewind, a layer repainted since) and the screen does what it did without one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import pygame

from game.story import CHOICE, PlayError
from game.ui import text as text_module

MAX_LAYERS = 4  # a moment has rarely more than four choices
AHEAD_BYTES = 20 * 1024 * 1024  # 4 layers at 1280x720, 2 at 1920x1080, 1 (always) at 4K


def limit(size: tuple[int, int]) -> int:
    """How many moments are painted ahead at this window size (one at least: reading on)."""
    return max(1, min(MAX_LAYERS, AHEAD_BYTES // max(1, size[0] * size[1] * 4)))


def moment_key(s) -> tuple:
    """Everything the layout and the cached layer of a new moment follow from (taken with the
    change, before its layout): a moment painted ahead is used only when this is the same."""
    st, app = s.state, s.app
    last = st.history[-1] if st.history else None
    notice = s.session.notice if s._view_state is None else None  # (a move clears it)
    return (id(s.session), id(st.scenario), st.node_id, st.status, st.reacting, st.ending, dict(st.meters), st.flags,
            dict(st.visits), len(st.history), last, s.coach, dict(s.last_delta), tuple(app.play_problems), notice,
            s._expression, s._posture, s.posture_changed, s._fade_from[0] if s._fade_from is not None else None,
            id(s.ui.theme), app.settings, app.window.get_size())


# What PlayScreen._lay_out sets: a moment painted ahead hands these over.
LAID_OUT = ("tools", "where", "live", "posture_block", "gauge_labels", "caption_rect", "gauge_rect", "portrait_rect",
            "_left_top", "_left_bottom", "action_pos", "column", "actions_rect", "pane", "more", "panel_h",
            "text_blocks", "cards", "_narration", "_says", "_speaker", "actions")


def aligned(rect: pygame.Rect, bounds: pygame.Rect) -> pygame.Rect:
    """``rect`` widened to whole 16-byte runs of 32-bit pixels (inside ``bounds``). The frame's
    copy is memory-bound: SDL copies aligned rows with streaming stores, which do not read the
    window's old pixels into the cache first (about a third less memory traffic). Outside the
    changed regions the layer painted ahead is the cached layer, as the window shows it."""
    left, right = rect.x & ~3, (rect.right + 3) & ~3
    return pygame.Rect(left, rect.y, right - left, rect.height).clip(bounds)


@dataclass
class Prediction:
    key: tuple  # what decides the moment (moment_key): compared when the change comes
    laid_out: dict  # the screen's layout for it (LAID_OUT)
    layer: pygame.Surface  # the regions, painted as that moment will have them (nothing else)
    regions: list  # the cached layer's regions the change repaints (aligned)
    was: dict  # the signature of the cached layer it was painted over (by identity: not repainted since)
    now: dict  # the signature of the layer painted
    view: tuple  # scroll offset and reveal, as the change will set them


class NextMoments:
    """The predictions of one play screen, and the layers they hold."""

    def __init__(self, screen) -> None:
        self.screen = screen
        self.made: dict = {}  # move (a choice id; None reads on) -> Prediction, or None: not to be had
        self.basis: dict | None = None  # the cached layer's signature they were painted over
        self.free: list[pygame.Surface] = []  # layers of dropped predictions, to paint the next ones into
        self.used: Prediction | None = None  # the prediction the change took (its layout)
        self.shown: Prediction | None = None  # the prediction the last frame was copied from (catch_up copies it on)

    # --- at rest ------------------------------------------------------------------------------
    def moves(self) -> list:
        """The moves that can come next, the focused choice first, as many as layers allowed."""
        s = self.screen
        st = s.state
        if st.is_over:
            return []
        if st.status != CHOICE:
            return [None]
        ids = [c.id for c in st.available()]
        focused = s.focus.focused
        if focused is not None and focused in s.actions and s.actions.index(focused) < len(ids):
            ids.insert(0, ids.pop(s.actions.index(focused)))
        return ids[:limit(s.app.window.get_size())]

    def pending(self):
        """The next move to predict (``...`` when there is none): the layer must be as the screen
        shows it, at rest; predictions painted over an older layer are dropped first."""
        s = self.screen
        if s._painted is None or s._static is None or s._view_state is not None:
            return ...
        if self.basis is not s._painted:
            self.drop()
            self.basis = s._painted
        wanted = self.moves()
        for move in [m for m in self.made if m not in wanted]:  # the focus moved on: make room
            self._let_go(self.made.pop(move))
        # The likeliest (the focused choice) last: the freshest in the processor's cache when the
        # player acts (the frame is a memory-bound copy); the whole round takes a few ms.
        return next((m for m in reversed(wanted) if m not in self.made), ...)

    def work(self) -> None:
        """Predict one move (one turn of the loop)."""
        move = self.pending()
        if move is not ...:
            self.made[move] = self._predict(move)

    def _predict(self, move) -> Prediction | None:
        s = self.screen
        state = s.state.copy()
        node = state.node
        try:
            step = state.choose(move) if move is not None else state.advance()
        except PlayError:
            return None  # the real move says so (PlayScreen._stuck)
        saved = dict(s.__dict__)
        # The screen lays the moment out as its own change would, on a view of the copy, with
        # its own scroll and focus copied: everything it sets is put back after.
        s._view_state, s.scroll, s.focus = state, copy.copy(s.scroll), copy.copy(s.focus)
        try:
            s.coach, s.last_delta = s._after(step, node.choice(move) if move is not None else None)
            s._now = s.app.clock()
            s._take_moment()
            s.scroll.offset = 0
            key = moment_key(s)
            s._lay_out()
            s._show_newest()
            s._start_reveal()
            now = s._signature()
            regions = s._changed_regions(now)  # (a face that will fade in stays the old one in the layer)
            if regions is None or text_module.probe is not None:
                return None
            bounds = s._static.get_rect()
            wide = [aligned(r, bounds) for r in regions]
            if now["portrait"] != self.basis["portrait"] and not s.app.art.has_portrait(
                    s.session.scenario.client.portrait, s._expression, s.portrait_rect.size, s.ui.theme.high_contrast):
                return None  # drawing a face takes a good part of a second: never at rest for a guess
            layer = self._layer(s._static)
            for w, r in zip(wide, regions):  # the few columns the alignment adds: as they are
                for edge in (pygame.Rect(w.x, w.y, r.x - w.x, w.h), pygame.Rect(r.right, w.y, w.right - r.right, w.h)):
                    if edge.width > 0:
                        layer.blit(s._static, edge, edge)
            # What the frame would paint, into a layer of its own (by the same unaligned blits as
            # the frame: aligned ones stream past the cache, and the frame would read it cold).
            s._repaint(regions, layer)
            laid_out = {name: getattr(s, name) for name in LAID_OUT}
            return Prediction(key, laid_out, layer, wide, self.basis, now, (s.scroll.offset, s._revealed))
        finally:
            s.__dict__.clear()
            s.__dict__.update(saved)

    def _layer(self, like: pygame.Surface) -> pygame.Surface:
        size = like.get_size()
        self.free = [f for f in self.free if f.get_size() == size and f.get_bitsize() == like.get_bitsize()]
        return self.free.pop() if self.free else pygame.Surface(size, 0, like)

    def _let_go(self, prediction: Prediction | None) -> None:
        if prediction is not None and prediction is not self.shown:
            self._keep(prediction.layer)

    def _keep(self, layer: pygame.Surface) -> None:
        if self.layers() < limit(layer.get_size()):
            self.free.append(layer)

    def drop(self) -> None:
        """Forget every prediction (their layers are kept to paint the next ones into)."""
        made, self.made, self.basis, self.used = self.made, {}, None, None
        for prediction in made.values():
            self._let_go(prediction)

    def release(self) -> None:
        """Let go of every layer (the screen is covered or left)."""
        self.drop()
        self.free, self.shown = [], None

    # --- the change -----------------------------------------------------------------------------
    def adopt(self) -> bool:
        """The change has come (PlayScreen._sync, before its layout): when it is a moment predicted,
        exactly, take that layout and return True. Every other prediction is dropped."""
        s = self.screen
        key = moment_key(s) if self.made else None
        taken = next((p for p in self.made.values() if p is not None and p.key == key), None)
        self.made = {m: p for m, p in self.made.items() if p is not taken}
        self.drop()
        self.used = taken
        if taken is None:
            return False
        s.__dict__.update(taken.laid_out)
        s._set_focus(s.actions)
        s.scroll.set(s.pane, s.panel_h)
        return True

    def frame(self, now: dict, regions: list) -> tuple | None:
        """(layer, regions) to copy the frame from, when they show the moment exactly as the screen
        would paint it now: the layout taken at the change, over the cached layer as it was then,
        the same regions, signature, scroll and reveal, at the same window size."""
        s, p = self.screen, self.used
        self.used = None
        if p is None:
            return None
        bounds = s._static.get_rect() if s._static is not None else None
        if (p.was is not s._painted or p.now != now or p.view != (s.scroll.offset, s._revealed)
                or bounds is None or p.layer.get_size() != bounds.size
                or p.regions != [aligned(r, bounds) for r in regions]):
            self._let_go(p)
            return None
        self.shown = p
        return p.layer, p.regions

    def frame_done(self) -> None:
        """A frame was drawn: a layout taken at the change and not copied from is let go."""
        if self.used is not None:
            self._let_go(self.used)
            self.used = None

    def catch_up(self, static: pygame.Surface) -> bool:
        """Bring the cached layer up to the frame copied from a prediction (from its layer, which
        holds no focus ring or fade, unlike the window); False when the last frame was not one."""
        p, self.shown = self.shown, None
        if p is None:
            return False
        if p.layer.get_size() == static.get_size():
            for r in p.regions:
                static.blit(p.layer, r, r)
        self._keep(p.layer)
        return p.layer.get_size() == static.get_size()

    def layers(self) -> int:
        """How many layers this holds now (tests, memory)."""
        return len(self.free) + sum(p is not None for p in self.made.values()) + (self.shown is not None)
