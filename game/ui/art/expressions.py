"""Faces as numbers the head and body drawing read.

A face is a pair (beat, band), written "beat:band" (e.g. "anger:closed"):

- the *beat* is what the moment feels like (game.story.model.BEATS) and drives what people read
  first in a face: brows (inner and outer ends), eyelids, gaze, mouth corners, head;
- the *band* is where the relationship stands (game.story.model.BANDS, from trust and openness)
  and drives body language (game.ui.art.poses.POSES: arms, lean, body turn, eye contact, clothes
  done up when closed: a jacket zipped, a hood up); it also hardens or softens the beat:
  angry-and-closed glares sideways with pressed lips, arms crossed; angry-and-engaged looks at you and says it, leaning in.

Only calm and relief may smile, and only as far as the band allows; every other beat keeps
its mouth corners level or down (mouth_curve <= 0), in every band.

Format 1's six expression names still work: each maps to a face (see LEGACY_FACES).
Units are design units of the 1000 x 1250 portrait space unless noted.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.story.model import BANDS, BEATS

EXPRESSIONS = ("neutral", "worried", "guarded", "upset", "warm", "angry")
FACES = tuple(f"{beat}:{band}" for beat in BEATS for band in BANDS)
# scene-format.md, "Format 1": how a format-1 expression reads as a face.
LEGACY_FACES = {
    "warm": "calm:open", "neutral": "calm:cautious", "worried": "worry:cautious",
    "guarded": "calm:closed", "upset": "grief:closed", "angry": "anger:closed",
}
DEFAULT_FACE = LEGACY_FACES["neutral"]
SMILING_BEATS = ("calm", "relief")


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
    iris: float = 1.0           # scales the iris (fear shows white all round)
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
    lean: float = 1.0           # >1 leans in toward the viewer, <1 sits back
    body_turn: float = 0.0      # -1..1, body turned away
    arms: str = "down"          # down | crossed | clasped | open
    wrap: bool = False          # clothes done up: a jacket or fleece zipped, a hood pulled up
    flush: float = 0.0          # 0..1 cheek colour
    tear: bool = False
    nostril_flare: float = 0.0

    @property
    def beat(self) -> str:
        return self.name.split(":")[0]

    @property
    def band(self) -> str:
        return self.name.split(":")[-1]


# ---------------------------------------------------------------------------- bands
# What the band does to any face: the body (arms, lean, turn, shoulders) and where the eyes go.
# poses.py describes the same numbers in words; a test keeps the two in step.
_BAND = {
    "closed": dict(arms="crossed", lean=0.95, body_turn=0.55, turn=0.3, tilt=2.0,
                   gaze=(0.75, 0.05), wrap=True),
    "cautious": dict(arms="clasped", lean=1.0, body_turn=0.0, turn=0.0, tilt=0.0,
                     gaze=(0.0, 0.05)),
    "open": dict(arms="open", lean=1.06, body_turn=0.0, turn=0.0, tilt=0.0, gaze=(0.0, 0.0)),
}

# ---------------------------------------------------------------------------- beats
# The face of each beat, as it shows in each band. Values not given come from _BAND.
_FACE: dict[str, dict[str, dict]] = {
    # Calm: a steady face. Closed keeps it flat and watchful; open lets a real smile through.
    "calm": {
        "closed": dict(brow_drop=6, brow_inner=-3, brow_knit=2, lid_upper=0.3, mouth_curve=0,
                       mouth_width=0.9, lip_press=0.7, head_drop=-4),
        "cautious": dict(brow_inner=2, mouth_curve=3, lip_press=0.15, head_drop=0),
        "open": dict(brow_inner=5, brow_outer=3, lid_lower=0.5, mouth_curve=15,
                     mouth_width=1.24, mouth_open=10, teeth=True, tilt=4, head_drop=2,
                     shoulders=-3, flush=0.25),
    },
    # Worry: inner brows up and drawn together, a tight narrow mouth, shoulders up.
    "worry": {
        "closed": dict(brow_inner=19, brow_outer=-7, brow_knit=9, eye_open=1.05, lid_upper=0.12,
                       gaze=(0.7, 0.3), mouth_curve=-8, mouth_width=0.82, lip_press=0.85,
                       mouth_shift=-3, head_drop=8, shoulders=12),
        "cautious": dict(brow_inner=22, brow_outer=-7, brow_knit=8, eye_open=1.12,
                         gaze=(-0.15, 0.15), mouth_curve=-8, mouth_width=0.84, lip_press=0.5,
                         mouth_shift=-3, tilt=-3, head_drop=6, shoulders=10),
        "open": dict(brow_inner=23, brow_outer=-5, brow_knit=7, eye_open=1.12, mouth_curve=-7,
                     mouth_width=0.88, mouth_open=4, lip_press=0.2, tilt=-4, head_drop=4,
                     shoulders=8),
    },
    # Fear: brows raised and pulled together, eyes wide with white showing, lips stretched
    # sideways, shoulders high, the head pulled back.
    "fear": {
        "closed": dict(brow_inner=28, brow_outer=18, brow_knit=8, eye_open=1.55, iris=0.76,
                       lid_lower=0.2, gaze=(0.8, 0.0), mouth_curve=-6, mouth_width=1.14,
                       mouth_open=10, teeth=True, head_drop=-12, shoulders=26, turn=0.35),
        "cautious": dict(brow_inner=28, brow_outer=17, brow_knit=8, eye_open=1.5, iris=0.78,
                         lid_lower=0.25, mouth_curve=-6, mouth_width=1.16, mouth_open=8,
                         teeth=True, head_drop=-8, shoulders=22, lean=0.985),
        "open": dict(brow_inner=28, brow_outer=17, brow_knit=7, eye_open=1.5, iris=0.8,
                     lid_lower=0.2, mouth_curve=-7, mouth_width=1.12, mouth_open=12,
                     head_drop=-4, shoulders=18, tilt=-2),
    },
    # Anger: brows down and knit, hard lids, flushed. Closed: a cold glare to the side, lips
    # pressed, chin up. Open (engaged): eyes on you, saying it, leaning in.
    "anger": {
        "closed": dict(brow_drop=16, brow_inner=-20, brow_outer=8, brow_knit=14,
                       lid_upper=0.24, lid_lower=0.3, gaze=(0.55, -0.05), mouth_curve=-9,
                       mouth_width=0.92, lip_press=1.0, head_drop=-8, shoulders=12, flush=0.55,
                       nostril_flare=1.0),
        "cautious": dict(brow_drop=14, brow_inner=-18, brow_outer=8, brow_knit=13,
                         lid_upper=0.18, lid_lower=0.25, gaze=(0.0, -0.05), mouth_curve=-10,
                         mouth_width=0.96, lip_press=1.0, head_drop=-6, shoulders=10,
                         flush=0.55, nostril_flare=1.0),
        "open": dict(brow_drop=12, brow_inner=-16, brow_outer=6, brow_knit=12,
                     lid_upper=0.1, lid_lower=0.2, gaze=(0.0, -0.05), mouth_curve=-8,
                     mouth_width=1.02, mouth_open=12, teeth=True, head_drop=4, shoulders=8,
                     flush=0.6, nostril_flare=1.0),
    },
    # Grief: inner brows up, outer down, heavy lids, corners pulled down, tears, head low.
    # Closed turns it away and holds it in; open lets you see it.
    "grief": {
        "closed": dict(brow_inner=22, brow_outer=-9, brow_knit=8, lid_upper=0.5,
                       gaze=(0.55, 0.75), mouth_curve=-12, mouth_width=0.86, lip_press=0.7,
                       tilt=-2, head_drop=20, shoulders=-16, flush=0.35, tear=True),
        "cautious": dict(brow_inner=24, brow_outer=-9, brow_knit=8, lid_upper=0.45,
                         gaze=(-0.2, 0.7), mouth_curve=-13, mouth_width=0.9, mouth_open=3,
                         tilt=-5, head_drop=20, shoulders=-16, flush=0.35, tear=True,
                         turn=-0.12),
        "open": dict(brow_inner=26, brow_outer=-8, brow_knit=7, lid_upper=0.3, gaze=(0.0, 0.15),
                     mouth_curve=-13, mouth_width=0.94, mouth_open=6, tilt=-4, head_drop=10,
                     shoulders=-14, flush=0.45, tear=True),
    },
    # Shame: eyes down and away, the head bowed and turned, lips tucked, a strong blush.
    "shame": {
        "closed": dict(brow_inner=12, brow_outer=-4, brow_drop=4, brow_knit=6, lid_upper=0.62,
                       gaze=(0.7, 1.0), mouth_curve=-5, mouth_width=0.76, lip_press=0.95,
                       mouth_shift=3, tilt=-7, head_drop=36, turn=0.5, shoulders=12,
                       flush=1.0),
        "cautious": dict(brow_inner=14, brow_outer=-4, brow_drop=3, brow_knit=6, lid_upper=0.62,
                         gaze=(-0.5, 1.0), mouth_curve=-5, mouth_width=0.78, lip_press=0.9,
                         mouth_shift=3, tilt=-8, head_drop=34, turn=-0.35, shoulders=10,
                         flush=1.0),
        "open": dict(brow_inner=16, brow_outer=-3, brow_knit=5, lid_upper=0.55,
                     gaze=(-0.25, 1.0), mouth_curve=-4, mouth_width=0.8, lip_press=0.7,
                     mouth_shift=2, tilt=-6, head_drop=28, turn=-0.2, shoulders=6, flush=0.95),
    },
    # Relief: the breath goes out. Eyes close a moment, the head goes back a little, the inner
    # brows lift, shoulders drop. Closed: the long exhale, no smile yet; cautious: a small one;
    # open: a full one.
    "relief": {
        "closed": dict(brow_inner=10, brow_outer=-2, lid_upper=0.72, mouth_curve=0,
                       mouth_width=0.72, mouth_open=8, head_drop=-12, tilt=4, shoulders=-20,
                       gaze=(0.3, -0.2)),
        "cautious": dict(brow_inner=10, brow_outer=-2, lid_upper=0.5, lid_lower=0.2,
                         mouth_curve=6, mouth_width=0.96, mouth_open=6, head_drop=-12, tilt=5,
                         shoulders=-20),
        "open": dict(brow_inner=10, brow_outer=0, lid_upper=0.45, lid_lower=0.5, mouth_curve=13,
                     mouth_width=1.2, mouth_open=9, teeth=True, head_drop=-8, tilt=6,
                     shoulders=-20, flush=0.3),
    },
}


def _build(beat: str, band: str) -> Expression:
    values = dict(_BAND[band])
    values.update(_FACE[beat][band])
    return Expression(f"{beat}:{band}", **values)


_TABLE: dict[str, Expression] = {key: _build(*key.split(":")) for key in FACES}


def face_key(name: str | None) -> str:
    """The canonical "beat:band" for a face key or a format-1 expression name.

    Anything unknown (a typo, None, a beat or band of a future format) reads as the neutral
    face, calm:cautious, so a scene never shows a broken picture.
    """
    if name in _TABLE:
        return name  # type: ignore[return-value]
    if name in LEGACY_FACES:
        return LEGACY_FACES[name]  # type: ignore[index]
    return DEFAULT_FACE


def expression_for(name: str | None) -> Expression:
    """The drawing numbers for a face key ("grief:open") or a format-1 expression name."""
    return _TABLE[face_key(name)]

