"""Neck, shoulders, clothes and arms: the half of a portrait that carries posture.

Posture matters as much as the face for reading a client from across a classroom, so the
shoulders rise and slump, the body turns away, and the arms cross or clasp.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .canvas import Canvas, Point, shade, tint, with_alpha
from .expressions import Expression
from .head import HeadGeometry, skin_shadow
from .people import Person

BOTTOM = 1330.0   # shapes run past the 1250 design bottom so nothing ends in frame


@dataclass(frozen=True)
class BodyGeometry:
    cx: float
    neck_half: float
    shoulder_y: float
    shoulder_half: float
    neck_base: float

    def torso(self) -> list[Point]:
        cx, nw, sy, sw = self.cx, self.neck_half, self.shoulder_y, self.shoulder_half
        right = [(nw + 10, self.neck_base - 14), (nw + 70, sy - 16), (sw - 70, sy - 4),
                 (sw - 14, sy + 22), (sw + 8, sy + 88), (sw + 18, sy + 230), (sw + 26, BOTTOM)]
        left = [(-x, y) for x, y in reversed(right)]
        return [(cx + x, y) for x, y in right + left]

    def arm_seam(self, side: int) -> list[Point]:
        """Where the upper arm meets the chest, to show arms hanging at the sides."""
        cx, sy, sw = self.cx, self.shoulder_y, self.shoulder_half
        return [(cx + side * (sw - 52), sy + 70), (cx + side * (sw - 60), sy + 200),
                (cx + side * (sw - 54), BOTTOM)]


def body_geometry(person: Person, expr: Expression) -> BodyGeometry:
    neck = (46.0 if person.feminine else 62.0) * person.face_width * (person.build ** 0.4)
    if person.age < 20:
        neck *= 0.92
    slump = min(0.0, expr.shoulders)
    return BodyGeometry(
        cx=500.0, neck_half=neck, shoulder_y=772.0 - expr.shoulders,
        shoulder_half=288.0 * person.build * (1.0 + slump / 400.0),
        neck_base=744.0 - expr.shoulders * 0.4)


def draw_neck(c: Canvas, g: HeadGeometry, b: BodyGeometry, person: Person) -> None:
    nw = b.neck_half
    shape = [(b.cx - nw, g.nose_y), (b.cx + nw, g.nose_y), (b.cx + nw + 6, b.neck_base + 40),
             (b.cx - nw - 6, b.neck_base + 40)]
    c.poly(person.skin, shape)
    with c.soft(shape, 16, skin_shadow(person), smooth=False) as n:
        # The jaw's shadow on the neck, and the side away from the light.
        n.ellipse(with_alpha(skin_shadow(person), 200), b.cx + 6, g.chin_y + 4, nw + 30, 44)
        n.poly(with_alpha(skin_shadow(person), 110), [
            (b.cx + nw * 0.45, g.nose_y), (b.cx + nw + 30, g.nose_y),
            (b.cx + nw + 30, b.neck_base + 60), (b.cx + nw * 0.55, b.neck_base + 60)])
        n.ellipse(with_alpha(skin_shadow(person), 120), b.cx + 4, b.neck_base + 24, nw + 20, 26)
    if person.age >= 70:
        for dx in (-12, 12):
            c.stroke(with_alpha(shade(person.skin, 0.3), 90), [
                (b.cx + dx, g.chin_y + 30), (b.cx + dx * 1.4, b.neck_base)], 2.0, 0.5)


def draw_hood(c: Canvas, b: BodyGeometry, person: Person, expr: Expression | None = None) -> None:
    """A hoodie's hood lies bunched behind the neck, above the shoulders (unless it is up)."""
    if person.top != "hoodie" or (expr is not None and expr.wrap):
        return
    color = shade(person.top_color, 0.18)
    c.smooth(color, [(b.cx - b.neck_half - 95, b.neck_base + 30),
                     (b.cx - b.neck_half - 60, b.neck_base - 60), (b.cx, b.neck_base - 84),
                     (b.cx + b.neck_half + 60, b.neck_base - 60),
                     (b.cx + b.neck_half + 95, b.neck_base + 30), (b.cx, b.neck_base + 60)])


