"""Pipedrive tap: settings, credentials, stream list and schema discovery."""

from __future__ import annotations

import sys
import typing as t
from functools import cached_property

from singer_sdk import Tap
from singer_sdk import typing as th
from singer_sdk.authenticators import APIKeyAuthenticator
from singer_sdk.contrib.msgspec import MsgSpecWriter
from singer_sdk.exceptions import ConfigValidationError

from tap_pipedrive.auth import TOKEN_URL, PipedriveOAuthAuthenticator
from tap_pipedrive.client import (
    DEFAULT_MAX_REQUESTS_PER_2S,
    DEFAULT_PAGE_SIZE,
    DEFAULT_REQUEST_TIMEOUT,
    RecordCache,
)
from tap_pipedrive.ratelimit import BurstLimiter
from tap_pipedrive.streams import ENTITY_STREAMS, SCHEMAS, SUPPORT_STREAMS

if sys.version_info >= (3, 12):
    from typing import override
else:
    from typing_extensions import override

if t.TYPE_CHECKING:
    from tap_pipedrive.client import PipedriveStream
    from tap_pipedrive.streams import EntityStream

OAUTH_SETTINGS = ("client_id", "client_secret", "refresh_token")
DEFAULT_API_ROOT = "https://api.pipedrive.com"


def company_host(domain: str) -> str:
    """``acme``, ``acme.pipedrive.com`` or ``https://acme.pipedrive.com/`` → host."""
    host = domain.strip().split("://")[-1].strip("/")
    return host if "." in host else f"{host}.pipedrive.com"


