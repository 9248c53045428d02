"""Custom fields: naming, typing, option labels, v1/v2 encodings, refresh, schemas."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tap_pipedrive.custom_fields import FieldSet, pop_root_custom_fields, snake_case
from tap_pipedrive.streams import SCHEMAS
from tests import fake_api, fake_data
from tests.conftest import make_tap, run_sync

F = fake_data
PERSON_FIELDS = FieldSet(F.PERSON_FIELDS)


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("Website", "website"),
        ("Lead Score", "lead_score"),
        ("  NPS (0-10) ", "nps_0_10"),
        ("Größe / Taille", "grosse_taille"),
        ("LinkedIn URL", "linkedin_url"),
        ("2nd e-mail", "2nd_e_mail"),
    ],
)
def test_snake_case(name: str, column: str) -> None:
    assert snake_case(name) == column


def test_columns_are_unique_and_stable() -> None:
    columns = {f.key: f.column for f in PERSON_FIELDS.fields.values()}

    assert columns[F.WEBSITE] == "website"  # the older field keeps the plain name
    assert columns[F.WEBSITE_DUPLICATE] == f"website_{F.WEBSITE_DUPLICATE[:8]}"
    assert columns[F.LEAD_SCORE] == "lead_score"
    assert "name" not in columns  # built-in fields are not custom fields
    assert set(PERSON_FIELDS.fields) == {f["key"] for f in F.PERSON_FIELDS[4:]}


def test_symbol_only_names_fall_back_to_the_hash() -> None:
    key = F.field_hash("x")
    fields = FieldSet([{"id": 1, "key": key, "name": "€€", "field_type": "varchar"}])
    assert fields.fields[key].column == f"field_{key[:8]}"


def test_v2_values_are_named_typed_and_labelled() -> None:
    named = PERSON_FIELDS.values(F.PERSONS[0]["custom_fields"])

    assert not named.stale
    assert named.invalid == []
    assert named.values == {
        "website": "https://example.com",
        "lead_score": 87.5,
        "tier": "Gold",
        "interests": ["Product A", "Services"],
        "budget": {"value": 5000, "currency": "EUR"},
        "renewal_date": "2024-12-31",
        "billing_address": {
            "value": "Main St 1, Berlin",
            "street_number": "1",
            "route": "Main St",
            "sublocality": None,
            "locality": "Berlin",
            "admin_area_level_1": None,
            "admin_area_level_2": None,
            "country": "Germany",
            "postal_code": "10115",
            "formatted_address": None,
        },
        "account_manager": 102,
        "best_call_time": {
            "value": "09:30:00",
            "timezone_id": 318,
            "timezone_name": "Europe/Berlin",
        },
        f"website_{F.WEBSITE_DUPLICATE[:8]}": "https://second.example",
    }


def test_v1_encoding_is_read_from_root_level_keys() -> None:
    row = {
        "id": "lead-1",
        F.TIER: "12",
        F.INTERESTS: "21,22",
        F.BUDGET: "1500.50",
        f"{F.BUDGET}_currency": "USD",
        F.LEAD_SCORE: "12",
        F.RENEWAL: "2025-01-31",
        F.BILLING_ADDRESS: "Main St 1, Berlin",
        f"{F.BILLING_ADDRESS}_locality": "Berlin",
        f"{F.BILLING_ADDRESS}_postal_code": "10115",
        F.ACCOUNT_MANAGER: {"id": 101, "name": "Ada Owner", "value": 101},
        F.CALL_TIME: "09:30:00",
        f"{F.CALL_TIME}_timezone_id": "318",
        F.WEBSITE: "",
    }

    raw = pop_root_custom_fields(row)
    named = PERSON_FIELDS.values(raw)

    assert row == {"id": "lead-1"}
    assert named.values["tier"] == "Silver"
    assert named.values["interests"] == ["Product A", "Product B"]
    assert named.values["budget"] == {"value": Decimal("1500.50"), "currency": "USD"}
    assert named.values["lead_score"] == Decimal(12)
    assert named.values["renewal_date"] == "2025-01-31"
    assert named.values["billing_address"]["locality"] == "Berlin"
    assert named.values["billing_address"]["postal_code"] == "10115"
    assert named.values["account_manager"] == 101
    assert named.values["best_call_time"]["timezone_id"] == 318
    assert named.values["website"] is None


def test_daterange_in_both_encodings() -> None:
    deal_fields = FieldSet(F.DEAL_FIELDS)
    period = {"value": "2024-10-01", "until": "2025-09-30"}

    assert deal_fields.values({F.CONTRACT_PERIOD: period}).values["contract_period"] == period
    v1 = {F.CONTRACT_PERIOD: "2024-10-01", f"{F.CONTRACT_PERIOD}_until": "2025-09-30"}
    assert deal_fields.values(v1).values["contract_period"] == period


def test_unknown_option_or_field_marks_the_definitions_stale() -> None:
    assert PERSON_FIELDS.values({F.TIER: 99}).stale
    assert PERSON_FIELDS.values({F.INTERESTS: [21, 99]}).values["interests"] == ["Product A"]
    assert PERSON_FIELDS.values({F.field_hash("new field"): "x"}).stale
    assert not PERSON_FIELDS.values({F.TIER: None}).stale


def test_values_that_do_not_fit_become_null_and_are_reported() -> None:
    named = PERSON_FIELDS.values({F.LEAD_SCORE: "high", F.RENEWAL: "soon"})

    assert named.values["lead_score"] is None
    assert named.values["renewal_date"] is None
    assert sorted(named.invalid) == ["Lead Score", "Renewal date"]


def test_schema_gets_one_typed_property_per_custom_field() -> None:
    schema = PERSON_FIELDS.extend_schema(SCHEMAS.get_schema("persons"))
    named = schema["properties"]["custom_field_values"]["properties"]
    raw = schema["properties"]["custom_fields"]["properties"]

    assert named["tier"]["type"] == ["string", "null"]
    assert named["interests"] == {
        "type": ["array", "null"],
        "items": {"type": "string"},
        "description": f"Interests (set, {F.INTERESTS})",
    }
    assert named["budget"]["properties"]["value"]["type"] == ["number", "null"]
    assert named["renewal_date"]["format"] == "date"
    assert named["account_manager"]["type"] == ["integer", "null"]
    assert raw[F.TIER]["description"] == "Tier"
    base = SCHEMAS.get_schema("persons")["properties"]  # the shared base stays untouched
    assert base["custom_field_values"]["properties"] == {}


def test_records_carry_raw_and_named_custom_fields(api) -> None:
    output = run_sync(make_tap(), "persons", "organizations", "deals", "activities", "leads")
    person = output.records["persons"][0]
    lead = output.records["leads"][0]

    assert person["custom_fields"][F.TIER] == 11  # raw, hash-keyed, ids untouched
    assert person["custom_field_values"]["tier"] == "Gold"
    assert person["label_names"] == ["Customer"]
    assert output.records["persons"][1]["label_names"] == ["Hot lead", "Warm lead"]
    assert output.records["organizations"][0]["custom_field_values"] == {
        "domain": "apple.com",
        "industry": "SaaS",
    }
    assert output.records["deals"][0]["label_names"] == ["Hot", "Renewal"]
    assert output.records["activities"][0]["custom_field_values"] == {"outcome": "Reached"}
    assert lead["custom_fields"] == {
        F.DEAL_SOURCE: "31",
        F.CONTRACT_VALUE: "2500",
        f"{F.CONTRACT_VALUE}_currency": "USD",
    }
    assert lead["custom_field_values"] == {
        "deal_source": "Inbound",
        "contract_value": {"value": 2500, "currency": "USD"},
    }
    assert F.DEAL_SOURCE not in lead


def test_definitions_are_refetched_once_on_an_unknown_option(api) -> None:
    fields_url = f"{fake_api.ROOT}/v1/personFields"
    updated = [
        {**f, "options": [*f["options"], {"id": 13, "label": "Bronze"}]}
        if f["key"] == F.TIER
        else f
        for f in F.PERSON_FIELDS
    ]
    single_page = {"success": True, "data": F.PERSON_FIELDS}
    api.get(fields_url, [{"json": single_page}, {"json": {"success": True, "data": updated}}])
    persons = [
        {**F.PERSONS[0], "custom_fields": {F.TIER: 13}},
        {**F.PERSONS[1], "custom_fields": {F.TIER: 14}},
        {**F.PERSONS[2], "custom_fields": {F.TIER: 15}},
    ]
    api.get(f"{fake_api.ROOT}/api/v2/persons", json={"success": True, "data": persons})

    output = run_sync(make_tap(), "persons")

    assert [r["custom_field_values"]["tier"] for r in output.records["persons"]] == [
        "Bronze",
        None,
        None,
    ]
    assert len([r for r in api.request_history if r.url.startswith(fields_url)]) == 2


def test_fields_a_record_leaves_out_are_named_null():
    """v1 leads send only the fields that are set: a cleared field must read as cleared."""
    named = PERSON_FIELDS.values({F.INTERESTS: [21]}).values
    assert named["interests"] == ["Product A"]
    assert set(named) == {f.column for f in PERSON_FIELDS.fields.values()}
    assert all(value is None for column, value in named.items() if column != "interests")
