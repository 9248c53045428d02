"""Base streams: URLs, auth, paging, errors, retries, rate limit, token costs."""

from __future__ import annotations

import datetime
import sys
import typing as t
from decimal import Decimal
from functools import cached_property
from urllib.parse import urlparse

import backoff
from singer_sdk import RESTStream
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError
from singer_sdk.pagination import BaseAPIPaginator, JSONPathPaginator, SinglePagePaginator

from tap_pipedrive.custom_fields import FieldSet, pop_root_custom_fields
from tap_pipedrive.ratelimit import MAX_SERVER_WAIT, server_limit, server_wait
from tap_pipedrive.records import Lookup, lookup_key, to_utc_iso

if sys.version_info >= (3, 12):
    from typing import override
else:
    from typing_extensions import override

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    import requests
    from backoff.types import Details
    from singer_sdk.helpers.types import Context, RequestFunc
    from singer_sdk.streams.rest import HTTPRequest, PageContext

    from tap_pipedrive.tap import TapPipedrive

DEFAULT_PAGE_SIZE = 500
DEFAULT_MAX_REQUESTS_PER_2S = 16
DEFAULT_REQUEST_TIMEOUT = 120

BLOCKED = (
    "Pipedrive answered {path} with 403 and an HTML page: its firewall blocks this "
    "token after repeated rate-limit violations. Wait before the next run and lower "
    "`max_requests_per_2s` if other integrations share the token."
)
BURST = "Pipedrive rate limit (429) on {path}: the 2-second burst window is used up"
DAILY = (
    "Pipedrive rate limit (429) on {path}: the company's daily API token budget looks "
    "exhausted{detail}. It resets at midnight in the server's time zone; the state is "
    "saved, so the next run resumes where this one stopped"
)


class AccessDeniedError(FatalAPIError):
    """403/404 with a JSON body: missing scope, permission or plan feature."""


def rfc3339(moment: datetime.datetime) -> str:
    """``updated_since`` value: UTC, whole seconds (the filter is inclusive)."""
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _api_error(response: requests.Response) -> str | None:
    """The ``error`` text of a Pipedrive JSON error body; ``None`` if not JSON."""
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return ""
    return str(body.get("error") or body.get("message") or "")[:300]


class RecordCache:
    """Records of small full-table endpoints, fetched at most once per run.

    Shared by the stream that emits them and the streams that use them as lookups
    (owner names, custom-field definitions).
    """

    def __init__(self) -> None:
        self._records: dict[str, list[dict]] = {}
        self._field_sets: dict[str, FieldSet] = {}
        self._indexes: dict[tuple[str, str], dict[t.Any, dict]] = {}
        self._refreshed: set[str] = set()

    def records(self, stream: PipedriveStream) -> list[dict]:
        """All records of ``stream`` (raises on API errors)."""
        if stream.name not in self._records:
            self._records[stream.name] = list(stream.request_records(None))
        return self._records[stream.name]

    def field_set(self, stream: PipedriveStream) -> FieldSet:
        """Custom-field definitions from a field-definitions stream."""
        if stream.name not in self._field_sets:
            self._field_sets[stream.name] = FieldSet(self._available(stream))
        return self._field_sets[stream.name]

    def index(self, stream: PipedriveStream, key: str) -> dict[t.Any, dict]:
        """Records of ``stream`` by ``key``, for resolving ids to names."""
        if (stream.name, key) not in self._indexes:
            by_key = {lookup_key(record.get(key)): record for record in self._available(stream)}
            self._indexes[stream.name, key] = by_key
        return self._indexes[stream.name, key]

    def refresh_once(self, stream: PipedriveStream) -> bool:
        """Forget ``stream``'s records so the next use refetches them; only the first
        call per stream does so (returns whether it did)."""
        if stream.name in self._refreshed:
            return False
        self._refreshed.add(stream.name)
        self._records.pop(stream.name, None)
        self._field_sets.pop(stream.name, None)
        return True

    def _available(self, stream: PipedriveStream) -> list[dict]:
        try:
            return self.records(stream)
        except AccessDeniedError as exc:
            stream.logger.warning("%s unavailable, continuing without it: %s", stream.name, exc)
            return []


class StartLimitPaginator(BaseAPIPaginator[int]):
    """API v1 offset paging (``start``/``limit``).

    Reads ``additional_data.pagination`` (or ``additional_data`` itself, as the leads
    spec documents it) and follows ``next_start`` while ``more_items_in_collection``.
    """

    def __init__(self) -> None:
        super().__init__(0)

    @override
    def get_next(self, response: requests.Response) -> int | None:
        body = response.json()
        extra = body.get("additional_data") or {}
        info = extra.get("pagination", extra)
        if not info.get("more_items_in_collection"):
            return None
        fallback = self.current_value + len(body.get("data") or [])
        return int(info.get("next_start") or fallback)


