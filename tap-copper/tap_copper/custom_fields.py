"""Custom fields: schemas from Copper's definitions, and values keyed by definition name."""

from __future__ import annotations

import copy
import logging
import typing as t

from tap_copper.transform import snake_case, unix_to_iso

if t.TYPE_CHECKING:
    from collections.abc import Callable

_logger = logging.getLogger(__name__)

_STRING = {"type": ["string", "null"]}
_NUMBER = {"type": ["number", "null"]}
#: Any JSON value (singer-sdk's type conformance needs a type even for "anything").
ANY_VALUE = {"type": ["array", "boolean", "null", "number", "object", "string"], "items": {}}

#: JSON schema of a resolved value per Copper `data_type`; other types (Connect, whose
#: links live in /related_links, and any future type) pass through as `ANY_VALUE`.
VALUE_SCHEMAS: dict[str, dict] = {
    "String": _STRING,
    "Text": _STRING,
    "URL": _STRING,
    "Dropdown": _STRING,
    "MultiSelect": {"type": ["array", "null"], "items": {"type": "string"}},
    "Date": {"type": ["string", "null"], "format": "date-time"},
    "Checkbox": {"type": ["boolean", "null"]},
    "Float": _NUMBER,
    "Currency": _NUMBER,
    "Percentage": _NUMBER,
}


def empty_values_schema() -> dict:
    return {"type": ["object", "null"], "properties": {}}


class CustomFields:
    """Copper custom field definitions, loaded lazily and refreshed at most once.

    `load(refresh)` returns the raw definition records; the tap caches them per run.
    """

    def __init__(
        self,
        load: Callable[[bool], list[dict]],
        logger: logging.Logger = _logger,
    ) -> None:
        self._load = load
        self.logger = logger
        self._definitions: dict[int, dict] | None = None
        self._keys: dict[str, dict[int, str]] = {}
        self._refreshed = False
        self._unresolved: set[tuple[int, t.Any]] = set()

    @property
    def definitions(self) -> dict[int, dict]:
        if self._definitions is None:
            self._definitions = {d["id"]: d for d in self._load(False)}
        return self._definitions

    def keys_for(self, entity: str) -> dict[int, str]:
        """Definition id -> property key, for definitions available on `entity`.

        Keys are snake_case names; on a clash the later definition (by id) gets an
        ``_<id>`` suffix, so keys stay stable as definitions are added.
        """
        if entity not in self._keys:
            keys: dict[int, str] = {}
            for def_id in sorted(self.definitions):
                definition = self.definitions[def_id]
                if entity not in definition.get("available_on", []):
                    continue
                key = snake_case(definition.get("name") or "") or f"field_{def_id}"
                keys[def_id] = f"{key}_{def_id}" if key in keys.values() else key
            self._keys[entity] = keys
        return self._keys[entity]

    def schema_for(self, entity: str) -> dict:
        """The `custom_field_values` object schema for records of `entity`."""
        schema = empty_values_schema()
        for def_id, key in self.keys_for(entity).items():
            data_type = self.definitions[def_id].get("data_type", "")
            schema["properties"][key] = copy.deepcopy(VALUE_SCHEMAS.get(data_type, ANY_VALUE))
        return schema

    def values(self, custom_fields: list[dict] | None, entity: str) -> dict[str, t.Any]:
        """Resolve a record's raw `custom_fields` array into ``{key: typed value}``."""
        if any(
            item.get("custom_field_definition_id") not in self.definitions
            for item in custom_fields or []
        ):
            self._refresh("unknown custom field definition")
        keys = self.keys_for(entity)
        resolved: dict[str, t.Any] = {}
        for item in custom_fields or []:
            def_id = item.get("custom_field_definition_id")
            if def_id in keys:
                resolved[keys[def_id]] = self._typed(def_id, item.get("value"))
        return resolved

    def _typed(self, def_id: int, value: t.Any) -> t.Any:
        data_type = self.definitions.get(def_id, {}).get("data_type")
        if value is None:
            return None
        if data_type == "Dropdown":
            return self._option_name(def_id, value)
        if data_type == "MultiSelect":
            names = (self._option_name(def_id, option) for option in value)
            return [name for name in names if name is not None]
        if data_type == "Date":
            return unix_to_iso(value)
        if data_type == "Checkbox":
            return bool(value)
        return value

    def _option_name(self, def_id: int, option_id: t.Any) -> str | None:
        options = self._options(def_id)
        if option_id not in options:
            self._refresh(f"unknown option {option_id} of custom field {def_id}")
            options = self._options(def_id)
        if option_id in options:
            return options[option_id]
        if (def_id, option_id) not in self._unresolved:
            self._unresolved.add((def_id, option_id))
            self.logger.warning(
                "Custom field %s has no option %s; value left null", def_id, option_id
            )
        return None

    def _options(self, def_id: int) -> dict[t.Any, str]:
        definition = self.definitions.get(def_id, {})
        return {option["id"]: option["name"] for option in definition.get("options") or []}

    def _refresh(self, reason: str) -> None:
        if self._refreshed:
            return
        self._refreshed = True
        self.logger.info("Refreshing custom field definitions (%s)", reason)
        self._definitions = {d["id"]: d for d in self._load(True)}
        self._keys.clear()
