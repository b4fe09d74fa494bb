"""Writing a file the user named on the command line (`export --out`, `graph --out`) safely.

Only a new file or an existing ordinary file is written, and always whole: the data goes to a
fresh temporary file beside it, then one rename puts it in place. A folder, a device (/dev/sda),
a pipe or a symbolic link is refused, never replaced or written through.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class OutFileError(Exception):
    """The named place cannot or must not be written; the message says why, in a sentence."""


def check_out(path: str | Path) -> Path:
    """``path`` as a Path if a file may be written there; OutFileError otherwise."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path
    except (OSError, ValueError) as exc:
        raise OutFileError(f"cannot write {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise OutFileError(f"{path} is a symbolic link; give the path of the file itself (nothing was written)")
    if stat.S_ISDIR(info.st_mode):
        raise OutFileError(f"{path} is a folder; give a file name in it (nothing was written)")
    if not stat.S_ISREG(info.st_mode):
        raise OutFileError(f"{path} is not an ordinary file (a device or a pipe); nothing was written")
    return path


def _mode_for(path: Path, private: bool) -> int:
    """The permissions the written file gets: those of the file it replaces, else what a new
    file gets under the user's umask (mkstemp's own 0600 would hide a graph from the group),
    or 0600 for a ``private`` one: a file of students' names and answers is shared on purpose,
    not by a loose umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        pass
    return 0o600 if private else 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux says it without changing it (os.umask must set it to read it: racy with threads)
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def write_whole(path: str | Path, data: bytes, private: bool = False) -> Path:
    """Write ``data`` to ``path`` (checked by check_out), whole or not at all; return the path.
    ``private``: a new file is readable by its owner only (student records); a replaced file
    keeps its own permissions either way.

    The data goes to a fresh temporary file (made with O_EXCL: never one a link planted beside
    the place leads to), then one rename puts it in place."""
    path = check_out(path)
    tmp = None
    try:
        mode = _mode_for(path, private)
        handle, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise OutFileError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