def draw_torso(c: Canvas, b: BodyGeometry, person: Person, expr: Expression) -> None:
    torso = b.torso()
    base = person.top_color
    c.smooth(base, torso)
    dark = shade(base, 0.35)
    with c.soft(torso, 40, dark) as t:
        # Shade the side away from the light, and under the collar.
        t.smooth(with_alpha(dark, 150), [
            (b.cx + b.shoulder_half * 0.5, b.shoulder_y - 40),
            (b.cx + b.shoulder_half + 80, b.shoulder_y), (b.cx + b.shoulder_half + 80, BOTTOM),
            (b.cx + b.shoulder_half * 0.6, BOTTOM), (b.cx + b.shoulder_half * 0.66,
                                                    b.shoulder_y + 150)])
        t.ellipse(with_alpha(dark, 110), b.cx, b.neck_base + 10, b.neck_half + 70, 40)
    with c.soft(torso, 40, tint(base, 0.25)) as t:
        t.ellipse(with_alpha(tint(base, 0.25), 90), b.cx - b.shoulder_half * 0.55,
                  b.shoulder_y + 40, 100, 50, -12)
    for side in (-1, 1):
        c.stroke(with_alpha(shade(base, 0.4), 150), b.arm_seam(side), 2.0, 5.0)
    with c.clipped(torso) as t:
        if expr.wrap and person.top in _DONE_UP:
            _DONE_UP[person.top](t, b, person)
        else:
            _CLOTHES.get(person.top, _sweater)(t, b, person)


# ---------------------------------------------------------------------------- clothes
def _skin_neckline(c: Canvas, b: BodyGeometry, person: Person, depth: float,
                   spread: float = 8.0) -> list[Point]:
    nw = b.neck_half
    shape = [(b.cx - nw - spread, b.neck_base - 20), (b.cx - nw * 0.6, b.neck_base + depth * 0.6),
             (b.cx, b.neck_base + depth), (b.cx + nw * 0.6, b.neck_base + depth * 0.6),
             (b.cx + nw + spread, b.neck_base - 20), (b.cx, b.neck_base - 60)]
    c.smooth(person.skin, shape)
    return shape


def _crew_band(c: Canvas, b: BodyGeometry, color, depth: float, width: float = 12.0,
               spread: float = 8.0) -> None:
    nw = b.neck_half
    c.stroke(color, [(b.cx - nw - spread - 2, b.neck_base - 22),
                     (b.cx - nw * 0.6, b.neck_base + depth * 0.6), (b.cx, b.neck_base + depth),
                     (b.cx + nw * 0.6, b.neck_base + depth * 0.6),
                     (b.cx + nw + spread + 2, b.neck_base - 22)], width, width)


def _v_opening(b: BodyGeometry, top_spread: float, bottom_y: float,
               bottom_half: float = 0.0) -> list[Point]:
    nw = b.neck_half
    return [(b.cx - nw - top_spread, b.neck_base - 26),
            (b.cx - nw * 0.3 - bottom_half - 10, bottom_y - 60),
            (b.cx - bottom_half, bottom_y), (b.cx + bottom_half, bottom_y),
            (b.cx + nw * 0.3 + bottom_half + 10, bottom_y - 60),
            (b.cx + nw + top_spread, b.neck_base - 26)]


def _under_layer(c: Canvas, b: BodyGeometry, person: Person, opening: list[Point]) -> None:
    """What shows inside an open jacket: a shirt collar or a crew-neck top."""
    c.poly(person.under_color, opening)
    with c.clipped(opening, smooth=False) as u:
        u.poly(with_alpha(shade(person.under_color, 0.2), 110), [
            (b.cx + 20, b.neck_base), (b.cx + 200, b.neck_base), (b.cx + 200, BOTTOM),
            (b.cx + 30, BOTTOM)])
        if person.collar:
            _skin_neckline(u, b, person, 44, 4)
            _shirt_collar(u, b, person.under_color, 0.0)
            u.stroke(shade(person.under_color, 0.3), [(b.cx, b.neck_base + 48),
                                                      (b.cx, BOTTOM)], 2.5, 2.5)
            for y in (b.neck_base + 90, b.neck_base + 170):
                u.ellipse(shade(person.under_color, 0.25), b.cx + 8, y, 5, 5)
        else:
            _skin_neckline(u, b, person, 34)
            _crew_band(u, b, shade(person.under_color, 0.12), 34, 10)
            if person.feminine and person.earrings is not None:
                u.stroke(person.earrings, [(b.cx - b.neck_half + 4, b.neck_base - 10),
                                           (b.cx, b.neck_base + 58),
                                           (b.cx + b.neck_half - 4, b.neck_base - 10)], 2.2, 2.2)
                u.ellipse(person.earrings, b.cx, b.neck_base + 64, 6, 7)


