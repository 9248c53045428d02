"""Rolling-window request limiter and a periodically refilled token budget.

Both take the window/period in seconds so tests and benchmarks can compress time
(e.g. 180 requests per 1 s instead of per 60 s).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: float  # until the oldest counted request leaves the window

    @property
    def reset_header(self) -> str:
        """Whole seconds (at least 1), the unit of `Retry-After` and `x-ratelimit-reset`."""
        return str(max(1, math.ceil(self.reset_seconds)))


class RollingWindowLimiter:
    """Admits at most `limit` requests in any `window` seconds; rejected requests don't count."""

    def __init__(self, limit: int, window: float, clock: Clock = time.monotonic) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("rate limit needs limit >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._stamps: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> Decision:
        with self._lock:
            now = self._clock()
            while self._stamps and self._stamps[0] <= now - self.window:
                self._stamps.popleft()
            allowed = len(self._stamps) < self.limit
            if allowed:
                self._stamps.append(now)
            reset = self._stamps[0] + self.window - now if self._stamps else 0.0
            return Decision(allowed, self.limit, self.limit - len(self._stamps), reset)


class TokenBudget:
    """`total` tokens that refill completely every `period` seconds (Pipedrive's daily budget)."""

    def __init__(self, total: int, period: float, clock: Clock = time.monotonic) -> None:
        self.total = total
        self.period = period
        self._clock = clock
        self._started = clock()
        self._spent = 0
        self._lock = threading.Lock()

    def spend(self, cost: int) -> bool:
        """Spend `cost` tokens if that many are left; False (nothing spent) otherwise."""
        with self._lock:
            self._refill()
            if self._spent + cost > self.total:
                return False
            self._spent += cost
            return True

    @property
    def remaining(self) -> int:
        with self._lock:
            self._refill()
            return self.total - self._spent

    def _refill(self) -> None:
        now = self._clock()
        if now - self._started >= self.period:
            self._started += (now - self._started) // self.period * self.period
            self._spent = 0