class TapPipedrive(Tap):
    """Singer tap for Pipedrive."""

    name = "tap-pipedrive"
    dynamic_catalog = True
    message_writer_class = MsgSpecWriter

    config_jsonschema = th.PropertiesList(
        th.Property(
            "api_token",
            th.StringType,
            secret=True,
            title="API token",
            description="Personal API token, sent in the `x-api-token` header. Either this "
            "or the three OAuth settings are required.",
        ),
        th.Property(
            "client_id",
            th.StringType,
            secret=True,
            title="OAuth client ID",
            description="OAuth app client ID (with `client_secret` and `refresh_token`).",
        ),
        th.Property(
            "client_secret",
            th.StringType,
            secret=True,
            title="OAuth client secret",
            description="OAuth app client secret.",
        ),
        th.Property(
            "refresh_token",
            th.StringType,
            secret=True,
            title="OAuth refresh token",
            description="OAuth refresh token. If Pipedrive rotates it, the new token is "
            "used for the rest of the run and a warning asks you to update this setting.",
        ),
        th.Property(
            "company_domain",
            th.StringType,
            title="Company domain",
            description="Company subdomain (`acme` for acme.pipedrive.com). Default: "
            "`api.pipedrive.com`, or the OAuth `api_domain` when using OAuth.",
        ),
        th.Property(
            "api_url",
            th.StringType,
            title="API URL",
            description="Overrides every other host setting, e.g. `http://127.0.0.1:8080` "
            "for a local sandbox: v2 requests go to `<api_url>/api/v2/...`, v1 requests "
            "to `<api_url>/v1/...` and the OAuth refresh to `<api_url>/oauth/token`.",
        ),
        th.Property(
            "start_date",
            th.DateTimeType,
            title="Start date",
            description="Earliest `update_time` to extract on the first run.",
        ),
        th.Property(
            "page_size",
            th.IntegerType(minimum=1, maximum=500),
            default=DEFAULT_PAGE_SIZE,
            title="Page size",
            description="Records per request; 500 is Pipedrive's maximum and the cheapest "
            "in tokens.",
        ),
        th.Property(
            "max_requests_per_2s",
            th.IntegerType(minimum=1),
            default=DEFAULT_MAX_REQUESTS_PER_2S,
            title="Max requests per 2 seconds",
            description="Client-side burst limit, shared by all streams. Pipedrive allows "
            "20 (Lite) to 120 (Ultimate) requests per rolling 2 s per API token, 80-480 "
            "with OAuth.",
        ),
        th.Property(
            "request_timeout",
            th.IntegerType(minimum=1),
            default=DEFAULT_REQUEST_TIMEOUT,
            title="Request timeout",
            description="Seconds to wait for a response before retrying.",
        ),
        th.Property(
            "user_agent",
            th.StringType,
            title="User agent",
            description="User-Agent header (default `singer-sdk/<version>`).",
        ),
    ).to_dict()

    def __init__(self, *, validate_config: bool = True, **kwargs: t.Any) -> None:
        super().__init__(validate_config=validate_config, **kwargs)
        if validate_config:
            self.authenticator  # noqa: B018 - missing credentials fail here, as config errors

    @cached_property
    def authenticator(self) -> APIKeyAuthenticator | PipedriveOAuthAuthenticator:
        """One authenticator for every stream (an OAuth token is refreshed once)."""
        if token := self.config.get("api_token"):
            return APIKeyAuthenticator(key="x-api-token", value=token, location="header")
        oauth = {name: self.config.get(name) for name in OAUTH_SETTINGS}
        if all(oauth.values()):
            return PipedriveOAuthAuthenticator(**oauth, auth_endpoint=self.token_url)
        missing = [name for name, value in oauth.items() if not value]
        msg = (
            "Pipedrive credentials missing: set `api_token`, or all of `client_id`, "
            f"`client_secret` and `refresh_token` (missing: {', '.join(missing)})."
        )
        raise ConfigValidationError(msg, errors=[msg])

    @property
    def token_url(self) -> str:
        """OAuth token endpoint (on the sandbox when ``api_url`` is set)."""
        api_url = self.config.get("api_url")
        return f"{api_url.rstrip('/')}/oauth/token" if api_url else TOKEN_URL

    @cached_property
    def api_root(self) -> str:
        """Scheme and host the ``/api/v2`` and ``/v1`` paths are appended to."""
        if api_url := self.config.get("api_url"):
            return str(api_url).rstrip("/")
        if domain := self.config.get("company_domain"):
            return f"https://{company_host(domain)}"
        authenticator = self.authenticator
        if isinstance(authenticator, PipedriveOAuthAuthenticator):
            return authenticator.ensure_api_domain() or DEFAULT_API_ROOT
        return DEFAULT_API_ROOT

    def unauthorized_message(self, path: str) -> str:
        """One line for a 401, naming the settings to check (never their values)."""
        if isinstance(self.authenticator, PipedriveOAuthAuthenticator):
            settings = "the OAuth settings `client_id`, `client_secret` and `refresh_token`"
        else:
            settings = "the `api_token` setting"
        return f"Pipedrive rejected the credentials (401 Unauthorized) on {path}: check {settings}."

    @cached_property
    def limiter(self) -> BurstLimiter:
        """Client-side burst limiter shared by all streams."""
        return BurstLimiter(
            int(self.config.get("max_requests_per_2s", DEFAULT_MAX_REQUESTS_PER_2S))
        )

    @cached_property
    def cache(self) -> RecordCache:
        """Lookup tables and field definitions, fetched at most once per run."""
        return RecordCache()

    @override
    def discover_streams(self) -> list[PipedriveStream]:
        support = [stream_class(tap=self) for stream_class in SUPPORT_STREAMS]
        by_name = {stream.name: stream for stream in support}
        entities = [
            stream_class(tap=self, schema=self._entity_schema(stream_class, by_name))
            for stream_class in ENTITY_STREAMS
        ]
        return [*support, *entities]

    def _entity_schema(
        self,
        stream_class: type[EntityStream],
        support: dict[str, PipedriveStream],
    ) -> dict:
        """The input catalog's schema when there is one (no request), else the base
        schema plus one property per custom field from the field definitions."""
        if self.input_catalog and (entry := self.input_catalog.get_stream(stream_class.name)):
            return entry.schema.to_dict()
        base = SCHEMAS.get_schema(stream_class.schema_file)
        definitions = support[t.cast("str", stream_class.fields_stream)]
        return self.cache.field_set(definitions).extend_schema(base)
