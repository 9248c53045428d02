"""Custom fields: schema properties from the field definitions, values by field name.

Pipedrive keys custom fields by a 40-character hash. v2 records nest them under
``custom_fields`` with typed values (enum → option id, set → id list, monetary →
``{value, currency}``); v1 leads put them at the record root as strings with sibling
keys (``<hash>_currency``, ``<hash>_until``, address parts). Both encodings are read
here and turned into ``custom_field_values``: keyed by the field's name in snake_case,
option ids resolved to labels, numbers as numbers, dates as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import copy
import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

HASH = re.compile(r"[0-9a-f]{40}")
ROOT_KEY = re.compile(r"(?P<hash>[0-9a-f]{40})(?:_(?P<part>[a-z0-9_]+))?")
ADDRESS_PARTS = (
    "street_number",
    "route",
    "sublocality",
    "locality",
    "admin_area_level_1",
    "admin_area_level_2",
    "country",
    "postal_code",
    "formatted_address",
)


class InvalidValueError(ValueError):
    """A custom-field value does not fit the field's type."""


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _string(value: Any) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, (dict, list)):
        raise InvalidValueError(value)
    return str(value)


def _number(value: Any) -> int | float | Decimal | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise InvalidValueError(value)
    if isinstance(value, (int, float, Decimal)):
        return value
    try:
        return Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise InvalidValueError(value) from exc


def _integer(value: Any) -> int | None:
    if isinstance(value, dict):  # v1 relation objects carry the id in `value`
        value = value.get("value", value.get("id"))
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise InvalidValueError(value)
    try:
        return int(str(value).strip())
    except ValueError as exc:
        raise InvalidValueError(value) from exc


def _date(value: Any) -> str | None:
    if _blank(value):
        return None
    text = str(value)[:10]
    try:
        datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidValueError(value) from exc
    return text


def _boolean(value: Any) -> bool | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        return value
    if str(value).lower() in {"1", "true"}:
        return True
    if str(value).lower() in {"0", "false"}:
        return False
    raise InvalidValueError(value)


Coercer = Callable[[Any], Any]


def _nullable(*types: str, **extra: Any) -> dict[str, Any]:
    return {"type": [*types, "null"], **extra}


#: Any JSON value (singer-sdk needs a `type` on every property).
ANY = _nullable("string", "number", "integer", "boolean", "object", "array")


SCHEMA_OF: dict[Coercer, dict[str, Any]] = {
    _string: _nullable("string"),
    _number: _nullable("number"),
    _integer: _nullable("integer"),
    _date: _nullable("string", format="date"),
    _boolean: _nullable("boolean"),
}
SCALARS: dict[str, Coercer] = {
    **dict.fromkeys(("varchar", "varchar_auto", "varchar_options", "text", "phone"), _string),
    **dict.fromkeys(("user", "org", "people", "deal", "project", "activity"), _integer),
    "lead": _string,
    "double": _number,
    "int": _integer,
    "date": _date,
    "boolean": _boolean,
}
#: Types with several parts: v2 sends an object, v1 the value plus `<hash>_<part>` keys.
COMPOSITES: dict[str, dict[str, Coercer]] = {
    "monetary": {"value": _number, "currency": _string},
    "daterange": {"value": _date, "until": _date},
    "time": {"value": _string, "timezone_id": _integer, "timezone_name": _string},
    "timerange": {
        "value": _string,
        "until": _string,
        "timezone_id": _integer,
        "timezone_name": _string,
    },
    "address": {"value": _string, **dict.fromkeys(ADDRESS_PARTS, _string)},
}


def value_schema(field_type: str) -> dict[str, Any]:
    """JSON schema of one entry of ``custom_field_values`` (any value for unknown types)."""
    if field_type == "enum":
        return _nullable("string")
    if field_type == "set":
        return _nullable("array", items={"type": "string"})
    if field_type in COMPOSITES:
        parts = {name: SCHEMA_OF[coerce] for name, coerce in COMPOSITES[field_type].items()}
        return _nullable("object", properties=parts)
    return dict(SCHEMA_OF[SCALARS[field_type]] if field_type in SCALARS else ANY)


def snake_case(name: str) -> str:
    """``"Lead Score"`` → ``"lead_score"``; accents folded, other symbols dropped."""
    folded = unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]+", "_", folded).strip("_")


def _option_ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value).split(",")
    ids = (item.get("id") if isinstance(item, dict) else item for item in items)
    return [str(option).strip() for option in ids if not _blank(option)]


