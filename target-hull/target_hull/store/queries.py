"""The read side of the store, shaped as the `hull` command prints it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import msgspec
from sqlalchemy import Connection, func, select

from target_hull.store.repository import decode_meta
from target_hull.store.schema import (
    accounts,
    attribute_groups,
    events,
    identities,
    merges,
    skips,
    users,
)

_decode = msgspec.json.decode
_PAGE = 5_000


def _anonymous_ids(conn: Connection, entity: str, ids: list[str]) -> dict[str, list[str]]:
    t = identities.c
    found: dict[str, list[str]] = defaultdict(list)
    query = (
        select(t.profile_id, t.value)
        .where(t.entity == entity, t.kind == "anonymous_id", t.profile_id.in_(ids))
        .order_by(t.value)
    )
    for profile_id, value in conn.execute(query):
        found[profile_id].append(value)
    return found


def _attributes(conn: Connection, entity: str, ids: list[str]) -> dict[str, tuple[dict, dict]]:
    """``{"group/attr": value}`` and ``{"group/attr": [source, updated_at]}`` per profile."""
    t = attribute_groups.c
    found: dict[str, tuple[dict, dict]] = defaultdict(lambda: ({}, {}))
    query = (
        select(t.profile_id, t.grp, t.attrs, t.meta)
        .where(t.entity == entity, t.profile_id.in_(ids))
        .order_by(t.profile_id, t.grp)
    )
    for profile_id, group, attrs, meta in conn.execute(query):
        values, stamps = found[profile_id]
        prefix = f"{group}/" if group else ""
        values.update((prefix + k, v) for k, v in _decode(attrs).items())
        stamps.update((prefix + k, v) for k, v in decode_meta(attrs, meta).items())
    return found


def _profiles(conn: Connection, entity: str, where: Any = None) -> Iterator[dict[str, Any]]:
    table = users if entity == "user" else accounts
    query = select(table).order_by(table.c.created_at, table.c.id)
    if where is not None:
        query = query.where(where)
    rows = conn.execute(query).mappings()
    while page := rows.fetchmany(_PAGE):
        ids = [r["id"] for r in page]
        anonymous = _anonymous_ids(conn, entity, ids)
        attributes = _attributes(conn, entity, ids)
        for row in page:
            profile = {
                "id": row["id"],
                ("email" if entity == "user" else "domain"): row[
                    "email" if entity == "user" else "domain"
                ],
                "external_id": row["external_id"],
                "anonymous_ids": anonymous.get(row["id"], []),
            }
            if entity == "user":
                profile["account_id"] = row["account_id"]
            values, stamps = attributes.get(row["id"], ({}, {}))
            profile.update(
                shell=bool(row["shell"]),
                attributes=values,
                attribute_meta=stamps,  # {attr: [source, updated_at]}
                created_at=row["created_at"],
                updated_at=row["updated_at"],
            )
            yield profile


def iter_users(conn: Connection, where: Any = None) -> Iterator[dict[str, Any]]:
    return _profiles(conn, "user", where)


def iter_accounts(conn: Connection, where: Any = None) -> Iterator[dict[str, Any]]:
    return _profiles(conn, "account", where)


def iter_events(
    conn: Connection, user_id: str | None = None, limit: int | None = None
) -> Iterator[dict]:
    query = select(events).order_by(events.c.created_at.desc(), events.c.event_id)
    if user_id is not None:
        query = query.where(events.c.user_id == user_id)
    if limit is not None:
        query = query.limit(limit)
    for row in conn.execute(query).mappings():
        yield {**row, "properties": _decode(row["properties"])}


def counts(conn: Connection) -> dict[str, Any]:
    def count(table: Any, *where: Any) -> int:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()

    reasons = conn.execute(
        select(skips.c.stream, skips.c.reason, func.count()).group_by(
            skips.c.stream, skips.c.reason
        )
    ).all()
    return {
        "users": count(users),
        "shell_users": count(users, users.c.shell.is_(True)),
        "accounts": count(accounts),
        "shell_accounts": count(accounts, accounts.c.shell.is_(True)),
        "users_with_account": count(users, users.c.account_id.is_not(None)),
        "events": count(events),
        "merges": {
            "user": count(merges, merges.c.entity == "user"),
            "account": count(merges, merges.c.entity == "account"),
        },
        "skips": {f"{stream}: {reason}": n for stream, reason, n in reasons},
    }
