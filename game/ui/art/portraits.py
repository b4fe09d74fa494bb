"""Client portraits drawn in code: head and shoulders, one person per key, six expressions.

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
from .expressions import EXPRESSIONS, Expression, expression_for
from .hair import (EARS_VISIBLE, hair_front_shape, draw_facial_hair, draw_hair_back, draw_hair_front,
                   draw_moustache, draw_scarf_drape, draw_scarf_front, draw_scarf_hood,
                   scarf_opening)
from .head import (HeadGeometry, draw_ears, draw_earrings, draw_face, draw_features,
                   draw_glasses, head_geometry)
from .people import CLIENTS, Person, person_for

__all__ = ["EXPRESSIONS", "PORTRAITS", "render_portrait", "clear_portrait_cache"]

PORTRAITS = tuple(CLIENTS)

DESIGN_W, DESIGN_H = 1000.0, 1250.0
NECK_PIVOT = (500.0, 700.0)
# The figure is drawn a little larger than the design frame so the face fills more of it.
ZOOM = 1.1
# Heads a little larger than life, as in most illustration: faces are what players read.
HEAD_SCALE = 1.12
HC_DARK = (18, 18, 22)
HC_LIGHT = (250, 250, 246)

# Bounded by bytes: at 1280x720 a portrait is about 1 MB, at 4K about 6 MB.
_CACHE = SurfaceCache(40 * 1024 * 1024)


def render_portrait(key: str, expression: str, size: tuple[int, int], *,
                    high_contrast: bool = False) -> pygame.Surface:
    """The client `key` showing `expression`, fitted into `size` and anchored at the bottom.

    Unknown keys get a generic person derived from the key; unknown expressions read as
    neutral. The figure keeps its proportions: extra width or height is left transparent.
    """
    w, h = int(size[0]), int(size[1])
    if w <= 0 or h <= 0:
        raise ValueError(f"portrait size must be positive, got {size!r}")
    name = expression if expression in EXPRESSIONS else "neutral"
    cache_key = ("portrait", key, name, w, h, bool(high_contrast))
    return _CACHE.get(cache_key, lambda: _render(person_for(key), expression_for(name),
                                                 (w, h), bool(high_contrast)))


def clear_portrait_cache() -> None:
    _CACHE.clear()


def _supersample(height: int) -> int:
    # Small pictures need more samples per pixel to look smooth; bigger ones look the same
    # at 2x, and 4x would cost tens of MB while drawing. Only 2 and 4: pygame's smoothscale
    # loses a little brightness and opacity when shrinking by 3 (opaque comes out 253).
    return 4 if height <= 360 else 2


def _render(person: Person, expr: Expression, size: tuple[int, int],
            high_contrast: bool) -> pygame.Surface:
    w, h = size
    ss = _supersample(h)
    surface = pygame.Surface((w * ss, h * ss), pygame.SRCALPHA)
    scale = min(w / DESIGN_W, h / DESIGN_H) * ss
    # Leave a margin for the high-contrast outline at the sides.
    if high_contrast:
        scale *= 0.97
    offset = ((w * ss - DESIGN_W * scale) / 2, h * ss - DESIGN_H * scale)
    canvas = Canvas(surface, scale, offset)
    head = head_geometry(person, expr)
    body = body_geometry(person, expr)
    head_move = dict(rotate=expr.tilt, about=NECK_PIVOT, scale=HEAD_SCALE,
                     translate=(-expr.body_turn * 14.0, expr.head_drop))
    body_move = dict(sx=1.0 - 0.08 * abs(expr.body_turn), about=(500.0, 1000.0),
                     translate=(-expr.body_turn * 26.0, 0.0))
    with canvas.transformed(scale=ZOOM * expr.lean, about=(500.0, DESIGN_H)):
        with canvas.transformed(**head_move):
            draw_hair_back(canvas, head, person)
        with canvas.transformed(**body_move):
            draw_hood(canvas, body, person)
            draw_neck(canvas, head, body, person)
            draw_torso(canvas, body, person, expr)
            draw_scarf_drape(canvas, body.cx, body.shoulder_y, person)
            draw_arms(canvas, body, person, expr)
        with canvas.transformed(**head_move):
            _draw_head(canvas, head, person, expr, high_contrast)
    if high_contrast:
        surface = _outlined(surface, ss)
    return finish(surface, size)


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

