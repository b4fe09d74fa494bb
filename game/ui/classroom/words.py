"""Words the facilitator screens share: projector settings' values, scene vocabulary."""

from __future__ import annotations

from game.i18n import N_, _, pgettext

SIZE_NAMES = {"large": N_("Large"), "larger": N_("Larger"), "largest": N_("Largest")}
DIFFICULTIES = {"introductory": N_("Introductory"), "intermediate": N_("Intermediate"), "advanced": N_("Advanced")}
METERS = {"trust": N_("trust"), "openness": N_("openness")}


def difficulty_name(word: str) -> str:
    return _(DIFFICULTIES[word]) if word in DIFFICULTIES else word.capitalize()


def meter_name(word: str) -> str:
    """A meter's name: the two every scene has in the player's language, a scene's own as written."""
    return _(METERS[word]) if word in METERS else word


def on_off(value: bool) -> str:
    return pgettext("setting value", "On") if value else pgettext("setting value", "Off")


def size_name(size: str) -> str:
    return _(SIZE_NAMES[size])


def and_list(items: list[str]) -> str:
    """"1", "1 and 3", "1, 2 and 3" in the facilitator's language."""
    if len(items) < 2:
        return "".join(items)
    # TRANSLATORS: the last two of a list, e.g. "2 and 3"
    return _("{first} and {last}").format(first=", ".join(items[:-1]), last=items[-1])
