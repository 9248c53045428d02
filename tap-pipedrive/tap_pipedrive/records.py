"""Record shaping helpers: UTC timestamps and names behind ids."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def to_utc_iso(value: Any) -> str | None:
    """Normalise v1 ``YYYY-MM-DD HH:MM:SS`` (UTC) and RFC 3339 to
    ``YYYY-MM-DDTHH:MM:SS.mmmZ``; ``None`` for blanks and values like
    ``0000-00-00 00:00:00``.

    The width is fixed so that string comparison (used by singer-sdk for bookmarks)
    orders values chronologically.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text[-1] in "Zz":
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    utc = parsed.astimezone(datetime.timezone.utc)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def lookup_key(value: Any) -> Any:
    """Id of a reference: v2 sends ints, v1 sometimes ``{"value": id, ...}`` objects."""
    if isinstance(value, dict):
        return value.get("value", value.get("id"))
    return value


@dataclass(frozen=True)
class Lookup:
    """Names behind an id: values of ``source`` are looked up in stream ``stream`` by
    ``key`` and ``names`` maps each added record field to the looked-up field."""

    source: str
    stream: str
    names: Mapping[str, str]
    key: str = "id"

    def apply(self, row: dict[str, Any], index: Mapping[Any, Mapping[str, Any]]) -> None:
        """Add the names to ``row`` (lists for list-valued sources, else scalars)."""
        value = row.get(self.source)
        for target, attribute in self.names.items():
            if isinstance(value, list):
                matches = (index.get(lookup_key(item)) for item in value)
                row[target] = [match.get(attribute) for match in matches if match]
            else:
                match = index.get(lookup_key(value))
                row[target] = match.get(attribute) if match else None