def _shirt_collar(c: Canvas, b: BodyGeometry, color, spread: float) -> None:
    nw = b.neck_half
    edge = shade(color, 0.3)
    for side in (-1, 1):
        pts = [(b.cx + side * (nw + 8 + spread), b.neck_base - 44),
               (b.cx + side * (nw + 26 + spread), b.neck_base + 6),
               (b.cx + side * (nw * 0.35), b.neck_base + 56),
               (b.cx + side * 4, b.neck_base + 40),
               (b.cx + side * (nw * 0.4), b.neck_base - 6),
               (b.cx + side * (nw - 2), b.neck_base - 40)]
        c.poly(tint(color, 0.1), pts)
        c.stroke(edge, pts + [pts[0]], 2.5, 2.5, smooth=False)


def _work_jacket(c: Canvas, b: BodyGeometry, person: Person) -> None:
    color = person.top_color
    dark = shade(color, 0.35)
    opening = _v_opening(b, 26, BOTTOM, 62)
    _under_layer(c, b, person, opening)
    for side in (-1, 1):
        edge = [opening[0] if side < 0 else opening[-1], opening[1] if side < 0 else opening[-2],
                (b.cx + side * 62, BOTTOM)]
        c.stroke(dark, edge, 8, 8, smooth=False)
    _jacket_details(c, b, person)


def _work_jacket_zipped(c: Canvas, b: BodyGeometry, person: Person) -> None:
    """The work jacket zipped to the collar: only a sliver of the top beneath shows."""
    color = person.top_color
    dark = shade(color, 0.35)
    nw = b.neck_half
    opening = [(b.cx - nw - 10, b.neck_base - 26), (b.cx, b.neck_base + 34),
               (b.cx + nw + 10, b.neck_base - 26)]
    c.poly(person.under_color, opening)
    c.stroke(dark, [(b.cx - 3, b.neck_base + 30), (b.cx - 3, BOTTOM)], 7, 7, smooth=False)
    c.stroke(person.accent, [(b.cx + 3, b.neck_base + 30), (b.cx + 3, BOTTOM)], 4, 4,
             smooth=False)
    c.poly(person.accent, [(b.cx - 7, b.neck_base + 30), (b.cx + 11, b.neck_base + 30),
                           (b.cx + 9, b.neck_base + 74), (b.cx - 5, b.neck_base + 74)])
    _jacket_details(c, b, person)


