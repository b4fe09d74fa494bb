"""Who the clients are, as drawing parameters: skin, hair, age, clothes, build.

Each shipped client is a distinct person; a portrait key an author invents gets a
deterministic person built from the key, so a new scenario still shows someone.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

Color = tuple[int, int, int]


@dataclass(frozen=True)
class Person:
    key: str
    skin: Color
    hair: Color
    hair_style: str          # one of HAIR_STYLES
    eyes: Color
    age: int
    feminine: bool           # softer jaw, fuller lashes; not a statement about anyone
    build: float             # shoulder width factor, 1.0 is average
    face_width: float        # head width factor
    jaw: float               # 0 narrow/soft .. 1 broad/square
    lips: Color
    top: str                 # one of TOPS
    top_color: Color
    under_color: Color       # the shirt or layer beneath
    accent: Color            # buttons, zip, trim
    facial_hair: str = ""    # "", "stubble", "moustache", "beard"
    facial_hair_color: Color | None = None
    glasses: Color | None = None
    scarf: Color | None = None        # a headscarf replaces the hairstyle
    scarf_shade: Color | None = None
    earrings: Color | None = None
    brow_color: Color | None = None
    brow_weight: float = 1.0
    collar: bool = False     # a collared shirt under the top layer


HAIR_STYLES = ("short_crop", "close_crop", "balding", "long_straight", "shoulder_wavy",
               "bob", "bun", "curly_short", "curly_long")
TOPS = ("work_jacket", "cardigan", "button_shirt", "hoodie", "tunic_coat", "zip_fleece",
        "sweater", "blazer")

# Skin tones from deep to light, warm and cool; used by the generator, and listed here so
# the palette is reviewed in one place.
SKIN_TONES: tuple[Color, ...] = (
    (92, 58, 40), (120, 78, 52), (146, 98, 66), (170, 120, 84), (196, 146, 106),
    (214, 170, 130), (228, 188, 152), (238, 204, 176), (244, 214, 190),
)
HAIR_COLORS: tuple[Color, ...] = (
    (34, 28, 26), (58, 40, 30), (92, 62, 40), (128, 88, 56), (168, 124, 78),
    (196, 160, 110), (120, 52, 34), (150, 146, 140), (206, 204, 198),
)
CLOTHES: tuple[Color, ...] = (
    (70, 96, 120), (96, 120, 96), (128, 92, 104), (150, 118, 80), (84, 104, 138),
    (112, 84, 120), (70, 110, 112), (160, 100, 84), (96, 100, 110), (178, 150, 106),
)
UNDER: tuple[Color, ...] = ((236, 232, 224), (206, 214, 222), (60, 64, 72), (222, 208, 190))

CLIENTS: dict[str, Person] = {
    "sam": Person(  # Sam Ortiz, 41, warehouse night worker
        key="sam", skin=(186, 134, 96), hair=(40, 32, 28), hair_style="short_crop",
        eyes=(70, 48, 32), age=41, feminine=False, build=1.12, face_width=1.04, jaw=0.8,
        lips=(160, 104, 84), top="work_jacket", top_color=(58, 76, 98),
        under_color=(150, 152, 150), accent=(214, 176, 72), facial_hair="stubble",
        facial_hair_color=(40, 32, 28), brow_weight=1.15),
    "dana": Person(  # 34, anxious parent at a first appointment
        key="dana", skin=(240, 206, 180), hair=(120, 72, 44), hair_style="shoulder_wavy",
        eyes=(88, 110, 84), age=34, feminine=True, build=0.9, face_width=0.94, jaw=0.2,
        lips=(190, 112, 112), top="cardigan", top_color=(176, 134, 140),
        under_color=(240, 234, 222), accent=(220, 200, 170), earrings=(212, 190, 130),
        brow_weight=0.85),
    "marcus": Person(  # 47, in recovery
        key="marcus", skin=(104, 68, 46), hair=(36, 30, 28), hair_style="close_crop",
        eyes=(52, 34, 24), age=47, feminine=False, build=1.2, face_width=1.06, jaw=0.75,
        lips=(146, 88, 78), top="button_shirt", top_color=(92, 112, 128),
        under_color=(78, 94, 108), accent=(200, 200, 196), facial_hair="beard",
        facial_hair_color=(70, 64, 60), brow_weight=1.3),
    "jordan": Person(  # 15, school student
        key="jordan", skin=(222, 180, 140), hair=(30, 26, 28), hair_style="long_straight",
        eyes=(54, 38, 30), age=15, feminine=True, build=0.82, face_width=0.9, jaw=0.1,
        lips=(196, 124, 114), top="hoodie", top_color=(84, 122, 134),
        under_color=(236, 232, 224), accent=(236, 232, 224), brow_weight=0.9),
    "harold": Person(  # 76, recently widowed
        key="harold", skin=(236, 200, 178), hair=(214, 212, 208), hair_style="balding",
        eyes=(96, 118, 138), age=76, feminine=False, build=0.98, face_width=0.98, jaw=0.55,
        lips=(182, 120, 112), top="cardigan", top_color=(124, 104, 84),
        under_color=(196, 212, 226), accent=(90, 72, 58), glasses=(96, 88, 82),
        brow_color=(168, 162, 154), brow_weight=1.2, collar=True),
    "farida": Person(  # 36, newcomer parent
        key="farida", skin=(198, 150, 112), hair=(40, 30, 26), hair_style="bun",
        eyes=(66, 44, 30), age=36, feminine=True, build=0.92, face_width=0.94, jaw=0.25,
        lips=(170, 100, 92), top="tunic_coat", top_color=(104, 82, 108),
        under_color=(222, 208, 190), accent=(196, 170, 120), scarf=(112, 146, 140),
        scarf_shade=(86, 118, 114), brow_color=(44, 32, 28), brow_weight=1.0),
    "lena": Person(  # 52, facing eviction
        key="lena", skin=(232, 192, 160), hair=(150, 128, 102), hair_style="bob",
        eyes=(104, 96, 70), age=52, feminine=True, build=1.02, face_width=1.0, jaw=0.4,
        lips=(176, 108, 104), top="zip_fleece", top_color=(122, 62, 70),
        under_color=(60, 64, 72), accent=(200, 196, 190), earrings=(190, 194, 200),
        brow_color=(138, 118, 96), brow_weight=0.9),
}


def person_for(key: str) -> Person:
    """The shipped client for a key, or a stable generic person derived from the key."""
    if key in CLIENTS:
        return CLIENTS[key]
    return generic_person(key)


def generic_person(key: str) -> Person:
    # sha256 rather than hash(): Python salts str hashes per process, and the same key
    # must give the same face in every session and on every machine.
    seed = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    rng = random.Random(seed)
    feminine = rng.random() < 0.5
    age = rng.choice((19, 26, 33, 41, 49, 58, 67))
    skin_index = rng.randrange(len(SKIN_TONES))
    skin = SKIN_TONES[skin_index]
    if age >= 58:
        hair = rng.choice(HAIR_COLORS[-2:])
    elif skin_index < 4:
        hair = rng.choice(HAIR_COLORS[:3])    # deeper skin tones: dark hair, as is most common
    else:
        hair = rng.choice(HAIR_COLORS[:7])
    if feminine:
        style = rng.choice(("long_straight", "shoulder_wavy", "bob", "bun", "curly_long",
                            "curly_short"))
    else:
        style = rng.choice(("short_crop", "close_crop", "curly_short")
                           + (("balding",) if age >= 49 else ()))
    top = rng.choice(TOPS)
    top_color = rng.choice(CLOTHES)
    facial_hair = "" if feminine else rng.choice(("", "", "stubble", "beard", "moustache"))
    return Person(
        key=key, skin=skin, hair=hair, hair_style=style,
        eyes=rng.choice(((58, 40, 30), (84, 62, 40), (80, 104, 84), (92, 112, 136))),
        age=age, feminine=feminine,
        build=round(rng.uniform(0.86, 0.98) if feminine else rng.uniform(0.98, 1.18), 2),
        face_width=round(rng.uniform(0.92, 1.04), 2),
        jaw=round(rng.uniform(0.1, 0.45) if feminine else rng.uniform(0.5, 0.85), 2),
        lips=_lip_color(skin), top=top, top_color=top_color,
        under_color=rng.choice(UNDER), accent=rng.choice(((214, 206, 190), (70, 70, 76))),
        facial_hair=facial_hair, facial_hair_color=_beard_color(hair),
        glasses=rng.choice((None, None, None, (70, 64, 62), (120, 96, 70))),
        earrings=(200, 190, 150) if feminine and rng.random() < 0.5 else None,
        brow_weight=round(rng.uniform(0.85, 1.1), 2),
    )


def _beard_color(hair: Color) -> Color:
    # Beards usually grow a little darker than the hair on the head, unless grey.
    if min(hair) > 140:
        return hair
    return (round(hair[0] * 0.8), round(hair[1] * 0.8), round(hair[2] * 0.8))


def _lip_color(skin: Color) -> Color:
    r, g, b = skin
    return (max(0, r - 40), max(0, int(g * 0.66)), max(0, int(b * 0.7)))
