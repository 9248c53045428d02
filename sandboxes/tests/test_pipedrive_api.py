"""Pipedrive: auth, v2 cursor lists, v1 offset leads, filters, archived/deleted, lookups."""

from __future__ import annotations

import base64
import json
import math

import pytest
import requests
from helpers import pipedrive_walk

from crm_sandboxes import Sandbox


def test_token_in_header_or_legacy_query_else_401(pipedrive: Sandbox) -> None:
    url = f"{pipedrive.url}/api/v2/persons"
    assert requests.get(url, headers=pipedrive.auth_headers).status_code == 200
    assert requests.get(url, params={"api_token": "sandbox-pipedrive-token"}).status_code == 200
    for response in (requests.get(url), requests.get(url, headers={"x-api-token": "nope"})):
        assert response.status_code == 401
        body = response.json()
        assert (body["success"], body["error"], body["data"]) == (
            False,
            "unauthorized access",
            None,
        )


@pytest.mark.parametrize("entity", ["persons", "organizations", "deals", "activities"])
def test_cursor_paging_returns_every_record_once(
    pipedrive: Sandbox, pd: requests.Session, entity: str
) -> None:
    records, calls = pipedrive_walk(pd, f"{pipedrive.url}/api/v2/{entity}", limit=17)
    ids = [record["id"] for record in records]
    expected = [r for r in pipedrive.dataset[entity]
                if not r.get("is_deleted") and not r.get("is_archived")]  # fmt: skip
    assert ids == sorted(r["id"] for r in expected)  # default order: id ascending
    assert calls == math.ceil(len(expected) / 17)  # no empty trailing page


def test_limit_above_500_and_bad_cursor_get_400(pipedrive: Sandbox, pd: requests.Session) -> None:
    url = f"{pipedrive.url}/api/v2/persons"
    assert pd.get(url, params={"limit": 501}).status_code == 400
    assert pd.get(url, params={"limit": 500}).status_code == 200
    assert pd.get(url, params={"cursor": "garbage!"}).status_code == 400
    first = pd.get(url, params={"limit": 2}).json()["additional_data"]["next_cursor"]
    mismatch = pd.get(url, params={"cursor": first, "sort_by": "update_time"})
    assert mismatch.status_code == 400
    assert pd.get(url, params={"sort_by": "name"}).status_code == 400
    assert pd.get(url, params={"updated_since": "yesterday"}).status_code == 400


def test_cursor_is_base64_json_of_the_sort_key(pipedrive: Sandbox, pd: requests.Session) -> None:
    body = pd.get(f"{pipedrive.url}/api/v2/persons",
                  params={"limit": 3, "sort_by": "update_time"}).json()  # fmt: skip
    cursor = json.loads(base64.urlsafe_b64decode(body["additional_data"]["next_cursor"]))
    last = body["data"][-1]
    assert cursor == {"field": "update_time", "fieldValue": last["update_time"],
                      "sortDirection": "asc", "id": last["id"]}  # fmt: skip


def test_updated_since_is_inclusive_and_until_exclusive(
    pipedrive: Sandbox, pd: requests.Session
) -> None:
    persons = pipedrive.dataset["persons"]
    stamps = sorted({p["update_time"] for p in persons})
    since, until = stamps[20], stamps[60]
    records, _ = pipedrive_walk(
        pd, f"{pipedrive.url}/api/v2/persons", limit=500, sort_by="update_time",
        updated_since=since, updated_until=until,
    )  # fmt: skip
    assert [r["id"] for r in records] == [
        p["id"] for p in sorted(persons, key=lambda p: (p["update_time"], p["id"]))
        if since <= p["update_time"] < until
    ]  # fmt: skip
    offset = since.replace("Z", "+00:00")
    with_offset, _ = pipedrive_walk(pd, f"{pipedrive.url}/api/v2/persons", updated_since=offset)
    assert len(with_offset) == sum(1 for p in persons if p["update_time"] >= since)


def test_sort_descending(pipedrive: Sandbox, pd: requests.Session) -> None:
    records, _ = pipedrive_walk(pd, f"{pipedrive.url}/api/v2/organizations", limit=50,
                                sort_by="add_time", sort_direction="desc")  # fmt: skip
    keys = [(r["add_time"], r["id"]) for r in records]
    assert keys == sorted(keys, reverse=True)
    assert len(keys) == len(pipedrive.dataset["organizations"])


def test_deals_hide_deleted_and_archived_unless_asked(
    pipedrive: Sandbox, pd: requests.Session
) -> None:
    deals = pipedrive.dataset["deals"]
    url = f"{pipedrive.url}/api/v2/deals"
    everything, _ = pipedrive_walk(pd, url, limit=500, status="open,won,lost,deleted")
    deleted, _ = pipedrive_walk(pd, url, status="deleted")
    archived, _ = pipedrive_walk(pd, f"{url}/archived", limit=500)
    assert deleted
    assert archived
    assert {d["id"] for d in deleted} == {
        d["id"] for d in deals if d["is_deleted"] and not d["is_archived"]
    }
    assert all(d["is_deleted"] and d["status"] == "deleted" for d in deleted)
    assert {d["id"] for d in everything} == {d["id"] for d in deals if not d["is_archived"]}
    assert {d["id"] for d in archived} == {
        d["id"] for d in deals if d["is_archived"] and not d["is_deleted"]
    }
    assert pd.get(url, params={"status": "gone"}).status_code == 400


