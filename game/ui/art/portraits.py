"""Client portraits drawn in code: head and shoulders, one person per key, 21 faces.

A face is "beat:band" (e.g. "anger:closed", see expressions.py); the six format-1 expression
names ("warm", "guarded", ...) still work and draw the face they map to.

render_portrait draws at the requested size (supersampled, then smoothscaled) so the
picture is crisp on a laptop and on a 4K projector alike, and caches the result.
The returned surface is shared through the cache: blit it, don't draw on it.
"""

from __future__ import annotations

import math

import pygame

from .body import body_geometry, draw_arms, draw_hood, draw_neck, draw_torso
from .cache import SurfaceCache
from .canvas import Canvas, finish
from .expressions import EXPRESSIONS, FACES, LEGACY_FACES, Expression, expression_for, face_key
from .hair import (EARS_VISIBLE, hair_front_shape, draw_facial_hair, draw_hair_back, draw_hair_front,
                   draw_hood_up_back, draw_hood_up_front, draw_moustache, draw_scarf_drape, draw_scarf_front, draw_scarf_hood,
                   scarf_opening)
from .head import (HeadGeometry, draw_ears, draw_earrings, draw_face, draw_features,
                   draw_glasses, head_geometry, mouth_curves)
from .people import CLIENTS, Person, person_for

__all__ = ["EXPRESSIONS", "FACES", "LEGACY_FACES", "PORTRAITS", "face_key", "render_portrait",
           "clear_portrait_cache", "is_cached", "portrait_bytes", "CACHE_BYTES"]

PORTRAITS = tuple(CLIENTS)

DESIGN_W, DESIGN_H = 1000.0, 1250.0
NECK_PIVOT = (500.0, 700.0)
# The figure is drawn a little larger than the design frame so the face fills more of it.
ZOOM = 1.1
# Heads a little larger than life, as in most illustration: faces are what players read.
HEAD_SCALE = 1.12
HC_DARK = (18, 18, 22)
HC_LIGHT = (250, 250, 246)

# Bounded by bytes: at 1280x720 a portrait is about 1 MB, at 4K about 6 MB. 21 faces of one
# client at 4K would be 140 MB, so never all at once: the screens warm the faces a moment
# can lead to (artwork.ArtCache.warm_portraits keeps within a quarter of this).
CACHE_BYTES = 40 * 1024 * 1024
_CACHE = SurfaceCache(CACHE_BYTES)


def render_portrait(key: str, expression: str, size: tuple[int, int], *,
                    high_contrast: bool = False) -> pygame.Surface:
    """The client `key` showing a face, fitted into `size` and anchored at the bottom.

    `expression` is a face key "beat:band" (FACES) or a format-1 expression name (EXPRESSIONS).
    Unknown keys get a generic person derived from the key; unknown faces read as neutral
    (calm:cautious). The figure keeps its proportions: extra width or height is left
    transparent.
    """
    w, h = int(size[0]), int(size[1])
    if w <= 0 or h <= 0:
        raise ValueError(f"portrait size must be positive, got {size!r}")
    face = face_key(expression)
    return _CACHE.get(_cache_key(key, face, (w, h), high_contrast),
                      lambda: _render(person_for(key), expression_for(face), (w, h),
                                      bool(high_contrast)))


def _cache_key(key: str, face: str, size: tuple[int, int], high_contrast: bool) -> tuple:
    return ("portrait", key, face, int(size[0]), int(size[1]), bool(high_contrast))


def is_cached(key: str, expression: str, size: tuple[int, int], high_contrast: bool) -> bool:
    """Whether this portrait is in the cache now (drawing it again would cost only a lookup)."""
    return _CACHE.has(_cache_key(key, face_key(expression), size, high_contrast))


def portrait_bytes(size: tuple[int, int]) -> int:
    """Memory one cached portrait of this size holds."""
    return max(1, int(size[0])) * max(1, int(size[1])) * 4


def clear_portrait_cache() -> None:
    _CACHE.clear()


def _supersample(height: int) -> int:
    # Small pictures need more samples per pixel to look smooth; bigger ones look the same
    # at 2x, and 4x would cost tens of MB while drawing. Only 2 and 4: pygame's smoothscale
    # loses a little brightness and opacity when shrinking by 3 (opaque comes out 253).
    return 4 if height <= 360 else 2


def _frame(size: tuple[int, int], ss: int, high_contrast: bool) -> tuple[float, tuple]:
    """Pixels per design unit and the offset of the design frame, at supersampling ss."""
    w, h = size
    scale = min(w / DESIGN_W, h / DESIGN_H) * ss
    # Leave a margin for the high-contrast outline at the sides.
    if high_contrast:
        scale *= 0.97
    return scale, ((w * ss - DESIGN_W * scale) / 2, h * ss - DESIGN_H * scale)


