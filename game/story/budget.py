"""How far an exploration of the decision states may go (statespace.StateGraph): seconds,
resident memory, states; and what the process holds now."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

# What one reachable state really costs at peak, the exploration's tables and the passes after
# it (analysis, duty check, balance), measured with tracemalloc (2026-12-01, a state keyed by
# node + stride * context): 246 bytes on the 5,000-node recipe (two meters, 121 distinct values), 814 on
# worried-first-visit, 1,104 on eviction-anger (five meters: nearly every state has values of
# its own, each with a tuple and a dict). Used to estimate memory where the process's resident
# size cannot be read; the high end, so that the guard stops before the limit, not after it.
BYTES_PER_STATE = 1100


def resident_bytes() -> int | None:
    """This process's resident memory now (Linux /proc), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


try:
    import os as _os

    _PAGE = _os.sysconf("SC_PAGE_SIZE")
except (AttributeError, ValueError, OSError):  # pragma: no cover - not POSIX
    _PAGE = 4096


@dataclass
class Budget:
    """How far an exploration may go: seconds, resident memory, states (None: no bound).

    ``progress`` is called now and then with (states, moves, seconds so far, bytes resident
    or estimated). ``explore_share`` is the part of the time budget the exploration may use;
    the rest is kept for the passes that read the graph afterwards."""

    seconds: float | None = None
    memory: int | None = None  # bytes
    states: int | None = None
    progress: Callable[[int, int, float, int], None] | None = None
    explore_share: float = 0.6
    started: float = field(default_factory=time.monotonic)

    def memory_now(self, states: int, base: int) -> int:
        rss = resident_bytes()
        return rss if rss is not None else base + states * BYTES_PER_STATE
