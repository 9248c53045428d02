"""Discovery costs at most one request, and none when an input catalog is given."""

from __future__ import annotations

from tests.helpers import catalog, make_tap, run_sync


def test_discovery_reads_custom_field_definitions_once(copper):
    tap = make_tap()
    schemas = {entry["tap_stream_id"]: entry["schema"] for entry in tap.catalog_dict["streams"]}
    assert copper.calls == [("GET", "/custom_field_definitions", None)]
    lead_fields = schemas["leads"]["properties"]["custom_field_values"]["properties"]
    assert set(lead_fields) == {
        "account_number", "long_notes", "profile_url", "interests", "renewal_date",
        "is_vip", "score", "annual_revenue",
    }  # fmt: skip
    assert "custom_field_values" not in schemas["activities"]["properties"]


def test_an_input_catalog_replaces_discovery_requests(copper):
    discovered = catalog(make_tap(), {"leads": []})
    copper.calls.clear()
    tap = make_tap(catalog=discovered)
    assert tap.catalog_dict["streams"]
    for stream in tap.streams.values():
        assert stream.schema
    assert copper.calls == []


def test_sync_with_a_catalog_uses_its_schema_and_reads_definitions_once(copper):
    discovered = catalog(make_tap(), {"leads": []})
    lead_entry = next(e for e in discovered["streams"] if e["tap_stream_id"] == "leads")
    del lead_entry["schema"]["properties"]["custom_field_values"]["properties"]["score"]
    copper.calls.clear()
    output = run_sync(make_tap(catalog=discovered))
    assert set(output.records) == {"leads"}
    assert "score" not in output.schema("leads")["properties"]["custom_field_values"]["properties"]
    lead = next(r for r in output.records["leads"] if r["id"] == 8894157)
    assert lead["custom_field_values"]["account_number"] == "A-1"
    assert "score" not in lead["custom_field_values"]
    assert len(copper.bodies("/custom_field_definitions")) == 1


def test_discovery_and_sync_in_one_process_share_the_definitions(copper):
    tap = make_tap()
    tap.catalog_dict  # noqa: B018 - discovery
    run_sync(tap, ["leads", "people", "companies", "opportunities", "custom_field_definitions"])
    assert len(copper.bodies("/custom_field_definitions")) == 1
