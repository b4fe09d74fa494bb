"""Expressions as numbers the face and body drawing read.

Each expression moves the few things people read first: brows (inner and outer ends),
eyelids, gaze, mouth corners, head tilt, and for some a change of posture.
Units are design units of the 1000 x 1250 portrait space unless noted.
"""

from __future__ import annotations

from dataclasses import dataclass

EXPRESSIONS = ("neutral", "worried", "guarded", "upset", "warm", "angry")


@dataclass(frozen=True)
class Expression:
    name: str
    brow_inner: float = 0.0     # + raises the inner end (toward the nose)
    brow_outer: float = 0.0     # + raises the outer end
    brow_drop: float = 0.0      # + lowers the whole brow
    brow_knit: float = 0.0      # + pulls the inner ends together
    lid_upper: float = 0.0      # 0 open .. 1 closed (upper lid coming down)
    lid_lower: float = 0.0      # 0 relaxed .. 1 raised (the squint of a real smile)
    eye_open: float = 1.0       # scales the eye opening
    gaze: tuple[float, float] = (0.0, 0.0)   # -1..1 of the iris travel, x and y
    mouth_curve: float = 0.0    # + smile, - frown (corner lift in design units)
    mouth_width: float = 1.0
    mouth_open: float = 0.0     # design units between the lips
    teeth: bool = False
    lip_press: float = 0.0      # 0 relaxed .. 1 pressed thin
    mouth_shift: float = 0.0    # a one-sided mouth (+ right corner higher)
    tilt: float = 0.0           # head rotation in degrees (+ clockwise on screen)
    turn: float = 0.0           # -1..1, head turned to the viewer's left/right
    head_drop: float = 0.0      # + lowers the head (chin down)
    shoulders: float = 0.0      # + raises the shoulders (tension), - slumps them
    lean: float = 1.0           # >1 leans in toward the viewer
    body_turn: float = 0.0      # -1..1, body turned away
    arms: str = "down"          # down | crossed | clasped | open
    flush: float = 0.0          # 0..1 cheek colour
    tear: bool = False
    nostril_flare: float = 0.0


_TABLE = {
    "neutral": Expression("neutral", mouth_curve=2.0),
    "worried": Expression(
        "worried", brow_inner=16, brow_outer=-5, brow_knit=6, eye_open=1.1,
        gaze=(-0.35, 0.15), mouth_curve=-6, mouth_width=0.86, lip_press=0.35,
        mouth_shift=-3, tilt=-3, head_drop=6, shoulders=8, arms="clasped"),
    "guarded": Expression(
        "guarded", brow_drop=8, brow_inner=-3, brow_knit=3, lid_upper=0.34,
        gaze=(0.75, 0.05), mouth_curve=-3, mouth_width=0.88, lip_press=0.9,
        tilt=2.5, turn=0.3, head_drop=-4, body_turn=0.55, arms="crossed"),
    "upset": Expression(
        "upset", brow_inner=22, brow_outer=-8, brow_knit=8, lid_upper=0.42,
        gaze=(-0.2, 0.7), mouth_curve=-13, mouth_width=0.9, mouth_open=3,
        tilt=-5, head_drop=20, shoulders=-16, lean=0.985, flush=0.35, tear=True,
        turn=-0.12),
    "warm": Expression(
        "warm", brow_inner=5, brow_outer=3, lid_lower=0.5, gaze=(0.0, 0.0),
        mouth_curve=15, mouth_width=1.26, mouth_open=11, teeth=True, tilt=4,
        head_drop=2, shoulders=-2, lean=1.045, flush=0.3, arms="open"),
    "angry": Expression(
        "angry", brow_drop=12, brow_inner=-14, brow_outer=6, brow_knit=12,
        lid_upper=0.18, lid_lower=0.25, eye_open=1.0, gaze=(0.0, -0.05),
        mouth_curve=-10, mouth_width=0.96, lip_press=1.0, head_drop=-6,
        shoulders=10, lean=1.025, flush=0.55, nostril_flare=1.0),
}


def expression_for(name: str) -> Expression:
    """The named expression; anything unknown reads as neutral."""
    return _TABLE.get(name, _TABLE["neutral"])
