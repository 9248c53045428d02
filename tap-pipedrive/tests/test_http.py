"""Auth header, error messages, retries and Retry-After, burst limiter, token costs."""

from __future__ import annotations

import logging
import random
import time

import pytest
import requests
from singer_sdk.exceptions import ConfigValidationError, FatalAPIError, RetriableAPIError

from tap_pipedrive.ratelimit import BurstLimiter, server_limit, server_wait
from tap_pipedrive.tap import company_host
from tests import fake_api, fake_data
from tests.conftest import discovered_catalog, make_tap, run_sync

PERSONS_URL = f"{fake_api.ROOT}/api/v2/persons"
PAGE = {"success": True, "data": fake_data.PERSONS[:1], "additional_data": {"next_cursor": None}}


class FakeClock:
    """Monotonic clock whose ``sleep`` only moves time forward."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record backoff sleeps instead of waiting (backoff calls ``time.sleep``)."""
    recorded: list[float] = []
    monkeypatch.setattr(time, "sleep", recorded.append)
    monkeypatch.setattr(random, "random", lambda: 0.5)
    return recorded


def test_token_is_sent_in_the_header_and_never_in_the_url(api) -> None:
    run_sync(make_tap(), "persons", "leads", "users")

    assert api.request_history
    for request in api.request_history:
        assert request.headers["x-api-token"] == fake_api.TOKEN
        assert fake_api.TOKEN not in request.url
        assert "api_token" not in request.url


def test_429_waits_exactly_the_retry_after_seconds(api, sleeps) -> None:
    api.get(
        PERSONS_URL,
        [
            {"status_code": 429, "headers": {"Retry-After": "7"}, "json": {"success": False}},
            {"json": PAGE},
        ],
    )

    output = run_sync(make_tap(), "persons")

    assert sleeps == [7.0]
    assert [r["id"] for r in output.records["persons"]] == [1]


def test_429_without_retry_after_waits_for_the_window_reset(api, sleeps) -> None:
    limited = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "2"}
    api.get(PERSONS_URL, [{"status_code": 429, "headers": limited}, {"json": PAGE}])

    run_sync(make_tap(), "persons")

    assert sleeps == [2.0]


def test_server_wait_reads_http_dates() -> None:
    headers = {"Retry-After": "Wed, 21 Oct 2015 07:28:30 GMT"}
    assert server_wait(headers, now=lambda: 1445412500.0) == 10.0
    assert server_wait({"x-ratelimit-reset": "1.5"}) == 1.5
    assert server_wait({}) is None


def test_429_asking_for_a_long_wait_fails_fast_with_a_budget_message(api, sleeps) -> None:
    api.get(PERSONS_URL, status_code=429, headers={"Retry-After": "36000"})

    with pytest.raises(FatalAPIError, match="daily API token budget"):
        run_sync(make_tap(), "persons")
    assert sleeps == []


def test_persistent_429_with_requests_left_reports_the_daily_budget(api, sleeps) -> None:
    api.get(PERSONS_URL, status_code=429, headers={"x-ratelimit-remaining": "35"})

    with pytest.raises(RetriableAPIError, match="daily API token budget looks exhausted"):
        run_sync(make_tap(), "persons")
    assert sleeps == [2.5, 4.5, 8.5, 16.5]  # exponential with the (patched) jitter


def test_server_errors_back_off_exponentially_with_jitter(api, sleeps) -> None:
    api.get(
        PERSONS_URL,
        [{"status_code": 502, "text": "Bad gateway"}, {"status_code": 503}, {"json": PAGE}],
    )

    output = run_sync(make_tap(), "persons")

    assert sleeps == [2.5, 4.5]
    assert len(output.records["persons"]) == 1


def test_connection_errors_are_retried(api, sleeps) -> None:
    api.get(PERSONS_URL, [{"exc": requests.exceptions.ConnectTimeout}, {"json": PAGE}])

    output = run_sync(make_tap(), "persons")

    assert sleeps == [2.5]
    assert len(output.records["persons"]) == 1


def test_403_html_page_becomes_a_clear_blocked_error(api, sleeps) -> None:
    html = "<!DOCTYPE html><html><title>Attention Required! | Cloudflare</title></html>"
    api.get(PERSONS_URL, status_code=403, text=html, headers={"Content-Type": "text/html"})

    with pytest.raises(FatalAPIError) as caught:
        run_sync(make_tap(), "persons")

    message = str(caught.value)
    assert "403 and an HTML page" in message
    assert "max_requests_per_2s" in message
    assert "<html>" not in message
    assert sleeps == []


