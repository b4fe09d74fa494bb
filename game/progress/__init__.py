"""Students' progress: profiles, autosave and resume, endings found, attempt history, export.

Pure Python over the standard library's sqlite3 (never imports pygame). The window, the terminal
player and the `rapport export/import/profiles` commands all go through ProgressStore; see
docs/progress.md for where the data lives and what happens when something goes wrong.
"""

from typing import TYPE_CHECKING

from .database import ProgressError
from .endings import ProfileEndings, ending_hint
from .location import DB_NAME, ENV_DATA_DIR, ENV_JOURNAL, data_dir
from .records import _LATER, ABANDONED, ENDED, PLAYING, SET_ASIDE, AttemptSummary, Profile, ProfileError
from .schema import SCHEMA_VERSION
from .store import Attempt, ProgressStore, ResumeError, Resumed

if TYPE_CHECKING:
    from .attempt_records import AttemptRecord, GalleryEntry, ImportReport, RewindRecord, StepRecord

_TRANSFER = ("TransferError", "export_profile", "import_export", "parse_export")
__all__ = [name for name in dir() if not name.startswith("_") and name != "TYPE_CHECKING"] + list(_TRANSFER) + list(_LATER)


def __getattr__(name: str):
    # Export and import load on first use (they bring in the story core): the window's first
    # frame opens the store without them.
    if name in _TRANSFER:
        from . import transfer

        return getattr(transfer, name)
    if name in _LATER:  # an attempt's records, the gallery's, an import's report (game.progress.records)
        from . import attempt_records

        return getattr(attempt_records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
