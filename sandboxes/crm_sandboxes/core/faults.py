"""Seeded fault injection: 5xx errors, 429 bursts, slow responses and dropped connections."""

from __future__ import annotations

import random
import threading
from collections import deque
from dataclasses import asdict, dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class FaultConfig:
    """Per-request probabilities; at most one fault is injected per request."""

    error_rate: float = 0.0  # answer with one of `error_statuses`
    error_statuses: tuple[int, ...] = (500, 502, 503)
    throttle_rate: float = 0.0  # start a burst of `throttle_burst` consecutive 429s
    throttle_burst: int = 3
    slow_rate: float = 0.0  # sleep `slow_seconds`, then answer normally
    slow_seconds: float = 0.5
    drop_rate: float = 0.0  # close the connection without a response
    seed: int = 0

    def __post_init__(self) -> None:
        rates = (self.error_rate, self.throttle_rate, self.slow_rate, self.drop_rate)
        if any(rate < 0 for rate in rates) or sum(rates) > 1:
            raise ValueError("fault rates must be >= 0 and sum to at most 1")
        if not self.error_statuses or any(not 500 <= s <= 599 for s in self.error_statuses):
            raise ValueError("error_statuses must be 5xx codes")
        if self.throttle_burst < 1 or self.slow_seconds < 0:
            raise ValueError("throttle_burst must be >= 1 and slow_seconds >= 0")

    @classmethod
    def from_dict(cls, data: dict[str, Any], base: FaultConfig | None = None) -> FaultConfig:
        """`base` (default: no faults) updated with the known keys of `data`."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known - {"script"}
        if unknown:
            raise ValueError(f"unknown fault settings: {', '.join(sorted(unknown))}")
        changes = {key: value for key, value in data.items() if key in known}
        if "error_statuses" in changes:
            changes["error_statuses"] = tuple(int(s) for s in changes["error_statuses"])
        return replace(base or cls(), **changes)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "error_statuses": list(self.error_statuses)}


@dataclass(frozen=True)
class Fault:
    kind: str  # "drop", "error", "throttle" or "slow"
    status: int | None = None  # for "error"


def parse_fault(spec: str | int) -> Fault:
    """`"drop"`, `"slow"`, `"throttle"` or a status code (429 = throttle, 5xx = error)."""
    text = str(spec)
    if text in ("drop", "slow", "throttle"):
        return Fault(text)
    if text == "429":
        return Fault("throttle")
    if text.isdigit() and 500 <= int(text) <= 599:
        return Fault("error", int(text))
    raise ValueError(f"unknown fault {spec!r}: use drop, slow, throttle, 429 or a 5xx status")


class FaultInjector:
    """Draws at most one fault per request from a seeded stream; scripted faults go first."""

    def __init__(self, config: FaultConfig | None = None) -> None:
        self._lock = threading.Lock()
        self._script: deque[Fault] = deque()
        self.configure(config or FaultConfig())

    def configure(self, config: FaultConfig) -> None:
        """Replace the rates, restart the random stream from `config.seed` and end any burst."""
        with self._lock:
            self.config = config
            self._rng = random.Random(config.seed)
            self._burst_left = 0

    def script(self, specs: list[str | int]) -> None:
        """Force these faults, in order, on the next requests."""
        parsed = [parse_fault(spec) for spec in specs]
        with self._lock:
            self._script.extend(parsed)

    def reset(self) -> None:
        with self._lock:
            self._script.clear()
        self.configure(FaultConfig())

    def draw(self) -> Fault | None:
        with self._lock:
            if self._script:
                return self._script.popleft()
            if self._burst_left:
                self._burst_left -= 1
                return Fault("throttle")
            config = self.config
            roll = self._rng.random()
            for kind, rate in (
                ("drop", config.drop_rate),
                ("error", config.error_rate),
                ("throttle", config.throttle_rate),
                ("slow", config.slow_rate),
            ):
                if roll < rate:
                    return self._fault(kind, roll / rate)
                roll -= rate
            return None

    def _fault(self, kind: str, position: float) -> Fault:
        if kind == "error":
            statuses = self.config.error_statuses
            return Fault(kind, statuses[min(int(position * len(statuses)), len(statuses) - 1)])
        if kind == "throttle":
            self._burst_left = self.config.throttle_burst - 1
        return Fault(kind)
