"""Control endpoints and facilities: request log, mutate, dataset, population, health."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import requests
from helpers import NO_LIMIT, copper_walk, pipedrive_walk, search, session_for

from crm_sandboxes import Sandbox, run_sandbox
from crm_sandboxes.core.timeline import DATA_END


@pytest.fixture
def fresh_copper() -> Iterator[Sandbox]:
    with run_sandbox("copper", size=200, **NO_LIMIT) as sandbox:
        yield sandbox


def test_request_log_records_api_calls_only(fresh_copper: Sandbox) -> None:
    session = session_for(fresh_copper)
    before = time.time()
    search(session, fresh_copper, "people", page_size=3, sort_by="date_created")
    session.get(f"{fresh_copper.url}/account?x=1")
    requests.get(f"{fresh_copper.root_url}/_sandbox/health")
    log = requests.get(f"{fresh_copper.root_url}/_sandbox/requests").json()
    assert [(e["method"], e["path"], e["status"]) for e in log] == [
        ("POST", "/developer_api/v1/people/search", 200),
        ("GET", "/developer_api/v1/account", 200),
    ]
    assert log[0]["body"] == {"page_size": 3, "sort_by": "date_created"}
    assert log[1]["query"] == {"x": "1"}
    assert before <= log[0]["timestamp"] <= log[1]["timestamp"] <= time.time()
    assert log == fresh_copper.requests
    assert requests.delete(f"{fresh_copper.root_url}/_sandbox/requests").status_code == 200
    assert fresh_copper.requests == []


def test_mutate_bumps_modified_dates_for_incremental_syncs(fresh_copper: Sandbox) -> None:
    session = session_for(fresh_copper)
    changed = requests.post(f"{fresh_copper.root_url}/_sandbox/mutate", json={"count": 4}).json()
    assert set(changed) == {"leads", "people", "companies", "opportunities", "activities"}
    assert all(len(ids) == 4 for ids in changed.values())
    recent = copper_walk(session, fresh_copper, "people", 200, minimum_modified_date=DATA_END)
    assert sorted(p["id"] for page in recent for p in page) == sorted(changed["people"])
    person = next(p for p in fresh_copper.dataset["people"] if p["id"] == changed["people"][0])
    assert person["details"].startswith("Edited by sandbox mutation")
    assert DATA_END <= person["date_modified"] <= time.time() + 1
    activity = next(a for a in fresh_copper.dataset["activities"]
                    if a["id"] == changed["activities"][0])  # fmt: skip
    assert activity["date_modified"] == activity["activity_date"]  # Copper: edits invisible


def test_mutate_validates_input(fresh_copper: Sandbox) -> None:
    url = f"{fresh_copper.root_url}/_sandbox/mutate"
    assert requests.post(url, json={"count": 1, "entities": ["nope"]}).status_code == 400
    assert requests.post(url, json={"count": -1}).status_code == 400
    only = fresh_copper.mutate(2, ["companies"])
    assert list(only) == ["companies"]


def test_pipedrive_mutation_mid_sync_moves_behind_the_cursor() -> None:
    with run_sandbox("pipedrive", size=200, **NO_LIMIT) as pipedrive:
        session = session_for(pipedrive)
        url = f"{pipedrive.url}/api/v2/persons"
        params = {"limit": 20, "sort_by": "update_time"}
        first = session.get(url, params=params).json()
        changed = pipedrive.mutate(1, ["persons"])["persons"][0]
        cursor = first["additional_data"]["next_cursor"]
        rest, _ = pipedrive_walk(session, url, cursor=cursor, **params)
        ids = [p["id"] for p in first["data"] + rest]
        assert ids[-1] == changed  # newest update_time, so served last
        total = len(pipedrive.dataset["persons"])
        assert len(set(ids)) == total
        assert len(ids) == total + (changed in [p["id"] for p in first["data"]])
        deals = pipedrive.mutate(3, ["deals", "leads"])
        assert {len(ids) for ids in deals.values()} == {3}
        since = session.get(f"{pipedrive.url}/v1/leads",
                            params={"updated_since": "2026-06-01T00:00:00Z"}).json()  # fmt: skip
        assert sorted(lead["id"] for lead in since["data"]) == sorted(
            lead_id for lead_id in deals["leads"]
            if not next(x for x in pipedrive.dataset["leads"] if x["id"] == lead_id)["is_archived"]
        )  # fmt: skip


def test_dataset_population_and_health_endpoints(copper: Sandbox) -> None:
    root = copper.root_url
    dataset = requests.get(f"{root}/_sandbox/dataset").json()
    assert dataset == copper.dataset
    people = requests.get(f"{root}/_sandbox/dataset", params={"entity": "people"}).json()
    assert list(people) == ["people"]
    assert requests.get(f"{root}/_sandbox/dataset", params={"entity": "x"}).status_code == 400
    population = requests.get(f"{root}/_sandbox/population").json()
    assert set(population["people"]) == {str(p["id"]) for p in dataset["people"]}
    health = requests.get(f"{root}/_sandbox/health").json()
    assert health["status"] == "ok"
    assert health["kind"] == "copper"
    assert health["credentials"] == {
        "api_key": "sandbox-copper-key",
        "email": "sandbox@example.com",
    }
    assert health["counts"]["people"] == len(dataset["people"])
