"""Custom fields: typed schemas from definitions, values keyed by name, option names."""

from __future__ import annotations

import copy

from tap_copper.custom_fields import ANY_VALUE, CustomFields
from tests import sample_data
from tests.helpers import make_tap, run_sync


def fields(definitions: list[dict] | None = None) -> CustomFields:
    definitions = sample_data.CUSTOM_FIELD_DEFINITIONS if definitions is None else definitions
    return CustomFields(lambda refresh: copy.deepcopy(definitions))


def test_schema_types_every_data_type():
    properties = fields().schema_for("opportunity")["properties"]
    assert properties == {
        "account_number": {"type": ["string", "null"]},
        "long_notes": {"type": ["string", "null"]},
        "opportunity_type": {"type": ["string", "null"]},
        "interests": {"type": ["array", "null"], "items": {"type": "string"}},
        "renewal_date": {"type": ["string", "null"], "format": "date-time"},
        "is_vip": {"type": ["boolean", "null"]},
        "score": {"type": ["number", "null"]},
        "annual_revenue": {"type": ["number", "null"]},
        "discount": {"type": ["number", "null"]},
    }
    company = fields().schema_for("company")["properties"]
    assert company["related_account"] == ANY_VALUE  # Connect: passed through
    assert "profile_url" not in company  # not available on companies
    assert fields().schema_for("person")["properties"]["profile_url"] == {
        "type": ["string", "null"]
    }


def test_keys_are_snake_case_names_and_stay_unique():
    definitions = [
        {"id": 7, "name": "Opportunity Type", "data_type": "String", "available_on": ["lead"]},
        {"id": 3, "name": "opportunity-type!", "data_type": "String", "available_on": ["lead"]},
        {"id": 9, "name": "Größe (cm)", "data_type": "Float", "available_on": ["lead"]},
        {"id": 5, "name": "???", "data_type": "String", "available_on": ["lead"]},
    ]
    assert fields(definitions).keys_for("lead") == {
        3: "opportunity_type",
        5: "field_5",
        7: "opportunity_type_7",
        9: "größe_cm",
    }


def test_values_are_typed_and_options_resolved():
    raw = sample_data.custom_fields(
        account_number="A-1",
        long_notes="Line 1\nLine 2",
        profile_url="https://x.example",
        opportunity_type=502,
        interests=[602, 601],
        renewal_date=1_575_446_400,
        is_vip=True,
        score=7.5,
        annual_revenue=1200.25,
        discount=12,
        related_account=[9607581],
    )
    values = fields().values(raw, "company")
    assert values == {
        "account_number": "A-1",
        "long_notes": "Line 1\nLine 2",
        "opportunity_type": "Cross Sell",
        "interests": ["Analytics", "CRM"],
        "renewal_date": "2019-12-04T08:00:00+00:00",
        "is_vip": True,
        "score": 7.5,
        "annual_revenue": 1200.25,
        "related_account": [9607581],
    }
    empty = fields().values(sample_data.custom_fields(interests=[]), "lead")
    assert empty["account_number"] is None
    assert empty["interests"] == []
    assert "opportunity_type" not in empty  # not available on leads


def test_unknown_option_refreshes_the_definitions_once():
    stale = copy.deepcopy(sample_data.CUSTOM_FIELD_DEFINITIONS)
    current = copy.deepcopy(stale)
    current[3]["options"].append({"id": 503, "name": "Renewal", "rank": 2})
    loads: list[bool] = []

    def load(refresh: bool) -> list[dict]:
        loads.append(refresh)
        return current if refresh else stale

    custom = CustomFields(load)
    values = custom.values(sample_data.custom_fields(opportunity_type=503), "opportunity")
    assert values["opportunity_type"] == "Renewal"
    custom.values(sample_data.custom_fields(opportunity_type=999, interests=[998]), "opportunity")
    assert loads == [False, True]  # never more than one refresh per run


def test_option_still_unknown_after_refresh_is_null_with_a_warning(caplog):
    values = fields().values(sample_data.custom_fields(opportunity_type=999), "opportunity")
    assert values["opportunity_type"] is None
    assert "has no option 999" in caplog.text


def test_records_carry_raw_custom_fields_and_named_values(copper):
    output = run_sync(make_tap(), ["leads", "opportunities", "companies"])
    lead = next(r for r in output.records["leads"] if r["id"] == 8894157)
    assert lead["custom_fields"] == sample_data.LEADS[0]["custom_fields"]
    assert lead["custom_field_values"]["interests"] == ["CRM", "Analytics"]
    assert lead["custom_field_values"]["renewal_date"] == "2025-01-01T08:00:00+00:00"
    opportunity = output.records["opportunities"][0]
    assert opportunity["custom_field_values"]["opportunity_type"] == "New Business"
    schema = output.schema("opportunities")["properties"]["custom_field_values"]
    assert schema["properties"]["discount"] == {"type": ["number", "null"]}
    company = output.records["companies"][1]
    assert company["custom_fields"] == []
    assert company["custom_field_values"] == {}


def test_an_option_added_during_the_run_is_resolved_after_one_refresh(copper):
    copper.data["opportunities"][1]["custom_fields"][3]["value"] = 503
    tap = make_tap()  # discovery read the definitions without option 503
    copper.data["custom_field_definitions"][3]["options"].append(
        {"id": 503, "name": "Renewal", "rank": 2}
    )
    output = run_sync(tap, ["opportunities"])
    types = [r["custom_field_values"]["opportunity_type"] for r in output.records["opportunities"]]
    assert types == ["New Business", "Renewal"]
    assert len(copper.bodies("/custom_field_definitions")) == 2
