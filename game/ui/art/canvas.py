"""A small vector canvas for drawing art in code.

Shapes are given in a fixed design space (the portraits use 1000 x 1250) and drawn on a
supersampled pygame surface, then shrunk with smoothscale; that is what gives the soft,
anti-aliased edges at every size without per-shape anti-aliasing. A stack of affine
transforms lets a whole group (a head, a body) tilt, lean or shift as one.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from typing import Iterator, Sequence

import pygame

Point = tuple[float, float]
Color = tuple[int, ...]

# Affine transform as (a, b, c, d, e, f): x' = a*x + b*y + c, y' = d*x + e*y + f.
_IDENTITY = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)


def _compose(m: tuple, n: tuple) -> tuple:
    """m after n: apply n first, then m."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * D, a * B + b * E, a * C + b * F + c,
            d * A + e * D, d * B + e * E, d * C + e * F + f)


def catmull_rom(points: Sequence[Point], closed: bool, step: float) -> list[Point]:
    """A smooth curve through every point (uniform Catmull-Rom), sampled every ~step units."""
    n = len(points)
    if n < 3:
        return list(points)
    out: list[Point] = []
    segments = n if closed else n - 1
    for i in range(segments):
        p0 = points[(i - 1) % n] if closed or i > 0 else points[0]
        p1 = points[i]
        p2 = points[(i + 1) % n]
        p3 = points[(i + 2) % n] if closed or i + 2 < n else points[-1]
        length = math.dist(p1, p2)
        count = max(2, min(64, int(length / step)))
        for k in range(count):
            t = k / count
            t2, t3 = t * t, t * t * t
            out.append(tuple(  # type: ignore[arg-type]
                0.5 * ((2 * p1[j]) + (-p0[j] + p2[j]) * t
                       + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t2
                       + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t3)
                for j in (0, 1)))
    if not closed:
        out.append(points[-1])
    return out


def stroke_outline(path: Sequence[Point], w0: float, w1: float | None = None,
                   w_mid: float | None = None) -> list[Point]:
    """Polygon around a polyline whose width runs from w0 to w1 (through w_mid), round-ish ends.

    Tapered strokes are what make brows, lids and creases look drawn rather than ruled.
    """
    if w1 is None:
        w1 = w0
    n = len(path)
    if n < 2:
        return []
    left: list[Point] = []
    right: list[Point] = []
    for i, (x, y) in enumerate(path):
        t = i / (n - 1)
        if w_mid is None:
            w = w0 + (w1 - w0) * t
        elif t < 0.5:
            w = w0 + (w_mid - w0) * (t / 0.5)
        else:
            w = w_mid + (w1 - w_mid) * ((t - 0.5) / 0.5)
        ax, ay = path[max(0, i - 1)]
        bx, by = path[min(n - 1, i + 1)]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length * w / 2, dx / length * w / 2
        left.append((x + nx, y + ny))
        right.append((x - nx, y - ny))
    return left + right[::-1]