def _moves(expr: Expression) -> tuple[dict, dict, dict]:
    """The whole figure's lean, then the head's and the body's own movements."""
    figure = dict(scale=ZOOM * expr.lean, about=(500.0, DESIGN_H))
    head = dict(rotate=expr.tilt, about=NECK_PIVOT, scale=HEAD_SCALE,
                translate=(-expr.body_turn * 14.0, expr.head_drop))
    body = dict(sx=1.0 - 0.08 * abs(expr.body_turn), about=(500.0, 1000.0),
                translate=(-expr.body_turn * 26.0, 0.0))
    return figure, head, body


def _render(person: Person, expr: Expression, size: tuple[int, int],
            high_contrast: bool) -> pygame.Surface:
    w, h = size
    ss = _supersample(h)
    surface = pygame.Surface((w * ss, h * ss), pygame.SRCALPHA)
    scale, offset = _frame(size, ss, high_contrast)
    canvas = Canvas(surface, scale, offset)
    head = head_geometry(person, expr)
    body = body_geometry(person, expr)
    figure_move, head_move, body_move = _moves(expr)
    hood_up = expr.wrap and person.top == "hoodie"
    with canvas.transformed(**figure_move):
        with canvas.transformed(**head_move):
            draw_hair_back(canvas, head, person)
            if hood_up:
                draw_hood_up_back(canvas, head, person.top_color)
        with canvas.transformed(**body_move):
            draw_hood(canvas, body, person, expr)
            draw_neck(canvas, head, body, person)
            draw_torso(canvas, body, person, expr)
            draw_scarf_drape(canvas, body.cx, body.shoulder_y, person)
            draw_arms(canvas, body, person, expr)
        with canvas.transformed(**head_move):
            _draw_head(canvas, head, person, expr, high_contrast)
            if hood_up:
                draw_hood_up_front(canvas, head, person.top_color)
    if high_contrast:
        surface = _outlined(surface, ss)
    return finish(surface, size)


def mouth_line(key: str, expression: str, size: tuple[int, int], *,
               high_contrast: bool = False, samples: int = 9) -> list[tuple[float, float]]:
    """Where the line between the lips falls in the finished picture, left corner to right.

    Pixel coordinates in a portrait of `size`; tests use it to look at the drawn mouth.
    """
    person, expr = person_for(key), expression_for(expression)
    scale, offset = _frame((int(size[0]), int(size[1])), 1, high_contrast)
    canvas = Canvas(pygame.Surface((1, 1)), scale, offset)
    g = head_geometry(person, expr)
    top = mouth_curves(g, person, expr, samples - 1)[0]
    figure_move, head_move, _ = _moves(expr)
    with canvas.transformed(**figure_move), canvas.transformed(**head_move):
        return canvas.map(top)


def _draw_head(c: Canvas, g: HeadGeometry, person: Person, expr: Expression,
               high_contrast: bool) -> None:
    if person.scarf is None:
        draw_ears(c, g, person)
        _face(c, g, person, expr, high_contrast)
    else:
        draw_scarf_hood(c, g, person)
        with c.clipped(scarf_opening(g)) as face_layer:
            _face(face_layer, g, person, expr, high_contrast)
        draw_scarf_front(c, g, person)
    draw_hair_front(c, g, person)
    draw_glasses(c, g, person, high_contrast)
    if person.scarf is None and person.hair_style in EARS_VISIBLE:
        draw_earrings(c, g, person)


def _face(c: Canvas, g: HeadGeometry, person: Person, expr: Expression,
          high_contrast: bool) -> None:
    draw_face(c, g, person, expr, hair_front_shape(g, person))
    draw_facial_hair(c, g, person, g.outline())
    draw_features(c, g, person, expr, high_contrast)
    draw_moustache(c, g, person, g.mouth_y - expr.mouth_curve * 0.4)


def _outlined(surface: pygame.Surface, ss: int) -> pygame.Surface:
    """A dark outline with a light rim outside it: the figure stands out on any backdrop."""
    def silhouette(color: tuple[int, int, int]) -> pygame.Surface:
        sil = surface.copy()
        sil.fill((0, 0, 0, 255), special_flags=pygame.BLEND_RGB_MULT)
        sil.fill((*color, 0), special_flags=pygame.BLEND_RGB_ADD)
        return sil

    out = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    light, dark = silhouette(HC_LIGHT), silhouette(HC_DARK)
    for sil, radius in ((light, 5 * ss), (dark, 3 * ss)):
        for k in range(16):
            angle = k * math.pi / 8
            out.blit(sil, (round(radius * math.cos(angle)), round(radius * math.sin(angle))))
    out.blit(surface, (0, 0))
    return out

