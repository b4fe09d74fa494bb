"""The records of one attempt's steps, the gallery's entries and an import's report (see
game/progress/records.py, which hands them out when first asked for)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .records import AttemptSummary

if TYPE_CHECKING:
    from game.story import Ending


@dataclass(frozen=True)
class StepRecord:
    """One step as recorded, whether still on the attempt's path or taken back by a rewind."""

    seq: int
    parent_seq: int | None
    index: int
    node_id: str
    choice_id: str | None
    before: dict
    after: dict
    flags_before: list | None
    visits_before: dict | None
    made_at: str
    undone_at: str | None

    @property
    def active(self) -> bool:
        return self.undone_at is None

    @property
    def is_choice(self) -> bool:
        return self.choice_id is not None


@dataclass(frozen=True)
class RewindRecord:
    to_step: int
    at: str


@dataclass(frozen=True)
class AttemptRecord:
    summary: AttemptSummary
    steps: list[StepRecord]  # in the order recorded
    rewind_log: list[RewindRecord]
    state: dict  # the last autosaved PlayState JSON

    def path(self) -> list[StepRecord]:
        """The steps still on the attempt's path, in history order."""
        return sorted((s for s in self.steps if s.active), key=lambda s: s.index)

    def step_at(self, index: int) -> StepRecord | None:
        """The step on the final path at history ``index`` (a Debrief Decision's ``step``)."""
        return next((s for s in self.steps if s.active and s.index == index), None)


@dataclass(frozen=True)
class GalleryEntry:
    ending: Ending
    found: bool
    first_found_at: str | None
    hint: str | None  # for a locked ending once the scenario has been completed at least once
    assessed: bool = False  # earned in an assessed attempt (at least once)

    @property
    def title(self) -> str | None:
        return self.ending.title if self.found else None

    @property
    def text(self) -> str | None:
        return self.ending.text if self.found else None


@dataclass
class ImportReport:
    profile: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    endings_added: int = 0
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.added} new attempt(s)", f"{self.updated} updated", f"{self.unchanged} already here"]
        if self.endings_added:
            parts.append(f"{self.endings_added} ending(s) newly found")
        text = f'profile "{self.profile}": ' + ", ".join(parts)
        if self.conflicts:
            text += f"; {len(self.conflicts)} kept as they were here (played further on both machines)"
        return text
