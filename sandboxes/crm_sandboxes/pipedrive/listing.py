"""Pipedrive list paging: v2 keyset cursors and v1 `start`/`limit` offsets, with filters.

Timestamps are compared as strings: every record of an entity uses one fixed format, and
query bounds are rewritten into that format (rounded up, which keeps `>=`/`<` exact).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from crm_sandboxes.core.store import DataStore, Record
from crm_sandboxes.core.timeline import iso_utc

Predicate = Callable[[Record], bool]
MAX_LIMIT = 500
DEFAULT_LIMIT = 100
V2_SORTS = ("id", "update_time", "add_time")
INT_FILTERS = {  # v2 query parameter -> record field, per entity
    "persons": ("owner_id", "org_id"),
    "organizations": ("owner_id",),
    "deals": ("owner_id", "person_id", "org_id", "pipeline_id", "stage_id"),
    "activities": ("owner_id", "person_id", "org_id", "deal_id"),
    "pipelines": (),
    "stages": ("pipeline_id",),
}
LEAD_SORTS = ("id", "title", "owner_id", "creator_id", "was_seen", "expected_close_date",
              "next_activity_id", "add_time", "update_time")  # fmt: skip
LEAD_FILTERS = ("owner_id", "person_id", "organization_id")
DEAL_STATUSES = ("open", "won", "lost", "deleted")


class BadRequest(ValueError):
    pass


@dataclass
class V2Query:
    limit: int
    sort_by: str
    descending: bool
    after: tuple[Any, ...] | None  # sort key of the last record already served
    predicates: list[Predicate]


def parse_v2(entity: str, query: dict[str, str], predicates: list[Predicate]) -> V2Query:
    """`limit`, `cursor`, `sort_by`, `sort_direction`, `updated_since`/`until`, `ids` and the
    entity's id filters (unknown parameters are ignored)."""
    limit = _int(query, "limit", DEFAULT_LIMIT)
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"Parameter 'limit' must be between 1 and {MAX_LIMIT}")
    sorts = (*V2_SORTS, "due_date") if entity == "activities" else V2_SORTS
    sort_by = query.get("sort_by", "id")
    if sort_by not in sorts:
        raise BadRequest(f"Parameter 'sort_by' must be one of: {', '.join(sorts)}")
    direction = query.get("sort_direction", "asc")
    if direction not in ("asc", "desc"):
        raise BadRequest("Parameter 'sort_direction' must be asc or desc")
    predicates = [*predicates, *_time_window(query, "update_time", millis=False)]
    if "ids" in query:
        ids = {_int({"ids": part}, "ids") for part in query["ids"].split(",") if part}
        if len(ids) > 100:
            raise BadRequest("Parameter 'ids' accepts at most 100 ids")
        predicates.append(lambda r: r["id"] in ids)
    for name in INT_FILTERS[entity]:
        if name in query:
            predicates.append(_equals(name, _int(query, name)))
    after = _decode_cursor(query["cursor"], sort_by, direction) if "cursor" in query else None
    return V2Query(limit, sort_by, direction == "desc", after, predicates)


def run_v2(store: DataStore, entity: str, query: V2Query) -> tuple[list[Record], str | None]:
    """One page and the cursor of the next one (None at the end). Keyset paging: a record
    updated during a sync moves behind the cursor instead of shifting later pages."""
    field = query.sort_by

    def key(record: Record) -> tuple[Any, ...]:
        value = record[field]
        return (value is None, "" if value is None else value, record["id"])

    view = store.sorted_view(entity, field, key)  # ascending; walked backwards for desc
    if query.descending:
        end = len(view) if query.after is None else bisect_left(view, query.after, key=key)
        positions: Iterable[int] = range(end - 1, -1, -1)
    else:
        start = 0 if query.after is None else bisect_right(view, query.after, key=key)
        positions = range(start, len(view))
    page: list[Record] = []
    for position in positions:
        record = view[position]
        if all(predicate(record) for predicate in query.predicates):
            if len(page) == query.limit:
                last = page[-1]
                return page, _encode_cursor(field, last[field], query.descending, last["id"])
            page.append(record)
    return page, None


