"""JSON text for a command's --json output: exactly what ``json.dumps(data, indent=2)`` writes,
without the standard library's pure-Python encoder for indented text (a generator per nested
value): `rapport analyze --json` on a 5,000-node scene writes 3.6 MB, and on 50,000 nodes 37 MB."""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii as _string  # the C function json.dumps uses

_INFINITY = float("inf")


def dumps_indented(data: object) -> str:
    """``json.dumps(data, indent=2)``, the same text (tests/authoring/test_analyze_cli.py checks
    it); anything unusual (a type JSON cannot write, a loop of references) goes to json.dumps."""
    try:
        return _Writer().text(data)
    except (TypeError, ValueError, RecursionError):
        return json.dumps(data, indent=2)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: object) -> str:
    if isinstance(key, str):
        return _string(key)
    if isinstance(key, float):
        return _string(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return _string(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _scalar(value: object) -> str | None:
    """The JSON text of a value that holds no other (None for a list, tuple or dict), in the
    order of tests json's encoder makes."""
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, (list, tuple, dict)):
        return None
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


class _Writer:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.newlines = ["\n"]  # per depth: a new line and its indent
        self.commas = [",\n"]  # per depth: a comma, a new line and the indent of the next depth

    def text(self, data: object) -> str:
        found = _scalar(data)
        if found is not None:
            return found
        self.nested(data, 0)
        return "".join(self.out)

    def nested(self, value, depth: int) -> None:
        newlines, add = self.newlines, self.out.append
        while len(newlines) <= depth + 1:
            newlines.append("\n" + "  " * len(newlines))
            self.commas.append("," + newlines[-1])
        inner, comma = newlines[depth + 1], self.commas[depth + 1]
        if isinstance(value, dict):
            if not value:
                add("{}")
                return
            add("{")
            between = inner
            for key, item in value.items():
                add(between)
                between = comma
                add(_key(key))
                add(": ")
                found = _scalar(item)
                if found is None:
                    self.nested(item, depth + 1)
                else:
                    add(found)
            add(newlines[depth])
            add("}")
            return
        if not value:
            add("[]")
            return
        add("[")
        between = inner
        for item in value:
            add(between)
            between = comma
            found = _scalar(item)
            if found is None:
                self.nested(item, depth + 1)
            else:
                add(found)
        add(newlines[depth])
        add("]")
