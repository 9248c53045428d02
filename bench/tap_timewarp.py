"""Run a tap's command line with its clock sped up, to meet a time-compressed sandbox.

    python tap_timewarp.py FACTOR tap-copper --config cfg.json --catalog catalog.json

A sandbox started with ``rate_window=60 / FACTOR`` enforces Copper's rolling minute FACTOR
times faster. Running the tap under this wrapper compresses its side the same way:
``time.monotonic`` runs FACTOR times faster and ``time.sleep(s)`` sleeps ``s / FACTOR``
real seconds, so the tap's own settings keep their real meaning (``requests_per_minute:
180`` is still "per minute", of warped time) and everything it times (limiter window,
retry waits, ``Retry-After`` pauses) is compressed consistently. Scaling a setting instead
(``requests_per_minute: 5400`` against 180 per 2 s) only matches an evenly spaced limiter,
not a rolling window. Wall-clock time (``time.time``, log and record timestamps), socket
timeouts and the network itself are left alone.

The patch happens before the tap is imported, since the limiters bind ``time.monotonic``
and ``time.sleep`` as default arguments at import time.
"""

from __future__ import annotations

import sys
import time
from importlib.metadata import entry_points


def warp(factor: float) -> None:
    """Make ``time.monotonic`` run ``factor`` times faster and ``time.sleep`` shorter."""
    real_monotonic, real_sleep = time.monotonic, time.sleep
    origin = real_monotonic()

    def monotonic() -> float:
        return origin + (real_monotonic() - origin) * factor

    def sleep(seconds: float) -> None:
        real_sleep(seconds / factor)

    time.monotonic = monotonic
    time.sleep = sleep


def main() -> None:
    factor, command, *arguments = sys.argv[1:]
    warp(float(factor))
    (entry,) = entry_points(group="console_scripts", name=command)
    sys.argv = [command, *arguments]
    entry.load()()


if __name__ == "__main__":
    main()
