"""Hair (behind and in front of the face), facial hair, and a headscarf.

Each hairstyle has a back part, drawn before the head so it shows around the neck and
shoulders, and a front part drawn over the forehead. A headscarf takes the hair's place:
its back covers the neck and drapes over the chest, and the face shows through its opening.
"""

from __future__ import annotations

import math

from .canvas import Canvas, Point, mix, shade, tint, with_alpha
from .head import HeadGeometry
from .people import Person

# Styles whose front part leaves the ears visible (earrings are drawn only with these).
EARS_VISIBLE = frozenset({"short_crop", "close_crop", "balding", "bun", "shoulder_wavy",
                          "curly_short"})


def _hx(g: HeadGeometry, dx: float) -> float:
    """x of a point dx from the head's centre, following the head's turn."""
    k = 1.0 - 0.07 * g.turn if dx > 0 else 1.0 + 0.07 * g.turn
    return g.cx + dx * k + g.feature_shift * 0.2


def _pts(g: HeadGeometry, rel: list[tuple[float, float]]) -> list[Point]:
    return [(_hx(g, dx), y) for dx, y in rel]


def _skull(g: HeadGeometry, v: float, low: float) -> list[tuple[float, float]]:
    """Relative points over the top of the head, left to right, v units outside the skull."""
    hw, top = g.half_width, g.top
    return [(-hw - v * 0.7, low), (-hw - v, g.eye_y - 60), (-hw * 0.93 - v, top + 62 - v * 0.4),
            (-hw * 0.6 - v * 0.4, top + 8 - v * 0.9), (0, top - v),
            (hw * 0.6 + v * 0.4, top + 8 - v * 0.9), (hw * 0.93 + v, top + 62 - v * 0.4),
            (hw + v, g.eye_y - 60), (hw + v * 0.7, low)]


def _strands(c: Canvas, g: HeadGeometry, color, paths: list[list[tuple[float, float]]],
             width: float) -> None:
    for path in paths:
        c.stroke(color, _pts(g, path), width * 0.3, width * 0.3, w_mid=width)


# ---------------------------------------------------------------------------- back
def draw_hair_back(c: Canvas, g: HeadGeometry, person: Person) -> None:
    if person.scarf is not None:
        return
    hw, top, hair = g.half_width, g.top, person.hair
    style = person.hair_style
    back = shade(hair, 0.18)
    if style == "long_straight":
        c.smooth(back, _pts(g, [(-hw - 24, top + 90), (-hw * 0.5, top - 10), (0, top - 16),
                                (hw * 0.5, top - 10), (hw + 24, top + 90), (hw + 36, 600),
                                (hw + 44, 860), (hw - 20, 880), (-hw + 20, 880),
                                (-hw - 44, 860), (-hw - 36, 600)]))
    elif style == "shoulder_wavy":
        c.smooth(back, _pts(g, [(-hw - 30, top + 90), (-hw * 0.5, top - 14), (0, top - 20),
                                (hw * 0.5, top - 14), (hw + 30, top + 90), (hw + 44, 560),
                                (hw + 62, 760), (hw + 50, 850), (hw - 6, 850),
                                (-hw + 6, 850), (-hw - 50, 850), (-hw - 62, 760),
                                (-hw - 44, 560)]))
    elif style == "bob":
        c.smooth(back, _pts(g, [(-hw - 30, top + 80), (-hw * 0.5, top - 18), (0, top - 22),
                                (hw * 0.5, top - 18), (hw + 32, top + 80), (hw + 40, 520),
                                (hw + 34, 650), (hw + 10, 672), (-hw - 10, 672),
                                (-hw - 34, 650), (-hw - 40, 520)]))
    elif style == "bun":
        c.ellipse(back, _hx(g, hw * 0.12), top - 8, 56, 46)
        c.ellipse(shade(hair, 0.28), _hx(g, hw * 0.12), top + 14, 44, 14)
    elif style == "curly_long":
        outline = _pts(g, [(-hw - 40, top + 80), (-hw * 0.5, top - 30), (0, top - 36),
                           (hw * 0.5, top - 30), (hw + 40, top + 80), (hw + 60, 560),
                           (hw + 66, 800), (-hw - 66, 800), (-hw - 60, 560)])
        c.smooth(back, outline)
        _curl_edge(c, back, outline, 26)


