"""Base stream for the Copper developer API: auth, pacing, retries, errors, record typing."""

from __future__ import annotations

import sys
import typing as t
from functools import cached_property
from http import HTTPStatus

import backoff
from requests.auth import AuthBase
from singer_sdk import RESTStream
from singer_sdk.streams.rest import HTTPRequest

from tap_copper.transform import convert_unix_at, datetime_paths

if sys.version_info >= (3, 12):
    from typing import override
else:
    from typing_extensions import override

if t.TYPE_CHECKING:
    import requests
    from backoff.types import Details
    from singer_sdk.helpers.types import Context, RequestFunc
    from singer_sdk.streams.rest import PageContext

    from tap_copper.lookups import NameRef
    from tap_copper.tap import TapCopper
    from tap_copper.transform import JSONPath

_TToken = t.TypeVar("_TToken")

#: (connect, read) timeouts in seconds.
REQUEST_TIMEOUT = (10.0, 60.0)
#: Retries of 429/5xx/connection errors wait 5, 10, 20, 40, 60, 60, 60 s (+0-1 s jitter):
#: Copper's limit is a rolling minute and it sends no Retry-After header.
BACKOFF_FACTOR = 5
BACKOFF_MAX_WAIT = 60
BACKOFF_MAX_TRIES = 8


class CopperAuth(AuthBase):
    """Copper's key/email header pair. The key never appears in `repr` or messages."""

    def __init__(self, *, api_key: str, user_email: str) -> None:
        self._api_key = api_key
        self.user_email = user_email

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["X-PW-AccessToken"] = self._api_key
        request.headers["X-PW-UserEmail"] = self.user_email
        return request

    def __repr__(self) -> str:
        return f"CopperAuth(user_email={self.user_email!r})"


class CopperAuthError(SystemExit):
    """Copper rejected the credentials.

    A configuration problem, not a bug: the stream logs one clear line and the process
    exits with status 1, without a traceback (SystemExit is not caught by the SDK's
    exception handling or retries).
    """

    def __init__(self, message: str) -> None:
        super().__init__(1)
        self.message = message

    def __str__(self) -> str:
        return self.message


def redact(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


class CopperStream(RESTStream[_TToken]):
    """Base for all Copper streams; record-list endpoints answer with a bare JSON array."""

    primary_keys = ("id",)
    #: Names behind ids this stream's records carry (see `lookups`).
    name_refs: t.ClassVar[tuple[NameRef, ...]] = ()

    @property
    def tap(self) -> TapCopper:
        return t.cast("TapCopper", self._tap)

    @override
    @property
    def url_base(self) -> str:
        return str(self.config["api_url"]).rstrip("/")

    @override
    @cached_property
    def authenticator(self) -> CopperAuth:
        return CopperAuth(api_key=self.config["api_key"], user_email=self.config["user_email"])

    @override
    @property
    def http_headers(self) -> dict:
        return {"X-PW-Application": "developer_api", "Content-Type": "application/json"}

    @override
    @property
    def timeout(self) -> tuple[float, float]:  # type: ignore[override]
        return REQUEST_TIMEOUT

    @property
    def page_size(self) -> int:
        return int(self.config["page_size"])

    def post_request(self, page: PageContext, body: dict[str, t.Any]) -> HTTPRequest:
        """A `POST` of `body` (JSON) to this stream's URL: how Copper lists records."""
        return HTTPRequest(
            url=self.get_url(page.stream_context),
            method="POST",
            headers=self.http_headers,
            data=body,
        )

    @override
    def request_decorator(self, func: RequestFunc) -> RequestFunc:
        """Retry with backoff (SDK), taking a rate-limiter place for every attempt."""
        limiter = self.tap.rate_limiter

        def paced(*args: t.Any, **kwargs: t.Any) -> requests.Response:
            limiter.acquire()
            try:
                return func(*args, **kwargs)
            finally:
                limiter.release()

        return super().request_decorator(paced)

    @override
    def backoff_wait_generator(self) -> t.Generator[float, None, None]:
        return backoff.expo(factor=BACKOFF_FACTOR, max_value=BACKOFF_MAX_WAIT)

    @override
    def backoff_max_tries(self) -> int:
        return BACKOFF_MAX_TRIES

    @override
    def backoff_handler(self, details: Details) -> None:
        """One concise warning per retry (the SDK logs an ERROR with the call's arguments)."""
        error = details.get("exception")
        response = getattr(error, "response", None)
        reason = f"HTTP {response.status_code}" if response is not None else type(error).__name__
        self.logger.warning(
            "%s failed (%s); retrying in %.1f s (attempt %d of %d)",
            self.path,
            reason,
            details.get("wait", 0),
            details.get("tries", 0) + 1,
            self.backoff_max_tries(),
        )

    @override
    def validate_response(self, response: requests.Response) -> None:
        if response.status_code in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN):
            message = (
                f"Copper refused access (HTTP {response.status_code} on "
                f"{response.request.method} {self.path}): check the `api_key` and "
                "`user_email` settings; the key must be one generated by that Copper user."
            )
            self.logger.error(message)
            raise CopperAuthError(message)
        super().validate_response(response)

    @override
    def response_error_message(self, response: requests.Response) -> str:
        return redact(super().response_error_message(response), self.config.get("api_key"))

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        """Unix seconds -> ISO-8601 wherever the schema says date-time; add lookup names."""
        for path in self._datetime_paths:
            convert_unix_at(row, path)
        for ref in self._selected_name_refs:
            row.update(ref.resolve(row, self.tap.lookup_index(ref)))
        return row

    @cached_property
    def _datetime_paths(self) -> list[JSONPath]:
        return datetime_paths(self.schema)

    @cached_property
    def _selected_name_refs(self) -> list[NameRef]:
        """Name lookups whose output is selected: deselected ones cost no request."""
        return [
            ref
            for ref in self.name_refs
            if any(self.mask.get(("properties", name), True) for name in ref.fields)
        ]
