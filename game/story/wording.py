"""How a disclosure label reads inside the debrief's relationship sentence.

A `disclosure` label is a clause with its own subject ("He blames himself for being asleep when
Peg died", "Jawad interprets for her at medical appointments"). The debrief says
"Arthur didn't trust you enough to tell you that he blames himself …", so a label without a
subject ("Drank three weeks ago") or a noun phrase ("the lapse") would not read; validate warns
(RP0421). Pure text, no game state.
"""

from __future__ import annotations

import re

# Words a clause can open with before (or as) its subject; lower-cased inside the sentence.
SUBJECT_STARTS = frozenset({
    "he", "she", "they", "it", "we", "you", "his", "her", "their", "its", "my", "our", "your",
    "the", "a", "an", "some", "most", "every", "this", "that", "these", "those", "there", "both",
    "one", "two", "three", "twice", "once", "nobody", "someone", "everyone", "no", "all",
    # a clause may open with a condition or a time before its subject ("If the benefit stops he …")
    "if", "when", "since", "after", "before", "while", "although", "because", "sometimes", "last",
    "on", "at", "in",
})
_MID_CAPITAL = re.compile(r"(?<![.!?:;\"“‘(\n])[ ,]+([A-Z][a-z]+(?:'s)?)\b")


def proper_names(*texts: str | None) -> set[str]:
    """Capitalised words found in the middle of a sentence in ``texts``: names ("Peg", "Mum")."""
    out: set[str] = set()
    for text in texts:
        for word in _MID_CAPITAL.findall(text or ""):
            out.add(word.removesuffix("'s"))
    return out


def _first_word(label: str) -> str:
    m = re.match(r"[A-Za-z']+", label.strip())
    return m.group(0) if m else ""


def disclosure_clause(label: str) -> str:
    """The label as it reads after "… to tell you that": the opening word lower-cased unless it
    is a name (or "I"), no final full stop."""
    text = label.strip().rstrip(".").rstrip()
    first = _first_word(text)
    if first.lower() in SUBJECT_STARTS and first != "I":
        text = text[0].lower() + text[1:]
    return text


def label_problem(label: str, names: set[str]) -> str | None:
    """Why ``label`` will not read as a clause in the debrief, or None when it will."""
    first = _first_word(label)
    if not first:
        return "it should start with a word"
    if len(label.split()) < 3:
        return "it is too short to be a clause; say what the client shared, e.g. \"He drank three weeks ago\""
    if first.lower() in SUBJECT_STARTS or first == "I" or first.removesuffix("'s") in names:
        return None
    return (f'it starts with "{first}", which is not a subject; write it as a clause with its own subject, '
            f'e.g. "He blames himself for …", "Her cousin\'s children were …", "Jawad interprets …"')
