"""Copper: activities search, users, account, lookups and single-record endpoints."""

from __future__ import annotations

import requests
from helpers import copper_walk, search

from crm_sandboxes import Sandbox


def test_activities_search_filters_by_parent_type_and_date(
    copper: Sandbox, api: requests.Session
) -> None:
    activities = copper.dataset["activities"]
    sample = activities[0]
    by_parent = search(api, copper, "activities", page_size=200, parent=sample["parent"]).json()
    assert {a["id"] for a in by_parent} == {
        a["id"] for a in activities if a["parent"] == sample["parent"]
    }
    calls = [{"id": 190001, "category": "user"}, {"id": 0, "category": "user"}]
    typed = copper_walk(api, copper, "activities", 200, activity_types=calls)
    assert {a["id"] for page in typed for a in page} == {
        a["id"] for a in activities if a["type"] in calls
    }
    low, high = sorted(a["activity_date"] for a in activities)[5:25:19]
    window = copper_walk(api, copper, "activities", 200, full_result=True,
                         minimum_activity_date=low, maximum_activity_date=high)  # fmt: skip
    dates = [a["activity_date"] for page in window for a in page]
    assert len(dates) == sum(1 for a in activities if low <= a["activity_date"] <= high)
    assert dates == sorted(dates, reverse=True)  # newest first


def test_activities_search_rejects_undocumented_keys(
    copper: Sandbox, api: requests.Session
) -> None:
    response = search(api, copper, "activities", sort_by="activity_date")
    assert response.status_code == 422
    assert "Unrecognized attributes specified: sort_by" in response.json()["message"]
    bad_type = search(api, copper, "activities", activity_types=[{"id": 1, "category": "bot"}])
    assert bad_type.status_code == 422


def test_activities_cover_every_parent_type_and_both_categories(copper: Sandbox) -> None:
    activities = copper.dataset["activities"]
    assert {a["parent"]["type"] for a in activities} == {"person", "lead", "company", "opportunity"}
    assert {a["type"]["category"] for a in activities} == {"user", "system"}
    assert len({a["type"]["id"] for a in activities if a["type"]["category"] == "user"}) >= 4
    assert all(a["date_modified"] == a["activity_date"] for a in activities)
    assert any(a["date_created"] > a["activity_date"] for a in activities)  # back-dated


def test_users_me_account_and_users_search(copper: Sandbox, api: requests.Session) -> None:
    me = api.get(f"{copper.url}/users/me").json()
    assert me["email"] == "sandbox@example.com"
    assert set(me) == {"id", "name", "email", "groups"}
    account = api.get(f"{copper.url}/account").json()
    assert account["primary_timezone"] == "America/Phoenix"
    first = search(api, copper, "users", page_size=4).json()
    second = search(api, copper, "users", page_number=2, page_size=4).json()
    assert [u["id"] for u in first + second] == sorted(u["id"] for u in copper.dataset["users"])
    assert search(api, copper, "users", sort_by="name").status_code == 422


def test_lookup_lists(copper: Sandbox, api: requests.Session) -> None:
    types = api.get(f"{copper.url}/activity_types").json()
    assert set(types) == {"user", "system"}
    assert types["user"][0] == {"id": 0, "category": "user", "name": "Note",
                                "is_disabled": False, "count_as_interaction": False}  # fmt: skip
    assert any(t["is_disabled"] for t in types["user"])
    pipelines = api.get(f"{copper.url}/pipelines").json()
    stages = api.get(f"{copper.url}/pipeline_stages").json()
    assert {s["id"] for p in pipelines for s in p["stages"]} == {s["id"] for s in stages}
    for name in ("lead_statuses", "customer_sources", "contact_types", "loss_reasons"):
        response = api.get(f"{copper.url}/{name}")
        assert response.status_code == 200
        assert all({"id", "name"} <= set(item) for item in response.json())
    definitions = api.get(f"{copper.url}/custom_field_definitions").json()
    assert {d["data_type"] for d in definitions} == {"String", "Text", "Dropdown", "Date",
        "Checkbox", "Float", "URL", "Percentage", "Currency", "MultiSelect"}  # fmt: skip
    opportunity_type = next(d for d in definitions if d["name"] == "Opportunity Type")
    assert opportunity_type["available_on"] == ["opportunity"]
    assert {o["name"] for o in opportunity_type["options"]} >= {"New Business", "Upsell"}


def test_single_records_and_404(copper: Sandbox, api: requests.Session) -> None:
    person = copper.dataset["people"][3]
    assert api.get(f"{copper.url}/people/{person['id']}").json() == person
    missing = api.get(f"{copper.url}/people/1")
    assert (missing.status_code, missing.json()) == (404, {"error": "not_found"})
    assert api.get(f"{copper.url}/nothing/here").status_code == 404
    assert api.get(f"{copper.url}/people/search").status_code == 404


def test_fetch_person_by_email(copper: Sandbox, api: requests.Session) -> None:
    person = next(p for p in copper.dataset["people"] if p["emails"])
    email = person["emails"][-1]["email"].upper()
    found = api.post(f"{copper.url}/people/fetch_by_email", json={"email": email})
    assert found.json()["id"] == person["id"]
    unknown = api.post(f"{copper.url}/people/fetch_by_email", json={"email": "x@y.example"})
    assert unknown.status_code == 404
