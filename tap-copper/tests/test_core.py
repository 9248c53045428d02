"""singer-sdk standard tap tests against the fake account, plus whole-sync checks."""

from __future__ import annotations

from singer_sdk.testing import get_tap_test_class

from tap_copper.tap import TapCopper
from tests import sample_data
from tests.fake_copper import CONFIG
from tests.helpers import make_tap, run_sync

SAMPLE_CONFIG = {**CONFIG, "start_date": "2020-01-01T00:00:00Z", "requests_per_minute": 100_000}

TestTapCopper = get_tap_test_class(tap_class=TapCopper, config=SAMPLE_CONFIG)


def test_every_stream_emits_unique_primary_keys(copper):
    output = run_sync(make_tap())
    tap = make_tap()
    assert set(output.records) == set(tap.streams)
    for name, records in output.records.items():
        keys = [tuple(r[k] for k in tap.streams[name].primary_keys) for r in records]
        assert len(keys) == len(set(keys)), name


def test_records_are_faithful_copies_with_iso_dates(copper):
    output = run_sync(make_tap(), ["leads", "people", "companies"])
    lead = next(r for r in output.records["leads"] if r["id"] == 8894157)
    source = sample_data.LEADS[0]
    for field in ("address", "email", "socials", "websites", "phone_numbers", "tags"):
        assert lead[field] == source[field]
    assert lead["custom_fields"] == source["custom_fields"]
    assert lead["date_created"] == "2024-01-01T00:00:00+00:00"
    assert lead["date_last_contacted"] == "2024-01-01T00:00:50+00:00"
    converted = next(r for r in output.records["leads"] if r["id"] == 8894158)
    assert converted["converted_at"] == "2024-01-03T00:00:00+00:00"
    assert converted["converted_contact_id"] == 27140359
    assert converted["converted_value"] == "75000.0"
    person = output.records["people"][0]
    assert person["leads_converted_from"] == [
        {"lead_id": 8894158, "converted_timestamp": "2024-01-03T00:00:00+00:00"}
    ]
    assert person["date_lead_created"] == "2024-01-02T00:00:00+00:00"
    assert person["address"]["postal_code"] == "94105"
