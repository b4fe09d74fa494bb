"""Words for people: a count with its noun in the right number ("1 phone", "2 phones")."""

from __future__ import annotations


def count(n: int, word: str, plural: str | None = None) -> str:
    """``count(1, "phone")`` is "1 phone", ``count(3, "phone")`` "3 phones"; irregular plurals
    are given: ``count(2, "person", "people")``."""
    return f"{n} {word if n == 1 else (plural or word + 's')}"
