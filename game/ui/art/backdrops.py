"""Soft, low-detail settings behind the client: office, home, school, clinic, community.

A backdrop is drawn at a modest working resolution and then enlarged, which keeps it
slightly out of focus at every window size, the way a photograph's background is: the
client and the text panels stay what the eye goes to. Shapes are placed by fractions of
the width (where things stand) and of the height (how big they are), so any aspect works.
"""

from __future__ import annotations

import math
from typing import Callable

import pygame

from .cache import SurfaceCache
from .canvas import mix, shade, tint

__all__ = ["SETTINGS", "render_backdrop", "clear_backdrop_cache"]

SETTINGS = ("office", "home", "school", "clinic", "community", "neutral")

WORK_HEIGHT = 540     # drawn at this height (2x supersampled), then enlarged
_CACHE = SurfaceCache(40 * 1024 * 1024)   # a 4K backdrop alone is 33 MB

Color = tuple[int, int, int]


def render_backdrop(setting: str, size: tuple[int, int], *,
                    high_contrast: bool = False, cached: bool = True) -> pygame.Surface:
    """An opaque backdrop for `setting` at `size`; unknown settings get a neutral one.

    ``cached=False`` draws a fresh surface the caller owns and may draw on, and keeps no copy
    (the window's tinted backdrop is kept by its user; a second, untinted copy would be a
    window's worth of memory for nothing)."""
    w, h = int(size[0]), int(size[1])
    if w <= 0 or h <= 0:
        raise ValueError(f"backdrop size must be positive, got {size!r}")
    name = setting if setting in SETTINGS else "neutral"
    if not cached:
        return _render(name, (w, h), bool(high_contrast))
    key = ("backdrop", name, w, h, bool(high_contrast))
    return _CACHE.get(key, lambda: _render(name, (w, h), bool(high_contrast)))


def clear_backdrop_cache() -> None:
    _CACHE.clear()


