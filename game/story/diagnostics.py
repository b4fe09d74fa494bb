"""Problems found in a user's file, each pointing at a place in it.

Every loader in Rapport (scenes, settings, saves) reports through these, so a mistake always
reads the same way: ``file:line:col: message``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"  # worth listing, never a problem (a line a translation has not reached yet)


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int  # 1-based; 0 when the problem has no single place
    col: int  # 1-based
    message: str
    severity: str = ERROR
    # A stable code (RP0101, …) listed in docs/scene-format.md, so tools and tests can match a
    # problem without depending on its wording (as Yarn Spinner's YS codes do).
    code: str = ""

    def __str__(self) -> str:
        prefix = {WARNING: "warning: ", INFO: "note: "}.get(self.severity, "")
        suffix = f" [{self.code}]" if self.code else ""
        # A message may quote the file's own text: control characters are shown, never sent.
        return f"{_shown(self.file)}:{self.line}:{self.col}: {prefix}{_shown(self.message)}{suffix}"

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "code": self.code,
        }


_ESCAPED = {c: f"\\x{c:02x}" for c in [*range(0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]}
_ESCAPED.update({c: f"\\u{c:04x}" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]})


# Any character shown() escapes, or a lone surrogate: text without one is shown as it is.
_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in _ESCAPED) + "\ud800-\udfff]")


def shown(text: str) -> str:
    """``text`` (a file's own words) as a terminal may print it: control characters, bidi
    overrides and lone surrogates escaped (``\\x1b``), never sent."""
    if text.isascii() and text.isprintable():  # the common case: nothing to escape
        return text
    if _UNSAFE.search(text) is None:  # other text with nothing to escape (…, accents, tabs)
        return text
    text = text.translate(_ESCAPED)
    return text if text.isascii() or _fine(text) else text.encode("utf-8", "backslashreplace").decode("utf-8")


def _fine(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_shown = shown


class ScenarioError(Exception):
    """A scene file could not be loaded; ``diagnostics`` holds every problem found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.errors) or "invalid scenario")

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean "x"?)' suffix when a close match exists, else ''.

    With many names to choose from (thousands of nodes), comparing every wrong word with every
    name is slow when thousands of words are wrong, so a trigram index, built once per
    collection, first narrows the names to a few that share the most letters with the word."""
    global _searches
    word = str(word)
    if len(word) > 200 or (_limit is not None and _searches >= _limit):
        return ""
    _searches += 1
    match = difflib.get_close_matches(word, _shortlist(word, choices), n=1, cutoff=0.6)
    return f' (did you mean "{match[0]}"?)' if match else ""


# Suggestions for the first this many mistakes of a file, then none: an author fixes the first
# few hundred and reads again; 20,000 wrong names each searched for a near one cost seconds.
SEARCHES_PER_FILE = 1000
_searches = 0
_limit: int | None = None


def new_file(unlimited: bool = False) -> None:
    """Start counting did_you_mean's searches for another file (read_yaml calls it);
    ``unlimited``: no limit (a caller asking for suggestions outside any file)."""
    global _searches, _limit
    _searches, _limit = 0, None if unlimited else SEARCHES_PER_FILE


_SMALL = 64  # up to this many names, compare with each
_SHORTLIST = 12
_indexes: dict[int, tuple[object, int, _Trigrams]] = {}


class _Trigrams:
    def __init__(self, names: list[str]):
        self.names = names
        self.grams: dict[str, list[int]] = {}
        for i, name in enumerate(names):
            for g in _grams(name):
                self.grams.setdefault(g, []).append(i)
        self.common = max(64, len(names) // 4)  # a trigram in most names tells little and costs much

    def shortlist(self, word: str) -> list[str]:
        hits: dict[int, int] = {}
        for g in _grams(word):
            found = self.grams.get(g)
            if found is not None and len(found) <= self.common:
                for i in found:
                    hits[i] = hits.get(i, 0) + 1
        best = sorted(hits, key=lambda i: -hits[i])[:_SHORTLIST]
        return [self.names[i] for i in best]


def _grams(text: str) -> set[str]:
    padded = f"  {text.lower()} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def _shortlist(word: str, choices: Iterable[str]) -> list[str]:
    if not isinstance(choices, (dict, set, frozenset, list, tuple)):
        choices = list(choices)
    if len(choices) <= _SMALL:
        return [str(c) for c in choices]
    key = id(choices)
    known = _indexes.get(key)
    if known is None or known[0] is not choices or known[1] != len(choices):
        if len(_indexes) >= 8:
            _indexes.pop(next(iter(_indexes)))
        known = _indexes[key] = (choices, len(choices), _Trigrams([str(c) for c in choices]))
    return known[2].shortlist(word)
