"""Client-side request pacing shared by every stream of a tap."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RollingWindowLimiter:
    """At most ``limit`` requests in any rolling ``period`` seconds.

    A rolling window rather than evenly spaced slots: a slow response costs no allowance (with
    even spacing, every request that takes longer than the spacing loses time for good), so a
    tap can use the whole window. Each request holds its place in the window until ``period``
    after it *ended* (``release``), so the request ``limit`` places later reaches the API at
    least ``period`` after the earlier one did, however late that one arrived: the tap's own
    requests never cause a 429, whatever the network jitter.

    ``acquire`` before each request, ``release`` when its response (or error) is in. Not
    thread-safe: singer-sdk syncs streams one after another. ``clock`` and ``sleep`` are
    injectable for tests.
    """

    def __init__(
        self,
        limit: int,
        period: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if limit < 1 or period <= 0:
            msg = "limit must be at least 1 and period positive"
            raise ValueError(msg)
        self.limit = limit
        self.period = period
        self._clock = clock
        self._sleep = sleep
        # When each request in the window started, then (once released) ended; ascending.
        self._stamps: deque[float] = deque()
        self._paused_until = 0.0

    def acquire(self) -> float:
        """Wait until a request may start, take its place; return the seconds waited."""
        waited = 0.0
        now = self._clock()
        while True:
            while self._stamps and self._stamps[0] + self.period <= now:
                self._stamps.popleft()
            free_at = self._paused_until
            if len(self._stamps) >= self.limit:
                free_at = max(free_at, self._stamps[0] + self.period)
            if free_at <= now:
                self._stamps.append(now)
                return waited
            self._sleep(free_at - now)
            waited += free_at - now
            now = max(self._clock(), free_at)  # rounding must not make it wait again

    def release(self) -> None:
        """The latest request ended: its place in the window counts from now."""
        if self._stamps:
            self._stamps[-1] = max(self._stamps[-1], self._clock())

    def pause(self, seconds: float) -> None:
        """Hold every request for ``seconds`` (the server reports an exhausted window)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def in_window(self, since: float) -> int:
        """How many of the tap's requests in the window started after ``since``."""
        return sum(1 for stamp in self._stamps if stamp > since)

    def latest_start(self) -> float:
        return self._stamps[-1] if self._stamps else self._clock()
