"""Value conversions."""

from __future__ import annotations

import decimal

import pytest

from tap_copper.streams import SCHEMAS
from tap_copper.transform import (
    canonical_iso,
    convert_unix_at,
    datetime_paths,
    parse_close_date,
    snake_case,
    unix_to_iso,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_575_446_400, "2019-12-04T08:00:00+00:00"),
        (decimal.Decimal("1575446400.5"), "2019-12-04T08:00:00.500000+00:00"),
        (None, None),
        (True, True),
        ("2019-12-04", "2019-12-04"),
    ],
)
def test_unix_to_iso(value, expected):
    assert unix_to_iso(value) == expected


@pytest.mark.parametrize(
    ("value", "day_first", "expected"),
    [
        ("1/7/2020", False, "2020-01-07"),
        ("1/7/2020", True, "2020-07-01"),
        ("12/31/2023", False, "2023-12-31"),
        ("2023-12-31", False, "2023-12-31"),
        (None, False, None),
        ("", False, None),
    ],
)
def test_parse_close_date(value, day_first, expected):
    assert parse_close_date(value, day_first=day_first) == expected


@pytest.mark.parametrize("value", ["12/31/2023", "31/12", "soon"])
def test_parse_close_date_rejects_what_is_no_date(value):
    with pytest.raises(ValueError):  # noqa: PT011 - any ValueError
        parse_close_date(value, day_first=True)


def test_snake_case():
    assert snake_case("Opportunity Type") == "opportunity_type"
    assert snake_case("  Is VIP? (yes/no) ") == "is_vip_yes_no"


def test_datetime_paths_reach_into_arrays_of_objects():
    paths = datetime_paths(SCHEMAS.get_schema("people"))
    assert ("leads_converted_from", "converted_timestamp") in paths
    assert ("date_modified",) in paths
    record = {"leads_converted_from": [{"converted_timestamp": 0}], "date_modified": None}
    for path in paths:
        convert_unix_at(record, path)
    assert record == {
        "leads_converted_from": [{"converted_timestamp": "1970-01-01T00:00:00+00:00"}],
        "date_modified": None,
    }


def test_canonical_iso():
    assert canonical_iso("2024-01-04T01:00:00+01:00") == "2024-01-04T00:00:00+00:00"
    assert canonical_iso("2024-01-04") == "2024-01-04T00:00:00+00:00"
