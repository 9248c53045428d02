"""Cursor and offset paging, updated_since from the bookmark, resumable state."""

from __future__ import annotations

import pytest
from singer_sdk.exceptions import FatalAPIError

from tests import fake_api, fake_data
from tests.conftest import make_tap, run_sync

PERSONS_URL = f"{fake_api.ROOT}/api/v2/persons"
LEADS_URL = f"{fake_api.ROOT}/v1/leads"


def _requests(api, url: str) -> list:
    return [r for r in api.request_history if r.url.split("?")[0] == url]


def test_cursor_paging_reads_every_page_until_next_cursor_is_null(api) -> None:
    output = run_sync(make_tap(), "persons")

    assert [r["id"] for r in output.records["persons"]] == [1, 2, 3]
    calls = _requests(api, PERSONS_URL)
    assert [c.qs.get("cursor") for c in calls] == [None, ["2"]]
    for call in calls:
        assert call.qs["sort_by"] == ["update_time"]
        assert call.qs["sort_direction"] == ["asc"]
        assert call.qs["limit"] == ["500"]


def test_first_run_filters_on_start_date(api) -> None:
    run_sync(make_tap(), "persons")

    assert _requests(api, PERSONS_URL)[0].qs["updated_since"] == ["2024-01-01T00:00:00Z"]


def test_updated_since_comes_from_the_bookmark(api) -> None:
    state = {
        "bookmarks": {
            "persons": {
                "replication_key": "update_time",
                "replication_key_value": "2024-05-02T11:00:00.000Z",
            }
        }
    }

    output = run_sync(make_tap(state=state), "persons")

    assert _requests(api, PERSONS_URL)[0].qs["updated_since"] == ["2024-05-02T11:00:00Z"]
    assert [r["id"] for r in output.records["persons"]] == [2, 3]
    final = output.states[-1]["bookmarks"]["persons"]
    assert final["replication_key_value"] == "2024-05-03T12:00:00.000Z"


def test_page_size_setting_is_sent_as_limit(api) -> None:
    run_sync(make_tap(config={"page_size": 100}), "persons")

    assert _requests(api, PERSONS_URL)[0].qs["limit"] == ["100"]


def test_state_is_resumable_after_a_failure_mid_stream(api) -> None:
    first_page = fake_api.cursor_pages(fake_data.PERSONS)
    api.get(
        PERSONS_URL,
        [
            {"json": first_page},
            {"status_code": 400, "json": {"success": False, "error": "Bad request"}},
        ],
    )
    tap = make_tap()

    with pytest.raises(FatalAPIError, match="400"):
        run_sync(tap, "persons")

    bookmark = tap.state["bookmarks"]["persons"]
    assert bookmark["replication_key_value"] == "2024-05-02T11:00:00.000Z"
    assert "progress_markers" not in bookmark

    api.get(PERSONS_URL, json=fake_api.cursor_pages(fake_data.PERSONS))
    output = run_sync(make_tap(state=tap.state), "persons")
    assert _requests(api, PERSONS_URL)[-1].qs["updated_since"] == ["2024-05-02T11:00:00Z"]
    assert [r["id"] for r in output.records["persons"]] == [2, 3]


def test_leads_use_offset_paging_with_updated_since(api) -> None:
    leads = [
        {**fake_data.LEADS[0], "id": f"lead-{n}", "update_time": f"2024-05-0{n}T08:00:00.000Z"}
        for n in range(1, 6)
    ]
    api.get(LEADS_URL, json=fake_api.offset_pages(leads))

    output = run_sync(make_tap(), "leads")

    assert [r["id"] for r in output.records["leads"]] == [f"lead-{n}" for n in range(1, 6)]
    calls = _requests(api, LEADS_URL)
    assert [c.qs["start"] for c in calls] == [["0"], ["2"], ["4"]]
    assert all(c.qs["updated_since"] == ["2024-01-01T00:00:00Z"] for c in calls)
    assert output.states[-1]["bookmarks"]["leads"]["replication_key_value"] == (
        "2024-05-05T08:00:00.000Z"
    )


def test_offset_paging_accepts_pagination_at_the_additional_data_root(api) -> None:
    """The leads spec documents ``start``/``more_items_in_collection`` directly under
    ``additional_data`` and no ``next_start``: the next offset is start + page length."""
    pages = [
        {
            "success": True,
            "data": [{**fake_data.LEADS[0], "id": "a"}],
            "additional_data": {"start": 0, "limit": 1, "more_items_in_collection": True},
        },
        {
            "success": True,
            "data": [{**fake_data.LEADS[0], "id": "b"}],
            "additional_data": {"start": 1, "limit": 1, "more_items_in_collection": False},
        },
    ]
    api.get(LEADS_URL, [{"json": page} for page in pages])

    output = run_sync(make_tap(), "leads")

    assert [r["id"] for r in output.records["leads"]] == ["a", "b"]
    assert [c.qs["start"] for c in _requests(api, LEADS_URL)] == [["0"], ["1"]]


def test_leads_older_than_the_bookmark_are_dropped(api) -> None:
    """/v1/leads/archived may ignore updated_since; old rows must not be re-emitted."""
    state = {
        "bookmarks": {
            "archived_leads": {
                "replication_key": "update_time",
                "replication_key_value": "2024-04-01T00:00:00.000Z",
            }
        }
    }
    old = {**fake_data.ARCHIVED_LEADS[0], "id": "old", "update_time": "2024-03-01T00:00:00.000Z"}
    new = {**fake_data.ARCHIVED_LEADS[0], "id": "new", "update_time": "2024-04-02T00:00:00.000Z"}
    api.get(f"{fake_api.ROOT}/v1/leads/archived", json={"success": True, "data": [old, new]})

    output = run_sync(make_tap(state=state), "archived_leads")

    assert [r["id"] for r in output.records["archived_leads"]] == ["new"]


def test_empty_v2_response_ends_the_stream(api) -> None:
    api.get(PERSONS_URL, json={"success": True, "data": None, "additional_data": None})

    output = run_sync(make_tap(), "persons")

    assert output.records["persons"] == []
    assert len(_requests(api, PERSONS_URL)) == 1
