"""Discovery: schemas from the input catalog without requests, definitions once."""

from __future__ import annotations

import logging

import requests_mock

from tests import fake_api
from tests.conftest import discovered_catalog, make_tap, run_sync

FIELD_PATHS = ("personFields", "organizationFields", "dealFields", "activityFields", "leadFields")


def test_discovery_from_an_input_catalog_makes_no_request() -> None:
    catalog = discovered_catalog()

    with requests_mock.Mocker() as nothing_served:
        tap = make_tap(catalog=catalog)
        schema = tap.streams["persons"].schema
        tap.catalog_dict  # noqa: B018 - builds every stream's catalog entry

    assert nothing_served.call_count == 0
    named = schema["properties"]["custom_field_values"]["properties"]
    assert named["tier"]["type"] == ["string", "null"]


def test_discovery_reads_each_definition_endpoint_once_and_no_records(api) -> None:
    tap = make_tap()
    catalog = tap.catalog_dict

    paths = [r.path for r in api.request_history]
    assert {p.removeprefix("/v1/") for p in paths} == set(FIELD_PATHS)
    assert all(r.qs["start"] for r in api.request_history)
    streams = {entry["tap_stream_id"]: entry for entry in catalog["streams"]}
    assert set(streams) == {
        "activities",
        "activity_fields",
        "activity_types",
        "archived_deals",
        "archived_leads",
        "deal_fields",
        "deals",
        "lead_fields",
        "lead_labels",
        "leads",
        "organization_fields",
        "organizations",
        "person_fields",
        "persons",
        "pipelines",
        "stages",
        "users",
    }
    archived = streams["archived_deals"]["schema"]["properties"]["custom_field_values"]
    assert set(archived["properties"]) == {"deal_source", "contract_value", "contract_period"}

    before = api.call_count
    run_sync(tap, "persons", "person_fields")
    fields_calls = [r for r in api.request_history[before:] if r.path == "/v1/personFields"]
    assert fields_calls == []  # the definitions fetched at discovery are reused


def test_definitions_endpoint_refused_keeps_discovery_going(api, caplog) -> None:
    caplog.set_level(logging.WARNING)
    api.get(
        f"{fake_api.ROOT}/v1/activityFields",
        status_code=403,
        json={"success": False, "error": "Scope and URL mismatch"},
    )

    tap = make_tap()
    schema = tap.streams["activities"].schema

    assert schema["properties"]["custom_field_values"]["properties"] == {}
    assert "activity_fields unavailable" in caplog.text
    assert "Scope and URL mismatch" in caplog.text


def test_primary_and_replication_keys(api) -> None:
    streams = make_tap().streams
    keys = {name: (list(s.primary_keys), s.replication_key) for name, s in streams.items()}

    for entity in ("persons", "organizations", "deals", "archived_deals", "activities"):
        assert keys[entity] == (["id"], "update_time")
        assert streams[entity].is_sorted
    for lead_stream in ("leads", "archived_leads"):
        assert keys[lead_stream] == (["id"], "update_time")
        assert not streams[lead_stream].is_sorted
    assert keys["person_fields"] == (["key"], None)
    assert keys["users"] == (["id"], None)
