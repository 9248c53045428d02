"""Client-side burst limiter and the server's wait hints."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Mapping
from typing import Any

from tap_common.ratelimit import RollingWindowLimiter

#: Longest wait a 429 may ask for before the tap gives up instead (daily budget).
MAX_SERVER_WAIT = 300.0


class BurstLimiter(RollingWindowLimiter):
    """Pipedrive's rolling 2-second burst window, shared by every stream of a run."""

    def __init__(self, max_requests: int, period: float = 2.0, **kwargs: Any) -> None:
        super().__init__(max_requests, period, **kwargs)

    def window_used_up(self, seconds: float, server_limit: int | None) -> None:
        """The server reports its window used up, resetting in ``seconds``.

        Called while the reporting request still holds the newest place. When the tap's
        own requests of the ``period`` before it started number at least the server's
        limit, they are what fills the window and `acquire` already waits exactly until
        the oldest leaves it; the server's reset (whole seconds, rounded up) would only
        add up to a second. Otherwise other clients share the token: pause.
        """
        own = self.in_window(self.latest_start() - self.period)
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