class Canvas:
    """Draws design-space shapes onto a (supersampled) surface."""

    def __init__(self, surface: pygame.Surface, scale: float, offset: Point = (0.0, 0.0)):
        self.surface = surface
        self.base = (scale, 0.0, offset[0], 0.0, scale, offset[1])
        self._stack: list[tuple] = [_IDENTITY]
        self.px = scale  # pixels per design unit (before local transforms)

    # ---- transforms -------------------------------------------------------------
    @property
    def matrix(self) -> tuple:
        return _compose(self.base, self._stack[-1])

    @contextmanager
    def transformed(self, *, translate: Point = (0.0, 0.0), rotate: float = 0.0,
                    scale: float = 1.0, sx: float = 1.0,
                    about: Point = (0.0, 0.0)) -> Iterator[None]:
        """Scale (sx squeezes x only) and rotate (degrees) about a point, then translate."""
        ox, oy = about
        r = math.radians(rotate)
        scale_x, scale_y = scale * sx, scale
        a, b = math.cos(r) * scale_x, -math.sin(r) * scale_y
        d, e = math.sin(r) * scale_x, math.cos(r) * scale_y
        local = (a, b, ox - a * ox - b * oy + translate[0],
                 d, e, oy - d * ox - e * oy + translate[1])
        self._stack.append(_compose(self._stack[-1], local))
        try:
            yield
        finally:
            self._stack.pop()

    def map(self, points: Sequence[Point]) -> list[Point]:
        a, b, c, d, e, f = self.matrix
        return [(a * x + b * y + c, d * x + e * y + f) for x, y in points]

    def map_point(self, p: Point) -> Point:
        return self.map([p])[0]

    def unit(self) -> float:
        """Device pixels per design unit under the current transform."""
        a, b, _, d, e, _ = self.matrix
        return math.sqrt(abs(a * e - b * d))

    # ---- primitives -----------------------------------------------------------
    def _fill_device(self, color: Color, pts: list[Point]) -> None:
        if len(pts) < 3:
            return
        if len(color) == 4 and color[3] < 255:
            self._blend_polygon(color, pts)
        else:
            pygame.draw.polygon(self.surface, color[:3], pts)

    def _blend_polygon(self, color: Color, pts: list[Point]) -> None:
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        x0, y0 = int(math.floor(min(xs))) - 1, int(math.floor(min(ys))) - 1
        x1, y1 = int(math.ceil(max(xs))) + 1, int(math.ceil(max(ys))) + 1
        bounds = pygame.Rect(x0, y0, x1 - x0, y1 - y0).clip(self.surface.get_rect())
        if bounds.width <= 0 or bounds.height <= 0:
            return
        tmp = pygame.Surface(bounds.size, pygame.SRCALPHA)
        pygame.draw.polygon(tmp, color, [(x - bounds.x, y - bounds.y) for x, y in pts])
        self.surface.blit(tmp, bounds.topleft)

    def poly(self, color: Color, points: Sequence[Point]) -> None:
        self._fill_device(color, self.map(points))

    def smooth(self, color: Color, points: Sequence[Point], closed: bool = True) -> None:
        """Fill the smooth closed curve through the points."""
        self._fill_device(color, self.smooth_device(points, closed))

    def smooth_device(self, points: Sequence[Point], closed: bool = True) -> list[Point]:
        return catmull_rom(self.map(points), closed, step=3.0)

    def ellipse_points(self, cx: float, cy: float, rx: float, ry: float,
                       angle: float = 0.0) -> list[Point]:
        radius_px = max(rx, ry) * self.unit()
        count = max(16, min(240, int(2 * math.pi * radius_px / 4)))
        r = math.radians(angle)
        cs, sn = math.cos(r), math.sin(r)
        pts = []
        for i in range(count):
            t = 2 * math.pi * i / count
            x, y = rx * math.cos(t), ry * math.sin(t)
            pts.append((cx + x * cs - y * sn, cy + x * sn + y * cs))
        return pts

    def ellipse(self, color: Color, cx: float, cy: float, rx: float, ry: float,
                angle: float = 0.0) -> None:
        self.poly(color, self.ellipse_points(cx, cy, rx, ry, angle))

    def stroke(self, color: Color, points: Sequence[Point], w0: float,
               w1: float | None = None, *, w_mid: float | None = None,
               smooth: bool = True) -> None:
        """A tapered line through the points; widths are in design units."""
        u = self.unit()
        path = catmull_rom(self.map(points), False, 3.0) if smooth and len(points) > 2 \
            else self.map(points)
        outline = stroke_outline(path, w0 * u, (w1 if w1 is not None else w0) * u,
                                 None if w_mid is None else w_mid * u)
        self._fill_device(color, outline)

    # ---- layers -----------------------------------------------------------------
    def _device_bounds(self, device: list[Point], pad: int = 1) -> pygame.Rect:
        xs = [p[0] for p in device]
        ys = [p[1] for p in device]
        x0, y0 = int(math.floor(min(xs))) - pad, int(math.floor(min(ys))) - pad
        x1, y1 = int(math.ceil(max(xs))) + pad, int(math.ceil(max(ys))) + pad
        return pygame.Rect(x0, y0, x1 - x0, y1 - y0).clip(self.surface.get_rect())

    def _sub_canvas(self, surface: pygame.Surface, bounds: pygame.Rect) -> "Canvas":
        layer = Canvas(surface, 1.0)
        layer.base = _compose((1.0, 0.0, -bounds.x, 0.0, 1.0, -bounds.y), self.base)
        layer._stack = [self._stack[-1]]
        return layer

    @contextmanager
    def soft(self, clip: Sequence[Point], blur: float,
             base_rgb: tuple[int, int, int] = (0, 0, 0), *,
             smooth: bool = True) -> Iterator["Canvas"]:
        """Draw shapes that come out blurred (by about `blur` design units), inside `clip`.

        This is how shading, blush and cast shadows get soft gradients instead of hard
        edges. base_rgb should be the main colour drawn, so the blur's edges don't darken.
        """
        device = self.smooth_device(clip) if smooth else self.map(clip)
        bounds = self._device_bounds(device)
        if bounds.width <= 0 or bounds.height <= 0:
            yield Canvas(pygame.Surface((1, 1), pygame.SRCALPHA), 1.0)
            return
        layer_surface = pygame.Surface(bounds.size, pygame.SRCALPHA)
        layer_surface.fill((*base_rgb, 0))
        yield self._sub_canvas(layer_surface, bounds)
        # Blur cheaply: shrink so the blur is a few pixels, box-blur twice, grow back.
        radius_px = max(1.0, blur * self.unit())
        factor = max(1.0, radius_px / 3.0)
        small_size = (max(2, round(bounds.width / factor)), max(2, round(bounds.height / factor)))
        small = pygame.transform.smoothscale(layer_surface, small_size)
        small = pygame.transform.box_blur(small, 2)
        small = pygame.transform.box_blur(small, 2)
        blurred = pygame.transform.smoothscale(small, bounds.size)
        mask = pygame.Surface(bounds.size, pygame.SRCALPHA)
        mask.fill((255, 255, 255, 0))
        pygame.draw.polygon(mask, (255, 255, 255, 255),
                            [(x - bounds.x, y - bounds.y) for x, y in device])
        blurred.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        self.surface.blit(blurred, bounds.topleft)

    @contextmanager
    def clipped(self, clip: Sequence[Point], *, smooth: bool = True) -> Iterator["Canvas"]:
        """Draw into a temporary layer that only shows inside the clip shape.

        Used for shading that must stay on the skin, irises inside eyelids, a face inside
        a headscarf's opening.
        """
        device = self.smooth_device(clip) if smooth else self.map(clip)
        bounds = self._device_bounds(device)
        if bounds.width <= 0 or bounds.height <= 0:
            yield Canvas(pygame.Surface((1, 1), pygame.SRCALPHA), 1.0)
            return
        # The layer starts as a copy of what is beneath, so translucent shading blends
        # with the real colours rather than with transparent black.
        layer_surface = self.surface.subsurface(bounds).copy()
        yield self._sub_canvas(layer_surface, bounds)
        mask = pygame.Surface(bounds.size, pygame.SRCALPHA)
        pygame.draw.polygon(mask, (255, 255, 255, 255),
                            [(x - bounds.x, y - bounds.y) for x, y in device])
        layer_surface.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        self.surface.blit(layer_surface, bounds.topleft)


