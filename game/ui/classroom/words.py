"""Words the facilitator screens share: the projector settings' values. (The scene format's
fixed words, meter and difficulty names, lists: game.words.)"""

from __future__ import annotations

from game.i18n import N_, _, pgettext
from game.words import and_list, difficulty_name, meter_name

__all__ = ["SIZE_NAMES", "and_list", "difficulty_name", "meter_name", "on_off", "shown_hidden", "size_name"]

SIZE_NAMES = {"large": N_("Large"), "larger": N_("Larger"), "largest": N_("Largest")}


def on_off(value: bool) -> str:
    return pgettext("setting value", "On") if value else pgettext("setting value", "Off")


def shown_hidden(value: bool) -> str:
    """The key legend's setting: shown or hidden."""
    return pgettext("key legend", "Shown") if value else pgettext("key legend", "Hidden")


def size_name(size: str) -> str:
    return _(SIZE_NAMES[size])
