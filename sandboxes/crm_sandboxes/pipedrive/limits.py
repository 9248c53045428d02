"""Pipedrive rate limits: a rolling burst window per token, a daily token budget, and a 403
block for clients that keep hammering after 429s."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from crm_sandboxes.core.ratelimit import Clock, Decision, RollingWindowLimiter, TokenBudget


@dataclass(frozen=True)
class Verdict:
    outcome: str  # "ok", "burst" (429), "budget" (429) or "blocked" (403)
    window: Decision | None  # None while blocked


class PipedriveLimits:
    def __init__(
        self,
        rate_limit: int,
        rate_window: float,
        daily_budget: int,
        budget_period: float,
        abuse_threshold: int,
        abuse_block_seconds: float,
        clock: Clock = time.monotonic,
    ) -> None:
        self.burst = RollingWindowLimiter(rate_limit, rate_window, clock)
        self.budget = TokenBudget(daily_budget, budget_period, clock)
        self.abuse_threshold = abuse_threshold
        self.abuse_block_seconds = abuse_block_seconds
        self._clock = clock
        self._rejected_in_a_row = 0
        self._blocked_until = 0.0
        self._lock = threading.Lock()

    def admit(self, cost: int) -> Verdict:
        """Check the block, the burst window, then spend `cost` tokens of the budget. After
        `abuse_threshold` rejections in a row the next rejection starts the 403 block."""
        with self._lock:
            if self._clock() < self._blocked_until:
                return Verdict("blocked", None)
        window = self.burst.acquire()
        if not window.allowed:
            outcome = "burst"
        elif not self.budget.spend(cost):
            outcome = "budget"
        else:
            outcome = "ok"
        with self._lock:
            if outcome == "ok":
                self._rejected_in_a_row = 0
            else:
                self._rejected_in_a_row += 1
                if self.abuse_threshold and self._rejected_in_a_row > self.abuse_threshold:
                    self._blocked_until = self._clock() + self.abuse_block_seconds
                    self._rejected_in_a_row = 0
                    outcome = "blocked"
        return Verdict(outcome, window)