def _jacket_details(c: Canvas, b: BodyGeometry, person: Person) -> None:
    color = person.top_color
    dark = shade(color, 0.35)
    for side in (-1, 1):
        # Chest pocket with a flap.
        px = b.cx + side * 150
        py = b.shoulder_y + 110
        c.stroke(dark, [(px - 46, py), (px - 46, py + 92), (px + 46, py + 92), (px + 46, py)],
                 4, 4, smooth=False)
        c.poly(shade(color, 0.12), [(px - 50, py - 6), (px + 50, py - 6), (px + 50, py + 26),
                                    (px - 50, py + 26)])
        c.stroke(dark, [(px - 50, py + 26), (px + 50, py + 26)], 3, 3, smooth=False)
        c.ellipse(dark, px, py + 14, 5, 5)
    # A warehouse ID badge clipped to the pocket.
    bx, by = b.cx - 150, b.shoulder_y + 128
    c.poly(shade(person.accent, 0.2), [(bx - 26, by - 4), (bx + 26, by - 4), (bx + 26, by + 70),
                                       (bx - 26, by + 70)])
    c.poly((240, 238, 230), [(bx - 23, by), (bx + 23, by), (bx + 23, by + 66), (bx - 23, by + 66)])
    c.poly(person.accent, [(bx - 23, by), (bx + 23, by), (bx + 23, by + 14), (bx - 23, by + 14)])
    c.poly((176, 184, 192), [(bx - 15, by + 22), (bx + 3, by + 22), (bx + 3, by + 44),
                             (bx - 15, by + 44)])
    for y in (by + 50, by + 57):
        c.poly((150, 150, 150), [(bx - 15, y), (bx + 15, y), (bx + 15, y + 3), (bx - 15, y + 3)])
    c.poly((120, 124, 128), [(bx - 6, by - 14), (bx + 6, by - 14), (bx + 6, by + 2), (bx - 6, by + 2)])
    # The jacket collar, turned down over the shoulders.
    nw = b.neck_half
    for side in (-1, 1):
        pts = [(b.cx + side * (nw + 2), b.neck_base - 50), (b.cx + side * (nw + 40),
                                                            b.neck_base - 40),
               (b.cx + side * (nw + 92), b.neck_base + 28), (b.cx + side * (nw + 38),
                                                             b.neck_base + 62),
               (b.cx + side * (nw + 24), b.neck_base - 4)]
        c.smooth(shade(color, 0.08), pts)
        c.stroke(dark, pts[1:4], 3, 3)


def _cardigan(c: Canvas, b: BodyGeometry, person: Person) -> None:
    color = person.top_color
    opening = _v_opening(b, 18 if not person.collar else 30, b.shoulder_y + 230)
    _under_layer(c, b, person, opening)
    band = shade(color, 0.12)
    for side in (-1, 1):
        edge = [opening[0] if side < 0 else opening[-1], opening[1] if side < 0 else opening[-2],
                (b.cx, opening[2][1]), (b.cx + side * 4, BOTTOM)]
        c.stroke(band, [(x + side * 9, y) for x, y in edge], 18, 18, smooth=False)
        c.stroke(shade(color, 0.3), [(x + side * 18, y) for x, y in edge], 2, 2, smooth=False)
    for y in (b.shoulder_y + 270, b.shoulder_y + 350, b.shoulder_y + 430):
        c.ellipse(shade(person.accent, 0.2), b.cx + 3, y + 2, 9, 9)
        c.ellipse(person.accent, b.cx + 2, y, 8, 8)


def _button_shirt(c: Canvas, b: BodyGeometry, person: Person) -> None:
    color = person.top_color
    v = [(b.cx - b.neck_half - 6, b.neck_base - 30), (b.cx, b.neck_base + 110),
         (b.cx + b.neck_half + 6, b.neck_base - 30)]
    c.poly(person.under_color, v)
    _skin_neckline(c, b, person, 30, 0)
    _crew_band(c, b, shade(person.under_color, 0.15), 30, 8, 0)
    _shirt_collar(c, b, color, 12)
    dark = shade(color, 0.3)
    c.stroke(dark, [(b.cx - 8, b.neck_base + 110), (b.cx - 8, BOTTOM)], 2.5, 2.5)
    c.stroke(dark, [(b.cx + 14, b.neck_base + 110), (b.cx + 14, BOTTOM)], 2.5, 2.5)
    for y in (b.neck_base + 170, b.neck_base + 270, b.neck_base + 370):
        c.ellipse(person.accent, b.cx + 3, y, 6, 6)
    px, py = b.cx + 140, b.shoulder_y + 120
    c.stroke(dark, [(px - 44, py), (px - 44, py + 80), (px, py + 92), (px + 44, py + 80),
                    (px + 44, py)], 3, 3, smooth=False)
    c.stroke(dark, [(px - 44, py), (px + 44, py)], 3, 3, smooth=False)


def _hoodie(c: Canvas, b: BodyGeometry, person: Person) -> None:
    color = person.top_color
    _skin_neckline(c, b, person, 40, 6)
    _crew_band(c, b, person.under_color, 40, 9, 6)
    rim = shade(color, 0.15)
    nw = b.neck_half
    for side in (-1, 1):
        c.stroke(rim, [(b.cx + side * (nw + 30), b.neck_base - 40),
                       (b.cx + side * (nw + 26), b.neck_base + 30),
                       (b.cx + side * 6, b.neck_base + 70)], 24, 16)
        c.stroke(person.accent, [(b.cx + side * 26, b.neck_base + 60),
                                 (b.cx + side * 30, b.neck_base + 170),
                                 (b.cx + side * 26, b.neck_base + 250)], 5, 5)
        c.ellipse(shade(person.accent, 0.25), b.cx + side * 26, b.neck_base + 262, 5, 12)


