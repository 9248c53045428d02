"""Reading and writing profiles, claims and events in bulk (one round trip per kind)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import msgspec
from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from target_hull.profile import Group, Profile
from target_hull.store.schema import (
    PRIMARY_CLAIM,
    PROFILE_TABLES,
    attribute_groups,
    events,
    identities,
    merges,
    skips,
)

IdentityKey = tuple[str, str, str]  # (entity, kind, value)
_CHUNK = 500
_encode = msgspec.json.Encoder(decimal_format="number").encode
_decode = msgspec.json.decode


def dumps(value: Any) -> str:
    return _encode(value).decode()


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def load_identities(conn: Connection, keys: Iterable[IdentityKey]) -> dict[IdentityKey, str]:
    """Owners of the given claims (claims nobody holds are absent)."""
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entity, kind, value in keys:
        grouped[entity, kind].append(value)
    found: dict[IdentityKey, str] = {}
    t = identities.c
    for (entity, kind), values in grouped.items():
        for chunk in _chunks(values):
            query = select(t.value, t.profile_id).where(
                t.entity == entity, t.kind == kind, t.value.in_(chunk)
            )
            for value, profile_id in conn.execute(query):
                found[entity, kind, value] = profile_id
    return found


def load_profiles(conn: Connection, entity: str, ids: Iterable[str]) -> dict[str, Profile]:
    table = PROFILE_TABLES[entity]
    primary = table.c[PRIMARY_CLAIM[entity]]
    account = table.c.account_id if entity == "user" else None
    profiles: dict[str, Profile] = {}
    for chunk in _chunks(list(ids)):
        for row in conn.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            profiles[row["id"]] = Profile(
                entity,
                row["id"],
                primary=row[primary.name],
                external_id=row["external_id"],
                account_id=row[account.name] if account is not None else None,
                shell=bool(row["shell"]),
                created_at=row["created_at"],
                updated_at=row["updated_at"],
            )
    return profiles


def _upsert(conn: Connection, table: Any, rows: list[dict], keys: list[str]) -> None:
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    columns = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    conn.execute(statement.on_conflict_do_update(index_elements=keys, set_=columns), rows)


def _profile_row(profile: Profile, resolve: Any) -> dict[str, Any]:
    row = {
        "id": profile.id,
        PRIMARY_CLAIM[profile.entity]: profile.primary,
        "external_id": profile.external_id,
        "shell": profile.shell,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }
    if profile.entity == "user":
        row["account_id"] = resolve(profile.account_id) if profile.account_id else None
    return row


def save_profiles(conn: Connection, profiles: Iterable[Profile], resolve: Any) -> None:
    """Insert new and update changed profiles (``resolve`` maps merged ids to survivors)."""
    for entity, table in PROFILE_TABLES.items():
        chosen = [p for p in profiles if p.entity == entity and p.dirty]
        new = [_profile_row(p, resolve) for p in chosen if p.new]
        if new:
            conn.execute(insert(table), new)
        changed = [_profile_row(p, resolve) for p in chosen if not p.new]
        if changed:
            for row in changed:
                row["b_id"] = row.pop("id")
            values = {k: bindparam(k) for k in changed[0] if k != "b_id"}
            conn.execute(
                update(table).where(table.c.id == bindparam("b_id")).values(values), changed
            )


def apply_merge(conn: Connection, entity: str, survivor: str, loser: str, audit: dict) -> None:
    """Move what still points at the loser (claims, users, events) and record the merge."""
    conn.execute(
        update(identities)
        .where(identities.c.entity == entity, identities.c.profile_id == loser)
        .values(profile_id=survivor)
    )
    if entity == "account":
        users = PROFILE_TABLES["user"]
        conn.execute(update(users).where(users.c.account_id == loser).values(account_id=survivor))
    else:
        conn.execute(update(events).where(events.c.user_id == loser).values(user_id=survivor))
    table = PROFILE_TABLES[entity]
    conn.execute(delete(table).where(table.c.id == loser))
    groups = attribute_groups.c
    conn.execute(
        delete(attribute_groups).where(groups.entity == entity, groups.profile_id == loser)
    )
    conn.execute(insert(merges), [{**audit, "loser_snapshot": dumps(audit["loser_snapshot"])}])


def save_identities(conn: Connection, final: dict[IdentityKey, str | None]) -> None:
    """Bring changed claims to their final owner; None removes the claim."""
    gone = [key for key, owner in final.items() if owner is None]
    for entity, kind, value in gone:
        t = identities.c
        conn.execute(delete(identities).where(t.entity == entity, t.kind == kind, t.value == value))
    rows = [
        {"entity": e, "kind": k, "value": v, "profile_id": owner}
        for (e, k, v), owner in final.items()
        if owner is not None
    ]
    _upsert(conn, identities, rows, ["entity", "kind", "value"])


def save_events(conn: Connection, rows: list[dict[str, Any]]) -> None:
    _upsert(conn, events, rows, ["event_id"])


def save_skips(conn: Connection, rows: list[dict[str, Any]]) -> None:
    _upsert(conn, skips, rows, ["source", "stream", "record_key", "reason"])


GroupKey = tuple[str, str, str]  # (entity, profile_id, group)


def load_groups(
    conn: Connection, entity: str, profile_ids: Iterable[str], groups: Iterable[str] | None = None
) -> dict[GroupKey, Group]:
    """Stored attribute groups of those profiles (all groups, or only the named ones)."""
    t = attribute_groups.c
    names = None if groups is None else sorted(set(groups))
    found: dict[GroupKey, Group] = {}
    for chunk in _chunks(sorted(set(profile_ids))):
        query = select(t.profile_id, t.grp, t.attrs, t.meta).where(
            t.entity == entity, t.profile_id.in_(chunk)
        )
        if names is not None:
            query = query.where(t.grp.in_(names))
        for profile_id, group, attrs, meta in conn.execute(query):
            found[entity, profile_id, group] = Group(_decode(attrs), _decode(meta), stored=True)
    return found


def save_groups(conn: Connection, groups: dict[GroupKey, Group]) -> None:
    """Write changed groups; a group left empty is removed."""
    rows, empty = [], []
    for (entity, profile_id, group), state in groups.items():
        if not state.dirty:
            continue
        if state.attrs:
            rows.append(
                {
                    "entity": entity,
                    "profile_id": profile_id,
                    "grp": group,
                    "attrs": dumps(state.attrs),
                    "meta": dumps(state.meta),
                }
            )
        elif state.stored:
            empty.append((entity, profile_id, group))
    t = attribute_groups.c
    for entity, profile_id, group in empty:
        conn.execute(
            delete(attribute_groups).where(
                t.entity == entity, t.profile_id == profile_id, t.grp == group
            )
        )
    _upsert(conn, attribute_groups, rows, ["entity", "profile_id", "grp"])
