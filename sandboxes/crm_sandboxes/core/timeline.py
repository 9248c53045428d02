"""Fixed time span of generated data (so datasets are reproducible), timestamp formats and
id assignment."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence

DATA_START = 1685577600  # 2023-06-01T00:00:00Z
DATA_END = 1780272000  # 2026-06-01T00:00:00Z; every generated timestamp is earlier
DAY = 86_400


def mutation_time() -> int:
    """The wall clock for mutations, but never before the generated data."""
    return max(int(time.time()), DATA_END)


def assign_ids(created: Sequence[int], first_id: int, rng: random.Random) -> list[int]:
    """Ids that grow with creation time and skip a few values (records deleted long ago)."""
    ids = [0] * len(created)
    next_id = first_id
    for index in sorted(range(len(created)), key=created.__getitem__):
        ids[index] = next_id
        next_id += 1 if rng.random() < 0.9 else rng.randint(2, 6)
    return ids


def iso_utc(timestamp: float, millis: bool = False) -> str:
    """RFC 3339 UTC: `2024-01-01T00:00:00Z`, or with milliseconds `...00.000Z`."""
    text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(timestamp))
    if millis:
        return f"{text}.{int(timestamp * 1000) % 1000:03d}Z"
    return f"{text}Z"


def iso_date(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(timestamp))
