"""Words for people: a count with its noun in the right number, in the interface's language.

New code writes the whole counted phrase through the catalogue, so each language places the
number and chooses the form by its own plural rules::

    ngettext("{n} phone", "{n} phones", n).format(n=n)

``count`` keeps the older call ``count(3, "phone")`` working for the nouns below (translated the
same way); any other noun is counted in English ("1 person", "2 people" with ``plural`` given).
"""

from __future__ import annotations

from game.i18n import ngettext

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