@dataclass(frozen=True)
class FieldDef:
    """One custom field: its hash key, display name, type, options and column name."""

    key: str
    name: str
    field_type: str
    options: Mapping[str, str]
    column: str

    def normalize(self, raw: Mapping[str, Any]) -> tuple[Any, bool]:
        """Return the named value from a raw custom-field mapping and whether an
        option id was not found among the known options."""
        value = raw.get(self.key)
        if self.field_type in {"enum", "set"}:
            if _blank(value) or value == []:
                return None, False
            labels = [self.options.get(option) for option in _option_ids(value)]
            missing = None in labels
            if self.field_type == "enum":
                return (labels[0] if labels else None), missing
            return [label for label in labels if label is not None], missing
        if self.field_type in COMPOSITES:
            parts = COMPOSITES[self.field_type]
            source = (
                value
                if isinstance(value, dict)
                else {
                    **{part: raw.get(f"{self.key}_{part}") for part in parts},
                    "value": value,
                }
            )
            result = {part: coerce(source.get(part)) for part, coerce in parts.items()}
            return (None if all(v is None for v in result.values()) else result), False
        coerce = SCALARS.get(self.field_type)
        return (coerce(value) if coerce else value), False


@dataclass
class CustomValues:
    """Named values of one record plus what went wrong while naming them."""

    values: dict[str, Any] = field(default_factory=dict)
    #: An unknown field key or option id: the definitions may be out of date.
    stale: bool = False
    #: Names of fields whose value did not fit their type (emitted as null).
    invalid: list[str] = field(default_factory=list)


class FieldSet:
    """The field definitions of one entity (``/v1/personFields`` etc.)."""

    def __init__(self, definitions: Iterable[Mapping[str, Any]]) -> None:
        self.fields: dict[str, FieldDef] = {}
        self._builtin_options: dict[str, dict[str, str]] = {}
        columns: set[str] = set()
        # Oldest field first, so a later field with the same name gets the suffix.
        for definition in sorted(definitions, key=_creation_order):
            key = definition.get("key") or definition.get("field_code") or ""
            options = {
                str(option["id"]): option.get("label")
                for option in [
                    *(definition.get("options") or []),
                    *(definition.get("options_deleted") or []),
                ]
                if isinstance(option, dict) and "id" in option
            }
            if not HASH.fullmatch(key):
                self._builtin_options[key] = options
                continue
            name = definition.get("name") or definition.get("field_name") or key
            column = snake_case(name) or f"field_{key[:8]}"
            if column in columns:
                column = f"{column}_{key[:8]}"
            columns.add(column)
            field_type = definition.get("field_type") or ""
            self.fields[key] = FieldDef(key, name, field_type, options, column)

    def extend_schema(self, base: Mapping[str, Any]) -> dict[str, Any]:
        """Copy of an entity schema with one property per custom field in
        ``custom_fields`` (by hash, any value: raw) and ``custom_field_values`` (typed)."""
        schema = copy.deepcopy(dict(base))
        raw = schema["properties"]["custom_fields"].setdefault("properties", {})
        named = schema["properties"]["custom_field_values"].setdefault("properties", {})
        for field_def in self.fields.values():
            raw[field_def.key] = {**ANY, "description": field_def.name}
            named[field_def.column] = {
                **value_schema(field_def.field_type),
                "description": f"{field_def.name} ({field_def.field_type}, {field_def.key})",
            }
        return schema

    def values(self, raw: Mapping[str, Any]) -> CustomValues:
        """Name and type the custom-field values of one record. Every defined field is named,
        null when the record leaves it out (v1 leads send only the fields that are set), so a
        cleared field reads as cleared."""
        result = CustomValues()
        result.values = dict.fromkeys((f.column for f in self.fields.values()), None)
        for key in raw:
            match = ROOT_KEY.fullmatch(key)
            if not match or match["part"]:
                continue
            field_def = self.fields.get(key)
            if field_def is None:
                result.stale = True
                continue
            try:
                value, missing = field_def.normalize(raw)
            except InvalidValueError:
                value, missing = None, False
                result.invalid.append(field_def.name)
            result.stale = result.stale or missing
            result.values[field_def.column] = value
        return result

    def option_labels(self, builtin_key: str, ids: Any) -> list[str] | None:
        """Labels of a built-in option field (e.g. ``label`` for ``label_ids``)."""
        if ids is None:
            return None
        options = self._builtin_options.get(builtin_key, {})
        return [options[i] for i in _option_ids(ids) if options.get(i) is not None]


def _creation_order(definition: Mapping[str, Any]) -> tuple[int, str]:
    identifier = definition.get("id")
    order = identifier if isinstance(identifier, int) else 2**63
    return order, str(definition.get("key") or definition.get("field_code") or "")


def pop_root_custom_fields(row: MutableMapping[str, Any]) -> dict[str, Any]:
    """Move v1 root-level custom-field keys (``<hash>`` and ``<hash>_<part>``) out of
    ``row`` into a dict of their own."""
    keys = [key for key in row if ROOT_KEY.fullmatch(key)]
    return {key: row.pop(key) for key in keys}
