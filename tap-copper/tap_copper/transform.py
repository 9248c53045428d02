"""Value conversions: Copper's unix seconds and close dates to ISO strings, snake_case keys."""

from __future__ import annotations

import datetime
import decimal
import re
import typing as t

JSONPath = tuple[str, ...]

_NON_WORD = re.compile(r"\W+")


def unix_to_iso(value: t.Any) -> t.Any:
    """Unix seconds -> ISO-8601 UTC date-time; anything else is returned unchanged."""
    if isinstance(value, bool) or not isinstance(value, (int, float, decimal.Decimal)):
        return value
    return datetime.datetime.fromtimestamp(float(value), tz=datetime.timezone.utc).isoformat()


def parse_iso(value: str) -> datetime.datetime:
    """Parse an ISO-8601 date-time; naive values are taken as UTC."""
    moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


def canonical_iso(value: str) -> str:
    """Re-format an ISO date-time the way records carry it (UTC, ``+00:00``)."""
    return parse_iso(value).astimezone(datetime.timezone.utc).isoformat()


def datetime_paths(schema: dict, prefix: JSONPath = ()) -> list[JSONPath]:
    """Paths of every ``format: date-time`` property, looking through arrays of objects."""
    paths: list[JSONPath] = []
    for name, prop in schema.get("properties", {}).items():
        path = (*prefix, name)
        if prop.get("format") == "date-time":
            paths.append(path)
        elif "properties" in prop:
            paths.extend(datetime_paths(prop, path))
        elif "properties" in prop.get("items", {}):
            paths.extend(datetime_paths(prop["items"], path))
    return paths


def convert_unix_at(record: t.Any, path: JSONPath) -> None:
    """Convert unix seconds to ISO in place at `path`, descending into lists."""
    if isinstance(record, list):
        for item in record:
            convert_unix_at(item, path)
        return
    if not isinstance(record, dict) or path[0] not in record:
        return
    if len(path) == 1:
        record[path[0]] = unix_to_iso(record[path[0]])
    else:
        convert_unix_at(record[path[0]], path[1:])


def parse_close_date(value: str | None, *, day_first: bool) -> str | None:
    """Copper close date ("M/D/YYYY", or "D/M/YYYY" on day-first accounts) -> "YYYY-MM-DD".

    Raises ValueError when the value is not a valid date in the expected order.
    """
    if not value:
        return None
    if "/" not in value:
        return datetime.date.fromisoformat(value).isoformat()
    first, second, year = (int(part) for part in value.split("/"))
    month, day = (second, first) if day_first else (first, second)
    return datetime.date(year, month, day).isoformat()


def snake_case(name: str) -> str:
    """Property key for a display name: "Opportunity Type" -> "opportunity_type"."""
    return _NON_WORD.sub("_", name.lower()).strip("_")
