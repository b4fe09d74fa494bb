"""Drawing for the facilitator screens: the join QR code, tally bars inside choice buttons,
and the meter gauges. Pixels only; the screens decide what to show."""

from __future__ import annotations

import pygame

from game.classroom.qr import qr_matrix
from game.ui.classroom.words import meter_name
from game.ui.meters import meter_colors
from game.ui.widgets import UI, Button, shade

QR_DARK, QR_LIGHT = (0, 0, 0), (255, 255, 255)  # scanners want dark on light, whatever the theme

_qr_cache: dict[tuple[str, int], pygame.Surface] = {}


def qr_surface(url: str, side: int) -> pygame.Surface:
    """The QR code for ``url`` as a square no larger than ``side``, in whole-pixel modules
    (blurred module edges are what make a projected code hard to scan)."""
    rows = qr_matrix(url)
    n = len(rows)
    module = max(1, side // n)
    key = (url, module)
    surface = _qr_cache.get(key)
    if surface is None:
        surface = pygame.Surface((n * module, n * module))
        surface.fill(QR_LIGHT)
        for y, row in enumerate(rows):
            x = 0
            while x < n:
                if row[x]:
                    start = x
                    while x < n and row[x]:
                        x += 1
                    surface.fill(QR_DARK, (start * module, y * module, (x - start) * module, module))
                else:
                    x += 1
        if len(_qr_cache) > 8:
            _qr_cache.clear()
        _qr_cache[key] = surface
    return surface


class TallyButton(Button):
    """A choice with its share of the votes filled in behind the label, and the count at the right.

    The fill is blended over the finished button (multiplied on a light button, added on a dark
    one), so the label stays readable and focus and hover look as they always do."""

    def __init__(self, label, action, *, hint=None, share: float | None = None, count: str | None = None,
                 winner: bool = False) -> None:
        super().__init__(label, action, hint=hint, value=count)
        self.share = share        # None: no vote on this decision yet
        self.winner = winner

    def draw(self, surface, ui: UI, focused: bool, hovered: bool) -> None:
        super().draw(surface, ui, focused, hovered)
        if self.share is None:
            return
        t, pal = ui.theme, ui.pal
        inset = max(t.border, t.radius // 2)  # stay inside the rounded corners
        inner = self.rect.inflate(-2 * inset, -2 * inset)
        fill = inner.copy()
        fill.width = round(inner.width * max(0.0, min(1.0, self.share)))
        # Clip by hand: pygame-ce 2.5 fills the whole rect when it lies entirely outside the
        # surface's clip (a choice scrolled out of view would paint over the key legend).
        fill = fill.clip(surface.get_clip())
        if fill.width <= 0 or fill.height <= 0:
            return
        light = sum(pal.button) > 384
        if light:
            tint = (170, 214, 206) if not self.winner else (130, 196, 186)
            surface.fill(tint, fill, special_flags=pygame.BLEND_RGB_MULT)
        else:
            tint = (70, 62, 0) if not self.winner else (110, 98, 0)
            surface.fill(tint, fill, special_flags=pygame.BLEND_RGB_ADD)
        if self.winner:
            pygame.draw.rect(surface, pal.focus if t.high_contrast else pal.accent, self.rect,
                             width=max(2, t.border), border_radius=t.radius)


def gauge_rows(ui: UI, width: int, meters: dict, scenario_meters: dict, deltas: dict) -> list:
    """(name, value, meter, label block, colour, change block or None) for each of the scene's
    meters, laid out for ``width``: the name and value on the left, the last choice's change at the
    right of the same line ("Confianza 33" ... "-3"), in the smaller size when a long name and its
    change would not fit on one line (and always when there are more than two meters)."""
    items = [(name, colour, meters[name], deltas.get(name, 0)) for name, colour in meter_colors(ui.pal, scenario_meters)]
    # More than two meters (their bars thinner, see _gauge_sizes): the smaller size, so the client keeps its height.
    for role in ("body", "small") if len(items) <= 2 else ("small",):
        rows = []
        for name, colour, value, delta in items:
            label = ui.block(f"{meter_name(name).capitalize()} {value}", role, ui.pal.on_background, width, "bold")
            change = ui.block(f"{delta:+d}", role, ui.pal.on_background, width, "bold") if delta else None
            rows.append((name, value, scenario_meters[name], label, colour, change))
        if all(label_width(ui, row) <= width for row in rows):
            break
    return rows


def label_width(ui: UI, row) -> int:
    """The width of a gauge's line: its label and, beside it, the change."""
    label, change = row[3], row[5]
    if len(label.lines) > 1:
        return 1 << 30  # wrapped: never fits
    return label.width + (ui.theme.px(12) + change.width if change is not None else 0)


def _gauge_sizes(ui: UI, rows) -> tuple[int, int, int]:
    """(gap under a label, bar height, gap after a bar): thinner when a scene has more than two
    meters, so the client keeps its size on a projector however many meters are revealed."""
    t = ui.theme
    # At least 8 pixels: at 1024x768 a design 8 was 6, a colour line of 2 that a class could not read.
    return (t.px(2), max(8, t.px(8)), t.px(6)) if len(rows) > 2 else (t.px(4), t.px(16), t.px(12))


def gauges_height(ui: UI, rows) -> int:
    under, bar, after = _gauge_sizes(ui, rows)
    return ui.theme.px(10) + sum(row[3].height + under + bar + after for row in rows)


def draw_gauges(surface, ui: UI, rect: pygame.Rect, rows) -> None:
    t, pal = ui.theme, ui.pal
    shade(surface, rect, (0, 0, 0, 255 if t.high_contrast else 170))
    pad = t.px(14)
    under, bar_h, after = _gauge_sizes(ui, rows)
    y = rect.y + t.px(10)
    for _, value, meter, label, colour, change in rows:
        label.draw(surface, (rect.x + pad, y), rect)
        if change is not None:  # the last choice's change, at the right of the label's line
            change.draw(surface, (rect.right - pad - change.width, y + label.height - change.height), rect)
        y += label.height + under
        bar = pygame.Rect(rect.x + pad, y, rect.width - 2 * pad, bar_h)
        pygame.draw.rect(surface, pal.on_background_muted, bar, width=max(1, t.px(1)))
        # A thin bar (more than two meters) keeps no gap inside its outline, so its colour reads.
        inset = 2 if bar_h >= t.px(12) else max(1, t.px(1))  # the outline's width
        fill = bar.inflate(-2 * inset, -2 * inset)
        fill.width = fill.width * (value - meter.min) // max(1, meter.max - meter.min)
        pygame.draw.rect(surface, colour, fill)
        y += bar.height + after