class PipedriveStream(RESTStream[t.Any]):
    """Behaviour shared by every Pipedrive endpoint."""

    #: ``/api/v2`` or ``/v1``, appended to the API root.
    api_prefix: t.ClassVar[str] = "/v1"
    #: Pipedrive API tokens charged per request (reported via ``calculate_sync_cost``).
    token_cost: t.ClassVar[int] = 20
    #: Extra query parameters of this endpoint.
    extra_params: t.ClassVar[dict[str, str]] = {}
    #: Small lookup tables: fetched once per run and shared with other streams.
    cached: t.ClassVar[bool] = False
    #: Field-definitions stream whose custom fields this stream's records carry.
    fields_stream: t.ClassVar[str | None] = None
    #: Built-in option field explaining ``label_ids`` (``label_names``).
    label_field: t.ClassVar[str | None] = None
    #: v1 records keep custom fields at the root instead of under ``custom_fields``.
    root_custom_fields: t.ClassVar[bool] = False
    #: Names fetched from lookup streams and added to each record.
    lookups: t.ClassVar[tuple[Lookup, ...]] = ()

    @property
    def tap(self) -> TapPipedrive:
        """The tap, with its shared authenticator, limiter and lookup cache."""
        return t.cast("TapPipedrive", self._tap)

    @property
    @override
    def url_base(self) -> str:
        return self.tap.api_root + self.api_prefix

    @property
    @override
    def authenticator(self) -> t.Any:
        return self.tap.authenticator

    @property
    @override
    def timeout(self) -> int:
        return int(self.config.get("request_timeout", DEFAULT_REQUEST_TIMEOUT))

    @property
    def page_size(self) -> int:
        """Records per request (Pipedrive's maximum is 500)."""
        return int(self.config.get("page_size", DEFAULT_PAGE_SIZE))

    @override
    def get_http_request(self, *, page: PageContext) -> HTTPRequest:
        request = super().get_http_request(page=page)
        request.headers.setdefault("Accept", "application/json")
        request.params.update(self.extra_params)
        if self.replication_key and (start := self.get_starting_timestamp(page.stream_context)):
            request.params["updated_since"] = rfc3339(start)
        return request

    @override
    def parse_response(self, response: requests.Response) -> Iterable[dict]:
        yield from response.json(parse_float=Decimal).get("data") or []

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        if self.cached:
            yield from self.tap.cache.records(self)
        else:
            yield from super().get_records(context)

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        row = dict(row)
        for key in self._datetime_keys:
            if key in row:
                row[key] = to_utc_iso(row[key])
        if self.fields_stream:
            self._name_custom_fields(row)
        for lookup in self.lookups:
            source = self.tap.streams[lookup.stream]
            lookup.apply(row, self.tap.cache.index(source, lookup.key))
        return row

    @cached_property
    def _datetime_keys(self) -> tuple[str, ...]:
        properties = self.effective_schema.get("properties", {})
        return tuple(k for k, v in properties.items() if v.get("format") == "date-time")

    def _name_custom_fields(self, row: dict) -> None:
        """Add ``custom_field_values`` (and ``label_names``) from the definitions;
        refetch the definitions once if a record uses an unknown field or option."""
        if self.root_custom_fields:
            row["custom_fields"] = pop_root_custom_fields(row)
        raw = row.get("custom_fields") or {}
        definitions = self.tap.streams[t.cast("str", self.fields_stream)]
        named = self.tap.cache.field_set(definitions).values(raw)
        if named.stale and self.tap.cache.refresh_once(definitions):
            self.logger.info("Unknown custom field or option: refetching %s", definitions.name)
            named = self.tap.cache.field_set(definitions).values(raw)
        for name in set(named.invalid) - self._reported_invalid:
            self._reported_invalid.add(name)
            self.logger.warning("Custom field %r has values that do not fit its type", name)
        row["custom_field_values"] = named.values
        if self.label_field:
            field_set = self.tap.cache.field_set(definitions)
            row["label_names"] = field_set.option_labels(self.label_field, row.get("label_ids"))

    @cached_property
    def _reported_invalid(self) -> set[str]:
        return set()

    # Errors, retries and rate limits

    @override
    def validate_response(self, response: requests.Response) -> None:
        status = response.status_code
        path = urlparse(response.url).path
        if status < 400:
            if response.headers.get("x-ratelimit-remaining", "").strip() == "0":
                self.tap.limiter.window_used_up(
                    server_wait(response.headers) or 0.0, server_limit(response.headers)
                )
            return
        if status == 401:
            raise FatalAPIError(self.tap.unauthorized_message(path))
        error = _api_error(response)
        if status == 403 and error is None:
            raise FatalAPIError(BLOCKED.format(path=path))
        if status in {403, 404}:
            raise AccessDeniedError(f"Pipedrive refused {path} ({status}): {error}")
        if status == 429:
            raise self._rate_limited(response, path)
        if status >= 500:
            raise RetriableAPIError(f"Pipedrive server error {status} on {path}", response)
        raise FatalAPIError(f"Pipedrive returned {status} for {path}: {error}")

    def _rate_limited(self, response: requests.Response, path: str) -> Exception:
        wait = server_wait(response.headers)
        try:
            remaining = int(response.headers.get("x-ratelimit-remaining", ""))
        except ValueError:
            remaining = None
        if wait is not None and wait > MAX_SERVER_WAIT:
            return FatalAPIError(DAILY.format(path=path, detail=f" (asked to wait {wait:.0f} s)"))
        if remaining:
            detail = f" ({remaining} requests left in the 2-second window)"
            return RetriableAPIError(DAILY.format(path=path, detail=detail), response)
        return RetriableAPIError(BURST.format(path=path), response)

    @override
    def request_decorator(self, func: RequestFunc) -> RequestFunc:
        limiter = self.tap.limiter

        def throttled(*args: t.Any, **kwargs: t.Any) -> requests.Response:
            limiter.acquire()
            try:
                return func(*args, **kwargs)
            finally:
                limiter.release()

        return super().request_decorator(throttled)

    @override
    def backoff_wait_generator(self) -> t.Generator[float, None, None]:
        """Wait exactly what the server asks for (``Retry-After``/``x-ratelimit-reset``),
        else exponential backoff with jitter (5xx, timeouts, connection errors)."""
        fallback = backoff.expo(factor=2, max_value=60)
        next(fallback)  # the first value only primes the generator

        def wait_for(exception: Exception) -> float:
            response = getattr(exception, "response", None)
            hinted = server_wait(response.headers) if response is not None else None
            return hinted if hinted is not None else backoff.random_jitter(next(fallback))

        return self.backoff_runtime(value=wait_for)

    @override
    def backoff_jitter(self, value: float) -> float:
        return value  # jitter is already part of the fallback waits

    @override
    def backoff_handler(self, details: Details) -> None:
        self.logger.warning(
            "%s; retrying in %.1f s (attempt %d)",
            details.get("exception"),
            details.get("wait") or 0.0,
            details.get("tries"),
        )

    # Token costs

    @override
    def calculate_sync_cost(
        self,
        request: requests.PreparedRequest,
        response: requests.Response,
        context: Context | None,
    ) -> dict[str, int]:
        return {"tokens": self.token_cost}

    @override
    def log_sync_costs(self) -> None:
        super().log_sync_costs()
        streams = list(self.tap.streams.values())
        if streams and streams[-1] is self:  # the SDK calls this for every stream in order
            total = sum(stream._sync_costs.get("tokens", 0) for stream in streams)
            self.tap.logger.info("Pipedrive API tokens spent in this run: %d", total)


class V2Stream(PipedriveStream):
    """API v2 list: cursor paging; incremental streams filter and sort on update_time."""

    api_prefix = "/api/v2"
    token_cost = 10

    @override
    def get_new_paginator(self) -> JSONPathPaginator:
        return JSONPathPaginator("$.additional_data.next_cursor")

    @override
    def get_http_request(self, *, page: PageContext) -> HTTPRequest:
        request = super().get_http_request(page=page)
        request.params["limit"] = self.page_size
        if page.next_page_token:
            request.params["cursor"] = page.next_page_token
        if self.replication_key:
            request.params.update(sort_by="update_time", sort_direction="asc")
        return request


class V1Stream(PipedriveStream):
    """API v1 endpoint, offset-paged unless ``paginated`` is False."""

    paginated: t.ClassVar[bool] = True

    @override
    def get_new_paginator(self) -> BaseAPIPaginator:
        return StartLimitPaginator() if self.paginated else SinglePagePaginator()

    @override
    def get_http_request(self, *, page: PageContext) -> HTTPRequest:
        request = super().get_http_request(page=page)
        if self.paginated:
            request.params.update(start=page.next_page_token or 0, limit=self.page_size)
        return request
