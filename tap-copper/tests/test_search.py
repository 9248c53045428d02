"""Incremental searches: body, paging, keyset restarts past the result cap, state."""

from __future__ import annotations

import copy

import pytest
from singer_sdk.exceptions import FatalAPIError, InvalidStreamSortException

from tap_copper import pagination
from tests import sample_data
from tests.helpers import make_tap, run_sync

T0 = sample_data.JAN_2024


def people(*dates: int) -> list[dict]:
    """People with ids 1.. and the given date_modified values."""
    template = sample_data.PEOPLE[1]
    return [
        {**copy.deepcopy(template), "id": i, "date_modified": d} for i, d in enumerate(dates, 1)
    ]


def bookmark(stream: str, value: str) -> dict:
    return {
        "bookmarks": {stream: {"replication_key": "date_modified", "replication_key_value": value}}
    }


def test_body_has_only_supported_keys_sorted_ascending(copper):
    run_sync(make_tap(page_size=50), ["leads", "people", "companies", "opportunities"])
    for path in ("/people/search", "/companies/search", "/opportunities/search"):
        assert copper.bodies(path) == [
            {"page_number": 1, "page_size": 50, "sort_by": "date_modified", "sort_direction": "asc"}
        ]
    assert copper.bodies("/leads/search") == [
        {
            "page_number": 1,
            "page_size": 50,
            "sort_by": "date_modified",
            "sort_direction": "asc",
            "include_converted_leads": True,
        }
    ]


def test_converted_leads_are_included_unless_disabled(copper):
    assert len(run_sync(make_tap(), ["leads"]).records["leads"]) == 2
    output = run_sync(make_tap(include_converted_leads=False), ["leads"])
    assert [r["id"] for r in output.records["leads"]] == [8894157]


def test_minimum_modified_date_comes_from_start_date_or_later_bookmark(copper):
    run_sync(make_tap(start_date="2024-01-02T00:00:00Z"), ["people"])
    tap = make_tap(
        start_date="2024-01-02T00:00:00Z", state=bookmark("people", "2024-01-04T00:00:00Z")
    )
    run_sync(tap, ["people"])
    dates = [body["minimum_modified_date"] for body in copper.bodies("/people/search")]
    assert dates == [T0 + 86_400, T0 + 3 * 86_400]


def test_paging_stops_on_a_short_page(copper):
    copper.data["people"] = people(*range(T0, T0 + 5))
    output = run_sync(make_tap(page_size=2), ["people"])
    assert [b["page_number"] for b in copper.bodies("/people/search")] == [1, 2, 3]
    assert [r["id"] for r in output.records["people"]] == [1, 2, 3, 4, 5]


def test_paging_stops_on_an_empty_page_after_a_full_one(copper):
    copper.data["people"] = people(*range(T0, T0 + 4))
    run_sync(make_tap(page_size=2), ["people"])
    assert [b["page_number"] for b in copper.bodies("/people/search")] == [1, 2, 3]


def test_keyset_restart_below_the_result_cap(copper, monkeypatch):
    monkeypatch.setattr(pagination, "MAX_SEARCH_RESULTS", 4)
    copper.max_results = 4
    copper.data["people"] = people(*range(T0, T0 + 10))
    output = run_sync(make_tap(page_size=2), ["people"])
    assert {r["id"] for r in output.records["people"]} == set(range(1, 11))
    requests = [(b["page_number"], b.get("minimum_modified_date")) for b in copper.bodies("/people/search")]  # fmt: skip
    assert requests == [
        (1, None), (2, None),  # cap reached after 4 results: restart from the last date
        (1, T0 + 3), (2, T0 + 3),
        (1, T0 + 6), (2, T0 + 6),
        (1, T0 + 9),  # short page: done
    ]  # fmt: skip
    # At-least-once: only the record at each restart boundary is read twice.
    assert len(output.records["people"]) == 13


def test_full_pages_sharing_one_date_advance_the_page_number(copper):
    copper.data["people"] = people(T0, T0, T0, T0, T0)
    output = run_sync(make_tap(page_size=2), ["people"])
    bodies = copper.bodies("/people/search")
    assert [(b["page_number"], b.get("minimum_modified_date")) for b in bodies] == [
        (1, None),
        (2, None),
        (3, None),
    ]
    assert len(output.records["people"]) == 5


def test_ties_at_the_cap_restart_from_the_tied_date(copper, monkeypatch):
    monkeypatch.setattr(pagination, "MAX_SEARCH_RESULTS", 4)
    copper.max_results = 4
    copper.data["people"] = people(T0, T0 + 1, T0 + 1, T0 + 1, T0 + 1, T0 + 2)
    output = run_sync(make_tap(page_size=2), ["people"])
    assert {r["id"] for r in output.records["people"]} == {1, 2, 3, 4, 5, 6}


def test_more_ties_than_the_cap_skip_that_second_instead_of_looping(copper, monkeypatch, caplog):
    monkeypatch.setattr(pagination, "MAX_SEARCH_RESULTS", 4)
    copper.max_results = 4
    copper.data["people"] = people(T0, T0, T0, T0, T0, T0, T0 + 1, T0 + 1)
    output = run_sync(make_tap(page_size=2), ["people"])
    assert {7, 8} <= {r["id"] for r in output.records["people"]}
    assert "More than 4 records share date_modified" in caplog.text
    assert len(copper.bodies("/people/search")) == 6


def test_records_older_than_the_bookmark_are_filtered_client_side(copper):
    copper.ignore_min_modified.add("people")  # as if Copper ignored the filter
    tap = make_tap(state=bookmark("people", "2024-01-04T12:00:00+00:00"))
    output = run_sync(tap, ["people"])
    assert copper.bodies("/people/search")[0]["minimum_modified_date"] == T0 + 3 * 86_400 + 43_200
    assert [r["id"] for r in output.records["people"]] == [27140442]


def test_a_restart_the_server_ignores_fails_instead_of_looping(copper, monkeypatch):
    monkeypatch.setattr(pagination, "MAX_SEARCH_RESULTS", 4)
    copper.max_results = 4
    copper.ignore_min_modified.add("people")
    copper.data["people"] = people(*range(T0, T0 + 10))
    # The restarted search starts over; the SDK's sort check stops it.
    with pytest.raises(InvalidStreamSortException):
        run_sync(make_tap(page_size=2), ["people"])


def test_bookmark_advances_with_every_record_so_an_interrupted_sync_resumes(copper):
    copper.data["people"] = people(*range(T0, T0 + 5))
    copper.failures["/people/search"] = [None, 404]  # page 2 fails for good
    tap = make_tap(page_size=2)
    with pytest.raises(FatalAPIError):
        run_sync(tap, ["people"])
    state = tap.state["bookmarks"]["people"]
    assert state["replication_key_value"] == "2024-01-01T00:00:01+00:00"
    assert "progress_markers" not in state

    output = run_sync(make_tap(page_size=2, state=tap.state), ["people"])
    assert copper.bodies("/people/search")[-1]["minimum_modified_date"] == T0 + 1
    assert [r["id"] for r in output.records["people"]] == [2, 3, 4, 5]
    final = output.states[-1]["bookmarks"]["people"]
    assert final["replication_key_value"] == "2024-01-01T00:00:04+00:00"


def test_hand_written_bookmarks_are_normalised(copper):
    tap = make_tap(state=bookmark("people", "2024-01-04T00:00:00Z"))
    assert tap.state["bookmarks"]["people"]["replication_key_value"] == "2024-01-04T00:00:00+00:00"
    run_sync(tap, ["people"])  # no InvalidStreamSortException on the equal-instant record
