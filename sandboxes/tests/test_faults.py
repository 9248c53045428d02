"""Fault injection over HTTP: dropped connections, 5xx, 429 bursts, slow responses."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import requests
from helpers import NO_LIMIT, search, session_for

from crm_sandboxes import Sandbox, run_sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with run_sandbox("copper", size=100, **NO_LIMIT) as running:
        yield running


def test_dropped_connection_gets_no_response(sandbox: Sandbox) -> None:
    session = session_for(sandbox)
    sandbox.set_faults(script=["drop"])
    with pytest.raises(requests.ConnectionError):
        search(session, sandbox, "people")
    assert search(session, sandbox, "people").status_code == 200
    dropped, served = sandbox.requests
    assert (dropped["status"], dropped["fault"]) == (None, "drop")
    assert (served["status"], served["fault"]) == (200, None)


def test_injected_server_errors(sandbox: Sandbox) -> None:
    session = session_for(sandbox)
    sandbox.set_faults(script=[503, "500"])
    first, second = search(session, sandbox, "people"), search(session, sandbox, "people")
    assert (first.status_code, second.status_code) == (503, 500)
    assert first.json() == {"success": False, "status": 503, "message": "Injected server error"}
    assert [entry["fault"] for entry in sandbox.requests] == ["error", "error"]


def test_throttle_bursts_are_plain_429s_on_copper(sandbox: Sandbox) -> None:
    session = session_for(sandbox)
    sandbox.set_faults(throttle_rate=1.0, throttle_burst=3)
    responses = [search(session, sandbox, "people") for _ in range(3)]
    assert [r.status_code for r in responses] == [429, 429, 429]
    assert all("Retry-After" not in r.headers for r in responses)
    sandbox.clear_faults()
    assert search(session, sandbox, "people").status_code == 200


def test_throttle_on_pipedrive_carries_rate_limit_headers() -> None:
    with run_sandbox("pipedrive", size=50, faults={"script": ["throttle"]}) as pipedrive:
        response = session_for(pipedrive).get(f"{pipedrive.url}/api/v2/persons")
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "1"
        assert response.headers["x-ratelimit-remaining"] == "0"


def test_slow_responses_are_delayed(sandbox: Sandbox) -> None:
    session = session_for(sandbox)
    sandbox.set_faults(slow_rate=1.0, slow_seconds=0.2)
    started = time.perf_counter()
    response = search(session, sandbox, "people")
    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.2
    assert sandbox.requests[-1]["fault"] == "slow"


def test_rates_give_the_same_fault_sequence_for_the_same_seed() -> None:
    faults = {"error_rate": 0.3, "throttle_rate": 0.1, "throttle_burst": 2, "seed": 11}
    sequences = []
    for _ in range(2):
        with run_sandbox("copper", size=50, faults=faults, **NO_LIMIT) as running:
            session = session_for(running)
            sequences.append([search(session, running, "people").status_code for _ in range(40)])
    assert sequences[0] == sequences[1]
    assert {200, 429} <= set(sequences[0])
    assert set(sequences[0]) & {500, 502, 503}


def test_faults_control_endpoint(sandbox: Sandbox) -> None:
    control = f"{sandbox.root_url}/_sandbox/faults"
    changed = requests.post(control, json={"error_rate": 0.5, "error_statuses": [502]}).json()
    assert (changed["error_rate"], changed["error_statuses"]) == (0.5, [502])
    again = requests.post(control, json={"drop_rate": 0.1}).json()
    assert (again["error_rate"], again["drop_rate"]) == (0.5, 0.1)  # partial update
    assert requests.post(control, json={"error_rate": 2}).status_code == 400
    assert requests.post(control, json={"bogus": 1}).status_code == 400
    assert requests.delete(control).json()["error_rate"] == 0.0
    requests.post(control, json={"script": ["drop", 502]})
    session = session_for(sandbox)
    with pytest.raises(requests.ConnectionError):
        search(session, sandbox, "people")
    assert search(session, sandbox, "people").status_code == 502
    assert requests.get(control).json()["drop_rate"] == 0.0
