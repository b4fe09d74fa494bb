"""The debrief chart: every meter of the scene after each decision, with turning points marked.

With meter visibility "hidden" the chart shows only the shape (no numbers, no scale), so a
student sees rises and falls without reading scores; "after-ending" and "live" add the scale.
"""

from __future__ import annotations

import pygame

from game.i18n import _
from game.words import meter_name
from game.ui.meters import meter_colors
from game.ui.widgets import UI


class MeterChart:
    def __init__(self, trajectory: list[dict], meters: dict, turning_steps: list[int],
                 show_numbers: bool) -> None:
        self.trajectory = trajectory  # meters at the start and after each decision
        self.meters = meters  # name -> Meter, in the scenario's order: one line each, and the scale
        self.turning = turning_steps  # positions in the trajectory (1 = after decision 1)
        self.show_numbers = show_numbers
        self.max_height: int | None = None  # the page's viewport: the chart is seen whole, never scrolled through

    def measure(self, ui: UI, width: int) -> int:
        t = ui.theme
        legend = self._legend_layout(ui, width)[1]
        natural = max(t.px(200), min(t.px(300), width // 3)) + legend + t.px(34)
        if self.max_height is None:
            return natural
        return max(legend + t.px(34) + t.px(80), min(natural, self.max_height))

    def draw(self, surface: pygame.Surface, ui: UI, rect: pygame.Rect) -> None:
        t, pal = ui.theme, ui.pal
        legend_h = self._legend(surface, ui, rect)
        low = min((m.min for m in self.meters.values()), default=0)
        high = max((m.max for m in self.meters.values()), default=100)
        axis_w = ui.block(str(high), "small", pal.text_muted, rect.width).width + t.px(8) if self.show_numbers else 0
        steps_h = ui.block("0", "small", pal.text_muted, rect.width).height + t.px(6)
        plot = pygame.Rect(rect.x + axis_w, rect.y + legend_h + t.px(12), rect.width - axis_w - t.px(6),
                           rect.height - legend_h - t.px(12) - steps_h)
        pygame.draw.rect(surface, pal.panel_border, plot, width=max(1, t.px(1)))
        for frac in (0.25, 0.5, 0.75):
            y = plot.bottom - int(plot.height * frac)
            pygame.draw.line(surface, pal.panel_border, (plot.x, y), (plot.right, y), 1)
        if self.show_numbers:
            for value in (low, (low + high) // 2, high):
                label = ui.block(str(value), "small", pal.text_muted, axis_w)
                y = plot.bottom - (value - low) * plot.height // max(1, high - low)
                label.draw(surface, (rect.x, max(rect.y + legend_h, y - label.height // 2)), rect)

        n = len(self.trajectory)
        span = max(1, n - 1)

        inset = t.font_px("small") // 2 + t.px(12)  # room for a marker badge at either end

        def point(i: int, value: int) -> tuple[int, int]:
            x = plot.x + inset + (plot.width - 2 * inset) * i // span
            y = plot.bottom - t.px(6) - (value - low) * (plot.height - 2 * t.px(6)) // max(1, high - low)
            return x, y

        # Turning points: a vertical band and a numbered marker at the decision.
        for number, i in enumerate(self.turning, start=1):
            if 0 < i < n:
                x = point(i, low)[0]
                pygame.draw.line(surface, pal.marker, (x, plot.y), (x, plot.bottom), max(2, t.px(2)))
                badge = ui.block(str(number), "small", pal.accent_text if not t.high_contrast else (0, 0, 0),
                                 rect.width, "bold")
                r = max(badge.width, badge.height) // 2 + t.px(3)
                pygame.draw.circle(surface, pal.marker, (x, plot.y + r + t.px(2)), r)
                badge.draw(surface, (x - badge.width // 2, plot.y + r + t.px(2) - badge.height // 2), rect)
        for name, color in meter_colors(pal, self.meters):
            points = [point(i, m.get(name, self.meters[name].start)) for i, m in enumerate(self.trajectory)]
            if len(points) > 1:
                pygame.draw.lines(surface, color, False, points, max(2, t.px(3)))
            for p in points:
                pygame.draw.circle(surface, color, p, max(3, t.px(5)))
        # Decision numbers along the bottom (0 = the start).
        every = max(1, (n * t.px(28)) // max(1, plot.width) + 1)
        for i in range(0, n, every):
            label = ui.block(_("start") if i == 0 else str(i), "small", pal.text_muted, rect.width)
            x = point(i, low)[0]
            lx = min(max(rect.x, x - label.width // 2), rect.right - label.width)
            label.draw(surface, (lx, plot.bottom + t.px(4)), rect)

    def _legend_layout(self, ui: UI, width: int) -> tuple[list, int]:
        """(label, colour, x, y) per legend item, wrapping onto more rows when the meters are many;
        and the legend's height."""
        t, pal = ui.theme, ui.pal
        items = [(meter_name(name).capitalize(), color) for name, color in meter_colors(pal, self.meters)]
        items.append((_("Turning point"), pal.marker))
        placed, x, y, row_h = [], 0, 0, 0
        for text, color in items:
            label = ui.block(text, "small", pal.text, width)
            item_w = t.px(22) + t.px(6) + label.width
            if x and x + item_w > width:
                x, y, row_h = 0, y + row_h + t.px(6), 0
            placed.append((label, color, x, y))
            x += item_w + t.px(20)
            row_h = max(row_h, label.height)
        return placed, y + row_h

    def _legend(self, surface, ui: UI, rect: pygame.Rect) -> int:
        t = ui.theme
        placed, height = self._legend_layout(ui, rect.width)
        for label, color, x, y in placed:
            swatch = pygame.Rect(rect.x + x, rect.y + y + label.height // 2 - t.px(3), t.px(22), t.px(6))
            pygame.draw.rect(surface, color, swatch)
            label.draw(surface, (swatch.right + t.px(6), rect.y + y), rect)
        return height
