"""The head: face shape, ears, eyes, brows, nose, mouth, lines of age, glasses.

Everything is placed from one HeadGeometry so the expressions only move features, never
the person. Light comes from the upper left, so shading sits on the right and under things.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .canvas import Canvas, Point, mix, shade, tint, with_alpha
from .expressions import Expression
from .people import Person

EYE_WHITE = (242, 238, 230)
INK = (46, 34, 32)          # lash lines and pupils: a warm near-black, softer than black


@dataclass(frozen=True)
class HeadGeometry:
    cx: float
    half_width: float
    top: float
    brow_y: float
    eye_y: float
    nose_y: float
    mouth_y: float
    chin_y: float
    jaw_half: float
    chin_half: float
    eye_dx: float
    eye_scale: float
    turn: float

    @property
    def feature_shift(self) -> float:
        """How far the features slide sideways when the head turns."""
        return self.turn * 22.0

    def outline(self) -> list[Point]:
        """Control points of the head, clockwise from the crown."""
        cx, hw, t = self.cx, self.half_width, self.turn
        # When the head turns, the side facing away narrows and the other widens a little.
        right = 1.0 - 0.07 * t
        left = 1.0 + 0.07 * t
        pts_right = [
            (hw * 0.55, self.top + 8), (hw * 0.9, self.top + 58), (hw * 1.0, self.eye_y - 40),
            (hw * 0.99, self.eye_y + 30), (hw * 0.93, self.nose_y),
            (self.jaw_half, self.mouth_y + 8), (self.chin_half + 22, self.chin_y - 18),
            (self.chin_half * 0.6, self.chin_y - 3),
        ]
        shift = self.feature_shift * 0.35
        out = [(cx + shift * 0.5, self.top)]
        out += [(cx + x * right, y) for x, y in pts_right]
        out += [(cx + shift, self.chin_y)]
        out += [(cx - x * left, y) for x, y in reversed(pts_right)]
        return out

    def eye_center(self, side: int) -> Point:
        spread = self.eye_dx * (1.0 - 0.06 * self.turn * side)
        return (self.cx + side * spread + self.feature_shift, self.eye_y)


def head_geometry(person: Person, expr: Expression) -> HeadGeometry:
    young = person.age < 20
    hw = 150.0 * person.face_width
    chin = 666.0 if young else 684.0
    # Younger faces are rounder: a fuller jaw line and a softer chin.
    jaw = hw * (0.74 + 0.14 * person.jaw + (0.05 if young else 0.0))
    chin_half = 34.0 + 26.0 * person.jaw + (8.0 if young else 0.0)
    return HeadGeometry(
        cx=500.0, half_width=hw, top=255.0, brow_y=426.0, eye_y=468.0,
        nose_y=556.0 if not young else 550.0, mouth_y=608.0 if not young else 600.0,
        chin_y=chin, jaw_half=jaw, chin_half=chin_half, eye_dx=65.0 * person.face_width,
        eye_scale=1.12 if young else 1.0, turn=expr.turn)


def skin_shadow(person: Person) -> tuple[int, int, int]:
    return shade(person.skin, 0.22)


# ---------------------------------------------------------------------------- face
def draw_ears(c: Canvas, g: HeadGeometry, person: Person) -> None:
    for side in (-1, 1):
        squeeze = 1.0 - 0.3 * max(0.0, g.turn * side)
        x = g.cx + side * (g.half_width * (1.0 - 0.07 * g.turn * side) - 4)
        c.ellipse(person.skin, x + side * 10 * squeeze, 508, 22 * squeeze, 48, side * 8)
        c.ellipse(skin_shadow(person), x + side * 12 * squeeze, 510, 11 * squeeze, 32, side * 8)
        c.ellipse(person.skin, x + side * 9 * squeeze, 516, 8 * squeeze, 24, side * 8)


def draw_face(c: Canvas, g: HeadGeometry, person: Person, expr: Expression,
              hair_shadow: list[Point] | None = None) -> None:
    outline = g.outline()
    c.smooth(person.skin, outline)
    shadow = skin_shadow(person)
    hw = g.half_width
    with c.soft(outline, 26, shadow) as f:
        # Form shading away from the light: the right cheek, under the cheekbones,
        # along the jaw; and the shadow the hair casts on the forehead.
        f.smooth(with_alpha(shadow, 120), [
            (g.cx + hw * 0.86, g.top), (g.cx + hw * 1.5, g.eye_y), (g.cx + hw, g.chin_y + 40),
            (g.cx + hw * 0.62, g.mouth_y + 10), (g.cx + hw * 0.76, g.eye_y + 10)])
        f.ellipse(with_alpha(shadow, 70), g.cx - hw * 0.95, g.eye_y + 30, 30, 110)
        f.ellipse(with_alpha(shadow, 90), g.cx + 10, g.chin_y + 18, g.chin_half + 40, 26)
        f.ellipse(with_alpha(shadow, 60), g.eye_center(-1)[0], g.eye_y + 6, 42, 22)
        f.ellipse(with_alpha(shadow, 80), g.eye_center(1)[0], g.eye_y + 6, 42, 22)
        if hair_shadow:
            f.smooth(with_alpha(shadow, 150), [(x + 6, y + 14) for x, y in hair_shadow])
    with c.soft(outline, 30, tint(person.skin, 0.5)) as f:
        f.ellipse(with_alpha(tint(person.skin, 0.5), 70), g.cx - 40, g.top + 120, 80, 40, -10)
        f.ellipse(with_alpha(tint(person.skin, 0.5), 50), g.cx - hw * 0.55, g.nose_y - 20, 30, 20)
    if expr.flush > 0:
        blush = mix(person.skin, (214, 80, 80), 0.55)
        with c.soft(outline, 22, blush) as f:
            alpha = round(110 * expr.flush)
            for side in (-1, 1):
                x = g.eye_center(side)[0] + side * 10
                f.ellipse(with_alpha(blush, alpha), x, g.nose_y - 4, 40, 22)
    if person.age >= 60:
        # Jowls and a softer jawline come with age.
        for side in (-1, 1):
            c.stroke(with_alpha(shadow, 90), [
                (g.cx + side * (g.jaw_half - 22), g.mouth_y - 6),
                (g.cx + side * (g.jaw_half - 26), g.mouth_y + 26),
                (g.cx + side * (g.chin_half + 16), g.chin_y - 24)], 3, 1)


def draw_features(c: Canvas, g: HeadGeometry, person: Person, expr: Expression,
                  high_contrast: bool) -> None:
    draw_age_lines(c, g, person, expr)
    for side in (-1, 1):
        draw_eye(c, g, person, expr, side, high_contrast)
        draw_brow(c, g, person, expr, side, high_contrast)
    draw_expression_lines(c, g, person, expr)
    draw_nose(c, g, person, expr)
    draw_mouth(c, g, person, expr, high_contrast)


def _eye_shape(g: HeadGeometry, expr: Expression, side: int) -> tuple[list[Point], list[Point]]:
    ex, ey = g.eye_center(side)
    k = g.eye_scale * (1.0 - 0.08 * g.turn * side)
    w = 29.0 * k
    up = 17.0 * g.eye_scale * expr.eye_open * (1.0 - expr.lid_upper)
    low = 10.0 * g.eye_scale * (1.0 - 0.75 * expr.lid_lower)
    lift = 4.0 * expr.lid_lower   # a smile pushes the lower lid up in the middle
    inner = (ex - side * w, ey + 2)
    outer = (ex + side * w, ey - 1)
    upper = [inner, (ex - side * w * 0.55, ey - up * 0.82), (ex - side * w * 0.05, ey - up),
             (ex + side * w * 0.55, ey - up * 0.7), outer]
    lower = [outer, (ex + side * w * 0.45, ey + low * 0.8 - lift),
             (ex - side * w * 0.25, ey + low - lift), inner]
    return upper, lower


def draw_eye(c: Canvas, g: HeadGeometry, person: Person, expr: Expression, side: int,
             high_contrast: bool) -> None:
    ex, ey = g.eye_center(side)
    upper, lower = _eye_shape(g, expr, side)
    shadow = skin_shadow(person)
    # Crease of the upper lid, and soft shadow of the socket.
    crease = [(x, y - 11 - 3 * (1 - expr.lid_upper)) for x, y in upper[1:-1]]
    c.ellipse(with_alpha(shadow, 45), ex + side * 2, ey - 8, 32 * g.eye_scale, 18)
    c.stroke(with_alpha(shadow, 150), crease, 1.5, 1.0, w_mid=3.0)
    if person.age >= 38 or person.key == "sam":
        # Tired under-eyes: a night worker, a grieving man, anyone past forty.
        c.stroke(with_alpha(shadow, 110), [(x, y + 9) for x, y in lower[1:]], 2.5, 0.5)
    shape = upper + lower[1:-1]
    c.smooth(EYE_WHITE, shape)
    with c.clipped(shape) as eye:
        r = 14.0 * g.eye_scale * expr.iris
        ix = ex + expr.gaze[0] * 12.0 + g.turn * 3.0
        iy = ey - 1 + expr.gaze[1] * 5.0
        eye.ellipse(person.eyes, ix, iy, r, r)
        eye.ellipse(with_alpha(shade(person.eyes, 0.45), 160), ix, iy, r, r)
        eye.ellipse(person.eyes, ix - 0.6, iy + 0.6, r - 2.2, r - 2.2)
        eye.ellipse(INK, ix, iy, r * 0.44, r * 0.44)
        eye.ellipse((252, 250, 246), ix - r * 0.38, iy - r * 0.4, r * 0.22, r * 0.22)
        # The upper lid casts a little shadow onto the eye.
        eye.stroke(with_alpha(shade(person.skin, 0.5), 90),
                   [(x, y + 2) for x, y in upper], 6, 6)
        if expr.tear:
            eye.stroke((255, 255, 255, 150), [(x, y - 2) for x, y in lower[1:-1]], 2, 2)
    lash = INK if high_contrast else mix(INK, person.hair, 0.2)
    lash_w = 5.5 if person.feminine else 4.5
    if high_contrast:
        lash_w += 1.5
    path = list(upper)
    if person.feminine:
        ox, oy = upper[-1]
        path.append((ox + side * 6, oy - 4))
    c.stroke(lash, path, 2.0, 1.2, w_mid=lash_w)
    c.stroke(with_alpha(shade(person.skin, 0.35), 160 if not high_contrast else 255),
             lower[1:], 1.6, 0.6)
    if expr.tear:
        ox, oy = lower[1]
        tx, ty = ox - side * 4, oy + 14
        c.smooth((186, 214, 232, 220), [(tx, ty - 10), (tx + 5, ty + 2), (tx, ty + 8),
                                        (tx - 5, ty + 2)])
        c.ellipse((255, 255, 255, 200), tx - 1.5, ty + 1, 1.6, 2.2)


def draw_brow(c: Canvas, g: HeadGeometry, person: Person, expr: Expression, side: int,
              high_contrast: bool) -> None:
    ex, _ = g.eye_center(side)
    by = g.brow_y + expr.brow_drop
    knit = expr.brow_knit
    inner = (ex - side * (30 + knit * 0.7), by + 4 - expr.brow_inner)
    mid = (ex - side * 4, by - 9 - expr.brow_inner * 0.45 - expr.brow_outer * 0.35)
    outer_mid = (ex + side * 22, by - 7 - expr.brow_outer * 0.8 - expr.brow_inner * 0.1)
    outer = (ex + side * 40, by + 4 - expr.brow_outer)
    color = person.brow_color or shade(person.hair, 0.15)
    if high_contrast:
        color = shade(color, 0.4)
    weight = person.brow_weight * (1.25 if high_contrast else 1.0)
    # A little heavier than life: brows carry most of an expression at thumbnail size.
    c.stroke(color, [inner, mid, outer_mid, outer], 12.5 * weight, 4.0 * weight,
             w_mid=13.0 * weight)


def draw_expression_lines(c: Canvas, g: HeadGeometry, person: Person,
                          expr: Expression) -> None:
    line = with_alpha(shade(person.skin, 0.3), 130)
    if expr.brow_knit >= 10 or expr.brow_inner <= -10:
        # The vertical lines between knitted brows.
        for side in (-1, 1):
            x = g.cx + g.feature_shift + side * 9
            c.stroke(line, [(x, g.brow_y - 2), (x + side * 2, g.brow_y + 22)], 1.0, 3.0)
    if expr.brow_inner >= 14:
        # Raised inner brows fold the middle of the forehead.
        for k, y in enumerate((g.brow_y - 40, g.brow_y - 56)):
            w = 30 - 8 * k
            x = g.cx + g.feature_shift
            c.stroke(line, [(x - w, y + 6), (x, y), (x + w, y + 6)], 1.0, 1.0, w_mid=2.6)


def draw_age_lines(c: Canvas, g: HeadGeometry, person: Person, expr: Expression) -> None:
    line = with_alpha(shade(person.skin, 0.3), 110)
    faint = with_alpha(shade(person.skin, 0.25), 80)
    if person.age >= 45:
        for side in (-1, 1):
            ex, ey = g.eye_center(side)
            ox = ex + side * 33
            for dy, tilt in ((-6, -5), (3, 2), (11, 8)):
                c.stroke(faint, [(ox, ey + dy), (ox + side * 13, ey + dy + tilt * 0.8)],
                         1.8, 0.4)
    if person.age >= 50:
        rows = 3 if person.age >= 70 else 2
        for k in range(rows):
            y = g.brow_y - 48 - 17 * k
            x = g.cx + g.feature_shift
            c.stroke(faint, [(x - 62 + 6 * k, y + 5), (x, y), (x + 60 - 6 * k, y + 4)],
                     0.6, 0.6, w_mid=2.2)
    if person.age >= 70:
        for side in (-1, 1):
            ex, ey = g.eye_center(side)
            c.stroke(line, [(ex - side * 14, ey + 20), (ex + side * 6, ey + 25),
                            (ex + side * 22, ey + 21)], 0.6, 0.6, w_mid=2.0)


def draw_nose(c: Canvas, g: HeadGeometry, person: Person, expr: Expression) -> None:
    x = g.cx + g.feature_shift * 1.35
    y = g.nose_y
    shadow = skin_shadow(person)
    deep = shade(person.skin, 0.36)
    flare = expr.nostril_flare * 3
    # The shaded side of the bridge, away from the light.
    c.stroke(with_alpha(shadow, 110), [(x + 10, g.eye_y + 30), (x + 13, y - 40),
                                       (x + 20, y - 8)], 1.0, 5.0)
    # Tip and wings of the nose.
    c.ellipse(with_alpha(tint(person.skin, 0.3), 40), x - 3, y - 16, 10, 8)
    for side in (-1, 1):
        c.stroke(with_alpha(deep, 200), [(x + side * (15 + flare), y - 16),
                                         (x + side * (21 + flare), y - 4),
                                         (x + side * (12 + flare), y + 3)], 1.0, 2.4,
                 w_mid=3.2)
    c.stroke(with_alpha(deep, 220), [(x - 9, y + 1), (x, y + 4), (x + 9, y + 1)], 2.0, 2.0,
             w_mid=3.6)
    # The soft shadow the nose casts, down and to the right.
    c.ellipse(with_alpha(shadow, 60), x + 6, y + 10, 18, 6)


def mouth_curves(g: HeadGeometry, person: Person, expr: Expression, samples: int = 24):
    """Upper edge, lower edge (of the opening), and the lips' outer edges, left to right."""
    x = g.cx + g.feature_shift * 1.15
    y = g.mouth_y
    half = 37.0 * expr.mouth_width * (g.half_width / 150.0)
    lift = expr.mouth_curve
    left = (x - half, y - lift - expr.mouth_shift)
    right = (x + half, y - lift + expr.mouth_shift)
    mid_y = y + (lift * 0.22 if lift > 0 else lift * 0.12)
    # A quadratic through both corners and the middle point.
    ctrl = (x, 2 * mid_y - (left[1] + right[1]) / 2)
    smile = max(0.0, lift) / 14.0
    press = expr.lip_press
    upper_h = 10.0 * (1 - 0.55 * press) * (1 - 0.3 * smile) * (1.0 if person.feminine else 0.8)
    lower_h = 13.0 * (1 - 0.6 * press) * (1 - 0.2 * smile) * (1.0 if person.feminine else 0.85)
    opening = expr.mouth_open
    top, bottom, upper, lower = [], [], [], []
    for i in range(samples + 1):
        t = i / samples
        u = 1 - t
        px = u * u * left[0] + 2 * u * t * ctrl[0] + t * t * right[0]
        py = u * u * left[1] + 2 * u * t * ctrl[1] + t * t * right[1]
        taper = math.sin(math.pi * t) ** 0.7
        bow = math.exp(-((t - 0.5) / 0.07) ** 2) * upper_h * 0.3
        top.append((px, py - opening * 0.25 * taper))
        bottom.append((px, py + opening * taper))
        upper.append((px, py - opening * 0.25 * taper - upper_h * taper + bow))
        lower.append((px, py + opening * taper + lower_h * taper ** 0.8))
    return top, bottom, upper, lower


