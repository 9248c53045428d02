"""Record shaping: UTC timestamps, names behind ids, deleted flags, faithful fields."""

from __future__ import annotations

import pytest

from tap_pipedrive.records import to_utc_iso
from tests import fake_api, fake_data
from tests.conftest import make_tap, run_sync


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-09-25 18:50:01", "2019-09-25T18:50:01.000Z"),
        ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000Z"),
        ("2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z"),
        ("2020-10-14T11:30:36.551Z", "2020-10-14T11:30:36.551Z"),
        ("2024-01-01T10:00:00+02:00", "2024-01-01T08:00:00.000Z"),
        ("0000-00-00 00:00:00", None),
        ("", None),
        (None, None),
    ],
)
def test_timestamps_are_utc_iso_8601(value, expected) -> None:
    assert to_utc_iso(value) == expected


def test_timestamp_strings_sort_chronologically() -> None:
    values = ["2024-01-01T10:00:00Z", "2024-01-01T10:00:00.5Z", "2024-01-01 10:00:01"]
    normalised = [to_utc_iso(v) for v in values]
    assert normalised == sorted(normalised)


@pytest.fixture(scope="module")
def output():
    with __import__("requests_mock").Mocker(case_sensitive=True) as mocker:
        fake_api.register(mocker)
        yield run_sync(make_tap())


def test_v1_and_v2_timestamps_are_normalised(output) -> None:
    user = output.records["users"][0]
    assert user["created"] == "2022-05-01T08:00:00.000Z"
    assert user["last_login"] == "2024-06-01T07:45:12.000Z"
    assert output.records["activity_types"][0]["update_time"] is None
    assert output.records["person_fields"][0]["add_time"] == "2023-01-10T09:00:00.000Z"
    assert output.records["persons"][2]["update_time"] == "2024-05-03T12:00:00.000Z"
    assert output.records["activities"][0]["due_date"] == "2024-05-02"  # dates stay dates
    assert output.records["activities"][0]["due_time"] == "10:00"


def test_names_behind_ids(output) -> None:
    deal = output.records["deals"][0]
    assert (deal["owner_name"], deal["owner_email"]) == ("Ada Owner", "ada@acme.test")
    assert (deal["pipeline_name"], deal["stage_name"]) == ("Sales", "Negotiation")
    assert output.records["organizations"][0]["owner_name"] == "Bob Seller"
    assert output.records["activities"][0]["activity_type_name"] == "Call"
    assert output.records["leads"][0]["label_names"] == ["Hot"]
    assert output.records["stages"][0]["pipeline_name"] == "Sales"


def test_deleted_flags(output) -> None:
    deals = {d["id"]: d for d in output.records["deals"]}
    assert deals[302]["status"] == "deleted"
    assert deals[302]["is_deleted"] is True
    assert deals[301]["is_deleted"] is False
    assert output.records["persons"][2]["is_deleted"] is True
    assert output.records["archived_deals"][0]["is_archived"] is True
    assert output.records["archived_leads"][0]["is_archived"] is True


def test_records_stay_as_pipedrive_sends_them(output) -> None:
    person = output.records["persons"][0]
    assert person["emails"] == fake_data.PERSONS[0]["emails"]
    assert person["phones"] == [{"value": "", "primary": True}]
    assert person["org_id"] == 201
    assert output.records["persons"][2]["org_id"] is None
    lead = output.records["leads"][0]
    assert (lead["person_id"], lead["organization_id"]) == (1, None)
    assert lead["value"] == {"amount": 999, "currency": "USD"}


def test_primary_keys_are_unique(output) -> None:
    streams = make_tap().streams
    for name, records in output.records.items():
        keys = [tuple(r[k] for k in streams[name].primary_keys) for r in records]
        assert len(keys) == len(set(keys)), name
    assert set(output.records) >= {"persons", "leads", "users", "person_fields"}


def test_unknown_owner_leaves_the_names_empty(api) -> None:
    person = {**fake_data.PERSONS[0], "owner_id": 999}
    api.get(f"{fake_api.ROOT}/api/v2/persons", json={"success": True, "data": [person]})

    record = run_sync(make_tap(), "persons").records["persons"][0]

    assert (record["owner_id"], record["owner_name"], record["owner_email"]) == (999, None, None)
