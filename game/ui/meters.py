"""The hidden meters as the window shows them: names, colours, and a phrase naming them all.

A scene declares its meters (trust and openness; format 2 adds alliance; an author may add
more), so every screen asks the scenario which meters there are instead of listing them.
"""

from __future__ import annotations

from typing import Iterable

from game.words import and_list, meter_name


def meter_color(pal, name: str, position: int = 0) -> tuple:
    """The palette's colour for a meter it knows by name; others take turns with spare colours."""
    known = getattr(pal, name, None) if name in ("trust", "openness", "alliance") else None
    if known is not None:
        return known
    spare = (pal.marker, pal.good, pal.poor, pal.accent)
    return spare[position % len(spare)]


def meter_colors(pal, names: Iterable[str]) -> list[tuple[str, tuple]]:
    """(name, colour) for each meter, in the scenario's order."""
    return [(name, meter_color(pal, name, i)) for i, name in enumerate(names)]


def meters_phrase(names: Iterable[str]) -> str:
    """ "trust and openness", "trust, openness and alliance" (in the interface's language) """
    return and_list(meter_name(name) for name in names)
