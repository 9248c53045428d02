"""Options shared by every sandbox kind (kind-specific ones are ignored by the others)."""

from __future__ import annotations

from dataclasses import dataclass, field

from crm_sandboxes.core.faults import FaultConfig


@dataclass
class SandboxOptions:
    seed: int = 1  # the CRM's own record generation
    size: int = 500  # about this many primary records in total
    population_seed: int = 1  # sandboxes with the same population seed share people/companies
    overlap: float = 0.3  # share of this CRM's people taken from the shared population lane
    rate_limit: int | None = None  # requests per window; None = the kind's real default
    rate_window: float | None = None  # seconds
    faults: FaultConfig = field(default_factory=FaultConfig)
    api_key: str | None = None  # None = the kind's default test credential
    email: str = "sandbox@example.com"  # Copper: X-PW-UserEmail
    search_cap: int = 100_000  # Copper: records one search can reach
    daily_budget: int = 30_000  # Pipedrive: API tokens per budget period
    budget_period: float = 86_400.0  # Pipedrive: seconds until the budget refills
    abuse_threshold: int = 100  # Pipedrive: consecutive 429s before 403 blocks (0 = never)
    abuse_block_seconds: float = 60.0  # Pipedrive: how long the 403 block lasts

    def __post_init__(self) -> None:
        if self.size < 1:
            raise ValueError("size must be >= 1")
        if not 0 <= self.overlap <= 1:
            raise ValueError("overlap must be between 0 and 1")
        if self.search_cap < 1:
            raise ValueError("search_cap must be >= 1")
