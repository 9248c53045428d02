"""Pipedrive dataset: v1/v2 shapes, custom-field encodings and generated edge cases."""

from __future__ import annotations

import re

from crm_sandboxes import Sandbox

RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
ISO_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
HASH = re.compile(r"[0-9a-f]{40}")


def test_v2_timestamps_and_hash_keyed_custom_fields(pipedrive: Sandbox) -> None:
    data = pipedrive.dataset
    for entity in ("persons", "organizations", "deals", "activities"):
        for record in data[entity]:
            assert RFC3339.fullmatch(record["add_time"])
            assert RFC3339.fullmatch(record["update_time"])
            assert record["update_time"] >= record["add_time"]
            assert all(HASH.fullmatch(key) for key in record.get("custom_fields", {}))
    assert all(ISO_MS.fullmatch(lead["update_time"]) for lead in data["leads"])


def test_custom_values_are_typed_in_v2_and_strings_in_v1_leads(pipedrive: Sandbox) -> None:
    data = pipedrive.dataset
    fields = {f["key"]: f["field_type"] for f in data["dealFields"] if f["edit_flag"]}
    kinds: dict[str, set[type]] = {}
    for deal in data["deals"]:
        for key, value in deal["custom_fields"].items():
            if value is not None:
                kinds.setdefault(fields[key], set()).add(type(value))
    assert kinds["enum"] == {int}
    assert kinds["set"] == {list}
    assert kinds["monetary"] == {dict}
    monetary = next(k for k, t in fields.items() if t == "monetary")
    enum = next(k for k, t in fields.items() if t == "enum")
    lead = next(lead for lead in data["leads"] if monetary in lead and enum in lead)
    assert lead[f"{monetary}_currency"] in ("USD", "EUR")
    assert isinstance(lead[enum], str)
    assert lead[enum].isdigit()


def test_persons_with_several_emails_and_primary_not_first(pipedrive: Sandbox) -> None:
    persons = pipedrive.dataset["persons"]
    several = [p for p in persons if len(p["emails"]) > 1]
    assert several
    assert any(not p["emails"][0]["primary"] for p in several)
    assert all(sum(e["primary"] for e in p["emails"]) == 1 for p in persons if p["emails"])
    primaries = [e["value"] for p in persons for e in p["emails"] if e["primary"]]
    assert any(value != value.strip().lower() for value in primaries)
    assert any(v.startswith(" ") and v.endswith(" ") for v in primaries)
    assert any(p["phones"] == [{"value": "", "primary": True}] for p in persons)


def test_organization_websites_and_names(pipedrive: Sandbox) -> None:
    data = pipedrive.dataset
    website = next(f["key"] for f in data["organizationFields"] if f["name"] == "Website")
    sites = [o["custom_fields"][website] for o in data["organizations"]]
    assert any(s and s.startswith("https://www.") and s.endswith("/") for s in sites)
    assert any(s and "://" not in s for s in sites)
    assert any(o["name"].endswith(".example") for o in data["organizations"])


def test_references_to_missing_records(pipedrive: Sandbox) -> None:
    data = pipedrive.dataset
    orgs = {o["id"] for o in data["organizations"]}
    persons = {p["id"] for p in data["persons"]}
    assert any(p["org_id"] and p["org_id"] not in orgs for p in data["persons"])
    assert any(d["person_id"] and d["person_id"] not in persons for d in data["deals"])
    assert all(lead["person_id"] or lead["organization_id"] for lead in data["leads"])