def _tunic_coat(c: Canvas, b: BodyGeometry, person: Person) -> None:
    dark = shade(person.top_color, 0.3)
    c.stroke(dark, [(b.cx + 20, b.neck_base), (b.cx + 22, BOTTOM)], 3, 3)
    for y in (b.shoulder_y + 300, b.shoulder_y + 390):
        c.ellipse(person.accent, b.cx + 36, y, 8, 8)


def _zip_fleece(c: Canvas, b: BodyGeometry, person: Person) -> None:
    color = person.top_color
    nw = b.neck_half
    v = [(b.cx - nw - 8, b.neck_base - 30), (b.cx, b.neck_base + 120),
         (b.cx + nw + 8, b.neck_base - 30)]
    c.poly(person.under_color, v)
    _skin_neckline(c, b, person, 26, 0)
    _crew_band(c, b, shade(person.under_color, 0.25), 26, 7, 0)
    for side in (-1, 1):
        collar = [(b.cx + side * (nw + 2), b.neck_base - 70), (b.cx + side * (nw + 30),
                                                               b.neck_base - 50),
                  (b.cx + side * (nw + 32), b.neck_base + 10),
                  (b.cx + side * 8, b.neck_base + 124), (b.cx + side * (nw - 6),
                                                         b.neck_base - 20)]
        c.smooth(shade(color, 0.06), collar)
        c.stroke(shade(color, 0.3), collar[2:], 2.5, 2.5)
    c.stroke(person.accent, [(b.cx, b.neck_base + 120), (b.cx, BOTTOM)], 4, 4)
    c.poly(person.accent, [(b.cx - 6, b.neck_base + 118), (b.cx + 6, b.neck_base + 118),
                           (b.cx + 5, b.neck_base + 160), (b.cx - 5, b.neck_base + 160)])


def _zip_fleece_zipped(c: Canvas, b: BodyGeometry, person: Person) -> None:
    """The fleece zipped to the chin, its collar standing up round the neck."""
    color = person.top_color
    nw = b.neck_half
    for side in (-1, 1):
        collar = [(b.cx + side * (nw + 4), b.neck_base - 84), (b.cx + side * (nw + 30),
                                                               b.neck_base - 60),
                  (b.cx + side * (nw + 32), b.neck_base + 6), (b.cx, b.neck_base + 14),
                  (b.cx, b.neck_base - 70)]
        c.smooth(shade(color, 0.06), collar)
        c.stroke(shade(color, 0.3), collar[1:4], 2.5, 2.5)
    c.stroke(person.accent, [(b.cx, b.neck_base - 70), (b.cx, BOTTOM)], 4, 4)
    c.poly(person.accent, [(b.cx - 6, b.neck_base - 72), (b.cx + 6, b.neck_base - 72),
                           (b.cx + 5, b.neck_base - 30), (b.cx - 5, b.neck_base - 30)])


def _hoodie_up(c: Canvas, b: BodyGeometry, person: Person) -> None:
    """With the hood up, the hood's front edges come down either side of the neck."""
    color = person.top_color
    rim = shade(color, 0.15)
    nw = b.neck_half
    _skin_neckline(c, b, person, 40, 6)
    _crew_band(c, b, person.under_color, 40, 9, 6)
    for side in (-1, 1):
        c.stroke(rim, [(b.cx + side * (nw + 34), b.neck_base - 60),
                       (b.cx + side * (nw + 30), b.neck_base + 30),
                       (b.cx + side * 8, b.neck_base + 74)], 26, 18)
        c.stroke(person.accent, [(b.cx + side * 24, b.neck_base + 64),
                                 (b.cx + side * 20, b.neck_base + 140),
                                 (b.cx + side * 24, b.neck_base + 200)], 5, 5)
        c.ellipse(shade(person.accent, 0.25), b.cx + side * 24, b.neck_base + 212, 5, 12)


