"""Buffers translated records of every stream in arrival order and commits them in batches."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine

from target_hull.groups import apply_groups
from target_hull.mapping import SourceMapping
from target_hull.mapping.translate import Clock, StreamTranslator, utc_now
from target_hull.normalize import normalize_domain
from target_hull.resolve import PRIMARY_KIND, BatchResolver, batch_keys
from target_hull.stats import RunStats
from target_hull.store import repository
from target_hull.store.engine import write_transaction
from target_hull.writes import RecordWrites, Skip

#: Records per transaction. Measured (bench/target_hull_bench.py): 1,000-2,500 are about 10%
#: faster than 10,000 and need ~90 MB less memory; a batch's objects stay in the CPU caches.
DEFAULT_BATCH_SIZE = 2_000
#: Seconds between progress lines at INFO level (every commit is logged at DEBUG).
PROGRESS_INTERVAL = 10.0


class Ingestor:
    """The one writer of a target-hull process; every sink hands its records to it."""

    def __init__(
        self,
        engine: Engine,
        mapping: SourceMapping,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        free_mail_domains: list[str] | None = None,
        logger: logging.Logger | None = None,
        clock: Clock = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.mapping = mapping
        self.batch_size = batch_size
        self.logger = logger or logging.getLogger("target-hull")
        self.clock = clock
        self.stats = RunStats()
        extra = frozenset(filter(None, (normalize_domain(d) for d in free_mail_domains or ())))
        self.translators = {
            name: StreamTranslator(mapping.source, stream, extra, clock)
            for name, stream in mapping.streams.items()
        }
        self.pending: list[RecordWrites] = []
        self.skipped: list[Skip] = []
        self.committed = 0
        self._monotonic = monotonic
        self._started = monotonic()
        self._last_progress: float | None = None

    def covers(self, stream: str) -> bool:
        return stream in self.translators

    def add(self, stream: str, record: dict[str, Any]) -> None:
        """Translate one record; it is written at the next flush."""
        translator = self.translators.get(stream)
        if translator is None:
            self.stats.ignored_streams[stream] += 1
            return
        self.stats.records += 1
        result = translator.translate(record)
        if isinstance(result, Skip):
            self._skip(result)
        else:
            self.pending.append(result)

    def _skip(self, skip: Skip) -> None:
        self.stats.skip(skip.stream, skip.reason)
        self.skipped.append(skip)
        log = self.logger.debug if skip.expected else self.logger.info
        log("Skipped stream '%s' record %s: %s", skip.stream, skip.key, skip.reason)

    @property
    def size(self) -> int:
        return len(self.pending) + len(self.skipped)

    @property
    def is_full(self) -> bool:
        return self.size >= self.batch_size

    def flush(self) -> None:
        """Resolve and commit everything buffered, in one transaction."""
        if not self.size:
            return
        now = self.clock().isoformat()
        batch, skipped = self.pending, self.skipped
        received = len(batch) + len(skipped)
        with write_transaction(self.engine) as conn:
            repository.refresh_statistics(conn)
            resolver = self._resolve(conn, batch, now)
            for skip in resolver.skipped:
                self._skip(skip)  # appends to `skipped`
            groups = apply_groups(conn, resolver)
            result = resolver.resolution()
            repository.apply_merges(conn, result.merges, result.resolve)
            repository.save_profiles(conn, result.profiles, result.resolve)
            repository.save_groups(conn, groups)
            repository.save_identities(conn, result.identities)
            repository.save_events(conn, result.events)
            repository.save_skips(conn, self._skip_rows(skipped, now))
        self.pending, self.skipped = [], []
        self._progress(received, len(skipped))

    def _progress(self, received: int, skipped: int) -> None:
        """One INFO line at the first commit and then every `PROGRESS_INTERVAL` seconds."""
        self.committed += received
        now = self._monotonic()
        quiet = self._last_progress is not None and now - self._last_progress < PROGRESS_INTERVAL
        if not quiet:
            self._last_progress = now
        rate = self.committed / max(now - self._started, 1e-9)
        (self.logger.debug if quiet else self.logger.info)(
            "Committed %d records so far (%.0f records/s since the start); last batch %d records, "
            "%d skipped.",
            self.committed,
            rate,
            received,
            skipped,
        )

    def _resolve(self, conn: Connection, batch: list[RecordWrites], now: str) -> BatchResolver:
        """Fetch the claims and profiles the batch touches, then resolve every write."""
        index = repository.load_identities(conn, batch_keys(batch))
        profiles = {}
        for entity in ("user", "account"):
            ids = {pid for (e, _, _), pid in index.items() if e == entity}
            profiles.update(repository.load_profiles(conn, entity, ids))
        for profile in profiles.values():  # their own claims are known to the index too
            if profile.primary:
                index[profile.entity, PRIMARY_KIND[profile.entity], profile.primary] = profile.id
            if profile.external_id:
                index[profile.entity, "external_id", profile.external_id] = profile.id
        resolver = BatchResolver(self.mapping.source, index, profiles, now, self.stats, self.logger)
        for record in batch:
            resolver.apply(record)
        return resolver

    def _skip_rows(self, skipped: list[Skip], now: str) -> list[dict[str, Any]]:
        unique = {(s.stream, s.key, s.reason): s for s in skipped}
        return [
            {
                "source": self.mapping.source,
                "stream": stream,
                "record_key": key,
                "reason": reason,
                "last_seen_at": now,
            }
            for stream, key, reason in unique
        ]
