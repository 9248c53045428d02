"""Client-side request pacing shared by every stream of a tap."""

from __future__ import annotations

import time
from collections.abc import Callable


class RateLimiter:
    """Spaces requests evenly: at most `per_minute` requests in any rolling minute.

    Even spacing (one slot every ``60 / per_minute`` seconds) rather than bursts keeps
    Copper's per-second limit on bulk endpoints happy too. Not thread-safe: singer-sdk
    syncs streams one after another. `clock` and `sleep` are injectable for tests.
    """

    def __init__(
        self,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_minute < 1:
            msg = "per_minute must be at least 1"
            raise ValueError(msg)
        self.interval = 60.0 / per_minute
        self._clock = clock
        self._sleep = sleep
        self._next_slot: float | None = None

    def acquire(self) -> float:
        """Wait for the next free slot and take it; return the seconds waited."""
        now = self._clock()
        slot = now if self._next_slot is None else max(now, self._next_slot)
        wait = slot - now
        if wait > 0:
            self._sleep(wait)
        self._next_slot = slot + self.interval
        return wait