def draw_mouth(c: Canvas, g: HeadGeometry, person: Person, expr: Expression,
               high_contrast: bool) -> None:
    top, bottom, upper, lower = mouth_curves(g, person, expr)
    lip = person.lips
    line_color = INK if high_contrast else shade(lip, 0.55)
    opening = expr.mouth_open
    (lx, ly), (rx, ry) = top[0], top[-1]
    mx, my = top[len(top) // 2]
    if opening > 0.5:
        inside = top + bottom[::-1][1:-1]
        c.poly((96, 46, 50), inside)
        if expr.teeth:
            with c.clipped(inside, smooth=False) as mouth:
                mouth.poly((246, 242, 234), top + [(x, y + opening * 0.8) for x, y in top[::-1]])
    c.poly(lip, lower + bottom[::-1])
    c.poly(shade(lip, 0.12), upper + top[::-1])
    c.ellipse(with_alpha(tint(lip, 0.45), 90), mx - 6, bottom[len(bottom) // 2][1]
              + (lower[len(lower) // 2][1] - bottom[len(bottom) // 2][1]) * 0.45,
              10 * (1 - 0.5 * expr.lip_press), 3.0)
    c.stroke(line_color, top, 1.2, 1.2, w_mid=3.0 + 1.2 * expr.lip_press)
    if opening > 0.5:
        c.stroke(with_alpha(line_color, 150), bottom, 1.0, 1.0, w_mid=1.6)
    # Corners: a small crease that makes a smile or a frown read from the back row.
    corner = with_alpha(shade(person.skin, 0.4), 170)
    for (px, py), side in (((lx, ly), -1), ((rx, ry), 1)):
        if expr.mouth_curve > 4:
            c.stroke(corner, [(px - side * 1, py + 2), (px + side * 5, py - 3),
                              (px + side * 6, py - 8)], 1.0, 0.6, w_mid=2.4)
        elif expr.mouth_curve < -4:
            c.stroke(corner, [(px - side * 1, py - 1), (px + side * 4, py + 3),
                              (px + side * 5, py + 8)], 1.0, 0.6, w_mid=2.2)
    # Smile lines from nose to mouth deepen with a smile and with age.
    youth = 0.5 if person.age < 25 else 1.0
    depth = youth * max(0.0, expr.mouth_curve) / 14.0 + max(0, person.age - 35) / 40.0
    if depth > 0.15:
        alpha = min(150, round(70 * depth + 30))
        for side in (-1, 1):
            nx = g.cx + g.feature_shift * 1.3 + side * 30
            px = (lx if side < 0 else rx) + side * 10
            py = ly if side < 0 else ry
            c.stroke(with_alpha(shade(person.skin, 0.3), alpha),
                     [(nx, g.nose_y - 10), (nx + side * 10, g.nose_y + 18), (px, py + 4)],
                     1.5, 0.5, w_mid=2.6)


def draw_glasses(c: Canvas, g: HeadGeometry, person: Person, high_contrast: bool) -> None:
    if person.glasses is None:
        return
    frame = shade(person.glasses, 0.4) if high_contrast else person.glasses
    w = 5.0 if high_contrast else 3.6
    for side in (-1, 1):
        ex, ey = g.eye_center(side)
        rim = [(ex - 42, ey - 24), (ex + 42, ey - 26), (ex + 44, ey + 14), (ex + 26, ey + 30),
               (ex - 26, ey + 30), (ex - 44, ey + 14)]
        c.smooth((255, 255, 255, 26), rim)
        c.stroke(frame, rim + [rim[0], rim[1]], w, w)
        c.stroke((255, 255, 255, 110), [(ex - 30, ey - 14), (ex - 20, ey - 20)], 3, 1)
        temple_x = g.cx + side * (g.half_width * (1.0 - 0.07 * g.turn * side) - 2)
        c.stroke(frame, [(ex + side * 44, ey - 18), (temple_x, ey - 20)], w, w * 0.8)
    x = g.cx + g.feature_shift
    c.stroke(frame, [(x - 20, g.eye_y - 10), (x, g.eye_y - 16), (x + 20, g.eye_y - 10)],
             w * 0.9, w * 0.9)


def draw_earrings(c: Canvas, g: HeadGeometry, person: Person) -> None:
    if person.earrings is None:
        return
    for side in (-1, 1):
        x = g.cx + side * (g.half_width * (1.0 - 0.07 * g.turn * side) + 4)
        c.ellipse(shade(person.earrings, 0.3), x + side * 6, 556, 5.5, 5.5)
        c.ellipse(person.earrings, x + side * 5.5, 555, 4.2, 4.2)
