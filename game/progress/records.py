"""Plain records the progress store hands to screens and commands (no database objects leak)."""

from __future__ import annotations

from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from .database import ProgressError

if TYPE_CHECKING:
    from game.story import Ending

PLAYING, ENDED, ABANDONED, SET_ASIDE = "playing", "ended", "abandoned", "set-aside"
STATUSES = (PLAYING, ENDED, ABANDONED, SET_ASIDE)


class ProfileError(ProgressError):
    """A profile name that cannot be used (empty, too long, taken, unknown)."""


@dataclass(frozen=True)
class Profile:
    id: int
    name: str
    created_at: str
    last_used_at: str


@dataclass(frozen=True)
class AttemptSummary:
    """One attempt as the history list and the Continue button show it."""

    uuid: str
    profile: str
    scenario_id: str
    scenario_title: str
    scenario_version: int
    number: int  # 1 for the profile's first attempt at this scenario, 2 for the next...
    started_at: str
    updated_at: str
    ended_at: str | None
    status: str  # playing, ended, abandoned (restarted after a problem), set-aside
    ending_id: str | None
    replay: bool  # False for the first attempt at a scenario
    rewinds: int
    decisions: int  # choices on the attempt's final path
    revision: int  # autosaves so far
    origin_uuid: str | None  # set for "try again from here"
    origin_seq: int | None
    mode: str = "practice"  # practice or assessed (issue 12 item 5)


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
