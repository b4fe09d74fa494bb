"""Plain records the progress store hands to screens and commands (no database objects leak)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .database import ProgressError

if TYPE_CHECKING:
    from .attempt_records import AttemptRecord, GalleryEntry, ImportReport, RewindRecord, StepRecord  # noqa: F401

PLAYING, ENDED, ABANDONED, SET_ASIDE = "playing", "ended", "abandoned", "set-aside"
STATUSES = (PLAYING, ENDED, ABANDONED, SET_ASIDE)


class ProfileError(ProgressError):
    """A profile name that cannot be used (empty, too long, taken, unknown)."""


@dataclass(frozen=True)
class Profile:
    """A student's profile: the name progress is kept under."""

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


# What an attempt's pages, the gallery and `rapport import` read (game/progress/attempt_records.py)
# loads when first asked for: the title screen needs only profiles and attempt summaries, and
# each dataclass made costs a fraction of a millisecond before the window's first frame.
_LATER = ("AttemptRecord", "GalleryEntry", "ImportReport", "RewindRecord", "StepRecord")


def __getattr__(name: str):
    if name in _LATER:
        from . import attempt_records

        return getattr(attempt_records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
