"""Copper streams: the four searchable entities, activities and the lookup lists."""

from __future__ import annotations

import copy
import datetime
import sys
import typing as t
from functools import cached_property

from singer_sdk import SchemaDirectory, StreamSchema
from singer_sdk.pagination import SinglePagePaginator

from tap_copper import lookups, schemas
from tap_copper.client import CopperStream
from tap_copper.custom_fields import empty_values_schema
from tap_copper.pagination import (
    DateWindow,
    DateWindowPaginator,
    KeysetPaginator,
    SearchCursor,
    ShortPagePaginator,
)
from tap_copper.transform import parse_close_date, parse_iso, unix_to_iso

if sys.version_info >= (3, 12):
    from typing import override
else:
    from typing_extensions import override

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    import requests
    from singer_sdk.helpers.types import Context
    from singer_sdk.streams.rest import HTTPRequest, PageContext

SCHEMAS = SchemaDirectory(schemas)


# Lookups ---------------------------------------------------------------------------------


class LookupStream(CopperStream[t.Any]):
    """A reference list (`GET`, one unpaginated page), requested at most once per run.

    The tap caches the records: they also supply the names other streams attach.
    """

    schema = StreamSchema(SCHEMAS)

    @override
    def get_new_paginator(self) -> SinglePagePaginator:
        return SinglePagePaginator()

    @override
    def get_records(self, context: Context | None) -> Iterable[dict]:
        # Copies: the SDK mutates emitted records (e.g. drops deselected properties).
        yield from copy.deepcopy(self.tap.lookup(self.name))

    def fetch(self) -> list[dict]:
        """Request the records (used by the tap's cache)."""
        return list(self.request_records(None))


class UsersStream(LookupStream):
    name = "users"
    path = "/users/search"

    @override
    def get_new_paginator(self) -> ShortPagePaginator:
        return ShortPagePaginator(self.page_size)

    @override
    def get_http_request(self, *, page: PageContext) -> HTTPRequest:
        return self.post_request(
            page, {"page_number": page.next_page_token, "page_size": self.page_size}
        )


class CustomFieldDefinitionsStream(LookupStream):
    name = "custom_field_definitions"
    path = "/custom_field_definitions"


class ActivityTypesStream(LookupStream):
    name = "activity_types"
    path = "/activity_types"
    primary_keys = ("category", "id")

    @override
    def parse_response(self, response: requests.Response) -> Iterable[dict]:
        """`{"user": [...], "system": [...]}` -> one record per type, with its category."""
        for category, types in response.json().items():
            for record in types:
                yield {"category": category, **record}


class PipelinesStream(LookupStream):
    """Pipelines with their stages nested (also the source of stage names)."""

    name = "pipelines"
    path = "/pipelines"


class LeadStatusesStream(LookupStream):
    name = "lead_statuses"
    path = "/lead_statuses"


class CustomerSourcesStream(LookupStream):
    name = "customer_sources"
    path = "/customer_sources"


class ContactTypesStream(LookupStream):
    name = "contact_types"
    path = "/contact_types"


class LossReasonsStream(LookupStream):
    name = "loss_reasons"
    path = "/loss_reasons"


# Searchable entities ---------------------------------------------------------------------


class SearchStream(CopperStream[SearchCursor]):
    """`POST /<entity>/search` sorted by `date_modified` ascending, from the bookmark.

    Resumable (`is_sorted`): the bookmark advances with every record. Records also carry
    `custom_field_values`: their custom fields keyed by definition name, typed.
    """

    replication_key = "date_modified"
    is_sorted = True
    #: The entity's name in custom field definitions' `available_on`.
    entity: t.ClassVar[str]
    _min_modified: int | None = None

    @override
    @cached_property
    def schema(self) -> dict:
        """The JSON file plus custom fields; from the input catalog when one is given."""
        catalog = self.tap.input_catalog
        if catalog is not None and (entry := catalog.get_stream(self.tap_stream_id)):
            return entry.schema.to_dict()
        schema = copy.deepcopy(SCHEMAS.get_schema(self.name))
        schema["properties"]["custom_field_values"] = (
            empty_values_schema()
            if catalog is not None  # stream not catalogued: it will not sync
            else self.tap.custom_fields.schema_for(self.entity)
        )
        return schema

    def search_filters(self) -> dict[str, t.Any]:
        """Extra body keys of this entity's search (Copper answers 422 to unknown keys)."""
        return {}

    @override
    def get_records(self, context: Context | None) -> Iterable[dict]:
        start = self.get_starting_timestamp(context)
        self._min_modified = None if start is None else int(start.timestamp())
        yield from super().get_records(context)

    @override
    def get_new_paginator(self) -> KeysetPaginator:
        return KeysetPaginator(
            SearchCursor(self._min_modified),
            page_size=self.page_size,
            date_key="date_modified",
            logger=self.logger,
        )

    @override
    def get_http_request(self, *, page: PageContext[SearchCursor]) -> HTTPRequest:
        cursor = t.cast("SearchCursor", page.next_page_token)
        body: dict[str, t.Any] = {
            "page_number": cursor.page,
            "page_size": self.page_size,
            "sort_by": "date_modified",
            "sort_direction": "asc",
            **self.search_filters(),
        }
        if cursor.min_date is not None:
            body["minimum_modified_date"] = cursor.min_date
        return self.post_request(page, body)

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        # Client-side filter too: minimum_modified_date is undocumented for some entities.
        if self._min_modified is not None and (row.get("date_modified") or 0) < self._min_modified:
            return None
        if self.mask.get(("properties", "custom_field_values"), True):
            fields = self.tap.custom_fields
            row["custom_field_values"] = fields.values(row.get("custom_fields"), self.entity)
        return super().post_process(row, context)


