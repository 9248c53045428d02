"""Reading and writing profiles, claims and events in bulk (one round trip per kind)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import msgspec
from sqlalchemy import Connection, delete, insert

from target_hull.profile import Group, Profile
from target_hull.store.schema import (
    PRIMARY_CLAIM,
    PROFILE_TABLES,
    attribute_groups,
    events,
    identities,
    skips,
)
from target_hull.store.schema import merges as merges_table

IdentityKey = tuple[str, str, str]  # (entity, kind, value)
_CHUNK = 500
_encode = msgspec.json.Encoder(decimal_format="number").encode
_decode = msgspec.json.decode


def dumps(value: Any) -> str:
    return _encode(value).decode()


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _rows_in(conn: Connection, sql: str, params: tuple, values: list) -> Iterator[tuple]:
    """Rows of ``sql`` for ``values``, straight from the driver (the batch's hot reads). ``sql``
    marks parameters with ``{p}`` and ends with ``IN ({values})``: SQLite gets the values in
    chunks of parameters, PostgreSQL as one array (one statement whose plan is reused, instead of
    planning an ``IN`` list of 500 parameters per chunk: half the time per lookup)."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if conn.dialect.paramstyle == "qmark":
            for chunk in _chunks(values):
                cursor.execute(
                    sql.format(p="?", values=", ".join(["?"] * len(chunk))), (*params, *chunk)
                )
                yield from cursor.fetchall()
        elif values:
            cursor.execute(
                sql.format(p="%s", values="SELECT unnest(%s::text[])"), (*params, values)
            )
            yield from cursor.fetchall()
    finally:
        cursor.close()


def load_identities(conn: Connection, keys: Iterable[IdentityKey]) -> dict[IdentityKey, str]:
    """Owners of the given claims (claims nobody holds are absent)."""
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entity, kind, value in keys:
        grouped[entity, kind].append(value)
    found: dict[IdentityKey, str] = {}
    sql = (
        "SELECT value, profile_id FROM identities "
        "WHERE entity = {p} AND kind = {p} AND value IN ({values})"
    )
    for (entity, kind), values in grouped.items():
        for value, profile_id in _rows_in(conn, sql, (entity, kind), values):
            found[entity, kind, value] = profile_id
    return found


def load_profiles(conn: Connection, entity: str, ids: Iterable[str]) -> dict[str, Profile]:
    table = PROFILE_TABLES[entity].name
    primary = PRIMARY_CLAIM[entity]
    account = "account_id" if entity == "user" else "NULL"
    sql = (
        f"SELECT id, {primary}, primary_source, primary_rank, external_id, shell, created_at, "
        f"updated_at, {account} "
        f"FROM {table} WHERE id IN ({{values}})"
    )
    profiles: dict[str, Profile] = {}
    for row in _rows_in(conn, sql, (), list(ids)):
        id_, primary_value, source, rank, external_id, shell, created, updated, account_id = row
        profiles[id_] = Profile(
            entity,
            id_,
            primary=primary_value,
            primary_source=source,
            primary_rank=rank,
            external_id=external_id,
            account_id=account_id,
            shell=bool(shell),
            created_at=created,
            updated_at=updated,
        )
    return profiles


def _upsert(
    conn: Connection, table: Any, columns: tuple[str, ...], keys: tuple[str, ...], rows: list
) -> None:
    """INSERT … ON CONFLICT DO UPDATE for many rows (tuples in ``columns`` order), sent straight
    to the driver: the hot path of every batch, so no per-row SQLAlchemy processing."""
    if not rows:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(f'"{c}"' for c in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in keys)
    conn.exec_driver_sql(
        f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join([mark] * len(columns))}) '
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}",
        rows,
    )


def refresh_statistics(conn: Connection) -> None:
    """PostgreSQL: ANALYZE the hot tables once they have changed by half since their last
    ANALYZE. A first load outruns autovacuum, and without statistics the planner reads every claim
    of a kind for each lookup, so each batch got slower as the store grew (100k records: 116 s
    before, 16 s with this)."""
    if conn.dialect.name != "postgresql":
        return
    grown = conn.exec_driver_sql(
        "SELECT relname FROM pg_stat_user_tables WHERE relid = ANY(%s::regclass[]) "
        "AND n_mod_since_analyze > GREATEST(1000, n_live_tup / 2)",
        (["identities", "users", "accounts", "attribute_groups", "events"],),
    ).scalars()
    for table in grown:
        conn.exec_driver_sql(f'ANALYZE "{table}"')


_PROFILE_COLUMNS = {
    "user": (
        "id", "email", "primary_source", "primary_rank", "external_id", "account_id",
        "shell", "created_at", "updated_at",
    ),
    "account": (
        "id", "domain", "primary_source", "primary_rank", "external_id",
        "shell", "created_at", "updated_at",
    ),
}  # fmt: skip


