"""The class debrief's comparison: every path the class tried, side by side.

``path_trajectories`` rebuilds each path's meters after each decision from the session record
(a rewind starts a path from an earlier one's decision, so a path is the earlier path's
decisions up to that point and then its own). ``PathsChart`` draws them all on one chart: one
colour per meter, one line per path, each line labelled with its path's number at its end.
"""

from __future__ import annotations

import pygame

from game.i18n import _
from game.ui.classroom.words import meter_name
from game.ui.meters import meter_colors
from game.ui.widgets import UI


def path_trajectories(record, start: dict) -> list[tuple[int, list[dict]]]:
    """(path number, [meters at the start, after decision 1, ...]) for each path in ``record``
    (a ClassRecord); ``start`` is the scene's starting meters."""
    paths: list[tuple[int, list[dict]]] = []
    previous: list = []
    for branch in record.branches:
        inherited = [d for d in previous if d.step < branch.from_step] if branch.number > 1 else []
        own = sorted((d for d in record.decisions if d.branch == branch.number), key=lambda d: d.step)
        decisions = inherited + own
        first = decisions[0].before if decisions else start
        paths.append((branch.number, [dict(first)] + [dict(d.after) for d in decisions]))
        previous = decisions
    return paths


def path_tag(n: int) -> str:
    """The short label at the end of a path's line: "P1" ("path 1")."""
    # TRANSLATORS: the short label for path n at the end of its line on the chart; the initial of "path"
    return _("P{n}").format(n=n)


class PathsChart:
    def __init__(self, paths: list[tuple[int, list[dict]]], meters: dict, current: int) -> None:
        self.paths = paths          # (number, trajectory)
        self.meters = meters        # name -> Meter, in the scene's order
        self.current = current      # the path being looked at: drawn boldest
        self.max_height: int | None = None  # the screen's viewport: the chart is seen whole, never scrolled through

    def measure(self, ui: UI, width: int) -> int:
        t = ui.theme
        legend = self._legend_h(ui, width)
        natural = max(t.px(220), min(t.px(320), width // 3)) + legend + t.px(40)
        if self.max_height is None:
            return natural
        return max(legend + t.px(40) + t.px(80), min(natural, self.max_height))

    def _legend_items(self, ui: UI) -> list[tuple[str, tuple]]:
        items = [(meter_name(name).capitalize(), color) for name, color in meter_colors(ui.pal, self.meters)]
        return items + [((_("{tag}: path {n} (this one, thickest)") if n == self.current else _("{tag}: path {n}"))
                         .format(tag=path_tag(n), n=n), None) for n, _trajectory in self.paths]

    def _legend_layout(self, ui: UI, width: int) -> tuple[list, int]:
        t = ui.theme
        placed, x, y, row_h = [], 0, 0, 0
        for text, color in self._legend_items(ui):
            label = ui.block(text, "small", ui.pal.text, width)
            item_w = (t.px(28) if color else 0) + label.width
            if x and x + item_w > width:
                x, y, row_h = 0, y + row_h + t.px(6), 0
            placed.append((label, color, x, y))
            x += item_w + t.px(20)
            row_h = max(row_h, label.height)
        return placed, y + row_h

    def _legend_h(self, ui: UI, width: int) -> int:
        return self._legend_layout(ui, width)[1]

    def draw(self, surface: pygame.Surface, ui: UI, rect: pygame.Rect) -> None:
        t, pal = ui.theme, ui.pal
        placed, legend_h = self._legend_layout(ui, rect.width)
        for label, color, x, y in placed:
            if color is not None:
                swatch = pygame.Rect(rect.x + x, rect.y + y + label.height // 2 - t.px(3), t.px(22), t.px(6))
                pygame.draw.rect(surface, color, swatch)
                x += t.px(28)
            label.draw(surface, (rect.x + x, rect.y + y), rect)
        low = min((m.min for m in self.meters.values()), default=0)
        high = max((m.max for m in self.meters.values()), default=100)
        tag_w = ui.block(path_tag(9), "small", pal.text, rect.width, "bold").width + t.px(10)
        steps_h = ui.block("0", "small", pal.text_muted, rect.width).height + t.px(6)
        plot = pygame.Rect(rect.x, rect.y + legend_h + t.px(12), rect.width - tag_w,
                           rect.height - legend_h - t.px(12) - steps_h)
        self.plot = plot
        pygame.draw.rect(surface, pal.panel_border, plot, width=max(1, t.px(1)))
        longest = max((len(tr) for _number, tr in self.paths), default=1)
        span = max(1, longest - 1)
        inset = t.px(10)

        def point(i: int, value: int) -> tuple[int, int]:
            x = plot.x + inset + (plot.width - 2 * inset) * i // span
            y = plot.bottom - t.px(6) - (value - low) * (plot.height - 2 * t.px(6)) // max(1, high - low)
            return x, y

        self.ends = []  # (path number, meter, end point): the tests read where each line ends
        tags: list[pygame.Rect] = []
        for number, trajectory in sorted(self.paths, key=lambda p: p[0] == self.current):
            bold = number == self.current
            for name, color in meter_colors(pal, self.meters):
                if not bold:  # the other paths paler, under the one being discussed
                    color = tuple((c + p) // 2 for c, p in zip(color, pal.panel))
                points = [point(i, m.get(name, self.meters[name].start)) for i, m in enumerate(trajectory)]
                if len(points) > 1:
                    pygame.draw.lines(surface, color, False, points, max(2, t.px(4 if bold else 2)))
                for p in points:
                    pygame.draw.circle(surface, color, p, max(3, t.px(5 if bold else 3)))
                tag = ui.block(path_tag(number), "small", color, tag_w, "bold")
                end = points[-1]
                spot = pygame.Rect(end[0] + t.px(8), end[1] - tag.height // 2, tag.width, tag.height)
                # Two paths ending level: stack their labels, below or above, within the plot's height
                # (under it they would sit on the decision numbers).
                shifts = [k * sign * tag.height for k in range(len(tags) + 1) for sign in (1, -1)]
                free = [spot.move(0, d) for d in shifts if spot.move(0, d).collidelist(tags) < 0]
                inside = [r for r in free if plot.y <= r.y and r.bottom <= plot.bottom + t.px(4)]
                spot = (inside or free)[0]
                tags.append(spot)
                tag.draw(surface, spot.topleft, rect)
                self.ends.append((number, name, end))
        for i in range(longest):
            label = ui.block(_("start") if i == 0 else str(i), "small", pal.text_muted, rect.width)
            x = point(i, low)[0]
            label.draw(surface, (min(max(rect.x, x - label.width // 2), rect.right - label.width),
                                 plot.bottom + t.px(4)), rect)
