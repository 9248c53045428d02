"""Names behind ids, lookup caching, and opportunity close dates."""

from __future__ import annotations

from collections import Counter

from tests.helpers import catalog, make_tap, run_sync


def by_id(records: list[dict]) -> dict[int, dict]:
    return {record["id"]: record for record in records}


def test_records_carry_the_names_behind_their_ids(copper):
    records = run_sync(make_tap()).records
    lead = by_id(records["leads"])[8894157]
    assert (lead["assignee_name"], lead["assignee_email"]) == ("Jane Seller", "jane@acme.example")
    assert lead["customer_source_name"] == "Website"
    assert lead["lead_status_name"] == "New"
    assert by_id(records["leads"])[8894158]["lead_status_name"] == "Converted"
    person = by_id(records["people"])[27140359]
    assert person["contact_type_name"] == "Current Customer"
    assert person["assignee_email"] == "raj@acme.example"
    assert by_id(records["companies"])[9607581]["contact_type_name"] == "Potential Customer"
    won, lost = by_id(records["opportunities"])[4], by_id(records["opportunities"])[6]
    assert (won["pipeline_name"], won["pipeline_stage_name"]) == ("Sales", "Proposal")
    assert (lost["pipeline_name"], lost["pipeline_stage_name"]) == ("Renewals", "Due")
    assert lost["loss_reason_name"] == "Competitor"
    call = by_id(records["activities"])[3061844454]
    assert call["activity_type_name"] == "Phone Call"
    assert (call["user_name"], call["user_email"]) == ("Raj Closer", "raj@acme.example")


def test_missing_or_unknown_ids_give_null_names(copper):
    copper.data["people"][1]["assignee_id"] = 424242  # e.g. a deactivated user
    people = by_id(run_sync(make_tap(), ["people"]).records["people"])
    assert people[27140442]["assignee_name"] is None
    assert people[27140442]["contact_type_name"] is None  # contact_type_id is null


def test_each_lookup_is_requested_once_per_run(copper):
    run_sync(make_tap())
    requests = Counter(path for _, path, _ in copper.calls)
    lookups = [p for p in requests if not p.endswith("/search") or p == "/users/search"]
    assert len(lookups) == 8
    assert all(requests[path] == 1 for path in lookups), requests


def test_users_are_read_page_by_page(copper):
    records = run_sync(make_tap(page_size=1), ["users", "leads"]).records
    assert [b["page_number"] for b in copper.bodies("/users/search")] == [1, 2, 3]
    assert len(records["users"]) == 2


def test_deselected_name_fields_cost_no_request(copper):
    deselected = ["assignee_name", "assignee_email", "custom_field_values"]
    selection = catalog(make_tap(), {"leads": deselected})
    copper.calls.clear()
    lead = run_sync(make_tap(catalog=selection)).records["leads"][0]
    assert "assignee_name" not in lead
    assert lead["lead_status_name"] == "New"
    assert sorted(path for _, path, _ in copper.calls) == [
        "/customer_sources",
        "/lead_statuses",
        "/leads/search",
    ]


def test_close_dates_become_iso_dates(copper):
    opportunities = by_id(run_sync(make_tap(), ["opportunities"]).records["opportunities"])
    assert opportunities[4]["close_date"] == "2024-01-15"
    assert opportunities[6]["close_date"] == "2023-12-31"


def test_day_first_accounts_and_unparseable_close_dates(copper, caplog):
    copper.data["opportunities"][0]["close_date"] = "15/1/2024"
    opportunities = run_sync(make_tap(close_date_format="D/M/YYYY"), ["opportunities"])
    dates = [r["close_date"] for r in opportunities.records["opportunities"]]
    assert dates == ["2024-01-15", None]  # "12/31/2023" is no D/M/YYYY date
    assert "check the `close_date_format` setting" in caplog.text