class LeadsStream(SearchStream):
    name = "leads"
    path = "/leads/search"
    entity = "lead"
    name_refs = (lookups.ASSIGNEE, lookups.CUSTOMER_SOURCE, lookups.LEAD_STATUS)

    @override
    def search_filters(self) -> dict[str, t.Any]:
        return {"include_converted_leads": bool(self.config["include_converted_leads"])}


class PeopleStream(SearchStream):
    name = "people"
    path = "/people/search"
    entity = "person"
    name_refs = (lookups.ASSIGNEE, lookups.CONTACT_TYPE)


class CompaniesStream(SearchStream):
    name = "companies"
    path = "/companies/search"
    entity = "company"
    name_refs = (lookups.ASSIGNEE, lookups.CONTACT_TYPE)


class OpportunitiesStream(SearchStream):
    name = "opportunities"
    path = "/opportunities/search"
    entity = "opportunity"
    name_refs = (
        lookups.ASSIGNEE,
        lookups.CUSTOMER_SOURCE,
        lookups.LOSS_REASON,
        lookups.PIPELINE,
        lookups.PIPELINE_STAGE,
    )
    _close_date_warned = False

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        """`close_date` "M/D/YYYY" (or D/M/YYYY, per setting) -> ISO date."""
        record = super().post_process(row, context)
        if record is None:
            return None
        day_first = self.config["close_date_format"] == "D/M/YYYY"
        try:
            record["close_date"] = parse_close_date(record.get("close_date"), day_first=day_first)
        except ValueError:
            if not self._close_date_warned:
                self._close_date_warned = True
                self.logger.warning(
                    "Opportunity %s: close_date %r is not a %s date; emitted as null "
                    "(check the `close_date_format` setting)",
                    record.get("id"),
                    record.get("close_date"),
                    self.config["close_date_format"],
                )
            record["close_date"] = None
        return record


# Activities ------------------------------------------------------------------------------


class ActivitiesStream(CopperStream[DateWindow]):
    """`POST /activities/search` by `activity_date` window, re-reading a look-back period.

    An activity's `date_modified` follows its back-datable `activity_date`, so neither is
    a safe cursor: each run starts `activities_lookback_days` before the bookmark to pick
    up back-dated and edited activities (re-emitted records are expected). The search
    has no sort order, so the bookmark only advances at the end of the stream.
    """

    name = "activities"
    path = "/activities/search"
    schema = StreamSchema(SCHEMAS)
    replication_key = "activity_date"
    name_refs = (lookups.ACTIVITY_TYPE, lookups.ACTIVITY_USER)
    _window_start: int | None = None
    _paginator: DateWindowPaginator

    @cached_property
    def activity_type_filter(self) -> list[dict[str, t.Any]]:
        """`activity_types` body value: the configured ids (any category) or all user types."""
        types = self.tap.lookup("activity_types")
        wanted = self.config.get("activity_types")
        if wanted is None:
            chosen = [kind for kind in types if kind["category"] == "user"]
        else:
            chosen = [kind for kind in types if kind["id"] in wanted]
            if missing := set(wanted) - {kind["id"] for kind in chosen}:
                self.logger.warning("Unknown activity type ids ignored: %s", sorted(missing))
        return [{"id": kind["id"], "category": kind["category"]} for kind in chosen]

    @override
    def get_records(self, context: Context | None) -> Iterable[dict]:
        if not self.activity_type_filter:
            self.logger.warning("No activity types to fetch; skipping activities")
            return
        self._window_start = self._start(context)
        self.logger.info(
            "Reading activities dated from %s",
            "the beginning" if self._window_start is None else unix_to_iso(self._window_start),
        )
        yield from super().get_records(context)

    def _start(self, context: Context | None) -> int | None:
        """Bookmark minus the look-back (not before `start_date`), else `start_date`."""
        start = self.get_starting_timestamp(context)
        if start is None:
            return None
        if self.get_context_state(context).get("replication_key_value") is not None:
            start -= datetime.timedelta(days=self.config["activities_lookback_days"])
            if floor := self.config.get("start_date"):
                start = max(start, parse_iso(floor))
        return int(start.timestamp())

    @override
    def get_new_paginator(self) -> DateWindowPaginator:
        self._paginator = DateWindowPaginator(
            DateWindow(self._window_start, None),
            page_size=self.page_size,
            now=self._initialized_at // 1000,
            logger=self.logger,
        )
        return self._paginator

    @override
    def parse_response(self, response: requests.Response) -> Iterable[dict]:
        if self._paginator.splits(response):
            return  # the window is read again in halves: these records would be duplicates
        yield from super().parse_response(response)

    @override
    def get_http_request(self, *, page: PageContext[DateWindow]) -> HTTPRequest:
        window = t.cast("DateWindow", page.next_page_token)
        body: dict[str, t.Any] = {
            "page_number": window.page,
            "page_size": self.page_size,
            "activity_types": self.activity_type_filter,
        }
        if window.start is not None:
            body["minimum_activity_date"] = window.start
        if window.end is not None:
            body["maximum_activity_date"] = window.end - 1  # Copper's bound is inclusive
        return self.post_request(page, body)


STREAM_TYPES: tuple[type[CopperStream], ...] = (
    LeadsStream,
    PeopleStream,
    CompaniesStream,
    OpportunitiesStream,
    ActivitiesStream,
    UsersStream,
    CustomFieldDefinitionsStream,
    ActivityTypesStream,
    PipelinesStream,
    LeadStatusesStream,
    CustomerSourcesStream,
    ContactTypesStream,
    LossReasonsStream,
)