def _curl_edge(c: Canvas, color, outline: list[Point], radius: float,
               closed: bool = True) -> None:
    """Curly hair: small overlapping circles along the outside of a shape."""
    n = len(outline)
    for i in range(n if closed else n - 1):
        (x0, y0), (x1, y1) = outline[i], outline[(i + 1) % n]
        steps = max(1, int(math.dist((x0, y0), (x1, y1)) / (radius * 1.2)))
        for k in range(steps):
            t = k / steps
            c.ellipse(color, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, radius, radius)


# ---------------------------------------------------------------------------- front
def hair_front_shape(g: HeadGeometry, person: Person) -> list[Point] | None:
    """The main mass of hair over the head; also casts the shadow on the forehead."""
    if person.scarf is not None:
        return None
    hw, top = g.half_width, g.top
    style = person.hair_style
    if style == "short_crop":
        rel = _skull(g, 16, g.eye_y + 24) + [
            (hw - 6, g.eye_y + 24), (hw - 8, g.eye_y - 34), (hw * 0.8, top + 96),
            (hw * 0.42, top + 80), (0, top + 86), (-hw * 0.45, top + 78), (-hw * 0.8, top + 96),
            (-hw + 8, g.eye_y - 34), (-hw + 6, g.eye_y + 24)]
    elif style == "close_crop":
        rel = _skull(g, 6, g.eye_y - 14) + [
            (hw - 3, g.eye_y - 14), (hw - 8, g.eye_y - 50), (hw * 0.8, top + 106),
            (hw * 0.4, top + 98), (0, top + 102), (-hw * 0.4, top + 98), (-hw * 0.8, top + 106),
            (-hw + 8, g.eye_y - 50), (-hw + 3, g.eye_y - 14)]
    elif style == "balding":
        return None
    elif style == "long_straight":
        rel = _skull(g, 14, 600) + [
            (hw + 6, 640), (hw - 20, 600), (hw * 0.84, 470), (hw * 0.72, top + 90),
            (hw * 0.3, top + 62), (0, top + 46), (-hw * 0.3, top + 62), (-hw * 0.72, top + 90),
            (-hw * 0.84, 470), (-hw + 20, 600), (-hw - 6, 640)]
    elif style == "shoulder_wavy":
        rel = _skull(g, 20, g.eye_y - 4) + [
            (hw + 6, g.eye_y - 4), (hw * 0.92, top + 110), (hw * 0.6, top + 80),
            (hw * 0.15, top + 70), (-hw * 0.25, top + 82), (-hw * 0.6, top + 104),
            (-hw * 0.88, top + 128), (-hw - 4, g.eye_y - 4)]
    elif style == "bob":
        rel = _skull(g, 22, 640) + [
            (hw + 12, 652), (hw - 22, 628), (hw * 0.9, 540), (hw * 0.9, 450),
            (hw * 0.78, top + 112), (hw * 0.45, top + 86), (0, top + 96),
            (-hw * 0.45, top + 122), (-hw * 0.8, top + 136), (-hw * 0.92, 450),
            (-hw * 0.92, 540), (-hw + 22, 628), (-hw - 12, 652)]
    elif style == "bun":
        rel = _skull(g, 8, g.eye_y - 10) + [
            (hw + 2, g.eye_y - 10), (hw * 0.9, top + 106), (hw * 0.45, top + 86), (0, top + 90),
            (-hw * 0.45, top + 86), (-hw * 0.9, top + 106), (-hw - 2, g.eye_y - 10)]
    else:  # curly_short, curly_long
        low = g.eye_y if style == "curly_short" else 620
        rel = _skull(g, 22, low) + [
            (hw - 2, low), (hw * 0.86, top + 108), (hw * 0.4, top + 84), (0, top + 94),
            (-hw * 0.4, top + 84), (-hw * 0.86, top + 108), (-hw + 2, low)]
    return _pts(g, rel)


