"""Reading a file a user, a course or another program put in Rapport's way, safely.

Every file Rapport reads that it did not write itself the moment before (a scene, a translation,
a rubric, an export to import, a settings, lab or connection file) goes through read_capped: it
opens the path without waiting (a pipe with no writer would otherwise block the open for ever),
checks that what it opened is an ordinary file (not a folder, a device or a pipe: /dev/zero has
no end), and reads at most ``limit`` bytes. Checking the path first and opening it after leaves
a moment in which the file can be swapped for a pipe; here the check is made on what was opened.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# O_NONBLOCK: open() of a pipe returns at once instead of waiting for a writer; an ordinary
# file reads the same with or without it. Windows has neither pipes in the file system nor the flag.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


class NotAFileError(OSError):
    """The path names a device, a pipe or a socket: nothing an ordinary file reader should read."""


class TooLargeError(OSError):
    """The file holds more than the reader's limit (``limit``, in bytes); nothing of it was kept."""

    def __init__(self, path: str, limit: int):
        super().__init__(errno.EFBIG, f"larger than {limit} bytes", path)
        self.limit = limit


def read_capped(path: str | Path, limit: int) -> bytes:
    """The bytes of the ordinary file ``path``, at most ``limit`` of them.

    Raises FileNotFoundError (no such file, or a link to nothing), IsADirectoryError (a folder),
    NotAFileError (a device, a pipe, a socket), TooLargeError (more than ``limit`` bytes), or
    another OSError (no permission, a loop of links, a read error); ValueError for a path
    holding a NUL character. Never blocks on a pipe, never reads past ``limit + 1`` bytes."""
    fd = os.open(path, _FLAGS)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotAFileError(errno.EINVAL, "not an ordinary file (a device, a pipe or a socket)", str(path))
        if info.st_size > limit:
            raise TooLargeError(str(path), limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # a file growing while it is read still stops here
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise TooLargeError(str(path), limit)
    return b"".join(chunks)