def _sweater(c: Canvas, b: BodyGeometry, person: Person) -> None:
    _skin_neckline(c, b, person, 30, 2)
    _crew_band(c, b, shade(person.top_color, 0.15), 30, 16, 2)


def _blazer(c: Canvas, b: BodyGeometry, person: Person) -> None:
    color = person.top_color
    opening = _v_opening(b, 18, b.shoulder_y + 260)
    _under_layer(c, b, person, opening)
    dark = shade(color, 0.3)
    for side in (-1, 1):
        lapel = [opening[0] if side < 0 else opening[-1],
                 (b.cx + side * (b.neck_half + 80), b.neck_base + 60),
                 (b.cx + side * (b.neck_half + 50), b.neck_base + 90),
                 (b.cx + side * 4, opening[2][1])]
        c.poly(shade(color, 0.08), lapel)
        c.stroke(dark, lapel, 3, 3, smooth=False)
    c.ellipse(dark, b.cx + 4, b.shoulder_y + 300, 8, 8)


# A closed body does its clothes up: these tops are drawn done up in the closed band.
_DONE_UP = {"work_jacket": _work_jacket_zipped, "zip_fleece": _zip_fleece_zipped,
            "hoodie": _hoodie_up}

_CLOTHES = {
    "work_jacket": _work_jacket, "cardigan": _cardigan, "button_shirt": _button_shirt,
    "hoodie": _hoodie, "tunic_coat": _tunic_coat, "zip_fleece": _zip_fleece,
    "sweater": _sweater, "blazer": _blazer,
}


# ---------------------------------------------------------------------------- arms
def _forearm(c: Canvas, color, elbow: Point, wrist: Point, width: float) -> None:
    """A sleeved forearm with a rounded elbow, outlined so it reads against the chest."""
    edge = shade(color, 0.38)
    ex, ey = elbow
    wx, wy = wrist
    c.stroke(edge, [elbow, wrist], width + 8, width * 0.78 + 8, smooth=False)
    c.ellipse(edge, ex, ey, (width + 8) / 2, (width + 8) / 2)
    c.stroke(color, [elbow, wrist], width, width * 0.78, smooth=False)
    c.ellipse(color, ex, ey, width / 2, width / 2)
    # A fold of the sleeve, and the cuff at the wrist.
    fx, fy = ex + (wx - ex) * 0.35, ey + (wy - ey) * 0.35
    c.stroke(with_alpha(edge, 150), [(fx - 6, fy - width * 0.3), (fx + 8, fy + width * 0.25)],
             1.5, 4)
    cx_, cy_ = ex + (wx - ex) * 0.9, ey + (wy - ey) * 0.9
    c.stroke(with_alpha(edge, 180), [(cx_, cy_ - width * 0.4), (cx_, cy_ + width * 0.4)], 4, 4)


def _hand(c: Canvas, person: Person, at: Point, angle: float, scale: float = 1.0) -> None:
    """A relaxed hand seen from the back, fingers pointing along `angle` (degrees)."""
    x, y = at
    skin, edge = person.skin, shade(person.skin, 0.28)
    with c.transformed(rotate=angle, about=(x, y), scale=scale):
        palm = [(x - 34, y - 24), (x + 8, y - 28), (x + 16, y + 2), (x + 8, y + 28),
                (x - 34, y + 24)]
        fingers = [(y - 19, 30), (y - 6, 36), (y + 7, 34), (y + 19, 27)]
        for fy, length in fingers:
            c.stroke(edge, [(x + 4, fy), (x + 8 + length, fy + 2)], 15, 13)
        c.smooth(edge, [(px + (1 if px > x else -1) * 2, py + (2 if py > y else -2))
                        for px, py in palm])
        c.smooth(skin, palm)
        for fy, length in fingers:
            c.stroke(skin, [(x + 4, fy), (x + 6 + length, fy + 2)], 11, 9.5)
        c.ellipse(skin, x - 12, y - 26, 22, 12, -20)   # the thumb's base
        for fy, _ in fingers[:-1]:
            c.stroke(with_alpha(edge, 160), [(x + 14, fy + 6.5), (x + 30, fy + 7.5)], 1.5, 1.0)


