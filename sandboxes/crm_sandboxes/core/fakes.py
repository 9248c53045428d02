"""Random building blocks the CRM generators share (timestamps, places, phones, tags)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crm_sandboxes.core.fastrandom import FastRandom
from crm_sandboxes.core.names import CITIES, STREETS
from crm_sandboxes.core.timeline import DATA_END, DATA_START

IMPORT_TIME = 1735732800  # 2025-01-01T12:00:00Z: one bulk import created ~5% of the records
IMPORT_SHARE = 0.05
TAGS = ("vip", "newsletter", "partner", "event-2025", "churn-risk")


class RecordFaker:
    """Base of the CRM generators: holds the seeded stream every record is drawn from."""

    def __init__(self, seed: str) -> None:
        self.rng = FastRandom(seed)

    def created_time(self) -> int:
        rng = self.rng
        return IMPORT_TIME if rng.random() < IMPORT_SHARE else rng.randint(DATA_START, DATA_END - 1)

    def modified_time(self, created: int) -> int:
        """Imported records and ~30% of the rest were never edited after creation."""
        if created == IMPORT_TIME or self.rng.random() < 0.3:
            return created
        return self.rng.randint(created, DATA_END - 1)

    def time_after(self, start: int, empty_share: float = 0.0) -> int | None:
        if self.rng.random() < empty_share:
            return None
        return self.rng.randint(start, DATA_END - 1)

    def place(self, empty_share: float = 0.3) -> tuple[str, str, str | None, str, str] | None:
        """(street, city, state, postal code, country code) or None."""
        rng = self.rng
        if rng.random() < empty_share:
            return None
        city, state, postal_code, country = rng.choice(CITIES)
        return f"{rng.randint(1, 999)} {rng.choice(STREETS)}", city, state, postal_code, country

    def phone_number(self) -> str:
        return f"(415) 555-{self.rng.randint(0, 9999):04d}"  # 555-0100..0199 style fiction

    def tags(self) -> list[str]:
        return self.rng.sample(TAGS, self.rng.choice((0, 0, 1, 2)))

    def pick(self, values: Sequence[Any], empty_share: float = 0.0) -> Any:
        return None if self.rng.random() < empty_share else self.rng.choice(values)
