"""OAuth refresh-token grant, rotation, api_domain, and clear failures."""

from __future__ import annotations

import base64
import logging
from urllib.parse import parse_qs

import pytest
from singer_sdk.exceptions import FatalAPIError

from tap_pipedrive.auth import TOKEN_URL, PipedriveOAuthAuthenticator
from tests import fake_api
from tests.conftest import discovered_catalog, make_tap, run_sync

OAUTH = {
    "api_token": None,
    "company_domain": None,
    "client_id": "client-abc",
    "client_secret": "secret-xyz-123",
    "refresh_token": "refresh-old-456",
}
GRANT = {
    "access_token": "access-789",
    "token_type": "Bearer",
    "refresh_token": "refresh-new-999",
    "scope": "base,contacts:read",
    "expires_in": 3599,
    "api_domain": "https://acme.pipedrive.com",
}
SECRETS = ("secret-xyz-123", "refresh-old-456", "refresh-new-999", "access-789")


def test_refresh_grant_bearer_header_and_api_domain(api, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    api.post(TOKEN_URL, json=GRANT)

    tap = make_tap(config=OAUTH, catalog=discovered_catalog())
    before = api.call_count
    output = run_sync(tap, "persons")
    history = api.request_history[before:]

    token_request = history[0]
    assert token_request.url == TOKEN_URL
    expected_basic = base64.b64encode(b"client-abc:secret-xyz-123").decode()
    assert token_request.headers["Authorization"] == f"Basic {expected_basic}"
    assert parse_qs(token_request.text) == {
        "grant_type": ["refresh_token"],
        "refresh_token": ["refresh-old-456"],
    }
    api_requests = history[1:]
    assert api_requests
    assert all(r.url.startswith("https://acme.pipedrive.com/") for r in api_requests)
    assert all(r.headers["Authorization"] == "Bearer access-789" for r in api_requests)
    assert all("x-api-token" not in r.headers for r in api_requests)
    assert len([r for r in history if r.url == TOKEN_URL]) == 1
    assert len(output.records["persons"]) == 3

    assert "new OAuth refresh token" in caplog.text
    assert "`refresh_token` setting" in caplog.text
    for secret in SECRETS:
        assert secret not in caplog.text


def test_rotated_refresh_token_is_used_for_the_next_refresh(api) -> None:
    api.post(TOKEN_URL, [{"json": GRANT}, {"json": {**GRANT, "access_token": "access-2"}}])
    auth = PipedriveOAuthAuthenticator(
        client_id="client-abc", client_secret="secret-xyz-123", refresh_token="refresh-old-456"
    )

    auth.update_access_token()
    auth.update_access_token()

    bodies = [parse_qs(r.text)["refresh_token"] for r in api.request_history]
    assert bodies == [["refresh-old-456"], ["refresh-new-999"]]
    assert auth.refresh_token == "refresh-new-999"
    assert auth.access_token == "access-2"


def test_token_is_refreshed_shortly_before_it_expires(api) -> None:
    api.post(TOKEN_URL, json={**GRANT, "expires_in": 30})
    auth = PipedriveOAuthAuthenticator(
        client_id="client-abc", client_secret="secret-xyz-123", refresh_token="refresh-old-456"
    )

    auth.update_access_token()

    assert not auth.is_token_valid()  # 30 s left is inside the 60 s leeway


def test_refused_refresh_is_a_clear_error_without_secrets(api, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    api.post(TOKEN_URL, status_code=400, json={"success": False, "error": "invalid_grant"})

    with pytest.raises(FatalAPIError) as caught:
        run_sync(make_tap(config=OAUTH, catalog=discovered_catalog()), "persons")

    message = str(caught.value)
    assert "`client_id`, `client_secret` and `refresh_token`" in message
    assert "status 400" in message
    for secret in SECRETS:
        assert secret not in message
        assert secret not in caplog.text


def test_401_with_oauth_names_the_oauth_settings(api) -> None:
    api.post(TOKEN_URL, json=GRANT)
    api.get(f"{fake_api.ROOT}/api/v2/persons", status_code=401, json={"success": False})

    with pytest.raises(FatalAPIError, match="check the OAuth settings `client_id`"):
        run_sync(make_tap(config=OAUTH, catalog=discovered_catalog()), "persons")


def test_api_url_points_oauth_and_api_at_a_sandbox(api) -> None:
    sandbox = "http://127.0.0.1:8765"
    api.post(f"{sandbox}/oauth/token", json={**GRANT, "api_domain": "https://ignored.example"})
    fake_api.register(api, root=sandbox)

    output = run_sync(make_tap(config={**OAUTH, "api_url": sandbox}), "persons")

    assert {r.url.split("/")[2] for r in api.request_history} == {"127.0.0.1:8765"}
    assert len(output.records["persons"]) == 3