def draw_hair_front(c: Canvas, g: HeadGeometry, person: Person) -> None:
    if person.scarf is not None:
        return
    hw, top, hair = g.half_width, g.top, person.hair
    light = tint(hair, 0.22) if sum(hair) < 360 else shade(hair, 0.12)
    dark = shade(hair, 0.3)
    style = person.hair_style
    shape = hair_front_shape(g, person)
    if shape is not None:
        c.smooth(hair, shape)
        with c.soft(shape, 30, light) as sheen:
            # A broad soft highlight where the light falls on the hair.
            sheen.ellipse(with_alpha(light, 120), _hx(g, -hw * 0.35), top + 40, hw * 0.5, 40, -15)
    if style == "short_crop":
        _strands(c, g, light, [[(-hw * 0.6, top + 40), (-hw * 0.2, top + 12), (hw * 0.3, top + 14)],
                               [(-hw * 0.4, top + 66), (0, top + 48), (hw * 0.5, top + 52)]], 5)
    elif style == "close_crop":
        _strands(c, g, with_alpha(light, 90), [[(-hw * 0.5, top + 30), (0, top + 12),
                                                (hw * 0.5, top + 30)]], 4)
    elif style == "balding":
        for side in (-1, 1):
            c.smooth(hair, _pts(g, [
                (side * hw * 0.84, top + 64), (side * (hw + 14), top + 110),
                (side * (hw + 14), g.eye_y + 14), (side * (hw - 2), g.eye_y + 34),
                (side * (hw - 8), g.eye_y - 20), (side * hw * 0.84, top + 96)]))
            _strands(c, g, dark, [[(side * (hw - 2), top + 96), (side * (hw + 4), g.eye_y - 10)]],
                     2.5)
        # The light on a bald head.
        with c.soft(g.outline(), 20, tint(person.skin, 0.6)) as shine:
            shine.ellipse(with_alpha(tint(person.skin, 0.6), 150), _hx(g, -hw * 0.3), top + 40,
                          44, 20, -15)
    elif style == "long_straight":
        _strands(c, g, light, [[(-hw * 0.1, top + 20), (-hw * 0.55, top + 50), (-hw * 0.85, 440)],
                               [(hw * 0.1, top + 20), (hw * 0.55, top + 50), (hw * 0.88, 440)]],
                 5)
        _strands(c, g, dark, [[(0, top + 40), (0, top - 8)]], 3)
    elif style == "shoulder_wavy":
        _strands(c, g, light, [[(-hw * 0.35, top + 4), (hw * 0.1, top + 24), (hw * 0.7, top + 70)],
                               [(-hw * 0.45, top + 30), (-hw * 0.7, top + 80),
                                (-hw * 0.9, top + 120)]], 6)
        _strands(c, g, dark, [[(-hw * 0.35, top - 8), (-hw * 0.3, top + 40)]], 3)
    elif style == "bob":
        grey = (214, 210, 202)
        _strands(c, g, with_alpha(grey, 170), [
            [(hw * 0.3, top - 12), (-hw * 0.2, top + 40), (-hw * 0.7, top + 100)],
            [(hw * 0.7, top + 20), (hw * 0.95, top + 140), (hw * 0.98, 560)],
            [(-hw * 0.95, top + 140), (-hw - 6, 520), (-hw - 2, 620)]], 5)
        _strands(c, g, dark, [[(hw * 0.45, top - 10), (hw * 0.4, top + 40)]], 3)
    elif style == "bun":
        _strands(c, g, light, [[(-hw * 0.7, top + 80), (-hw * 0.3, top + 20), (0, top - 4)],
                               [(hw * 0.7, top + 80), (hw * 0.3, top + 20), (0, top - 4)]], 4)
    elif style in ("curly_short", "curly_long") and shape is not None:
        crown = shape[:9]
        _curl_edge(c, hair, crown, 20, closed=False)
        for x, y in crown[1:-1]:
            c.ellipse(with_alpha(light, 120), x + 6, y + 22, 9, 6)


