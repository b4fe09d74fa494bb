"""Per-key token buckets for the vote server's rate limits (per device, per address)."""
from __future__ import annotations

import threading
import time
from typing import Callable, Hashable


class TokenBuckets:
    """`allow(key)` spends one token from key's bucket; buckets refill at `rate` tokens per
    second up to `burst`. A new key starts full.

    Memory is bounded: past `max_keys` buckets, the ones that have refilled completely
    (idle clients) are forgotten; if every bucket is still busy, new keys are refused
    rather than letting a flood of fresh keys grow the table without end.
    """

    def __init__(self, burst: float, rate: float, *, max_keys: int = 10_000,
                 clock: Callable[[], float] = time.monotonic):
        if burst < 1 or rate <= 0:
            raise ValueError("burst must be at least 1 and rate positive")
        self.burst = float(burst)
        self.rate = float(rate)
        self.max_keys = max_keys
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[Hashable, tuple[float, float]] = {}   # key -> (tokens, stamp)

    def allow(self, key: Hashable) -> bool:
        with self._lock:
            now = self._clock()
            tokens = self._level(key, now)
            if tokens is None:
                if len(self._buckets) >= self.max_keys and not self._prune(now):
                    return False
                tokens = self.burst
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            return True

    def ready(self, key: Hashable) -> bool:
        """Whether key has a token now, without spending it (to refuse before doing the work)."""
        with self._lock:
            tokens = self._level(key, self._clock())
        return tokens is None or tokens >= 1.0

    def retry_after(self, key: Hashable) -> int:
        """Whole seconds until key has a token again (at least 1), for a Retry-After header."""
        with self._lock:
            tokens = self._level(key, self._clock())
        missing = 1.0 - (self.burst if tokens is None else tokens)
        return max(1, int(missing / self.rate + 0.999))

    def _level(self, key: Hashable, now: float) -> float | None:
        entry = self._buckets.get(key)
        if entry is None:
            return None
        tokens, stamp = entry
        return min(self.burst, tokens + (now - stamp) * self.rate)

    def _prune(self, now: float) -> bool:
        full = [k for k, (t, s) in self._buckets.items()
                if t + (now - s) * self.rate >= self.burst]
        for k in full:
            del self._buckets[k]
        return len(self._buckets) < self.max_keys