def _open_hand(c: Canvas, person: Person, at: Point, angle: float, scale: float,
               side: int) -> None:
    """An open hand turned palm up, fingers spread along `angle`, the thumb out to `side`."""
    x, y = at
    skin, edge = person.skin, shade(person.skin, 0.3)
    light = tint(skin, 0.18)
    with c.transformed(rotate=angle, about=(x, y), scale=scale):
        palm = [(x - 30, y - 22), (x + 10, y - 24), (x + 14, y + 2), (x + 10, y + 24),
                (x - 30, y + 22)]
        fingers = [(-16, -0.22, 40), (-5, -0.07, 48), (6, 0.07, 46), (17, 0.22, 38)]
        thumb = [(x - 18, y - side * 18), (x - 2, y - side * 40), (x + 12, y - side * 50)]
        for dy, slope, length in fingers:
            tip = (x + 10 + length, y + dy + slope * length)
            c.stroke(edge, [(x + 6, y + dy), tip], 14, 12)
        c.stroke(edge, thumb, 18, 14)
        c.smooth(edge, [(px + (2 if px > x else -2), py + (2 if py > y else -2))
                        for px, py in palm])
        c.smooth(skin, palm)
        for dy, slope, length in fingers:
            tip = (x + 8 + length, y + dy + slope * length)
            c.stroke(skin, [(x + 6, y + dy), tip], 10.5, 9)
        c.stroke(skin, thumb, 14, 10)
        c.ellipse(light, x - 8, y, 20, 15)
        c.stroke(with_alpha(edge, 140), [(x - 24, y + side * 8), (x - 4, y + side * 4),
                                         (x + 8, y + side * 10)], 1.4, 1.0)


def _hand_from_wrist(c: Canvas, person: Person, wrist: Point, angle: float,
                     scale: float) -> None:
    """A hand whose wrist sits at `wrist`, fingers pointing along `angle` (degrees)."""
    a = math.radians(angle)
    reach = 34 * scale
    _hand(c, person, (wrist[0] + reach * math.cos(a), wrist[1] + reach * math.sin(a)), angle,
          scale)


def draw_arms(c: Canvas, b: BodyGeometry, person: Person, expr: Expression) -> None:
    sleeve = person.top_color
    sw = b.shoulder_half
    y0 = b.shoulder_y
    width = 118.0 * person.build ** 0.6
    if expr.arms == "crossed":
        # The lower forearm first; its hand tucks under the far elbow.
        _forearm(c, shade(sleeve, 0.08), (b.cx - sw + 40, y0 + 350),
                 (b.cx + sw - 70, y0 + 318), width)
        # The upper forearm across it; its hand comes out of the cuff and rests on the
        # other upper arm, fingers curling round it.
        wrist = (b.cx - sw + 96, y0 + 272)
        _forearm(c, sleeve, (b.cx + sw - 46, y0 + 330), wrist, width)
        _hand_from_wrist(c, person, wrist, 150, 1.15 * person.build ** 0.5)
    elif expr.arms == "clasped":
        # Hands held together low in front, one over the other: waiting, bracing.
        for side in (-1, 1):
            _forearm(c, sleeve, (b.cx + side * (sw - 40), y0 + 520),
                     (b.cx + side * 84, y0 + 410), width * 0.95)
        scale = 1.15 * person.build ** 0.5
        _hand_from_wrist(c, person, (b.cx - 70, y0 + 410), -24, scale)
        _hand_from_wrist(c, person, (b.cx + 66, y0 + 418), 196, scale)
    elif expr.arms == "open":
        # Forearms forward and apart, hands open and palms up: nothing held back, nothing in
        # between.
        scale = 1.25 * person.build ** 0.5
        for side in (-1, 1):
            wrist = (b.cx + side * (sw * 0.52), y0 + 390)
            _forearm(c, shade(sleeve, 0.06), (b.cx + side * (sw - 30), y0 + 610), wrist,
                     width * 0.95)
            angle = -90 + side * 62
            a = math.radians(angle)
            reach = 30 * scale
            _open_hand(c, person, (wrist[0] + reach * math.cos(a), wrist[1] + reach * math.sin(a)),
                       angle, scale, side)