# ---------------------------------------------------------------------------- facial hair
def _lower_face(g: HeadGeometry, grow: float) -> list[Point]:
    """The jaw line from ear to ear, grow units outside the face."""
    hw = g.half_width
    return _pts(g, [(hw + grow * 0.2, g.eye_y + 26), (hw * 0.95 + grow * 0.4, g.nose_y),
                    (g.jaw_half + grow * 0.8, g.mouth_y + 8),
                    (g.chin_half + 22 + grow * 0.8, g.chin_y - 18 + grow),
                    (0, g.chin_y + grow),
                    (-g.chin_half - 22 - grow * 0.8, g.chin_y - 18 + grow),
                    (-g.jaw_half - grow * 0.8, g.mouth_y + 8),
                    (-hw * 0.95 - grow * 0.4, g.nose_y), (-hw - grow * 0.2, g.eye_y + 26)])


def _beard_upper(g: HeadGeometry) -> list[Point]:
    hw = g.half_width
    return _pts(g, [(-hw + 2, g.eye_y + 30), (-hw * 0.86, g.nose_y + 14), (-60, g.mouth_y - 14),
                    (-34, g.nose_y + 14), (34, g.nose_y + 14), (60, g.mouth_y - 14),
                    (hw * 0.86, g.nose_y + 14), (hw - 2, g.eye_y + 30)])


def _stubble_upper(g: HeadGeometry) -> list[Point]:
    """Stubble follows a beard line: from the sideburns down to the mouth, and the upper lip."""
    hw = g.half_width
    return _pts(g, [(-hw + 2, g.eye_y + 20), (-hw * 0.8, g.nose_y + 10), (-56, g.mouth_y + 4),
                    (-40, g.nose_y + 18), (40, g.nose_y + 18), (56, g.mouth_y + 4),
                    (hw * 0.8, g.nose_y + 10), (hw - 2, g.eye_y + 20)])


def draw_facial_hair(c: Canvas, g: HeadGeometry, person: Person, outline: list[Point]) -> None:
    """Stubble and beard, drawn before the mouth so the lips sit on top."""
    color = person.facial_hair_color or person.hair
    if person.facial_hair == "stubble":
        # A day's growth: a soft, even shadow over jaw, chin and upper lip.
        with c.soft(outline, 12, color) as f:
            f.smooth(with_alpha(color, 52), _stubble_upper(g) + _lower_face(g, 20))
    elif person.facial_hair == "beard":
        shape = _beard_upper(g) + _lower_face(g, 8)
        c.smooth(color, shape)
        # Soften where the beard meets the cheek.
        with c.soft(outline, 6, color) as fade:
            fade.stroke(with_alpha(color, 160), _beard_upper(g)[:3], 10, 10)
            fade.stroke(with_alpha(color, 160), _beard_upper(g)[-3:], 10, 10)
        grey = mix(color, (206, 204, 200), 0.6)
        paths = [[(-50, g.chin_y - 6), (-30, g.chin_y + 6)], [(20, g.chin_y + 4), (44, g.chin_y - 8)],
                 [(-g.jaw_half + 10, g.mouth_y), (-g.jaw_half + 26, g.mouth_y + 30)],
                 [(g.jaw_half - 10, g.mouth_y), (g.jaw_half - 24, g.mouth_y + 30)],
                 [(-8, g.chin_y - 20), (6, g.chin_y - 4)],
                 [(-g.jaw_half + 30, g.mouth_y + 40), (-g.chin_half - 20, g.chin_y - 6)],
                 [(g.jaw_half - 30, g.mouth_y + 40), (g.chin_half + 20, g.chin_y - 6)]]
        _strands(c, g, with_alpha(grey, 110), paths, 2.6)


