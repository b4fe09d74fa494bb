"""Give large freed pictures back to the system (glibc's malloc, i.e. Linux; elsewhere nothing).

Pictures are large blocks: a window-sized layer is 3.5 MB at 1280x720, a portrait being drawn
at twice its size 3 MB, a backdrop's working picture 8 MB. glibc serves blocks above a threshold
with their own mapping, returned to the system when freed; but each time such a block is freed
it raises that threshold to the block's size (up to 32 MB), so after the first few pictures every
later one comes from the heap, and once freed there stays in the process, in holes between
smaller blocks (and in a second heap for the thread that draws faces ahead). Measured on the
seven shipped scenes at 1280x720: a peak of 122 MiB where the pictures alive at any time were
about 40 MiB; with the threshold fixed, about 100 MiB. A fixed threshold of 1 MiB keeps text
lines and small surfaces on the heap (they come and go with every change) and sends only big
pictures, which the game keeps or makes rarely, to their own mapping.
"""

from __future__ import annotations

import sys

M_MMAP_THRESHOLD = -3  # glibc's malloc.h
THRESHOLD = 1024 * 1024

_done: bool | None = None


def return_large_blocks() -> bool:
    """Fix malloc's threshold for mapped blocks (once; later calls only report). True if it was
    set: only where the C library is glibc (musl, Windows and macOS free large blocks anyway
    or have no such setting)."""
    global _done
    if _done is None:
        _done = False
        if sys.platform.startswith("linux"):
            import ctypes

            try:
                mallopt = ctypes.CDLL(None).mallopt  # glibc; musl has none: AttributeError
                mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
                mallopt.restype = ctypes.c_int
                _done = mallopt(M_MMAP_THRESHOLD, THRESHOLD) == 1
            except (OSError, AttributeError):
                pass
    return _done
