"""Client-side burst limiter and the server's wait hints."""

from __future__ import annotations

import email.utils
import time
from collections import deque
from collections.abc import Callable, Mapping

#: Longest wait a 429 may ask for before the tap gives up instead (daily budget).
MAX_SERVER_WAIT = 300.0


class BurstLimiter:
    """Allow at most ``max_requests`` requests in any rolling ``period`` seconds.

    Pipedrive counts its burst limit per token in a rolling 2-second window, so one
    limiter is shared by every stream of a run. A request holds its place in the window
    until ``period`` after it *ended* (``release``): however late Pipedrive saw a
    request, the one ``max_requests`` places later reaches it at least ``period``
    afterwards, so the tap's own requests never cause a 429. ``clock`` and ``sleep`` are
    injectable so tests can drive it without waiting.
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
        # When each request in the window started, then (once released) ended; ascending.
        self._starts: deque[float] = deque()
        self._paused_until = 0.0

    def acquire(self) -> float:
        """Block until a request may start, record it, and return the seconds waited."""
        waited = 0.0
        now = self._clock()
        while True:
            while self._starts and self._starts[0] + self.period <= now:
                self._starts.popleft()
            free_at = self._paused_until
            if len(self._starts) >= self.max_requests:
                free_at = max(free_at, self._starts[0] + self.period)
            if free_at <= now:
                self._starts.append(now)
                return waited
            self._sleep(free_at - now)
            waited += free_at - now
            now = max(self._clock(), free_at)  # rounding must not make it wait again

    def release(self) -> None:
        """The latest request ended: its place in the window counts from now."""
        if self._starts:
            self._starts[-1] = max(self._starts[-1], self._clock())

    def pause(self, seconds: float) -> None:
        """Hold every request for ``seconds`` (the server reports an exhausted window)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def window_used_up(self, seconds: float, server_limit: int | None) -> None:
        """The server reports its window used up, resetting in ``seconds``.

        Called while the reporting request still holds the newest place. When the tap's
        own requests of the ``period`` before it started number at least the server's
        limit, they are what fills the window and `acquire` already waits exactly until
        the oldest leaves it; the server's reset (whole seconds, rounded up) would only
        add up to a second. Otherwise other clients share the token: pause.
        """
        started = self._starts[-1] if self._starts else self._clock()
        own = sum(1 for stamp in self._starts if stamp + self.period > started)
        if server_limit is None or own < server_limit:
            self.pause(seconds)


def _seconds(value: str | None) -> float | None:
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None


def server_limit(headers: Mapping[str, str]) -> int | None:
    """The server's burst limit (``x-ratelimit-limit``), ``None`` if missing or invalid."""
    value = _seconds(headers.get("x-ratelimit-limit"))
    return None if value is None else int(value)


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