def draw_moustache(c: Canvas, g: HeadGeometry, person: Person, mouth_y: float) -> None:
    """The moustache sits over the upper lip, after the mouth is drawn."""
    if person.facial_hair not in ("beard", "moustache"):
        return
    color = person.facial_hair_color or person.hair
    x = g.cx + g.feature_shift * 1.2
    c.smooth(color, [(x - 46, mouth_y + 2), (x - 34, g.nose_y + 12), (x, g.nose_y + 8),
                     (x + 34, g.nose_y + 12), (x + 46, mouth_y + 2), (x + 20, mouth_y - 10),
                     (x, mouth_y - 9), (x - 20, mouth_y - 10)])
    if person.facial_hair == "beard":
        grey = mix(color, (196, 194, 190), 0.55)
        c.stroke(with_alpha(grey, 170), [(x - 30, g.nose_y + 18), (x - 16, mouth_y - 10)], 3, 1)
        c.stroke(with_alpha(grey, 170), [(x + 24, g.nose_y + 18), (x + 36, mouth_y - 8)], 3, 1)


# ---------------------------------------------------------------------------- headscarf
def scarf_opening(g: HeadGeometry) -> list[Point]:
    """Where the face shows through a headscarf: forehead to chin, cheeks to cheeks."""
    hw = g.half_width
    return _pts(g, [(0, g.top + 74), (hw * 0.62, g.top + 84), (hw * 0.88, g.top + 126),
                    (hw * 0.9, g.eye_y + 10), (hw * 0.86, g.nose_y), (g.jaw_half - 4, g.mouth_y + 6),
                    (g.chin_half + 14, g.chin_y - 12), (0, g.chin_y + 6),
                    (-g.chin_half - 14, g.chin_y - 12), (-g.jaw_half + 4, g.mouth_y + 6),
                    (-hw * 0.86, g.nose_y), (-hw * 0.9, g.eye_y + 10), (-hw * 0.88, g.top + 126),
                    (-hw * 0.62, g.top + 84)])


def scarf_hood(g: HeadGeometry) -> list[Point]:
    """The part of the scarf that wraps the head, from crown to under the chin."""
    hw = g.half_width
    return _pts(g, [(0, g.top - 26), (hw * 0.7, g.top - 10), (hw + 26, g.top + 80),
                    (hw + 34, g.eye_y + 20), (hw + 20, g.mouth_y + 20),
                    (g.chin_half + 40, g.chin_y + 40), (0, g.chin_y + 52),
                    (-g.chin_half - 40, g.chin_y + 40), (-hw - 20, g.mouth_y + 20),
                    (-hw - 34, g.eye_y + 20), (-hw - 26, g.top + 80), (-hw * 0.7, g.top - 10)])


def draw_scarf_drape(c: Canvas, cx: float, shoulder_y: float, person: Person) -> None:
    """The scarf's fall over the shoulders and chest, drawn over the clothes."""
    if person.scarf is None:
        return
    color, fold = person.scarf, person.scarf_shade or shade(person.scarf, 0.2)
    drape = [(cx - 150, 620), (cx + 150, 620), (cx + 200, shoulder_y - 6),
             (cx + 214, shoulder_y + 90), (cx + 170, shoulder_y + 190), (cx + 60, shoulder_y + 226),
             (cx - 70, shoulder_y + 214), (cx - 180, shoulder_y + 160), (cx - 214, shoulder_y + 70),
             (cx - 196, shoulder_y - 10)]
    c.smooth(color, drape)
    with c.clipped(drape) as d:
        d.smooth(with_alpha(fold, 200), [(cx + 70, 690), (cx + 210, shoulder_y + 20),
                                         (cx + 200, shoulder_y + 170), (cx + 100, shoulder_y + 220),
                                         (cx + 130, shoulder_y + 100)])
        for path in ([(cx - 150, shoulder_y + 20), (cx - 110, shoulder_y + 110),
                      (cx - 50, shoulder_y + 190)],
                     [(cx - 40, shoulder_y + 40), (cx + 0, shoulder_y + 130),
                      (cx + 40, shoulder_y + 200)],
                     [(cx + 90, shoulder_y + 20), (cx + 120, shoulder_y + 120)]):
            d.stroke(with_alpha(shade(color, 0.3), 150), path, 2, 1, w_mid=5)
        d.stroke(with_alpha(tint(color, 0.3), 120), [(cx - 180, shoulder_y + 40),
                                                     (cx - 140, shoulder_y + 140)], 2, 1, w_mid=6)


