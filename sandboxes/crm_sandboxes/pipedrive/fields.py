"""Pipedrive field definitions (built-in and custom, keyed by 40-hex hashes) and value codecs.

v2 records nest custom values in `custom_fields{hash: value}` with typed values; v1 leads put
them at the record root as strings (monetary adds a `<hash>_currency` sibling).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from crm_sandboxes.core.fastrandom import FastRandom
from crm_sandboxes.core.store import Record
from crm_sandboxes.core.timeline import DATA_END, DATA_START, DAY, iso_date

FIELD_TIME = "2023-05-01 09:00:00"  # v1 format, when the account was set up


@dataclass(frozen=True)
class Spec:
    name: str
    field_type: str  # v1 field_type
    options: tuple[str, ...] = ()
    empty_share: float = 0.3


CUSTOM = {
    "person": (
        Spec("Lead Score", "double"),
        Spec("Segment", "enum", ("SMB", "Mid-Market", "Enterprise")),
        Spec("Interests", "set", ("Analytics", "Automation", "Integrations", "Mobile")),
        Spec("Notes", "text"),
        Spec("Birthday", "date", empty_share=0.7),
    ),
    "organization": (
        Spec("Website", "varchar", empty_share=0.0),  # value set by the generator
        Spec("Industry", "enum", ("Software", "Retail", "Finance", "Healthcare")),
        Spec("Employees", "int"),
        Spec("Annual Revenue", "monetary"),
        Spec("Notes", "text"),
    ),
    "deal": (
        Spec("Deal Type", "enum", ("New Business", "Upsell", "Cross Sell", "Renewal"), 0.15),
        Spec("Products", "set", ("Core", "Analytics Add-on", "Support Plus")),
        Spec("Setup Fee", "monetary"),
        Spec("Renewal Date", "date"),
        Spec("Competitor", "varchar", empty_share=0.6),
    ),
    "activity": (),
}
CUSTOM["lead"] = CUSTOM["deal"]  # leads inherit the deals' custom fields

BUILT_IN = {  # (key, name, field_type, options)
    "person": (("name", "Name", "varchar"), ("first_name", "First name", "varchar"),
               ("last_name", "Last name", "varchar"), ("owner_id", "Owner", "user"),
               ("org_id", "Organization", "org"), ("email", "Email", "varchar"),
               ("phone", "Phone", "phone"), ("label", "Label", "set"),
               ("visible_to", "Visible to", "visible_to"), ("add_time", "Person created", "date"),
               ("update_time", "Update time", "date"), ("picture_id", "Profile picture", "picture")),
    "organization": (("name", "Name", "varchar"), ("owner_id", "Owner", "user"),
                     ("address", "Address", "address"), ("label", "Label", "set"),
                     ("visible_to", "Visible to", "visible_to"),
                     ("add_time", "Organization created", "date"),
                     ("update_time", "Update time", "date")),
    "deal": (("title", "Title", "varchar"), ("value", "Value", "monetary"),
             ("person_id", "Contact person", "people"), ("org_id", "Organization", "org"),
             ("pipeline_id", "Pipeline", "double"), ("stage_id", "Stage", "stage"),
             ("status", "Status", "status"), ("owner_id", "Owner", "user"),
             ("expected_close_date", "Expected close date", "date"),
             ("probability", "Probability", "double"), ("lost_reason", "Lost reason", "varchar"),
             ("label", "Label", "set"), ("add_time", "Deal created", "date"),
             ("update_time", "Update time", "date"), ("won_time", "Won time", "date"),
             ("lost_time", "Lost time", "date"), ("close_time", "Deal closed on", "date")),
    "activity": (("subject", "Subject", "varchar"), ("type", "Type", "varchar"),
                 ("due_date", "Due date", "date"), ("due_time", "Due time", "time"),
                 ("duration", "Duration", "time"), ("owner_id", "Assigned to user", "user"),
                 ("deal_id", "Deal", "int"), ("lead_id", "Lead", "lead"),
                 ("person_id", "Contact person", "people"), ("org_id", "Organization", "org"),
                 ("done", "Done", "enum"), ("note", "Note", "text"),
                 ("add_time", "Add time", "date"), ("update_time", "Update time", "date")),
    "lead": (("title", "Title", "varchar"), ("owner_id", "Owner", "user"),
             ("value", "Value", "monetary"), ("expected_close_date", "Expected close date", "date"),
             ("person_id", "Person", "people"), ("organization_id", "Organization", "org"),
             ("label_ids", "Labels", "set"), ("source_name", "Source", "varchar"),
             ("add_time", "Lead created", "date"), ("update_time", "Update time", "date")),
}  # fmt: skip
LABELS = {  # built-in `label` options; v2 records carry their ids in `label_ids`
    "person": ((1, "Customer"), (2, "Hot lead"), (3, "Warm lead"), (4, "Cold lead")),
    "organization": ((5, "Customer"), (6, "Hot lead"), (7, "Warm lead"), (8, "Cold lead")),
    "deal": ((9, "Hot"), (10, "Warm"), (11, "Cold")),
}


@dataclass(frozen=True)
class Field:
    id: int
    key: str  # built-in name or 40-char hash
    name: str
    field_type: str
    custom: bool
    options: tuple[tuple[int, str], ...] = ()
    empty_share: float = 0.0

    def v1(self, order: int) -> Record:
        data: Record = {
            "id": self.id,
            "key": self.key,
            "name": self.name,
            "order_nr": order,
            "field_type": self.field_type,
            "add_time": FIELD_TIME,
            "update_time": FIELD_TIME,
            "active_flag": True,
            "edit_flag": self.custom,
            "bulk_edit_allowed": True,
            "mandatory_flag": self.key in ("name", "title", "subject"),
        }
        if self.options:
            data["options"] = [
                {"id": i, "label": label, "color": None} for i, label in self.options
            ]
        return data

    def v2(self) -> Record:
        subfields = None
        if self.field_type == "monetary":
            subfields = [{"field_code": f"{self.key}_currency", "field_name": "Currency",
                          "field_type": "varchar"}]  # fmt: skip
        return {
            "field_name": self.name,
            "field_code": self.key,
            "description": None,
            "field_type": self.field_type,
            "options": [{"id": i, "label": label, "color": None, "add_time": FIELD_TIME,
                         "update_time": FIELD_TIME} for i, label in self.options] or None,
            "subfields": subfields,
            "is_custom_field": self.custom,
            "is_optional_response_field": False,
        }  # fmt: skip


def field_hash(account_seed: int, entity: str, name: str) -> str:
    """The account-specific 40-hex key of a custom field."""
    return hashlib.sha1(f"{account_seed}:{entity}:{name}".encode()).hexdigest()


def definitions(account_seed: int) -> dict[str, list[Field]]:
    """Every entity's fields: built-ins first, then custom fields. Option ids count up from 100
    across the account; `lead` custom fields are the deal fields (same keys and options)."""
    result: dict[str, list[Field]] = {}
    next_option = 100
    next_id = 9001
    for entity, built_in in BUILT_IN.items():
        fields = []
        for key, name, field_type in built_in:
            options = LABELS.get(entity, ()) if key == "label" else ()
            fields.append(Field(next_id, key, name, field_type, False, options))
            next_id += 1
        for spec in CUSTOM[entity]:
            if entity == "lead":
                fields.extend(f for f in result["deal"] if f.custom and f.name == spec.name)
                continue
            options = tuple((next_option + k, label) for k, label in enumerate(spec.options))
            next_option += len(options)
            key = field_hash(account_seed, entity, spec.name)
            fields.append(Field(next_id, key, spec.name, spec.field_type, True, options,
                                spec.empty_share))  # fmt: skip
            next_id += 1
        result[entity] = fields
    return result


def custom_values(fields: list[Field], rng: FastRandom) -> dict[str, Any]:
    """v2 `custom_fields`: every custom key, null when empty."""
    return {f.key: _value(f, rng) for f in fields if f.custom}


def v1_root_values(fields: list[Field], values: dict[str, Any]) -> dict[str, Any]:
    """The v1 (leads) encoding of v2 custom values: only set ones, as root-level keys."""
    by_key = {f.key: f for f in fields}
    root: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or value == []:
            continue
        kind = by_key[key].field_type
        if kind == "monetary":
            root[key], root[f"{key}_currency"] = value["value"], value["currency"]
        elif kind == "enum":
            root[key] = str(value)
        elif kind == "set":
            root[key] = ",".join(str(option) for option in value)
        else:
            root[key] = value
    return root


def _value(field: Field, rng: FastRandom) -> Any:
    if rng.random() < field.empty_share:
        return None
    kind = field.field_type
    if kind == "enum":
        return rng.choice(field.options)[0]
    if kind == "set":
        return sorted(i for i, _ in rng.sample(field.options, rng.randint(1, 2)))
    if kind == "monetary":
        return {"value": rng.randint(1, 200) * 100, "currency": rng.choice(("USD", "USD", "EUR"))}
    if kind == "double":
        return round(rng.random() * 100, 1)
    if kind == "int":
        return rng.randint(1, 5000)
    if kind == "date":
        day = rng.randint(DATA_START // DAY, DATA_END // DAY + 365)
        return iso_date(day * DAY)
    if kind == "text":
        return rng.choice(("Met at the 2025 expo.", "Prefers phone calls.", "Multi-line\nnote"))
    return rng.choice(("Competitor A", "Competitor B", "In-house tool"))
