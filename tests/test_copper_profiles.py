"""Spot checks of Copper profiles, record by record: converted and duplicate leads merged into
their person, companies, shell accounts, opportunity groups and activity events."""

from __future__ import annotations

from typing import Any

import pytest

from ground_truth import email_claim, iso
from meltano_runner import Baseline

pytestmark = pytest.mark.only_crm("copper")


def _email(value: str | None) -> str | None:
    claim = email_claim(value)
    return claim.split(":", 1)[1] if claim else None


def _opportunity_type(opportunity: dict[str, Any], definitions: list[dict[str, Any]]) -> str:
    definition = next(d for d in definitions if d["name"] == "Opportunity Type")
    options = {o["id"]: o["name"] for o in definition["options"]}
    field = next(
        f
        for f in opportunity["custom_fields"]
        if f["custom_field_definition_id"] == definition["id"]
    )
    return options.get(field["value"], "")


def test_converted_lead_and_its_person_are_one_profile(baseline: Baseline) -> None:
    data, store = baseline.dataset, baseline.store
    people = {p["id"]: p for p in data["people"]}
    converted = [lead for lead in data["leads"] if lead["converted_contact_id"]]
    assert len(converted) >= 5
    for lead in converted:
        person = people[lead["converted_contact_id"]]
        user = store.user_with(f"coppercrm-lead:lead-{lead['id']}")
        assert f"coppercrm-person:person-{person['id']}" in user["anonymous_ids"]
        assert user["attributes"]["coppercrm_lead/id"] == lead["id"]
        assert user["attributes"]["coppercrm_person/id"] == person["id"]
        assert user["attributes"]["coppercrm_person/title"] == person["title"]
        assert user["attributes"]["coppercrm_lead/status"] == lead["status"]
        emails = {_email(lead["email"]["email"])} | {_email(e["email"]) for e in person["emails"]}
        assert user["email"] in emails
        assert not user["shell"]


def test_lead_with_a_persons_email_joins_that_person(baseline: Baseline) -> None:
    """Leads duplicating a person's e-mail, even written in another case or with spaces."""
    data, store = baseline.dataset, baseline.store
    owners = {_email(p["emails"][0]["email"]): p for p in data["people"] if p["emails"]}
    duplicates = [
        (lead, owners[_email(lead["email"]["email"])])
        for lead in data["leads"]
        if lead["email"] and not lead["converted_contact_id"]
        if _email(lead["email"]["email"]) in owners
    ]
    assert any(lead["email"]["email"] != _email(lead["email"]["email"]) for lead, _ in duplicates)
    for lead, person in duplicates:
        user = store.user_with(f"coppercrm-lead:lead-{lead['id']}")
        assert f"coppercrm-person:person-{person['id']}" in user["anonymous_ids"]
        assert user["email"] == _email(lead["email"]["email"])
        assert {"coppercrm_lead/id", "coppercrm_person/id"} <= user["attributes"].keys()


def test_people_link_to_their_company_or_a_shell(baseline: Baseline) -> None:
    data, store = baseline.dataset, baseline.store
    companies = {c["id"]: c for c in data["companies"]}
    accounts = {a["id"]: a for a in store.accounts}
    missing = 0
    for person in data["people"]:
        user = store.user_with(f"coppercrm-person:person-{person['id']}")
        if person["company_id"] is None:
            assert user["account_id"] is None
            continue
        account = accounts[user["account_id"]]
        assert f"coppercrm:{person['company_id']}" in account["anonymous_ids"]
        company = companies.get(person["company_id"])
        if company is None:
            missing += 1
            assert account["shell"]
            assert account["domain"] is None
        else:
            assert not account["shell"]
            assert account["attributes"]["coppercrm/name"] == company["name"]
            assert account["domain"] == (company["email_domain"] or None)
    assert missing, "no person points at a missing company"


def test_typed_opportunities_become_groups_on_account_and_contact(baseline: Baseline) -> None:
    """`coppercrm_opportunity_<Type>` on the company's account and the primary contact; the
    latest opportunity of a type wins the group; untyped opportunities are skipped."""
    data, store = baseline.dataset, baseline.store
    winners: dict[tuple[str, str], int] = {}
    untyped = set()
    for opportunity in sorted(data["opportunities"], key=lambda o: (o["date_modified"], o["id"])):
        kind = _opportunity_type(opportunity, data["custom_field_definitions"])
        if not kind:
            untyped.add(opportunity["id"])
            continue
        if opportunity["company_id"]:
            winners[f"coppercrm:{opportunity['company_id']}", kind] = opportunity["id"]
        if opportunity["primary_contact_id"]:
            contact = f"coppercrm-person:person-{opportunity['primary_contact_id']}"
            winners[contact, kind] = opportunity["id"]
    assert len({kind for _, kind in winners}) == 4
    assert untyped
    for (claim, kind), opportunity_id in winners.items():
        if claim.startswith("coppercrm:"):
            profile = store.account_with(claim)
        else:
            profile = store.user_with(claim)
        assert profile["attributes"][f"coppercrm_opportunity_{kind}/id"] == opportunity_id
    for profile in store.users + store.accounts:
        for name, value in profile["attributes"].items():
            if name.startswith("coppercrm_opportunity_") and name.endswith("/id"):
                assert value not in untyped, f"untyped opportunity {value} stored"


def test_activities_on_people_and_leads_are_events(baseline: Baseline) -> None:
    data, store = baseline.dataset, baseline.store
    names = {(t["category"], t["id"]): t["name"] for t in data["activity_types"]}
    users = {u["id"]: u for u in store.users}
    events = {e["event_id"]: e for e in store.events}
    parents = set()
    for activity in data["activities"]:
        kind = activity["type"]
        event = events.get(f"coppercrm:activity:{activity['id']}")
        parent = activity["parent"]
        if kind["category"] != "user" or parent["type"] not in ("person", "lead"):
            assert event is None
            continue
        parents.add(parent["type"])
        owner = users[event["user_id"]]
        assert (
            f"coppercrm-{parent['type']}:{parent['type']}-{parent['id']}" in owner["anonymous_ids"]
        )
        assert event["event"] == names["user", kind["id"]]
        assert event["created_at"] == iso(activity["activity_date"])
        assert event["properties"]["details"] == activity["details"]
    assert parents == {"person", "lead"}