def draw_scarf_hood(c: Canvas, g: HeadGeometry, person: Person) -> None:
    if person.scarf is None:
        return
    c.smooth(person.scarf, scarf_hood(g))


def draw_scarf_front(c: Canvas, g: HeadGeometry, person: Person) -> None:
    """Folds and the under-cap band at the forehead, over the face's edge."""
    if person.scarf is None:
        return
    color = person.scarf
    fold = shade(color, 0.3)
    opening = scarf_opening(g)
    hw = g.half_width
    # An under-cap shows as a narrow band at the forehead.
    band = opening[-3:] + opening[:4]
    c.stroke(shade(color, 0.42), band, 3, 3, w_mid=7)
    c.stroke(with_alpha(fold, 160), opening[3:-3], 4, 4, w_mid=6)
    for path in ([(hw * 0.4, g.top + 10), (hw + 6, g.top + 110), (hw + 16, g.eye_y + 60)],
                 [(-hw * 0.5, g.top + 20), (-hw - 10, g.top + 130), (-hw - 12, g.eye_y + 40)],
                 [(-g.chin_half - 30, g.chin_y + 18), (0, g.chin_y + 34),
                  (g.chin_half + 26, g.chin_y + 22)]):
        c.stroke(with_alpha(fold, 150), _pts(g, path), 1.5, 1.5, w_mid=4.5)
    c.stroke(with_alpha(tint(color, 0.35), 130), _pts(g, [(-hw * 0.6, g.top + 8),
                                                          (-hw * 0.1, g.top - 14),
                                                          (hw * 0.4, g.top - 6)]), 2, 2, w_mid=7)


# ---------------------------------------------------------------------------- a hood, up
def _hood_opening(g: HeadGeometry) -> list[tuple[float, float]]:
    hw = g.half_width
    return [(-hw - 20, 744), (-hw - 34, g.mouth_y), (-hw - 32, g.eye_y - 30),
            (-hw * 0.82, g.top + 2), (0, g.top - 26), (hw * 0.82, g.top + 2),
            (hw + 32, g.eye_y - 30), (hw + 34, g.mouth_y), (hw + 20, 744)]


def draw_hood_up_back(c: Canvas, g: HeadGeometry, color) -> None:
    """A hoodie's hood pulled up: the cloth behind and around the head, and its dark inside."""
    hw = g.half_width
    c.smooth(color, _pts(g, [(0, g.top - 66), (hw * 0.8, g.top - 48), (hw + 56, g.top + 66),
                             (hw + 66, g.eye_y + 30), (hw + 58, g.mouth_y + 50), (hw + 76, 770),
                             (hw * 0.4, 806), (-hw * 0.4, 806), (-hw - 76, 770),
                             (-hw - 58, g.mouth_y + 50), (-hw - 66, g.eye_y + 30),
                             (-hw - 56, g.top + 66), (-hw * 0.8, g.top - 48)]))
    c.smooth(shade(color, 0.5), _pts(g, _hood_opening(g)[1:-1] + [(hw + 10, 760), (0, 790),
                                                                   (-hw - 10, 760)]))


def draw_hood_up_front(c: Canvas, g: HeadGeometry, color) -> None:
    """The hood's rim framing the face, over the hair at the sides."""
    rim = _pts(g, _hood_opening(g))
    c.stroke(tint(color, 0.06), rim, 30, 30, w_mid=38)
    c.stroke(with_alpha(shade(color, 0.35), 200), [(x, y) for x, y in rim], 3, 3)
