"""Copper: auth, search validation, paging, filters, sorting and the result cap."""

from __future__ import annotations

import pytest
import requests
from helpers import NO_LIMIT, copper_walk, search, session_for

from crm_sandboxes import Sandbox, run_sandbox


def test_missing_or_wrong_credentials_get_401(copper: Sandbox, api: requests.Session) -> None:
    url = f"{copper.url}/people/search"
    missing = requests.post(url, json={}, headers={"X-PW-AccessToken": "sandbox-copper-key"})
    assert missing.status_code == 401
    assert missing.json()["success"] is False
    assert "X-PW-UserEmail" in missing.json()["message"]
    for header, value in [
        ("X-PW-AccessToken", "wrong"),
        ("X-PW-Application", "other_app"),
        ("X-PW-UserEmail", "someone@else.example"),
    ]:
        response = api.post(url, json={}, headers={header: value})
        assert response.status_code == 401, header
        assert response.json() == {
            "success": False,
            "status": 401,
            "message": f"Invalid credentials: {header} not accepted",
        }
    email_case = api.post(url, json={}, headers={"X-PW-UserEmail": "SANDBOX@example.com"})
    assert email_case.status_code == 200


def test_unknown_body_keys_get_422(copper: Sandbox, api: requests.Session) -> None:
    response = search(api, copper, "people", page_size=5, include_converted_leads=True, foo=1)
    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "status": 422,
        "message": "Invalid input: Unrecognized attributes specified: foo, include_converted_leads",
    }


@pytest.mark.parametrize("body", [{"page_size": 201}, {"page_size": 0}, {"page_number": 0},
                                  {"page_size": "many"}, {"sort_by": "favourite_color"},
                                  {"sort_direction": "up"}, {"minimum_modified_date": "x"}])  # fmt: skip
def test_invalid_values_get_422(copper: Sandbox, api: requests.Session, body: dict) -> None:
    response = search(api, copper, "people", **body)
    assert response.status_code == 422
    assert response.json()["message"].startswith("Invalid input: Validation errors: ")


def test_documented_filters_the_sandbox_does_not_emulate_get_400(
    copper: Sandbox, api: requests.Session
) -> None:
    response = search(api, copper, "people", custom_fields=[])
    assert response.status_code == 400
    assert "does not emulate: custom_fields" in response.json()["message"]


def test_malformed_json_gets_400(copper: Sandbox, api: requests.Session) -> None:
    response = api.post(f"{copper.url}/people/search", data=b"{nope")
    assert response.status_code == 400


def test_defaults_and_total_header(copper: Sandbox, api: requests.Session) -> None:
    response = search(api, copper, "people")
    people = copper.dataset["people"]
    assert response.status_code == 200
    assert len(response.json()) == 20  # default page size
    assert response.headers["X-PW-TOTAL"] == str(len(people))
    assert "Retry-After" not in response.headers
    names = [p["first_name"].casefold() for p in response.json()]
    assert names == sorted(names)  # default sort: first_name


def test_paging_returns_every_record_once_and_ends_on_a_short_page(
    copper: Sandbox, api: requests.Session
) -> None:
    pages = copper_walk(api, copper, "companies", 7, sort_by="date_modified")
    ids = [record["id"] for page in pages for record in page]
    expected = {company["id"] for company in copper.dataset["companies"]}
    assert len(ids) == len(set(ids)) == len(expected)
    assert set(ids) == expected
    assert all(len(page) == 7 for page in pages[:-1])
    assert len(pages[-1]) == len(expected) % 7


def test_page_past_the_end_is_empty(copper: Sandbox, api: requests.Session) -> None:
    response = search(api, copper, "people", page_number=999, page_size=200)
    assert response.json() == []