def finish(surface: pygame.Surface, size: tuple[int, int]) -> pygame.Surface:
    """Shrink a supersampled drawing to its final size without dark fringes.

    The drawing is used up: its colours are overwritten.

    smoothscale averages colour and alpha separately, so transparent pixels (RGB black)
    would darken every edge. Bleeding the edge colours a few pixels outward first keeps the
    colour of the anti-aliased rim true.
    """
    w, h = surface.get_size()
    factor = max(1, round(w / max(1, size[0])))
    # smoothscale averages each factor x factor block, so colour must reach factor - 1
    # pixels out; growing by 1, then 2, then 4... gets there in a few passes.
    bled = surface
    step, reach = 1, 0
    while reach < factor - 1:
        grown = pygame.Surface((w, h), pygame.SRCALPHA)
        for dx, dy in ((step, 0), (-step, 0), (0, step), (0, -step),
                       (step, step), (-step, -step), (step, -step), (-step, step)):
            grown.blit(bled, (dx, dy))
        grown.blit(bled, (0, 0))
        bled = grown
        reach += step
        step *= 2
    if bled is surface:
        bled = surface.copy()
    # Keep the bled colours, take the alpha from the drawing itself. The drawing's own
    # colours are no longer needed, so it becomes the alpha mask in place (saving a copy
    # the size of the supersampled picture: 30 MB for a 4K portrait).
    surface.fill((255, 255, 255, 0), special_flags=pygame.BLEND_RGB_MAX)
    bled.fill((0, 0, 0, 255), special_flags=pygame.BLEND_RGBA_MAX)
    bled.blit(surface, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    return pygame.transform.smoothscale(bled, size)


def mix(a: Color, b: Color, t: float) -> tuple[int, int, int]:
    """Blend two colours: t=0 gives a, t=1 gives b."""
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))  # type: ignore[return-value]


def with_alpha(c: Color, alpha: int) -> tuple[int, int, int, int]:
    return (c[0], c[1], c[2], alpha)


def shade(c: Color, k: float) -> tuple[int, int, int]:
    """Darker and a little warmer, the way skin and cloth fall into shadow."""
    return (max(0, round(c[0] * (1 - k * 0.82))), max(0, round(c[1] * (1 - k))),
            max(0, round(c[2] * (1 - k * 0.9))))


def tint(c: Color, k: float) -> tuple[int, int, int]:
    """Lighter: toward a warm white."""
    return mix(c, (255, 250, 244), k)