class _Room:
    """Drawing helpers in room coordinates: x as a fraction of width, sizes of height."""

    def __init__(self, surface: pygame.Surface, high_contrast: bool):
        self.s = surface
        self.W, self.H = surface.get_size()
        self.hc = high_contrast

    def c(self, color: Color) -> Color:
        """In high contrast, every colour is pulled toward a dark, quiet slate."""
        if not self.hc:
            return color
        lum = (color[0] * 0.3 + color[1] * 0.59 + color[2] * 0.11) / 255
        base = 22 + lum * 26
        return (round(base), round(base + 2), round(base + 6))

    def rect(self, color: Color, x: float, y: float, w: float, h: float,
             radius: float = 0.0) -> pygame.Rect:
        """x is a fraction of width; y, w, h and radius fractions of height."""
        r = pygame.Rect(round(x * self.W), round(y * self.H), round(w * self.H),
                        round(h * self.H))
        pygame.draw.rect(self.s, self.c(color), r, border_radius=round(radius * self.H))
        return r

    def span(self, color: Color, x0: float, x1: float, y: float, h: float) -> None:
        """A band across a fraction of the width."""
        pygame.draw.rect(self.s, self.c(color), pygame.Rect(
            round(x0 * self.W), round(y * self.H), round((x1 - x0) * self.W) + 1,
            round(h * self.H) + 1))

    def ellipse(self, color: Color, x: float, y: float, rx: float, ry: float) -> None:
        r = pygame.Rect(0, 0, round(2 * rx * self.H), round(2 * ry * self.H))
        r.center = (round(x * self.W), round(y * self.H))
        pygame.draw.ellipse(self.s, self.c(color), r)

    def poly(self, color: Color, pts: list[tuple[float, float]], x0: float = 0.0) -> None:
        """Points are (dx, y) in height units, offset from x0 (a fraction of width)."""
        ox = x0 * self.W
        pygame.draw.polygon(self.s, self.c(color),
                            [(ox + dx * self.H, y * self.H) for dx, y in pts])

    def glow(self, color: Color, x: float, y: float, radius: float, strength: int) -> None:
        """A soft pool of light: stacked translucent discs."""
        if self.hc:
            return
        steps = 8
        for k in range(steps):
            r = radius * (1 - k / steps)
            layer = pygame.Surface((round(2 * r * self.H) + 2,) * 2, pygame.SRCALPHA)
            pygame.draw.circle(layer, (*color, max(1, strength // steps)),
                               layer.get_rect().center, round(r * self.H))
            self.s.blit(layer, layer.get_rect(center=(round(x * self.W), round(y * self.H))))

    def wall(self, top: Color, bottom: Color, floor_y: float, floor: Color,
             floor_far: Color) -> None:
        """Wall with a gentle vertical gradient, skirting board, and a floor."""
        fy = round(floor_y * self.H)
        for y in range(fy):
            pygame.draw.line(self.s, self.c(mix(top, bottom, y / max(1, fy))), (0, y),
                             (self.W, y))
        for y in range(fy, self.H):
            t = (y - fy) / max(1, self.H - fy)
            pygame.draw.line(self.s, self.c(mix(floor_far, floor, t)), (0, y), (self.W, y))
        self.span(shade(bottom, 0.12), 0, 1, floor_y - 0.022, 0.022)
        self.span(tint(bottom, 0.25), 0, 1, floor_y - 0.024, 0.004)


# ---------------------------------------------------------------------------- furniture
def _window(r: _Room, x: float, y: float, w: float, h: float, frame: Color,
            sky: Color, blinds: bool = False, curtains: Color | None = None) -> None:
    outer = r.rect(frame, x, y, w, h, 0.006)
    pad = 0.018
    r.rect(mix(sky, (255, 255, 255), 0.25), x + pad * r.H / r.W, y + pad, w - 2 * pad,
           h - 2 * pad)
    # Far trees, very soft, kept inside the glass.
    glass = pygame.Rect(outer.x + round(pad * r.H), outer.y + round(pad * r.H),
                        outer.width - round(2 * pad * r.H), outer.height - round(2 * pad * r.H))
    r.s.set_clip(glass)
    inner_bottom = y + h - pad
    for k in range(4):
        cx = (glass.x + glass.width * (0.12 + 0.26 * k)) / r.W
        r.ellipse(mix(sky, (120, 150, 120), 0.4), cx, inner_bottom + 0.02, 0.09, 0.07)
    r.s.set_clip(None)
    r.span(frame, (outer.centerx - 0.006 * r.H) / r.W, (outer.centerx + 0.006 * r.H) / r.W,
           y + pad, h - 2 * pad)
    r.span(frame, outer.x / r.W, outer.right / r.W, y + h * 0.45, 0.01)
    if blinds:
        for k in range(9):
            yy = y + pad + k * 0.024
            r.span(mix(frame, sky, 0.35), outer.x / r.W, outer.right / r.W, yy, 0.009)
    if curtains is not None:
        for side in (-1, 1):
            cx = (outer.x if side < 0 else outer.right) / r.W
            r.poly(curtains, [(-0.05, y - 0.03), (0.05, y - 0.03), (0.035, y + h + 0.05),
                              (-0.06, y + h + 0.05)], cx)
            r.poly(shade(curtains, 0.12), [(-0.01, y - 0.03), (0.01, y - 0.03),
                                           (0.0, y + h + 0.05), (-0.025, y + h + 0.05)], cx)
        r.span(shade(frame, 0.3), outer.x / r.W - 0.07 * r.H / r.W,
               outer.right / r.W + 0.07 * r.H / r.W, y - 0.04, 0.012)


def _plant(r: _Room, x: float, floor_y: float, scale: float = 1.0) -> None:
    pot = (176, 128, 100)
    r.poly(pot, [(-0.045 * scale, floor_y - 0.1 * scale), (0.045 * scale, floor_y - 0.1 * scale),
                 (0.035 * scale, floor_y), (-0.035 * scale, floor_y)], x)
    leaves = ((-0.05, -0.2, 0.05, 0.09), (0.05, -0.22, 0.05, 0.1), (0.0, -0.28, 0.05, 0.11),
              (-0.03, -0.34, 0.04, 0.08), (0.035, -0.33, 0.04, 0.08))
    for k, (dx, dy, rx, ry) in enumerate(leaves):
        green = mix((106, 140, 104), (140, 168, 120), k / len(leaves))
        r.ellipse(green, x + dx * scale * r.H / r.W, floor_y + dy * scale, rx * scale, ry * scale)


def _bookshelf(r: _Room, x: float, floor_y: float, height: float, width: float) -> None:
    wood = (150, 118, 92)
    shelf = r.rect(wood, x, floor_y - height, width, height, 0.004)
    r.rect(shade(wood, 0.25), x + 0.012 * r.H / r.W, floor_y - height + 0.012, width - 0.024,
           height - 0.024)
    rows = 4
    spines = ((150, 96, 88), (96, 124, 140), (196, 170, 120), (120, 140, 110), (160, 150, 170),
              (110, 100, 90), (190, 140, 110))
    row_h = (height - 0.024) / rows
    for row in range(rows):
        top = floor_y - height + 0.012 + row * row_h
        r.span(wood, shelf.x / r.W, shelf.right / r.W, top + row_h - 0.01, 0.01)
        bx = shelf.x + 0.016 * r.H
        k = row * 3
        while bx < shelf.right - 0.04 * r.H:
            bw = (0.016 + 0.006 * ((k * 7) % 3)) * r.H
            bh = row_h * (0.62 + 0.08 * ((k * 5) % 4))
            pygame.draw.rect(r.s, r.c(spines[k % len(spines)]),
                             pygame.Rect(round(bx), round((top + row_h - 0.01) * r.H - bh * r.H),
                                         round(bw), round(bh * r.H)))
            bx += bw + 0.003 * r.H
            k += 1
            if k % 6 == 5:
                bx += 0.03 * r.H   # a gap on the shelf


def _frame(r: _Room, x: float, y: float, w: float, h: float, art: tuple[Color, ...]) -> None:
    r.rect((120, 100, 84), x, y, w, h, 0.003)
    inner = r.rect((236, 232, 222), x + 0.01 * r.H / r.W, y + 0.01, w - 0.02, h - 0.02)
    # A calm abstract landscape: sky, hills.
    r.rect(art[0], inner.x / r.W + 0.012 * r.H / r.W, y + 0.022, w - 0.044, (h - 0.044) * 0.55)
    r.rect(art[1], inner.x / r.W + 0.012 * r.H / r.W, y + 0.022 + (h - 0.044) * 0.55,
           w - 0.044, (h - 0.044) * 0.45)
    r.ellipse(art[2], (inner.centerx + inner.width * 0.15) / r.W, y + 0.022 + (h - 0.044) * 0.3,
              0.014, 0.014)


def _lamp(r: _Room, x: float, floor_y: float) -> None:
    r.glow((255, 226, 170), x, floor_y - 0.5, 0.2, 110)
    r.span((96, 86, 78), x - 0.003 * r.H / r.W, x + 0.003 * r.H / r.W, floor_y - 0.45, 0.45)
    r.poly((236, 214, 176), [(-0.05, floor_y - 0.46), (0.05, floor_y - 0.46),
                             (0.035, floor_y - 0.56), (-0.035, floor_y - 0.56)], x)
    r.ellipse((96, 86, 78), x, floor_y - 0.004, 0.04, 0.01)


# ---------------------------------------------------------------------------- settings
def _office(r: _Room) -> None:
    floor = 0.8
    r.wall((226, 220, 208), (214, 206, 192), floor, (170, 146, 120), (150, 128, 106))
    r.glow((255, 246, 226), 0.78, 0.35, 0.45, 70)
    _window(r, 0.66, 0.14, 0.5, 0.46, (236, 232, 224), (196, 214, 226), blinds=True)
    _bookshelf(r, 0.04, floor, 0.6, 0.34)
    _frame(r, 0.33, 0.2, 0.22, 0.16, ((206, 214, 220), (150, 170, 140), (238, 214, 160)))
    _plant(r, 0.93, floor, 1.1)
    # The near edge of a desk at the bottom.
    r.span((140, 112, 88), 0, 1, 0.93, 0.07)
    r.span((164, 134, 106), 0, 1, 0.93, 0.012)


def _home(r: _Room) -> None:
    floor = 0.78
    r.wall((214, 220, 204), (202, 208, 190), floor, (150, 124, 104), (132, 110, 94))
    # Soft wallpaper stripes.
    for k in range(40):
        x = k / 40
        r.span((208, 214, 198), x, x + 0.008, 0, floor - 0.024)
    _window(r, 0.08, 0.14, 0.4, 0.42, (238, 234, 226), (200, 214, 222),
            curtains=(196, 150, 130))
    _lamp(r, 0.86, floor)
    for k, (dx, dy, w, h) in enumerate(((0.0, 0.22, 0.1, 0.13), (0.14, 0.2, 0.08, 0.1),
                                        (0.07, 0.36, 0.09, 0.07))):
        _frame(r, 0.56 + dx * r.H / r.W, dy, w, h,
               ((214, 206, 190), (170, 150, 130), (240, 220, 200)) if k % 2 else
               ((200, 214, 222), (150, 166, 140), (236, 214, 170)))
    # The back of a sofa along the bottom: cushions and rounded arms.
    sofa = (120, 134, 150)
    r.span(shade(sofa, 0.1), 0.0, 1.0, 0.885, 0.12)
    cushion_w = 0.42
    x = 0.0
    while x < r.W / r.H:
        r.rect(sofa, x * r.H / r.W + 0.004 * r.H / r.W, 0.86, cushion_w - 0.008, 0.16, 0.03)
        r.rect(tint(sofa, 0.12), x * r.H / r.W + 0.02 * r.H / r.W, 0.868, cushion_w - 0.04,
               0.02, 0.01)
        x += cushion_w


def _school(r: _Room) -> None:
    floor = 0.8
    r.wall((220, 228, 230), (206, 216, 220), floor, (186, 180, 166), (170, 164, 152))
    # A whiteboard with faint writing.
    board = r.rect((244, 246, 244), 0.05, 0.16, 0.7, 0.36, 0.006)
    pygame.draw.rect(r.s, r.c((170, 176, 182)), board, round(0.008 * r.H),
                     border_radius=round(0.006 * r.H))
    for k, length in enumerate((0.4, 0.3, 0.46, 0.22)):
        r.span((176, 196, 214), board.x / r.W + 0.03 * r.H / r.W,
               board.x / r.W + (0.03 + length) * r.H / r.W, 0.22 + k * 0.06, 0.012)
    r.span((170, 176, 182), board.x / r.W, board.right / r.W, 0.52, 0.014)
    # A cork board with pinned notices.
    cork = r.rect((196, 164, 120), 0.5, 0.18, 0.3, 0.26, 0.004)
    notes = ((240, 226, 150), (190, 220, 230), (240, 200, 190), (220, 236, 200))
    for k in range(4):
        nx = cork.x + (0.02 + 0.07 * k) * r.H
        ny = 0.2 + 0.03 * (k % 2)
        r.rect(notes[k], nx / r.W, ny, 0.06, 0.08 + 0.03 * (k % 2))
        r.ellipse((200, 90, 80), (nx + 0.03 * r.H) / r.W, ny + 0.01, 0.004, 0.004)
    # A row of high windows on the right, and a clock.
    for k in range(2):
        _window(r, 0.72 + k * 0.13, 0.12, 0.22, 0.38, (236, 238, 238), (196, 214, 226))
    r.ellipse((236, 236, 232), 0.42, 0.08, 0.035, 0.035)
    r.ellipse((120, 124, 130), 0.42, 0.08, 0.03, 0.03)
    r.ellipse((244, 244, 240), 0.42, 0.08, 0.026, 0.026)
    # Student lockers low at the left.
    for k in range(5):
        r.rect((150, 176, 190), 0.02 + k * 0.05 * r.H / r.W * 1.1, floor - 0.24, 0.05, 0.24)
        r.rect((130, 156, 170), 0.02 + (k * 0.055 + 0.035) * r.H / r.W, floor - 0.2, 0.008, 0.03)


def _clinic(r: _Room) -> None:
    floor = 0.8
    r.wall((218, 232, 226), (204, 220, 214), floor, (188, 196, 192), (172, 182, 178))
    r.span((236, 242, 238), 0, 1, 0.5, 0.02)       # a wall rail
    # A privacy curtain on its rail.
    r.span((170, 180, 186), 0.62, 1.0, 0.07, 0.01)
    for k in range(12):
        x = 0.64 + k * 0.03
        color = (186, 206, 222) if k % 2 else (174, 196, 214)
        r.span(color, x, x + 0.032, 0.08, floor - 0.1)
    # A wall cabinet and a calm health poster.
    r.rect((236, 238, 234), 0.06, 0.12, 0.34, 0.22, 0.006)
    r.rect((222, 226, 222), 0.06 + 0.17 * r.H / r.W, 0.12, 0.004, 0.22)
    poster = r.rect((246, 244, 236), 0.36, 0.16, 0.18, 0.24, 0.004)
    r.ellipse((150, 190, 170), (poster.centerx) / r.W, 0.25, 0.05, 0.05)
    r.ellipse((246, 244, 236), (poster.centerx) / r.W, 0.25, 0.032, 0.032)
    for k in range(3):
        r.span((190, 200, 206), poster.x / r.W + 0.02 * r.H / r.W,
               poster.x / r.W + 0.14 * r.H / r.W, 0.33 + k * 0.018, 0.008)
    # A side table with a box of tissues; low chairs' backs at the bottom.
    r.rect((200, 206, 206), 0.06, floor - 0.2, 0.26, 0.2, 0.004)
    r.rect((240, 240, 236), 0.06 + 0.06 * r.H / r.W, floor - 0.25, 0.12, 0.05, 0.006)
    _plant(r, 0.5, floor, 0.8)


def _community(r: _Room) -> None:
    floor = 0.8
    r.wall((228, 214, 196), (216, 200, 182), floor, (176, 150, 124), (156, 134, 112))
    # Painted block wall: faint offset courses.
    course = 0.055
    for row in range(int(floor / course)):
        y = row * course
        r.span((222, 206, 188), 0, 1, y, 0.004)
        offset = 0.5 * (row % 2)
        for k in range(12):
            x = (k + offset) / 10
            r.span((222, 206, 188), x, x + 0.002, y, course)
    # Big windows, a notice board with flyers, and a string of pennants.
    for k in range(3):
        _window(r, 0.56 + k * 0.15, 0.16, 0.26, 0.4, (236, 232, 224), (200, 216, 226))
    board = r.rect((150, 120, 96), 0.06, 0.2, 0.44, 0.3, 0.004)
    r.rect((214, 190, 150), board.x / r.W + 0.012 * r.H / r.W, 0.212, 0.416, 0.276)
    flyers = ((240, 220, 150), (196, 220, 210), (236, 200, 196), (210, 214, 236),
              (240, 236, 226))
    for k in range(5):
        fx = board.x / r.W + (0.03 + 0.08 * k) * r.H / r.W
        r.rect(flyers[k], fx, 0.23 + 0.04 * (k % 2), 0.07, 0.1 + 0.03 * ((k + 1) % 2))
    colors = ((206, 120, 100), (226, 190, 110), (120, 170, 160), (140, 150, 196))
    n = 16
    for k in range(n):
        x = (k + 0.5) / n
        y = 0.07 + 0.035 * math.sin(math.pi * ((k % 8) + 0.5) / 8)
        pygame.draw.polygon(r.s, r.c(colors[k % 4]), [
            (x * r.W - 0.02 * r.H, y * r.H), (x * r.W + 0.02 * r.H, y * r.H),
            (x * r.W, (y + 0.05) * r.H)])
    # A refreshments table: an urn and a few cups.
    table = (170, 146, 120)
    r.rect(table, 0.08, floor - 0.15, 0.36, 0.022, 0.004)
    for dx in (0.02, 0.32):
        r.rect(shade(table, 0.2), 0.08 + dx * r.H / r.W, floor - 0.13, 0.014, 0.13)
    r.rect((170, 176, 182), 0.08 + 0.04 * r.H / r.W, floor - 0.26, 0.07, 0.11, 0.012)
    r.rect((150, 156, 162), 0.08 + 0.055 * r.H / r.W, floor - 0.275, 0.04, 0.02, 0.006)
    for k in range(4):
        r.rect((236, 232, 222), 0.08 + (0.15 + 0.045 * k) * r.H / r.W, floor - 0.185, 0.03,
               0.035, 0.004)


def _neutral(r: _Room) -> None:
    r.wall((222, 224, 220), (208, 212, 208), 0.82, (184, 186, 182), (170, 172, 168))
    for x, y, rad, color in ((0.2, 0.3, 0.22, (214, 222, 220)), (0.8, 0.25, 0.3, (226, 222, 212)),
                             (0.55, 0.6, 0.18, (216, 220, 214))):
        r.ellipse(color, x, y, rad, rad)


_SETTINGS: dict[str, Callable[[_Room], None]] = {
    "office": _office, "home": _home, "school": _school, "clinic": _clinic,
    "community": _community, "neutral": _neutral,
}


def _render(setting: str, size: tuple[int, int], high_contrast: bool) -> pygame.Surface:
    w, h = size
    work_h = min(h, WORK_HEIGHT)
    work_w = max(1, round(w * work_h / h))
    big = pygame.Surface((work_w * 2, work_h * 2))
    _SETTINGS[setting](_Room(big, high_contrast))
    work = pygame.transform.smoothscale(big, (work_w, work_h))
    del big  # four times the working picture (8 MB): gone before the window-sized copies are made
    # Out of focus: the client stands in front of this, not in it.
    work = pygame.transform.box_blur(work, max(1, round(work_h / 300)))
    _vignette(work, high_contrast)
    if (work_w, work_h) == (w, h):
        return work.convert() if pygame.display.get_surface() else work
    out = pygame.transform.smoothscale(work, (w, h))
    return out.convert() if pygame.display.get_surface() else out


def _vignette(surface: pygame.Surface, high_contrast: bool) -> None:
    """Darken the edges a touch so the middle, where the client sits, holds the eye."""
    strength = 40 if high_contrast else 60
    small = pygame.Surface((32, 18), pygame.SRCALPHA)
    for y in range(18):
        for x in range(32):
            dx, dy = (x + 0.5) / 16 - 1, (y + 0.5) / 9 - 1
            d = min(1.0, math.hypot(dx, dy * 0.9) / 1.3)
            small.set_at((x, y), (20, 24, 30, round(strength * d ** 2.4)))
    surface.blit(pygame.transform.smoothscale(small, surface.get_size()), (0, 0))
