"""HTTP behaviour: headers, timeouts, retries with backoff, auth errors, rate limiting."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError
from tap_common.ratelimit import RollingWindowLimiter

from tap_copper.client import CopperAuth, CopperAuthError
from tests.fake_copper import API_KEY, CONFIG, USER_EMAIL
from tests.helpers import make_tap, run_sync


def test_requests_carry_copper_headers_and_timeouts(copper):
    run_sync(make_tap(), ["companies"])
    request = copper.mocker.request_history[-1]
    assert request.headers["X-PW-AccessToken"] == API_KEY
    assert request.headers["X-PW-UserEmail"] == USER_EMAIL
    assert request.headers["X-PW-Application"] == "developer_api"
    assert request.headers["Content-Type"] == "application/json"
    assert request.timeout == (10.0, 60.0)


def test_authenticator_repr_hides_the_key():
    assert API_KEY not in repr(CopperAuth(api_key=API_KEY, user_email=USER_EMAIL))


def test_429_and_5xx_are_retried_with_growing_jittered_waits(copper, sleeps):
    copper.failures["/leads/search"] = [429, 503, 502]
    output = run_sync(make_tap(), ["leads"])
    assert len(output.records["leads"]) == 2
    assert len(copper.bodies("/leads/search")) == 4
    assert [int(wait) for wait in sleeps] == [5, 10, 20]  # expo(5), + <1 s jitter


def test_connection_errors_and_timeouts_are_retried(copper, sleeps, caplog):
    copper.failures["/leads/search"] = [requests.ConnectionError, requests.ReadTimeout, 503]
    output = run_sync(make_tap(), ["leads"])
    assert len(output.records["leads"]) == 2
    assert len(sleeps) == 3
    retries = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert [m.split(";")[0] for m in retries] == [
        "/leads/search failed (ConnectionError)",
        "/leads/search failed (ReadTimeout)",
        "/leads/search failed (HTTP 503)",
    ]
    assert retries[-1].endswith("(attempt 4 of 8)")


def test_retries_give_up_after_max_tries(copper, sleeps):
    copper.failures["/leads/search"] = [503] * 10
    with pytest.raises(RetriableAPIError):
        run_sync(make_tap(), ["leads"])
    assert len(copper.bodies("/leads/search")) == 8
    assert [int(wait) for wait in sleeps] == [5, 10, 20, 40, 60, 60, 60]


def test_401_stops_with_one_clear_line_without_the_key(copper, caplog, capsys):
    copper.failures["/custom_field_definitions"] = [401]
    with pytest.raises(CopperAuthError) as raised:
        run_sync(make_tap())
    assert raised.value.code == 1
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1
    assert "HTTP 401" in errors[0]
    assert "`api_key`" in errors[0]
    assert "`user_email`" in errors[0]
    assert len(copper.calls) == 1  # not retried
    captured = capsys.readouterr()
    assert API_KEY not in caplog.text + captured.out + captured.err + str(raised.value)


def test_error_messages_never_contain_the_key(copper):
    stream = make_tap().streams["leads"]
    response = requests.Response()  # a 422 whose body echoes the key
    response.status_code = 422
    response._content = json.dumps({"message": f"bad key {API_KEY}"}).encode()
    response.url = CONFIG["api_url"] + "/leads/search"
    response.request = requests.Request("POST", response.url).prepare()
    with pytest.raises(FatalAPIError) as raised:
        stream.validate_response(response)
    assert API_KEY not in str(raised.value)
    assert "bad key ***" in str(raised.value)


class _Unauthorized(BaseHTTPRequestHandler):
    def _reject(self) -> None:
        body = b'{"success":false,"status":401,"message":"API Key or email is invalid"}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _reject

    def log_message(self, *args: object) -> None:
        pass


def test_cli_exits_1_with_one_line_and_no_traceback(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Unauthorized)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = {**CONFIG, "api_url": f"http://127.0.0.1:{server.server_port}/developer_api/v1"}
    (tmp_path / "config.json").write_text(json.dumps(config))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "tap_copper", "--config", str(tmp_path / "config.json")],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 1
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1, result.stderr
    assert "`api_key` and `user_email`" in errors[0]
    assert "Traceback" not in result.stderr
    assert API_KEY not in result.stderr


def test_one_limiter_paces_every_request_of_every_stream_including_retries(copper, sleeps):
    copper.failures["/leads/search"] = [429]
    tap = make_tap()
    discovery_calls = len(copper.calls)
    calls: list[str] = []
    limiter = tap.rate_limiter = RollingWindowLimiter(60_000, 60.0, sleep=lambda _: None)
    acquire, release = limiter.acquire, limiter.release
    limiter.acquire = lambda: calls.append("acquire") or acquire()  # type: ignore[method-assign]
    limiter.release = lambda: calls.append("release") or release()  # type: ignore[method-assign]
    run_sync(tap)
    assert len(calls) == 2 * (len(copper.calls) - discovery_calls) > 20
    assert calls == ["acquire", "release"] * (len(calls) // 2)  # the 429 released too


def test_requests_per_minute_setting_sets_the_rolling_minute_limit():
    tap = make_tap(requests_per_minute=120)
    del tap.rate_limiter  # make_tap installs a non-sleeping one
    assert (tap.rate_limiter.limit, tap.rate_limiter.period) == (120, 60.0)
