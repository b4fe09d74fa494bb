"""Problems found in a user's file, each pointing at a place in it.

Every loader in Rapport (scenes, settings, saves) reports through these, so a mistake always
reads the same way: ``file:line:col: message``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


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
        prefix = "warning: " if self.severity == WARNING else ""
        suffix = f" [{self.code}]" if self.code else ""
        return f"{self.file}:{self.line}:{self.col}: {prefix}{self.message}{suffix}"

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "code": self.code,
        }


class ScenarioError(Exception):
    """A scene file could not be loaded; ``diagnostics`` holds every problem found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.errors) or "invalid scenario")

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean "x"?)' suffix when a close match exists, else ''."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{match[0]}"?)' if match else ""
