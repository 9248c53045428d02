"""Activities: type filter, date windows, look-back from the bookmark, cap splitting."""

from __future__ import annotations

import itertools
import json

import pytest
import requests

from tap_copper import pagination
from tap_copper.pagination import DateWindow, DateWindowPaginator
from tests import sample_data
from tests.helpers import make_tap, run_sync

T0 = sample_data.JAN_2024
DAY = sample_data.DAY
USER_TYPES = [
    {"id": 0, "category": "user"},
    {"id": 190711, "category": "user"},
    {"id": 190712, "category": "user"},
]


def state(activity_date: str) -> dict:
    bookmark = {"replication_key": "activity_date", "replication_key_value": activity_date}
    return {"bookmarks": {"activities": bookmark}}


def test_all_user_activity_types_from_the_start_date_by_default(copper):
    output = run_sync(make_tap(start_date="2024-01-01T00:00:00Z"), ["activities"])
    assert copper.bodies("/activities/search") == [
        {
            "page_number": 1,
            "page_size": 200,
            "activity_types": USER_TYPES,
            "minimum_activity_date": T0,
        }
    ]
    assert {r["type"]["category"] for r in output.records["activities"]} == {"user"}
    assert len(output.records["activities"]) == 3


def test_configured_activity_types_match_any_category(copper, caplog):
    output = run_sync(make_tap(activity_types=[3, 0, 42]), ["activities"])
    body = copper.bodies("/activities/search")[0]
    assert body["activity_types"] == [
        {"id": 0, "category": "user"},
        {"id": 3, "category": "system"},
    ]
    assert "minimum_activity_date" not in body  # no start date, no bookmark: everything
    assert "Unknown activity type ids ignored: [42]" in caplog.text
    assert [r["activity_type_name"] for r in output.records["activities"]] == [
        "Pipeline Stage Changed",
        "Note",
    ]


def test_incremental_runs_look_back_from_the_bookmark(copper):
    run_sync(make_tap(state=state("2024-02-01T00:00:00+00:00")), ["activities"])
    run_sync(
        make_tap(activities_lookback_days=3, state=state("2024-02-01T00:00:00Z")), ["activities"]
    )
    floor = make_tap(start_date="2024-01-20T00:00:00Z", state=state("2024-02-01T00:00:00Z"))
    run_sync(floor, ["activities"])
    starts = [b["minimum_activity_date"] for b in copper.bodies("/activities/search")]
    assert starts == [T0 + 1 * DAY, T0 + 28 * DAY, T0 + 19 * DAY]


def test_bookmark_is_the_latest_activity_date_once_the_stream_is_done(copper):
    output = run_sync(make_tap(), ["activities"])
    bookmark = output.states[-1]["bookmarks"]["activities"]
    assert bookmark == {
        "replication_key": "activity_date",
        "replication_key_value": "2024-01-04T00:00:00+00:00",
    }


def test_a_window_over_the_cap_is_split_until_each_part_fits(copper, monkeypatch):
    monkeypatch.setattr(pagination, "MAX_SEARCH_RESULTS", 1)
    output = run_sync(make_tap(start_date="2024-01-01T00:00:00Z"), ["activities"])
    ids = [r["id"] for r in output.records["activities"]]
    # Pages announcing too many results (X-PW-TOTAL) are dropped, so nothing is duplicated.
    assert sorted(ids) == [3061844454, 3061845284, 3064242278]
    windows = [
        (b.get("minimum_activity_date"), b.get("maximum_activity_date"))
        for b in copper.bodies("/activities/search")
    ]
    assert windows[0] == (T0, None)

    def size(window: tuple) -> int:
        low, high = window
        dates = [
            a["activity_date"] for a in sample_data.ACTIVITIES if a["type"]["category"] == "user"
        ]
        return sum(low <= d and (high is None or d <= high) for d in dates)

    # The windows read to the end (within the cap) tile [T0, open end) without gaps.
    leaves = sorted({w for w in windows if size(w) <= 1})
    assert leaves[0][0] == T0
    assert leaves[-1][1] is None
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(leaves))
    assert len(windows) == len(set(windows))


def page(records: list[dict], total: int | None = None) -> requests.Response:
    response = requests.Response()
    response.status_code = 200
    response._content = json.dumps(records).encode()
    if total is not None:
        response.headers["X-PW-TOTAL"] = str(total)
    return response


def test_window_paginator_splits_when_paging_reaches_the_cap(monkeypatch):
    monkeypatch.setattr(pagination, "MAX_SEARCH_RESULTS", 4)
    paginator = DateWindowPaginator(DateWindow(1000, 2000), page_size=2, now=5000)
    paginator.advance(page([{}, {}]))
    assert paginator.current_value == DateWindow(1000, 2000, page=2)
    paginator.advance(page([{}, {}]))  # page 3 would pass the cap: split, re-read the first half
    assert paginator.current_value == DateWindow(1000, 1500)
    paginator.advance(page([]))
    assert paginator.current_value == DateWindow(1500, 2000)
    paginator.advance(page([{}]))
    assert paginator.finished


def test_window_paginator_continues_after_an_empty_window():
    now = pagination.EARLIEST_ACTIVITY + 10_000
    paginator = DateWindowPaginator(DateWindow(None, None), page_size=2, now=now)
    paginator.advance(page([{}], total=100_001))
    middle = pagination.EARLIEST_ACTIVITY + 5_000
    assert paginator.current_value == DateWindow(None, middle)
    empty = page([], total=0)
    assert paginator.continue_if_empty(empty)
    paginator.advance(empty)
    assert paginator.current_value == DateWindow(middle, None)
    assert not paginator.continue_if_empty(page([], total=0))


@pytest.mark.parametrize("window", [DateWindow(10, 11), DateWindow(None, None)])
def test_unsplittable_windows_are_left_truncated(window, caplog):
    paginator = DateWindowPaginator(window, page_size=2, now=pagination.EARLIEST_ACTIVITY + 1)
    paginator.advance(page([{}, {}], total=200_000))
    assert paginator.finished
    assert "exceeds the search cap; truncated" in caplog.text