def test_filters_and_ids(pipedrive: Sandbox, pd: requests.Session) -> None:
    persons = pipedrive.dataset["persons"]
    org_id = next(p["org_id"] for p in persons if p["org_id"])
    found, _ = pipedrive_walk(pd, f"{pipedrive.url}/api/v2/persons", org_id=org_id)
    assert {p["id"] for p in found} == {p["id"] for p in persons if p["org_id"] == org_id}
    ids = ",".join(str(p["id"]) for p in persons[:3])
    by_ids = pd.get(f"{pipedrive.url}/api/v2/persons", params={"ids": ids}).json()["data"]
    assert {p["id"] for p in by_ids} == {p["id"] for p in persons[:3]}


def test_attendees_only_with_include_fields_and_custom_field_selection(
    pipedrive: Sandbox, pd: requests.Session
) -> None:
    url = f"{pipedrive.url}/api/v2/activities"
    plain, _ = pipedrive_walk(pd, url, limit=500)
    assert all("attendees" not in a for a in plain)
    full, _ = pipedrive_walk(pd, url, limit=500, include_fields="attendees")
    assert any(a["attendees"] for a in full)
    key = next(iter(pipedrive.dataset["persons"][0]["custom_fields"]))
    persons = pd.get(f"{pipedrive.url}/api/v2/persons", params={"custom_fields": key}).json()
    assert all(set(p["custom_fields"]) == {key} for p in persons["data"])


def test_v1_leads_offset_paging(pipedrive: Sandbox, pd: requests.Session) -> None:
    leads = pipedrive.dataset["leads"]
    active = sorted((lead for lead in leads if not lead["is_archived"]),
                    key=lambda lead: (lead["add_time"], lead["id"]))  # fmt: skip
    seen, start = [], 0
    while True:
        body = pd.get(f"{pipedrive.url}/v1/leads", params={"start": start, "limit": 9}).json()
        seen += body["data"]
        pagination = body["additional_data"]["pagination"]
        assert (pagination["start"], pagination["limit"]) == (start, 9)
        if not pagination["more_items_in_collection"]:
            assert "next_start" not in pagination
            break
        start = pagination["next_start"]
    assert [lead["id"] for lead in seen] == [lead["id"] for lead in active]  # oldest first
    archived = pd.get(f"{pipedrive.url}/api/v1/leads/archived", params={"limit": 500}).json()
    assert {lead["id"] for lead in archived["data"]} == {
        lead["id"] for lead in leads if lead["is_archived"]
    }
    assert pd.get(f"{pipedrive.url}/v1/leads", params={"limit": 501}).status_code == 400


def test_v1_leads_updated_since_and_sort(pipedrive: Sandbox, pd: requests.Session) -> None:
    leads = [lead for lead in pipedrive.dataset["leads"] if not lead["is_archived"]]
    since = sorted(lead["update_time"] for lead in leads)[10]
    body = pd.get(f"{pipedrive.url}/v1/leads", params={
        "updated_since": since, "sort": "update_time ASC", "limit": 500}).json()  # fmt: skip
    times = [lead["update_time"] for lead in body["data"]]
    assert times == sorted(t for t in (lead["update_time"] for lead in leads) if t >= since)
    lead = leads[0]
    single = pd.get(f"{pipedrive.url}/v1/leads/{lead['id']}").json()
    assert single == {"success": True, "data": lead}


def test_lookups_and_field_definitions(pipedrive: Sandbox, pd: requests.Session) -> None:
    url = pipedrive.url
    users = pd.get(f"{url}/v1/users").json()["data"]
    assert pd.get(f"{url}/v1/users/me").json()["data"]["id"] == users[0]["id"]
    stages = pd.get(f"{url}/api/v2/stages", params={"pipeline_id": 2}).json()["data"]
    assert stages
    assert {s["pipeline_id"] for s in stages} == {2}
    assert pd.get(f"{url}/api/v2/pipelines").json()["data"][0]["name"] == "Sales"
    types = pd.get(f"{url}/v1/activityTypes").json()["data"]
    activity_types = {a["type"] for a in pipedrive.dataset["activities"]}
    assert activity_types <= {t["key_string"] for t in types}
    fields = pd.get(f"{url}/v1/personFields", params={"limit": 500}).json()["data"]
    custom = [f for f in fields if f["edit_flag"]]
    assert all(len(f["key"]) == 40 and int(f["key"], 16) >= 0 for f in custom)
    v2_fields = pd.get(f"{url}/api/v2/dealFields").json()["data"]
    deal_type = next(f for f in v2_fields if f["field_name"] == "Deal Type")
    assert {o["label"] for o in deal_type["options"]} == {"New Business", "Upsell",
                                                          "Cross Sell", "Renewal"}  # fmt: skip
    lead_fields = pd.get(f"{url}/v1/leadFields", params={"limit": 500}).json()["data"]
    assert deal_type["field_code"] in {f["key"] for f in lead_fields}
    for path in ("organizationFields", "activityFields", "leadLabels"):
        assert pd.get(f"{url}/v1/{path}").status_code == 200


def test_single_v2_records(pipedrive: Sandbox, pd: requests.Session) -> None:
    deal = pipedrive.dataset["deals"][0]
    assert pd.get(f"{pipedrive.url}/api/v2/deals/{deal['id']}").json()["data"] == deal
    assert pd.get(f"{pipedrive.url}/api/v2/deals/999999").status_code == 404
