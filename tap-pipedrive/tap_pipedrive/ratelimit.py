"""Client-side burst limiter and the server's wait hints."""

from __future__ import annotations

import email.utils
import time
from collections import deque
from collections.abc import Callable, Mapping

#: Longest wait a 429 may ask for before the tap gives up instead (daily budget).
MAX_SERVER_WAIT = 300.0


class BurstLimiter:
    """Allow at most ``max_requests`` request starts in any rolling ``period`` seconds.

    Pipedrive counts its burst limit per token in a rolling 2-second window, so one
    limiter is shared by every stream of a run. ``clock`` and ``sleep`` are injectable
    so tests can drive it without waiting.
    """

    def __init__(
        self,
        max_requests: int,
        period: float = 2.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_requests < 1:
            msg = "max_requests must be at least 1"
            raise ValueError(msg)
        self.max_requests = max_requests
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._starts: deque[float] = deque()
        self._paused_until = 0.0

    def acquire(self) -> float:
        """Block until a request may start, record it, and return the seconds waited."""
        waited = 0.0
        while True:
            now = self._clock()
            while self._starts and now - self._starts[0] >= self.period:
                self._starts.popleft()
            wait = self._paused_until - now
            if len(self._starts) >= self.max_requests:
                wait = max(wait, self._starts[0] + self.period - now)
            if wait <= 0:
                self._starts.append(now)
                return waited
            self._sleep(wait)
            waited += wait

    def pause(self, seconds: float) -> None:
        """Hold every request for ``seconds`` (the server reports an exhausted window)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)


def _seconds(value: str | None) -> float | None:
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None


def server_wait(
    headers: Mapping[str, str],
    now: Callable[[], float] = time.time,
) -> float | None:
    """Seconds the server asks us to wait: ``Retry-After`` (seconds or HTTP date),
    else ``x-ratelimit-reset``; ``None`` when neither is usable."""
    retry_after = headers.get("Retry-After")
    if retry_after:
        seconds = _seconds(retry_after)
        if seconds is not None:
            return seconds
        try:
            when = email.utils.parsedate_to_datetime(retry_after)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            return max(when.timestamp() - now(), 0.0)
    return _seconds(headers.get("x-ratelimit-reset"))