def save_profiles(conn: Connection, profiles: Iterable[Profile], resolve: Any) -> None:
    """Insert new and update changed profiles (``resolve`` maps merged ids to survivors)."""
    rows: dict[str, list[tuple]] = {"user": [], "account": []}
    for p in profiles:
        if not p.dirty:
            continue
        if p.entity == "user":
            account = resolve(p.account_id) if p.account_id else None
            rows["user"].append((
                p.id, p.primary, p.primary_source, p.primary_rank, p.external_id, account,
                p.shell, p.created_at, p.updated_at,
            ))  # fmt: skip
        else:
            rows["account"].append((
                p.id, p.primary, p.primary_source, p.primary_rank, p.external_id,
                p.shell, p.created_at, p.updated_at,
            ))  # fmt: skip
    for entity, table in PROFILE_TABLES.items():
        _upsert(conn, table, _PROFILE_COLUMNS[entity], ("id",), rows[entity])


def apply_merges(conn: Connection, merges: list, resolve: Any) -> None:
    """Move what still points at each loser (claims, users, events) to its final survivor,
    delete the losers and record every merge. ``resolve`` follows chains of merges, so the
    statements are independent of each other and go out as one executemany each."""
    if not merges:
        return
    moves = [(resolve(m.loser), m.entity, m.loser) for m in merges]
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"

    def run(sql: str, rows: list[tuple]) -> None:
        if rows:
            conn.exec_driver_sql(sql, rows)

    run(
        f"UPDATE identities SET profile_id = {mark} WHERE entity = {mark} AND profile_id = {mark}",
        moves,
    )
    run(
        f"UPDATE users SET account_id = {mark} WHERE account_id = {mark}",
        [(survivor, loser) for survivor, entity, loser in moves if entity == "account"],
    )
    run(
        f"UPDATE events SET user_id = {mark} WHERE user_id = {mark}",
        [(survivor, loser) for survivor, entity, loser in moves if entity == "user"],
    )
    for entity, table in PROFILE_TABLES.items():
        run(
            f"DELETE FROM {table.name} WHERE id = {mark}",
            [(loser,) for _, kind, loser in moves if kind == entity],
        )
    run(
        f"DELETE FROM attribute_groups WHERE entity = {mark} AND profile_id = {mark}",
        [(entity, loser) for _, entity, loser in moves],
    )
    conn.execute(
        insert(merges_table),
        [{**m.audit, "loser_snapshot": dumps(m.audit["loser_snapshot"])} for m in merges],
    )


def save_identities(conn: Connection, final: dict[IdentityKey, str]) -> None:
    """Bring new and moved claims to their owner."""
    rows = [(e, k, v, owner) for (e, k, v), owner in final.items()]
    _upsert(
        conn,
        identities,
        ("entity", "kind", "value", "profile_id"),
        ("entity", "kind", "value"),
        rows,
    )


_EVENT_COLUMNS = ("event_id", "user_id", "event", "properties", "source", "type", "created_at")


def save_events(conn: Connection, rows: list[dict[str, Any]]) -> None:
    _upsert(
        conn,
        events,
        _EVENT_COLUMNS,
        ("event_id",),
        [tuple(r[c] for c in _EVENT_COLUMNS) for r in rows],
    )


_SKIP_COLUMNS = ("source", "stream", "record_key", "reason", "last_seen_at")


def save_skips(conn: Connection, rows: list[dict[str, Any]]) -> None:
    _upsert(
        conn,
        skips,
        _SKIP_COLUMNS,
        _SKIP_COLUMNS[:-1],
        [tuple(r[c] for c in _SKIP_COLUMNS) for r in rows],
    )


def decode_meta(attrs: str | bytes, meta: str | bytes) -> dict[str, list[str]]:
    """``{attr: [source, updated_at]}`` of a stored group."""
    return Group.decode(_decode(attrs), _decode(meta)).stamps_by_attr()


GroupKey = tuple[str, str, str]  # (entity, profile_id, group)


def load_groups(
    conn: Connection, entity: str, profile_ids: Iterable[str], groups: Iterable[str] | None = None
) -> dict[GroupKey, Group]:
    """Stored attribute groups of those profiles (all groups, or only the named ones)."""
    sql = "SELECT profile_id, grp, attrs, meta FROM attribute_groups WHERE entity = {p}"
    params: tuple = (entity,)
    if groups is not None:
        names = sorted(set(groups))
        sql += f" AND grp IN ({', '.join(['{p}'] * len(names))})"
        params += tuple(names)
    found: dict[GroupKey, Group] = {}
    rows = _rows_in(conn, sql + " AND profile_id IN ({values})", params, sorted(set(profile_ids)))
    for profile_id, group, attrs, meta in rows:
        found[entity, profile_id, group] = Group.decode(_decode(attrs), _decode(meta))
    return found


def save_groups(conn: Connection, groups: dict[GroupKey, Group]) -> None:
    """Write changed groups; a group left empty is removed."""
    rows, empty = [], []
    for (entity, profile_id, group), state in groups.items():
        if not state.dirty:
            continue
        if state.attrs:
            rows.append(
                (entity, profile_id, group, dumps(state.attrs), dumps(state.encoded_meta()))
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
    _upsert(
        conn,
        attribute_groups,
        ("entity", "profile_id", "grp", "attrs", "meta"),
        ("entity", "profile_id", "grp"),
        rows,
    )
