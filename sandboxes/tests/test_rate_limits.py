"""Rate limits with compressed time: Copper's rolling window, Pipedrive's burst window,
daily token budget and 403 block."""

from __future__ import annotations

import time

import requests
from helpers import search, session_for

from crm_sandboxes import run_sandbox


def test_copper_rolling_window_429_without_headers() -> None:
    with run_sandbox("copper", size=50, rate_limit=5, rate_window=0.3) as copper:
        session = session_for(copper)
        statuses = [search(session, copper, "people").status_code for _ in range(7)]
        assert statuses == [200] * 5 + [429] * 2
        rejected = search(session, copper, "people")
        assert rejected.json() == {
            "success": False,
            "status": 429,
            "message": "Rate limit exceeded",
        }
        assert not {"Retry-After", "X-RateLimit-Limit"} & set(rejected.headers)
        time.sleep(0.32)
        assert search(session, copper, "people").status_code == 200


def test_copper_counts_only_authenticated_api_calls() -> None:
    with run_sandbox("copper", size=50, rate_limit=2, rate_window=60) as copper:
        session = session_for(copper)
        for _ in range(3):
            requests.post(f"{copper.url}/people/search", json={})  # 401, not counted
            requests.get(f"{copper.root_url}/_sandbox/health")  # control, not counted
        assert [search(session, copper, "people").status_code for _ in range(3)] == [200, 200, 429]


def test_pipedrive_burst_window_with_headers() -> None:
    with run_sandbox("pipedrive", size=50, rate_limit=3, rate_window=0.3) as pipedrive:
        session = session_for(pipedrive)
        url = f"{pipedrive.url}/api/v2/persons"
        responses = [session.get(url) for _ in range(4)]
        assert [r.status_code for r in responses] == [200, 200, 200, 429]
        assert [r.headers["x-ratelimit-remaining"] for r in responses] == ["2", "1", "0", "0"]
        assert all(r.headers["x-ratelimit-limit"] == "3" for r in responses)
        assert responses[-1].headers["Retry-After"] == "1"
        assert responses[-1].json()["error"] == "Request over limit"
        time.sleep(0.32)
        assert session.get(url).status_code == 200


def test_pipedrive_daily_budget_by_endpoint_cost() -> None:
    with run_sandbox("pipedrive", size=50, daily_budget=70, budget_period=0.3) as pipedrive:
        session, url = session_for(pipedrive), pipedrive.url
        assert session.get(f"{url}/v1/leads/archived").status_code == 200  # 40 tokens
        assert session.get(f"{url}/v1/leads").status_code == 200  # 20
        assert session.get(f"{url}/api/v2/persons").status_code == 200  # 10 -> 70 spent
        exhausted = session.get(f"{url}/api/v2/persons/1")  # even 2 tokens are too many
        assert exhausted.status_code == 429
        assert exhausted.json()["error"] == "Daily API token budget exhausted"
        assert "Retry-After" not in exhausted.headers
        assert int(exhausted.headers["x-ratelimit-remaining"]) > 0  # not a burst 429
        time.sleep(0.32)
        assert session.get(f"{url}/api/v2/persons").status_code == 200


def test_pipedrive_blocks_persistent_hammering_with_403_html() -> None:
    options = {"rate_limit": 1, "rate_window": 30, "abuse_threshold": 2,
               "abuse_block_seconds": 0.2}  # fmt: skip
    with run_sandbox("pipedrive", size=50, **options) as pipedrive:
        session = session_for(pipedrive)
        url = f"{pipedrive.url}/api/v2/persons"
        statuses = [session.get(url).status_code for _ in range(4)]
        assert statuses == [200, 429, 429, 403]
        blocked = session.get(url)
        assert blocked.status_code == 403
        assert blocked.headers["Content-Type"].startswith("text/html")
        assert "Cloudflare" in blocked.text
        time.sleep(0.22)
        assert session.get(url).status_code == 429  # unblocked, still over the burst limit