def test_401_is_one_line_naming_api_token_without_the_token(api, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    api.get(PERSONS_URL, status_code=401, json={"success": False, "error": "unauthorized access"})

    with pytest.raises(FatalAPIError) as caught:
        run_sync(make_tap(), "persons")

    message = str(caught.value)
    assert message == (
        "Pipedrive rejected the credentials (401 Unauthorized) on /api/v2/persons: "
        "check the `api_token` setting."
    )
    assert fake_api.TOKEN not in caplog.text


def test_secrets_never_reach_logs_or_output(api, sleeps, caplog, capsys) -> None:
    caplog.set_level(logging.DEBUG)
    api.get(PERSONS_URL, status_code=500, json={"success": False, "error": "oops"})

    with pytest.raises(RetriableAPIError) as caught:
        run_sync(make_tap(), "persons")

    captured = capsys.readouterr()
    for text in (caplog.text, captured.out, captured.err, str(caught.value)):
        assert fake_api.TOKEN not in text


def test_missing_credentials_are_a_clear_config_error() -> None:
    with pytest.raises(ConfigValidationError, match="set `api_token`, or all of"):
        make_tap(config={"api_token": None})
    with pytest.raises(ConfigValidationError, match=r"missing: client_secret, refresh_token"):
        make_tap(config={"api_token": None, "client_id": "abc"})


def test_token_costs_are_counted_per_stream_and_logged_in_total(api, caplog) -> None:
    caplog.set_level(logging.INFO)
    tap = make_tap()
    tap.streams  # noqa: B018 - discovery (field definitions) happens here

    run_sync(tap, "persons", "archived_leads")

    costs = {name: stream._sync_costs.get("tokens", 0) for name, stream in tap.streams.items()}
    assert costs["persons"] == 2 * 10  # two v2 pages
    assert costs["archived_leads"] == 1 * 40
    assert costs["users"] == 20  # owner names, fetched once
    assert costs["person_fields"] == 7 * 20  # 13 definitions, 2 per fake page
    assert costs["lead_fields"] == 2 * 20
    assert costs["lead_labels"] == 10
    total = sum(costs.values())
    assert f"Pipedrive API tokens spent in this run: {total}" in caplog.text
    assert "Total Sync costs for stream persons: {'tokens': 20}" in caplog.text


def test_burst_limiter_paces_a_rolling_window() -> None:
    fake = FakeClock()
    limiter = BurstLimiter(3, 2.0, clock=fake.clock, sleep=fake.sleep)

    starts = []
    for gap in (0.0, 0.5, 0.5, 0.2, 0.0):
        fake.now += gap
        limiter.acquire()
        starts.append(fake.now)

    assert starts == [0.0, 0.5, 1.0, 2.0, 2.5]
    assert fake.sleeps == pytest.approx([0.8, 0.5])


def test_server_limit_reads_the_limit_header() -> None:
    assert server_limit({"x-ratelimit-limit": "20"}) == 20
    assert server_limit({"x-ratelimit-limit": "many"}) is None
    assert server_limit({}) is None


def test_window_used_up_by_the_tap_itself_needs_no_extra_pause() -> None:
    fake = FakeClock()
    limiter = BurstLimiter(3, 2.0, clock=fake.clock, sleep=fake.sleep)
    for _ in range(3):
        limiter.acquire()
        fake.now += 0.1
        limiter.release()
    limiter.window_used_up(2.0, server_limit=3)  # the reset, rounded up to whole seconds

    assert limiter.acquire() == pytest.approx(1.8)  # when the first request leaves the window


def test_window_used_up_by_other_clients_pauses_for_the_reset() -> None:
    fake = FakeClock()
    limiter = BurstLimiter(3, 2.0, clock=fake.clock, sleep=fake.sleep)
    limiter.acquire()
    limiter.window_used_up(2.0, server_limit=20)  # 19 of the 20 are someone else's
    limiter.release()

    assert limiter.acquire() == 2.0
    limiter.window_used_up(1.0, server_limit=None)
    assert limiter.acquire() == 1.0


class RecordingLimiter(BurstLimiter):
    """Burst limiter on a fake clock that remembers when each request started."""

    def __init__(self, max_requests: int, fake: FakeClock) -> None:
        super().__init__(max_requests, 2.0, clock=fake.clock, sleep=fake.sleep)
        self.fake = fake
        self.starts: list[float] = []
        self.releases = 0

    def acquire(self) -> float:
        waited = super().acquire()
        self.starts.append(self.fake.now)
        return waited

    def release(self) -> None:
        super().release()
        self.releases += 1


def test_every_request_goes_through_the_shared_limiter(api) -> None:
    fake = FakeClock()
    tap = make_tap(catalog=discovered_catalog())
    limiter = RecordingLimiter(2, fake)
    tap.__dict__["limiter"] = limiter
    before = api.call_count

    run_sync(tap, "persons", "users")

    assert len(limiter.starts) == api.call_count - before == 10  # 7 + 2 + 1 pages
    assert limiter.releases == 10
    assert fake.sleeps, "the limiter never waited"
    for first, third in zip(limiter.starts, limiter.starts[2:], strict=False):
        assert third - first >= 2.0


def test_empty_rate_limit_window_pauses_the_limiter(api) -> None:
    fake = FakeClock()
    tap = make_tap(catalog=discovered_catalog())
    tap.__dict__["limiter"] = BurstLimiter(100, clock=fake.clock, sleep=fake.sleep)
    headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1"}
    api.get(f"{fake_api.ROOT}/api/v2/pipelines", json=PAGE, headers=headers)

    run_sync(tap, "pipelines", "users")

    assert fake.sleeps == [1.0]


@pytest.mark.parametrize(
    ("config", "root"),
    [
        ({"company_domain": "acme"}, "https://acme.pipedrive.com"),
        ({"company_domain": "https://acme.pipedrive.com/"}, "https://acme.pipedrive.com"),
        ({"company_domain": None}, "https://api.pipedrive.com"),
        ({"api_url": "http://127.0.0.1:8765/"}, "http://127.0.0.1:8765"),
    ],
)
def test_api_root_and_version_paths(config, root) -> None:
    tap = make_tap(config=config, catalog=discovered_catalog())
    persons = tap.streams["persons"]
    assert tap.api_root == root
    assert persons.get_url(None) == f"{root}/api/v2/persons"
    assert tap.streams["leads"].get_url(None) == f"{root}/v1/leads"


def test_company_host() -> None:
    assert company_host("acme") == "acme.pipedrive.com"
    assert company_host("acme.pipedrive.com") == "acme.pipedrive.com"