def deal_statuses(query: dict[str, str]) -> Predicate:
    """`status` (comma list of open, won, lost, deleted); without it deleted deals are hidden."""
    wanted = set(query.get("status", "open,won,lost").split(","))
    if not wanted <= set(DEAL_STATUSES):
        raise BadRequest(f"Parameter 'status' must be a list of: {', '.join(DEAL_STATUSES)}")
    return lambda r: r["status"] in wanted


def parse_v1_page(query: dict[str, str]) -> tuple[int, int]:
    start, limit = _int(query, "start", 0), _int(query, "limit", DEFAULT_LIMIT)
    if start < 0 or not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"'start' must be >= 0 and 'limit' between 1 and {MAX_LIMIT}")
    return start, limit


def v1_page(records: list[Record], start: int, limit: int) -> tuple[list[Record], Record]:
    """A page and `additional_data.pagination`."""
    page = records[start : start + limit]
    more = start + limit < len(records)
    pagination: Record = {"start": start, "limit": limit, "more_items_in_collection": more}
    if more:
        pagination["next_start"] = start + limit
    return page, {"pagination": pagination}


def list_leads(store: DataStore, query: dict[str, str], archived: bool) -> list[Record]:
    """Leads matching `updated_since`, the id filters and `sort` ("field ASC|DESC"; default:
    creation time, oldest first)."""
    predicates = [lambda r: r["is_archived"] == archived]
    predicates += _time_window(query, "update_time", millis=True)
    for name in LEAD_FILTERS:
        if name in query:
            predicates.append(_equals(name, _int(query, name)))
    field, _, direction = query.get("sort", "add_time ASC").strip().partition(" ")
    direction = direction.strip().upper() or "ASC"
    if field not in LEAD_SORTS or direction not in ("ASC", "DESC"):
        raise BadRequest(
            f"'sort' must be '<field> ASC|DESC' with a field of {', '.join(LEAD_SORTS)}"
        )

    def key(record: Record) -> tuple[Any, ...]:
        value = record[field]
        return (value is None, "" if value is None else value, record["id"])

    view = store.sorted_view("leads", field, key, reverse=direction == "DESC")
    return [r for r in view if all(p(r) for p in predicates)]


def _time_window(query: dict[str, str], field: str, millis: bool) -> list[Predicate]:
    """`updated_since` (inclusive) and `updated_until` (exclusive), RFC 3339."""
    predicates: list[Predicate] = []
    if "updated_since" in query:
        since = _bound(query, "updated_since", millis)
        predicates.append(lambda r: r[field] >= since)
    if "updated_until" in query:
        until = _bound(query, "updated_until", millis)
        predicates.append(lambda r: r[field] < until)
    return predicates


def _bound(query: dict[str, str], name: str, millis: bool) -> str:
    text = query[name].strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"Parameter '{name}' must be an RFC 3339 date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    seconds = moment.timestamp()
    if millis:
        return iso_utc(math.ceil(round(seconds * 1000, 3)) / 1000, millis=True)
    return iso_utc(math.ceil(seconds))


def _equals(field: str, value: int) -> Predicate:
    return lambda r: r[field] == value


def _int(query: dict[str, str], name: str, default: int | None = None) -> int:
    value = query.get(name)
    if value is None and default is not None:
        return default
    try:
        return int(value or "")
    except ValueError:
        raise BadRequest(f"Parameter '{name}' must be an integer") from None


def _encode_cursor(field: str, value: Any, descending: bool, record_id: int) -> str:
    direction = "desc" if descending else "asc"
    payload = {"field": field, "fieldValue": value, "sortDirection": direction, "id": record_id}
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


def _decode_cursor(cursor: str, field: str, direction: str) -> tuple[Any, ...]:
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        value, record_id = payload["fieldValue"], payload["id"]
        matches = payload["field"] == field and payload["sortDirection"] == direction
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise BadRequest("Invalid cursor") from None
    if not matches:
        raise BadRequest("The cursor belongs to another sort_by/sort_direction")
    return (value is None, "" if value is None else value, record_id)