def test_date_filters_are_inclusive(copper: Sandbox, api: requests.Session) -> None:
    people = copper.dataset["people"]
    stamps = sorted({p["date_modified"] for p in people})
    low, high = stamps[10], stamps[40]
    expected = {p["id"] for p in people if low <= p["date_modified"] <= high}
    pages = copper_walk(
        api, copper, "people", 200, minimum_modified_date=low, maximum_modified_date=high
    )
    assert {p["id"] for page in pages for p in page} == expected
    created = people[0]["date_created"]
    exact = search(api, copper, "people", page_size=200,
                   minimum_created_date=created, maximum_created_date=created)  # fmt: skip
    assert {p["id"] for p in exact.json()} == {
        p["id"] for p in people if p["date_created"] == created
    }


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_sorting_by_date_breaks_ties_by_id(
    copper: Sandbox, api: requests.Session, direction: str
) -> None:
    pages = copper_walk(api, copper, "leads", 50, sort_by="date_modified",
                        sort_direction=direction, include_converted_leads=True)  # fmt: skip
    keys = [(lead["date_modified"], lead["id"]) for page in pages for lead in page]
    assert keys == sorted(keys, reverse=direction == "desc")
    assert len({stamp for stamp, _ in keys}) < len(keys)  # bulk import: ties exist


def test_sorting_by_name_ignores_case(copper: Sandbox, api: requests.Session) -> None:
    names = [o["name"] for o in search(api, copper, "opportunities", page_size=200).json()]
    assert names == sorted(names, key=str.casefold)


def test_converted_leads_are_excluded_unless_asked_for(
    copper: Sandbox, api: requests.Session
) -> None:
    leads = copper.dataset["leads"]
    converted = {lead["id"] for lead in leads if lead["converted_at"]}
    assert converted
    default = {lead["id"] for p in copper_walk(api, copper, "leads", 200) for lead in p}
    everything = {
        lead["id"]
        for page in copper_walk(api, copper, "leads", 200, include_converted_leads=True)
        for lead in page
    }
    assert default == {lead["id"] for lead in leads} - converted
    assert everything == {lead["id"] for lead in leads}


def test_search_cap_limits_reachable_records(api: requests.Session) -> None:
    with run_sandbox("copper", size=400, search_cap=50, **NO_LIMIT) as sandbox:
        session = session_for(sandbox)
        pages = copper_walk(session, sandbox, "people", 20, sort_by="date_created")
        records = [person for page in pages for person in page]
        assert len(records) == 50
        assert [len(page) for page in pages] == [20, 20, 10]
        beyond = search(session, sandbox, "people", page_number=5, page_size=20)
        assert beyond.json() == []
        assert int(beyond.headers["X-PW-TOTAL"]) == len(sandbox.dataset["people"]) > 50


def test_filters_by_ids_emails_company_and_status(copper: Sandbox, api: requests.Session) -> None:
    people = copper.dataset["people"]
    person = next(p for p in people if p["emails"] and p["company_id"])
    email = person["emails"][0]["email"]
    by_email = search(api, copper, "people", emails=[f"  {email.upper()} "]).json()
    assert [p["id"] for p in by_email] == [person["id"]]
    by_company = search(api, copper, "people", page_size=200, company_ids=[person["company_id"]])
    assert {p["id"] for p in by_company.json()} == {
        p["id"] for p in people if p["company_id"] == person["company_id"]
    }
    ids = [people[0]["id"], people[1]["id"]]
    assert {p["id"] for p in search(api, copper, "people", ids=ids).json()} == set(ids)
    won = search(api, copper, "opportunities", page_size=200, status_ids=[1]).json()
    assert won
    assert {o["status"] for o in won} == {"Won"}


def test_custom_field_computed_values_returns_option_names(
    copper: Sandbox, api: requests.Session
) -> None:
    url = f"{copper.url}/opportunities/search?custom_field_computed_values=true"
    opportunities = api.post(url, json={"page_size": 200}).json()
    types = {
        field["value"]
        for opportunity in opportunities
        for field in opportunity["custom_fields"]
        if field["custom_field_definition_id"] == 200011
    }
    assert types == {"New Business", "Upsell", "Cross Sell", "Renewal", None}
