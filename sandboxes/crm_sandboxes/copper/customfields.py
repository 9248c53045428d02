"""Copper custom field definitions (one per data type) and their record values."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from crm_sandboxes.copper.lookups import TIMEZONE_OFFSET
from crm_sandboxes.core.store import Record
from crm_sandboxes.core.timeline import DATA_END, DATA_START, DAY

OPPORTUNITY_TYPE = "Opportunity Type"


@dataclass(frozen=True)
class Definition:
    id: int
    name: str
    data_type: str
    available_on: tuple[str, ...]
    options: tuple[tuple[int, str], ...] = ()
    empty_share: float = 0.25  # records where the field is null / []
    currency: str | None = None

    def to_json(self) -> Record:
        data: Record = {
            "id": self.id,
            "name": self.name,
            "canonical_name": "cf_" + self.name.lower().replace(" ", "_").replace("-", "_"),
            "data_type": self.data_type,
            "available_on": list(self.available_on),
            "is_filterable": True,
        }
        if self.currency:
            data["currency"] = self.currency
        if self.options:
            data["options"] = [
                {"id": i, "name": n, "rank": rank} for rank, (i, n) in enumerate(self.options)
            ]
        return data


DEFINITIONS = (
    Definition(200001, "Industry", "Dropdown", ("lead", "person", "company"),
               ((300001, "Software"), (300002, "Retail"), (300003, "Finance"),
                (300004, "Healthcare"))),
    Definition(200002, "External Ref", "String", ("lead", "person", "company", "opportunity")),
    Definition(200003, "Background", "Text", ("lead", "person", "company")),
    Definition(200004, "Contract Renewal", "Date", ("company", "opportunity")),
    Definition(200005, "Newsletter Opt-in", "Checkbox", ("lead", "person"), empty_share=0),
    Definition(200006, "Lead Score", "Float", ("lead", "person")),
    Definition(200007, "LinkedIn Page", "URL", ("person", "company")),
    Definition(200008, "Discount", "Percentage", ("opportunity",)),
    Definition(200009, "Annual Contract Value", "Currency", ("company", "opportunity"),
               currency="USD"),
    Definition(200010, "Interests", "MultiSelect", ("lead", "person"),
               ((300011, "Analytics"), (300012, "Automation"), (300013, "Integrations"),
                (300014, "Mobile"))),
    Definition(200011, OPPORTUNITY_TYPE, "Dropdown", ("opportunity",),
               ((300021, "New Business"), (300022, "Upsell"), (300023, "Cross Sell"),
                (300024, "Renewal")), empty_share=0.15),
)  # fmt: skip

_BY_ENTITY = {
    entity: tuple(d for d in DEFINITIONS if entity in d.available_on)
    for entity in ("lead", "person", "company", "opportunity")
}
_BY_ID = {d.id: d for d in DEFINITIONS}
_DAYS = (DATA_START // DAY, DATA_END // DAY + 365)


def values(entity: str, rng: random.Random) -> list[Record]:
    """Every definition available on `entity` (lead, person, company, opportunity), as Copper
    returns them: null / [] when empty."""
    return [
        {"custom_field_definition_id": d.id, "value": _value(d, rng)} for d in _BY_ENTITY[entity]
    ]


def _value(definition: Definition, rng: random.Random) -> Any:
    kind = definition.data_type
    if rng.random() < definition.empty_share:
        return [] if kind == "MultiSelect" else None
    if kind == "Dropdown":
        return rng.choice(definition.options)[0]
    if kind == "MultiSelect":
        return [i for i, _ in rng.sample(definition.options, rng.randint(1, 3))]
    if kind == "Date":  # midnight in the account's time zone, as unix seconds
        return rng.randint(*_DAYS) * DAY + TIMEZONE_OFFSET
    if kind == "Checkbox":
        return rng.random() < 0.4
    if kind == "Float":
        return round(rng.uniform(0, 100), 2)
    if kind == "Percentage":
        return rng.randint(0, 50)
    if kind == "Currency":
        return rng.randint(1, 400) * 250
    if kind == "URL":
        return f"https://www.linkedin.example/in/sandbox-{rng.randint(1, 99999)}"
    if kind == "Text":
        return rng.choice(("Met at a conference.\nFollow up in Q3.", "Prefers email.", "Budget ok"))
    return f"REF-{rng.randint(1000, 99999)}"


def computed(custom_fields: list[Record]) -> list[Record]:
    """`custom_field_computed_values=true`: Dropdown/MultiSelect values as option names."""
    result = []
    for field in custom_fields:
        definition = _BY_ID[field["custom_field_definition_id"]]
        names = dict(definition.options)
        value = field["value"]
        if definition.data_type == "Dropdown" and value is not None:
            value = names.get(value)
        elif definition.data_type == "MultiSelect":
            value = [names.get(option) for option in value]
        result.append({**field, "value": value})
    return result


def opportunity_type(custom_fields: list[Record]) -> str | None:
    """The option name of an opportunity's "Opportunity Type" value."""
    definition = next(d for d in DEFINITIONS if d.name == OPPORTUNITY_TYPE)
    value = next(
        f["value"] for f in custom_fields if f["custom_field_definition_id"] == definition.id
    )
    return dict(definition.options).get(value)
