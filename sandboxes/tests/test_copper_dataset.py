"""Copper dataset: record shapes, generated edge cases, determinism and speed."""

from __future__ import annotations

import json
import re
import time
from collections import Counter

from crm_sandboxes import Sandbox, build_app

LEAD_KEYS = {"id", "name", "prefix", "first_name", "middle_name", "last_name", "suffix",
             "address", "assignee_id", "company_name", "customer_source_id", "details", "email",
             "interaction_count", "monetary_unit", "monetary_value", "converted_unit",
             "converted_value", "socials", "status", "status_id", "tags", "title", "websites",
             "phone_numbers", "custom_fields", "date_created", "date_modified",
             "date_last_contacted", "converted_opportunity_id", "converted_contact_id",
             "converted_at"}  # fmt: skip


def test_lead_and_person_shapes(copper: Sandbox) -> None:
    data = copper.dataset
    lead = data["leads"][0]
    assert set(lead) == LEAD_KEYS
    person = data["people"][0]
    assert {"emails", "company_id", "contact_type_id", "leads_converted_from",
            "date_lead_created"} <= set(person)  # fmt: skip
    assert "email" not in person
    assert all(isinstance(r["date_modified"], int) for r in data["leads"] + data["people"])
    assert all(len(str(r["date_created"])) == 10 for r in data["people"])


def test_converted_leads_point_at_people_that_point_back(copper: Sandbox) -> None:
    data = copper.dataset
    people = {p["id"]: p for p in data["people"]}
    opportunities = {o["id"]: o for o in data["opportunities"]}
    converted = [lead for lead in data["leads"] if lead["converted_at"]]
    assert converted
    for lead in converted:
        person = people[lead["converted_contact_id"]]
        assert {"lead_id": lead["id"], "converted_timestamp": lead["converted_at"]} in person[
            "leads_converted_from"
        ]
        assert lead["email"]["email"] == person["emails"][0]["email"] or any(
            e["email"] == lead["email"]["email"] for e in person["emails"]
        )
        assert lead["date_created"] <= lead["converted_at"]
        if lead["converted_opportunity_id"]:
            opportunity = opportunities[lead["converted_opportunity_id"]]
            assert opportunity["leads_converted_from"][0]["lead_id"] == lead["id"]
    assert any(lead["converted_opportunity_id"] for lead in converted)
    assert all(
        isinstance(lead["converted_value"], str) for lead in converted if lead["converted_value"]
    )


def test_leads_sharing_a_persons_email_in_other_spellings(copper: Sandbox) -> None:
    data = copper.dataset
    person_emails = {e["email"] for p in data["people"] for e in p["emails"]}
    duplicates = [
        lead["email"]["email"]
        for lead in data["leads"]
        if lead["email"] and not lead["converted_at"]
        and lead["email"]["email"].strip().lower() in person_emails
    ]  # fmt: skip
    assert duplicates
    assert any(email != email.strip().lower() for email in duplicates)


def test_people_with_missing_or_no_company(copper: Sandbox) -> None:
    data = copper.dataset
    company_ids = {c["id"] for c in data["companies"]}
    people = data["people"]
    dangling = [p for p in people if p["company_id"] and p["company_id"] not in company_ids]
    assert dangling
    assert any(p["company_id"] is None for p in people)
    companies = {c["id"]: c for c in data["companies"]}
    assert any(
        companies[p["company_id"]]["date_created"] > p["date_created"]
        for p in people
        if p["company_id"] in companies
    )


def test_ids_repeat_across_entities(copper: Sandbox) -> None:
    data = copper.dataset
    assert {p["id"] for p in data["people"]} & {c["id"] for c in data["companies"]}


def test_opportunities_have_types_some_none_and_copper_close_dates(copper: Sandbox) -> None:
    opportunities = copper.dataset["opportunities"]
    types = Counter(
        next(f["value"] for f in o["custom_fields"] if f["custom_field_definition_id"] == 200011)
        for o in opportunities
    )
    assert None in types
    assert len(types) >= 4
    dates = [o["close_date"] for o in opportunities if o["close_date"]]
    assert all(re.fullmatch(r"[1-9]\d?/[1-9]\d?/20\d\d", d) for d in dates)
    assert {o["status"] for o in opportunities} >= {"Open", "Won", "Lost"}


def test_custom_field_values_match_their_types(copper: Sandbox) -> None:
    data = copper.dataset
    definitions = {d["id"]: d for d in data["custom_field_definitions"]}
    seen: dict[str, set[type]] = {}
    for entity in ("leads", "people", "companies", "opportunities"):
        for record in data[entity]:
            for field in record["custom_fields"]:
                kind = definitions[field["custom_field_definition_id"]]["data_type"]
                seen.setdefault(kind, set()).add(type(field["value"]))
    assert seen["Dropdown"] == {int, type(None)}
    assert seen["MultiSelect"] == {list}
    assert seen["Checkbox"] == {bool}
    assert int in seen["Date"]
    date_values = [f["value"] for c in data["companies"] for f in c["custom_fields"]
                   if f["custom_field_definition_id"] == 200004 and f["value"]]  # fmt: skip
    assert all(value % 86400 == 7 * 3600 for value in date_values)  # midnight in Phoenix


def test_same_seed_same_dataset_other_seed_other_dataset() -> None:
    first = build_app("copper", size=300, seed=4).store
    second = build_app("copper", size=300, seed=4).store
    third = build_app("copper", size=300, seed=5).store

    def dump(store: object) -> str:
        return json.dumps({n: store.records(n) for n in store.entity_names})  # type: ignore[attr-defined]

    assert dump(first) == dump(second)
    assert dump(first) != dump(third)


def test_generates_100k_records_quickly() -> None:
    started = time.perf_counter()
    app = build_app("copper", size=100_000)
    elapsed = time.perf_counter() - started
    main = ("leads", "people", "companies", "opportunities", "activities")
    assert sum(len(app.store.records(name)) for name in main) >= 100_000
    assert elapsed < 6  # ~2 s on the 2-core CI machine
