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


def write_whole(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (checked by check_out), whole or not at all; return the path."""
    path = check_out(path)
    tmp = None
    try:
        handle, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise OutFileError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
