"""Students' progress: profiles, autosave and resume, endings found, attempt history, export.

Pure Python over the standard library's sqlite3 (never imports pygame). The window, the terminal
player and the `rapport export/import/profiles` commands all go through ProgressStore; see
docs/progress.md for where the data lives and what happens when something goes wrong.
"""

from .database import ProgressError
from .endings import ProfileEndings, ending_hint
from .location import DB_NAME, ENV_DATA_DIR, ENV_JOURNAL, data_dir
from .records import (ABANDONED, ENDED, PLAYING, SET_ASIDE, AttemptRecord, AttemptSummary, GalleryEntry,
                      ImportReport, Profile, ProfileError, RewindRecord, StepRecord)
from .schema import SCHEMA_VERSION
from .store import Attempt, ProgressStore, ResumeError, Resumed

_TRANSFER = ("TransferError", "export_profile", "import_export", "parse_export")
__all__ = [name for name in dir() if not name.startswith("_")] + list(_TRANSFER)


def __getattr__(name: str):
    # Export and import load on first use (they bring in the story core): the window's first
    # frame opens the store without them.
    if name in _TRANSFER:
        from . import transfer

        return getattr(transfer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
