"""Identity resolution: which profile each write lands on, and when two profiles merge.

Rules (Hull's, made deterministic):
- claims rank external_id > email (users) / domain (accounts) > anonymous_id;
- no match creates a profile (a *shell* when the write only references the entity);
- claims matching several profiles merge them into the highest-ranked match (tie: the older),
  unless both carry different external_ids: then nothing merges, the record lands on the
  highest-ranked match and the conflict is logged;
- a profile holds one external_id (never replaced), one e-mail/domain (the latest wins) and
  any number of anonymous_ids.

A batch is resolved in memory against the claims and profiles it touches (fetched in bulk),
then written back in one transaction by :mod:`target_hull.store.repository`.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from target_hull.profile import Profile
from target_hull.stats import RunStats
from target_hull.store.repository import IdentityKey, dumps
from target_hull.writes import Claims, EventWrite, ProfileWrite, RecordWrites, Skip

PRIMARY_KIND = {"user": "email", "account": "domain"}


_last_ns = [0]  # the time part of the latest id this process made


def new_profile_id() -> str:
    """32 hex digits that sort by creation time, so new rows land together in every index
    (fewer pages touched per batch than random ids: this matters on large stores). The 64 random
    bits need not be secret, only distinct between writers: `random` is seeded from the OS (and
    reseeded in a forked child), and much cheaper than `secrets` per id. Within a process they
    strictly increase, even when the wall clock steps back: an older profile has a lower id."""
    _last_ns[0] = max(time.time_ns(), _last_ns[0] + 1)
    return f"{_last_ns[0]:016x}{random.getrandbits(64):016x}"


@dataclass
class Merge:
    entity: str
    survivor: str
    loser: str
    audit: dict[str, Any]


@dataclass
class Assignment:
    """Attributes a write sets on one group of a profile (applied after resolution)."""

    entity: str
    profile_id: str
    group: str
    values: dict[str, Any]
    only_if_empty: bool = False
    version: str | None = None


@dataclass
class Resolution:
    """What a batch changes, ready to be written."""

    profiles: list[Profile] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    identities: dict[IdentityKey, str] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    resolve: Callable[[str], str] = field(default=lambda profile_id: profile_id)


def claim_keys(claims: Claims, entity: str) -> list[tuple[int, IdentityKey]]:
    """The claims as (rank, index key), highest rank first."""
    keys: list[tuple[int, IdentityKey]] = []
    if claims.external_id:
        keys.append((0, (entity, "external_id", claims.external_id)))
    if claims.primary:
        keys.append((1, (entity, PRIMARY_KIND[entity], claims.primary)))
    for anonymous_id in claims.anonymous_ids:
        keys.append((2, (entity, "anonymous_id", anonymous_id)))
    return keys


def batch_keys(batch: list[RecordWrites]) -> set[IdentityKey]:
    """Every claim a batch mentions (fetched before resolution starts)."""
    keys: set[IdentityKey] = set()
    for record in batch:
        for write in record.writes:
            if isinstance(write, EventWrite):
                keys.update(k for _, k in claim_keys(write.user, "user"))
                continue
            keys.update(k for _, k in claim_keys(write.claims, write.entity))
            if write.account:
                keys.update(k for _, k in claim_keys(write.account, "account"))
    return keys


class BatchResolver:
    """Resolves one batch in memory; ``index`` and ``profiles`` are prefetched from the store."""

    def __init__(
        self,
        source: str,
        index: dict[IdentityKey, str],
        profiles: dict[str, Profile],
        now: str,
        stats: RunStats,
        logger: logging.Logger,
    ) -> None:
        self.source = source
        self.index: dict[IdentityKey, str] = dict(index)
        self._stored = index
        self.profiles = profiles
        self.now = now
        self.stats = stats
        self.logger = logger
        self.redirect: dict[str, str] = {}
        self.touched: set[IdentityKey] = set()
        self.merges: list[Merge] = []
        self.assignments: list[Assignment] = []
        self.events: dict[str, dict[str, Any]] = {}
        self.skipped: list[Skip] = []

    # lookups --------------------------------------------------------------------------------

    def find(self, profile_id: str) -> str:
        """The id a (possibly merged) profile lives on now."""
        while profile_id in self.redirect:
            profile_id = self.redirect[profile_id]
        return profile_id

    def owner(self, key: IdentityKey) -> Profile | None:
        profile_id = self.index.get(key)
        return None if profile_id is None else self.profiles[self.find(profile_id)]

    def _claim(self, key: IdentityKey, profile: Profile) -> None:
        self.index[key] = profile.id
        self.touched.add(key)

    # writes ---------------------------------------------------------------------------------

    def apply(self, record: RecordWrites) -> None:
        for write in record.writes:
            if isinstance(write, EventWrite):
                self._event(write, record)
            else:
                self.upsert(write, record)

    def upsert(self, write: ProfileWrite, record: RecordWrites) -> Profile | None:
        entity = write.entity
        keys = claim_keys(write.claims, entity)
        matches: dict[str, tuple[int, Profile, IdentityKey]] = {}
        for rank, key in keys:
            found = self.owner(key)
            if found is not None and found.id not in matches:
                matches[found.id] = (rank, found, key)
        if not matches:
            if write.deletion:
                self.skipped.append(
                    Skip(record.stream, record.key, "deletion of an unknown profile")
                )
                return None
            profile = self._create(entity, shell=not write.real)
        else:
            ranked = sorted(matches.values(), key=lambda m: (m[0], m[1].created_at, m[1].id))
            profile = ranked[0][1]
            for _, other, key in ranked[1:]:
                self._merge_or_refuse(profile, self.profiles[self.find(other.id)], key, record)
        self._assign_claims(profile, keys, write, record)
        if write.real and profile.shell:
            profile.shell = False
            profile.dirty = True
        if write.group is not None:
            self.assignments.append(
                Assignment(entity, profile.id, write.group, write.attributes, version=write.version)
            )
        if write.top_level:
            self.assignments.append(
                Assignment(entity, profile.id, "", write.top_level, only_if_empty=True)
            )
        if write.account is not None:
            self._link(profile, write.account, record)
        return profile

    def _create(self, entity: str, *, shell: bool) -> Profile:
        profile = Profile(
            entity,
            new_profile_id(),
            shell=shell,
            created_at=self.now,
            updated_at=self.now,
            new=True,
        )
        self.profiles[profile.id] = profile
        self.stats.created(entity, shell=shell)
        return profile

    def _assign_claims(
        self,
        profile: Profile,
        keys: list[tuple[int, IdentityKey]],
        write: ProfileWrite,
        record: RecordWrites,
    ) -> None:
        rank, source = write.primary_rank, write.source_object
        for claim_rank, key in keys:
            holder = self.owner(key)
            _, kind, value = key
            if holder is profile:
                vouched = (profile.primary_rank, profile.primary_source) == (rank, source)
                if claim_rank == 1 and not vouched and profile.yields_primary_to(rank, source):
                    profile.take_primary(value, rank, source)  # a higher object asserts it too
                continue
            if holder is not None:  # held by a profile we refused to merge with
                continue
            if kind == "external_id":
                if profile.external_id is None:
                    profile.external_id = value
                elif profile.external_id != value:
                    self._conflict(record, profile.external_id, value)
                    continue
            elif claim_rank == 1 and profile.yields_primary_to(rank, source):
                # the profile's e-mail/domain; the one it replaces still identifies it
                profile.take_primary(value, rank, source)
            self._claim(key, profile)
            profile.dirty = True

    def _merge_or_refuse(
        self, survivor: Profile, loser: Profile, key: IdentityKey, record: RecordWrites
    ) -> None:
        if survivor is loser:
            return
        if survivor.external_id and loser.external_id and survivor.external_id != loser.external_id:
            self._conflict(record, survivor.external_id, loser.external_id, loser)
            return
        self._merge(survivor, loser, key, record)

    def _conflict(
        self, record: RecordWrites, kept: str, other: str, holder: Profile | None = None
    ) -> None:
        self.stats.conflicts += 1
        where = f"another profile ({holder.id})" if holder else "this record"
        self.logger.warning(
            "Not merging: stream '%s' record %s matches a profile with external_id %r while "
            "%s carries external_id %r; the record lands on the first profile.",
            record.stream,
            record.key,
            kept,
            where,
            other,
        )

    def _merge(
        self, survivor: Profile, loser: Profile, key: IdentityKey, record: RecordWrites
    ) -> None:
        entity, kind, value = key
        snapshot = loser.snapshot()
        self.redirect[loser.id] = survivor.id
        if loser.external_id and survivor.external_id is None:
            survivor.external_id = loser.external_id
        # one e-mail/domain per profile, the higher-ranked object's; both keep identifying it
        if (
            loser.primary
            and loser.primary != survivor.primary
            and survivor.yields_primary_to(loser.primary_rank, loser.primary_source)
        ):
            survivor.take_primary(loser.primary, loser.primary_rank, loser.primary_source)
        if survivor.account_id is None:
            survivor.account_id = loser.account_id
        survivor.shell = survivor.shell and loser.shell
        survivor.created_at = min(survivor.created_at, loser.created_at)
        survivor.dirty = True
        loser.dirty = False
        self.stats.merged(entity)
        self.merges.append(
            Merge(
                entity,
                survivor.id,
                loser.id,
                {
                    "entity": entity,
                    "survivor_id": survivor.id,
                    "loser_id": loser.id,
                    "claim_kind": kind,
                    "claim_value": value,
                    "source": self.source,
                    "stream": record.stream,
                    "record_key": record.key,
                    "loser_snapshot": snapshot,
                    "merged_at": self.now,
                },
            )
        )

    def _link(self, user: Profile, claims: Claims, record: RecordWrites) -> None:
        account = self.upsert(ProfileWrite("account", claims, None, {}, real=False), record)
        if account is not None and user.account_id != account.id:
            user.account_id = account.id
            user.dirty = True

    def _event(self, write: EventWrite, record: RecordWrites) -> None:
        user = self.upsert(ProfileWrite("user", write.user, None, {}, real=False), record)
        if user is None:
            return
        self.events[write.event_id] = {
            "event_id": write.event_id,
            "user_id": user.id,
            "event": write.event,
            "properties": write.properties,
            "source": write.source,
            "type": write.type,
            "created_at": write.created_at,
        }
        self.stats.events += 1

    # result ---------------------------------------------------------------------------------

    def resolution(self) -> Resolution:
        """What to write: live profiles, merges in order, changed claims, events."""
        find = self.find
        identities: dict[IdentityKey, str] = {}
        for key in self.touched:  # claims are only ever given, never taken back
            final = find(self.index[key])
            stored = self._stored.get(key)
            if stored is None or final != find(stored):
                identities[key] = final
        live = [p for p in self.profiles.values() if p.dirty and p.id not in self.redirect]
        for profile in live:
            if not profile.new:
                profile.updated_at = self.now
                self.stats.updated(profile.entity)
        events = list(self.events.values())
        for event in events:
            event["user_id"] = find(event["user_id"])
            event["properties"] = dumps(event["properties"])
        return Resolution(live, self.merges, identities, events, find)
