"""Where progress lives on disk, and how a damaged file is set aside without losing it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import platformdirs

APP_NAME = "rapport"
ENV_DATA_DIR = "RAPPORT_DATA_DIR"
ENV_JOURNAL = "RAPPORT_JOURNAL"
DB_NAME = "progress.sqlite3"
# SQLite keeps uncommitted and not-yet-checkpointed pages beside the file; a kept copy of a
# damaged database needs its companions too, so they move with it.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def data_dir(explicit: str | Path | None = None) -> Path:
    """The folder for progress: ``explicit`` (--data-dir), else $RAPPORT_DATA_DIR, else the
    per-user data folder (e.g. ~/.local/share/rapport, %LOCALAPPDATA%\\rapport)."""
    if explicit is not None and str(explicit).strip():
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_DATA_DIR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def journal_mode(explicit: str | None = None) -> str:
    """'wal' (the default) or 'delete' (for network drives, where WAL's shared memory cannot
    work); from ``explicit`` or $RAPPORT_JOURNAL."""
    value = (explicit or os.environ.get(ENV_JOURNAL, "") or "wal").strip().lower()
    if value not in ("wal", "delete"):
        raise ValueError(f'{ENV_JOURNAL} must be "wal" or "delete", not "{value}"')
    return value


def move_aside(path: Path, label: str = "damaged") -> Path:
    """Rename ``path`` (and its -wal/-shm companions) to a new, unused name beside it; return it.

    Nothing is ever deleted: the kept file can be opened with the sqlite3 tool or sent to
    someone who can rescue it. Raises OSError when the file cannot be renamed.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    n = 0
    while True:
        suffix = f".{label}-{stamp}" + (f"-{n}" if n else "")
        kept = path.with_name(path.name + suffix)
        if not kept.exists() and not any(Path(str(kept) + c).exists() for c in COMPANION_SUFFIXES):
            break
        n += 1
    os.replace(path, kept)
    for companion in COMPANION_SUFFIXES:
        old = Path(str(path) + companion)
        if old.exists():
            try:
                os.replace(old, Path(str(kept) + companion))
            except OSError:
                pass  # the main file is kept; a companion still in use stays where it is
    return kept
