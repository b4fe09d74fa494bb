"""The hidden meters as the window shows them: names, colours, and a phrase naming them all.

A scene declares its meters (trust and openness; format 2 adds alliance; an author may add
more), so every screen asks the scenario which meters there are instead of listing them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from game.words import and_list, meter_name


NAMED = ("trust", "openness", "alliance")
EXTRA = ((190, 50, 90), (200, 80, 170), (60, 60, 70))  # crimson, magenta, charcoal


@lru_cache(maxsize=8)  # a palette is frozen: its spares are worked out once, not per meter drawn
def spare_colors(pal) -> tuple[tuple, ...]:
    """Colours for meters the palette does not name (doubt, calm…), each far enough from a
    named meter's and from each other to tell apart: the calm palette's accent and "good"
    are trust's teal, which made doubt's line and gauge look like trust's."""
    taken = [tuple(getattr(pal, n)) for n in NAMED]
    out: list[tuple] = []
    # the palette's own colours first, then a few that read on both its panels and its room
    for colour in (pal.poor, pal.good, pal.marker, pal.narration, pal.accent, pal.text_muted, *EXTRA):
        colour = tuple(colour)[:3]
        if all(_distance(colour, other) >= 70 for other in taken + out):
            out.append(colour)
    return tuple(out) or (tuple(pal.poor)[:3],)


def _distance(a: tuple, b: tuple) -> float:
    return sum((x - y) ** 2 for x, y in zip(a[:3], b[:3])) ** 0.5


def meter_color(pal, name: str, position: int = 0) -> tuple:
    """The palette's colour for a meter it knows by name; others (``position``: the meter's
    place among the unnamed ones) take turns with the spare colours."""
    if name in NAMED:
        return getattr(pal, name)
    spare = spare_colors(pal)
    return spare[position % len(spare)]


def meter_colors(pal, names: Iterable[str]) -> list[tuple[str, tuple]]:
    """(name, colour) for each meter, in the scenario's order."""
    out, unnamed = [], 0
    for name in names:
        out.append((name, meter_color(pal, name, unnamed)))
        if name not in NAMED:
            unnamed += 1
    return out


def meters_phrase(names: Iterable[str]) -> str:
    """ "trust and openness", "trust, openness and alliance" (in the interface's language) """
    return and_list(meter_name(name) for name in names)
