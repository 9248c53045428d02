"""Counters of one run, logged as a summary at the end."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class RunStats:
    records: int = 0
    events: int = 0
    conflicts: int = 0
    created_profiles: Counter[str] = field(default_factory=Counter)
    created_shells: Counter[str] = field(default_factory=Counter)
    merged_profiles: Counter[str] = field(default_factory=Counter)
    #: Profile rows updated, once per batch that changed them: a set of every updated id would
    #: grow with the store (~110 MB per million profiles) and break the memory bound.
    updated_profiles: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    ignored_streams: Counter[str] = field(default_factory=Counter)

    def created(self, entity: str, *, shell: bool) -> None:
        self.created_profiles[entity] += 1
        if shell:
            self.created_shells[entity] += 1

    def merged(self, entity: str) -> None:
        self.merged_profiles[entity] += 1

    def updated(self, entity: str) -> None:
        self.updated_profiles[entity] += 1

    def skip(self, stream: str, reason: str) -> None:
        self.skipped[f"{stream}: {reason}"] += 1

    def summary(self) -> str:
        parts = [f"{self.records} records"]
        for entity in ("user", "account"):
            parts.append(
                f"{entity}s created {self.created_profiles[entity]} "
                f"(shells {self.created_shells[entity]}), "
                f"updated {self.updated_profiles[entity]}, merged {self.merged_profiles[entity]}"
            )
        parts.append(f"events {self.events}")
        parts.append(f"external_id conflicts {self.conflicts}")
        skipped = ", ".join(f"{reason} x{n}" for reason, n in sorted(self.skipped.items()))
        parts.append(f"skipped {sum(self.skipped.values())}" + (f" ({skipped})" if skipped else ""))
        if self.ignored_streams:
            ignored = ", ".join(f"{s} x{n}" for s, n in sorted(self.ignored_streams.items()))
            parts.append(f"ignored streams: {ignored}")
        return "; ".join(parts)
