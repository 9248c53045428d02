"""OAuth 2.0 refresh-token authenticator for Pipedrive."""

from __future__ import annotations

import base64
import datetime
import sys
import typing as t

from singer_sdk.authenticators import OAuthAuthenticator
from singer_sdk.exceptions import FatalAPIError

if sys.version_info >= (3, 12):
    from typing import override
else:
    from typing_extensions import override

if t.TYPE_CHECKING:
    import requests

TOKEN_URL = "https://oauth.pipedrive.com/oauth/token"
#: Refresh this long before the access token expires (the SDK has no margin).
EXPIRY_LEEWAY = datetime.timedelta(seconds=60)

OAUTH_FAILED = (
    "Pipedrive refused the OAuth refresh (status {status}): check the `client_id`, "
    "`client_secret` and `refresh_token` settings. A refresh token stops working after "
    "60 days without use or when Pipedrive has issued a new one; re-authorize the app "
    "to get a fresh token."
)
ROTATED = (
    "Pipedrive issued a new OAuth refresh token. It is used for the rest of this run, "
    "but the `refresh_token` setting still holds the previous one: update the setting "
    "(re-authorize the app if you cannot read the new token) before the old one expires."
)


class PipedriveOAuthAuthenticator(OAuthAuthenticator):
    """Refresh-token grant with HTTP Basic client authentication.

    singer-sdk 0.54.9 drops a rotated refresh token; this subclass keeps it in memory
    (one instance is shared by all streams) and records ``api_domain``, the company's
    API host, from the token response.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        auth_endpoint: str = TOKEN_URL,
    ) -> None:
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        super().__init__(
            auth_endpoint=auth_endpoint,
            client_id=client_id,
            client_secret=client_secret,
            oauth_headers={"Authorization": f"Basic {basic}"},
        )
        self.refresh_token: str | None = refresh_token
        self.api_domain: str | None = None
        self._session.hooks["response"].append(self._remember_grant)

    @property
    @override
    def oauth_request_body(self) -> dict:
        return {"grant_type": "refresh_token", "refresh_token": self.refresh_token}

    @override
    def is_token_valid(self) -> bool:
        if self.last_refreshed is None or self.expires_in is None:
            return super().is_token_valid()
        expires_at = self.last_refreshed + datetime.timedelta(seconds=self.expires_in)
        return datetime.datetime.now(datetime.timezone.utc) < expires_at - EXPIRY_LEEWAY

    @override
    def update_access_token(self) -> None:
        try:
            super().update_access_token()
        except RuntimeError as exc:
            status = getattr(exc.__cause__, "response", None)
            code = status.status_code if status is not None else "unknown"
            raise FatalAPIError(OAUTH_FAILED.format(status=code)) from None

    def ensure_api_domain(self) -> str | None:
        """Refresh the access token if needed and return the company's API host."""
        if not self.is_token_valid():
            self.update_access_token()
        return self.api_domain

    def _remember_grant(self, response: requests.Response, *_: t.Any, **__: t.Any) -> None:
        if not response.ok:
            return
        grant = response.json()
        rotated = grant.get("refresh_token")
        if rotated and rotated != self.refresh_token:
            self.refresh_token = rotated
            self.logger.warning(ROTATED)
        self.api_domain = (grant.get("api_domain") or self.api_domain or "").rstrip("/") or None
