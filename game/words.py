"""Words for people: a count with its noun in the right number, in the interface's language.

New code writes the whole counted phrase through the catalogue, so each language places the
number and chooses the form by its own plural rules::

    ngettext("{n} phone", "{n} phones", n).format(n=n)

``count`` keeps the older call ``count(3, "phone")`` working for the nouns below (translated the
same way); any other noun is counted in English ("1 person", "2 people" with ``plural`` given).
"""

from __future__ import annotations

from game.i18n import N_, _, ngettext

# The counted nouns the interface uses through ``count``: each a whole message with its plural.
_NOUNS = {
    "phone": lambda n: ngettext("{n} phone", "{n} phones", n),
    "hand": lambda n: ngettext("{n} hand", "{n} hands", n),
    "phone vote": lambda n: ngettext("{n} phone vote", "{n} phone votes", n),
    "decision point": lambda n: ngettext("{n} decision point", "{n} decision points", n),
    "discussion prompt": lambda n: ngettext("{n} discussion prompt", "{n} discussion prompts", n),
    "choice": lambda n: ngettext("{n} choice", "{n} choices", n),
    "attempt": lambda n: ngettext("{n} attempt", "{n} attempts", n),
    "ending": lambda n: ngettext("{n} ending", "{n} endings", n),
}


def count(n: int, word: str, plural: str | None = None) -> str:
    """``count(1, "phone")`` is "1 phone", ``count(3, "phone")`` "3 phones" (in Spanish
    "3 teléfonos"); irregular English plurals are given: ``count(2, "person", "people")``."""
    if word in _NOUNS and plural is None:
        return _NOUNS[word](n).format(n=n)
    return f"{n} {word if n == 1 else (plural or word + 's')}"


# The scene format's fixed words, as a reader sees them (a scene's own words stay as written).
# The meters every scene has, and the two shared conventions (doubt: a point per pitfall; calm).
METERS = {"trust": N_("trust"), "openness": N_("openness"), "alliance": N_("alliance"), "doubt": N_("doubt"),
          "calm": N_("calm")}
DIFFICULTIES = {"introductory": N_("Introductory"), "intermediate": N_("Intermediate"), "advanced": N_("Advanced")}
SETTINGS = {"office": N_("office"), "home": N_("home"), "school": N_("school"), "clinic": N_("clinic"),
            "community": N_("community")}


def meter_name(name: str) -> str:
    """A meter's name: the ones every scene may have translated ("trust": "confianza"), a scene's
    own as it wrote it."""
    return _(METERS[name]) if name in METERS else name


def difficulty_name(word: str) -> str:
    return _(DIFFICULTIES[word]) if word in DIFFICULTIES else word.capitalize()


def setting_name(word: str) -> str:
    return _(SETTINGS[word]) if word in SETTINGS else word


def and_list(items) -> str:
    """"a", "a and b", "a, b and c" in the interface's language."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    # TRANSLATORS: the last two of a list of clauses or names, e.g. "you got on well and Sam trusted you"
    return _("{first} and {last}").format(first=", ".join(items[:-1]), last=items[-1])
