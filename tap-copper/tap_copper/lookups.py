"""Names behind ids: which lookup explains which id field, and how to index it."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

if t.TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Mapping

Index = dict[t.Any, dict]


def by_id(records: list[dict]) -> Index:
    return {record["id"]: record for record in records}


def stages_by_id(pipelines: list[dict]) -> Index:
    """Pipeline stages (nested in /pipelines) by stage id."""
    return {stage["id"]: stage for pipeline in pipelines for stage in pipeline.get("stages") or []}


def by_category_and_id(activity_types: list[dict]) -> Index:
    """Activity types by (category, id): ids are only unique within a category."""
    return {(record["category"], record["id"]): record for record in activity_types}


@dataclass(frozen=True)
class NameRef:
    """Extra record fields taken from the lookup record that `key(record)` points at.

    Example: ``NameRef("users", field_key("assignee_id"), {"assignee_name": "name"})``.
    """

    lookup: str
    key: Callable[[dict], Hashable]
    fields: Mapping[str, str] = field(default_factory=dict)
    index: Callable[[list[dict]], Index] = by_id

    def resolve(self, record: dict, index: Index) -> dict[str, t.Any]:
        found = index.get(self.key(record)) or {}
        return {name: found.get(attribute) for name, attribute in self.fields.items()}


def field_key(name: str) -> Callable[[dict], Hashable]:
    return lambda record: record.get(name)


def activity_type_key(record: dict) -> Hashable:
    kind = record.get("type") or {}
    return (kind.get("category"), kind.get("id"))


def named(lookup: str, id_field: str, name_field: str) -> NameRef:
    """A lookup whose record `name` explains `id_field`."""
    return NameRef(lookup, field_key(id_field), {name_field: "name"})


ASSIGNEE = NameRef(
    "users",
    field_key("assignee_id"),
    {"assignee_name": "name", "assignee_email": "email"},
)
CONTACT_TYPE = named("contact_types", "contact_type_id", "contact_type_name")
CUSTOMER_SOURCE = named("customer_sources", "customer_source_id", "customer_source_name")
LOSS_REASON = named("loss_reasons", "loss_reason_id", "loss_reason_name")
LEAD_STATUS = named("lead_statuses", "status_id", "lead_status_name")
PIPELINE = named("pipelines", "pipeline_id", "pipeline_name")
PIPELINE_STAGE = NameRef(
    "pipelines",
    field_key("pipeline_stage_id"),
    {"pipeline_stage_name": "name"},
    stages_by_id,
)
ACTIVITY_TYPE = NameRef(
    "activity_types",
    activity_type_key,
    {"activity_type_name": "name"},
    by_category_and_id,
)
ACTIVITY_USER = NameRef("users", field_key("user_id"), {"user_name": "name", "user_email": "email"})
