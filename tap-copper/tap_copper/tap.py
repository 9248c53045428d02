"""tap-copper: settings, stream list and the per-run caches shared by all streams."""

from __future__ import annotations

import contextlib
import sys
import typing as t
from functools import cached_property

from singer_sdk import Tap
from singer_sdk import typing as th
from singer_sdk.contrib.msgspec import MsgSpecWriter
from tap_common.ratelimit import RollingWindowLimiter

from tap_copper.custom_fields import CustomFields
from tap_copper.streams import STREAM_TYPES, LookupStream
from tap_copper.transform import canonical_iso

if sys.version_info >= (3, 12):
    from typing import override
else:
    from typing_extensions import override

if t.TYPE_CHECKING:
    from tap_copper.client import CopperStream
    from tap_copper.lookups import Index, NameRef

DEFAULT_API_URL = "https://api.copper.com/developer_api/v1"
MAX_PAGE_SIZE = 200


class TapCopper(Tap):
    """Singer tap for Copper CRM."""

    name = "tap-copper"
    dynamic_catalog = True  # custom fields shape the schemas
    message_writer_class = MsgSpecWriter

    config_jsonschema = th.PropertiesList(
        th.Property(
            "api_key",
            th.StringType,
            required=True,
            secret=True,
            title="API key",
            description="Copper API key (Settings > Integrations > API Keys).",
        ),
        th.Property(
            "user_email",
            th.StringType,
            required=True,
            title="User email",
            description="Email of the Copper user who generated the API key.",
        ),
        th.Property(
            "start_date",
            th.DateTimeType,
            title="Start date",
            description="Without a bookmark, sync records modified (activities: dated) on "
            "or after this date. Default: all history.",
        ),
        th.Property(
            "api_url",
            th.StringType,
            default=DEFAULT_API_URL,
            title="API URL",
            description="Base URL of the developer API (point it at a sandbox for tests).",
        ),
        th.Property(
            "page_size",
            th.IntegerType(minimum=1, maximum=MAX_PAGE_SIZE),
            default=MAX_PAGE_SIZE,
            title="Page size",
            description="Records per search page (Copper's maximum is 200).",
        ),
        th.Property(
            "requests_per_minute",
            th.IntegerType(minimum=1),
            default=180,
            title="Requests per minute",
            description="Client-side limit shared by all streams: at most this many "
            "requests in any rolling minute (Copper allows 180 per rolling minute per key).",
        ),
        th.Property(
            "activity_types",
            th.ArrayType(th.IntegerType),
            title="Activity types",
            description="Ids of the activity types to sync (matched in every category). "
            "Default: all user-category types (notes, calls, meetings, custom types).",
        ),
        th.Property(
            "activities_lookback_days",
            th.IntegerType(minimum=0),
            default=30,
            title="Activities look-back days",
            description="Incremental activity syncs re-read this many days before the "
            "bookmark, to catch back-dated and edited activities.",
        ),
        th.Property(
            "include_converted_leads",
            th.BooleanType,
            default=True,
            title="Include converted leads",
            description="Also sync leads already converted to people (Copper's search "
            "omits them by default).",
        ),
        th.Property(
            "close_date_format",
            th.StringType(allowed_values=["M/D/YYYY", "D/M/YYYY"]),
            default="M/D/YYYY",
            title="Close date format",
            description="How the account writes opportunity close dates (D/M/YYYY on "
            "accounts with day-first dates); emitted as ISO YYYY-MM-DD.",
        ),
    ).to_dict()

    def __init__(self, **kwargs: t.Any) -> None:
        # Before super().__init__, which discovers streams when no catalog is given.
        self._lookup_records: dict[str, list[dict]] = {}
        self._lookup_indexes: dict[tuple[str, t.Any], Index] = {}
        super().__init__(**kwargs)

    @override
    def discover_streams(self) -> list[CopperStream]:
        return [stream_type(tap=self) for stream_type in STREAM_TYPES]

    @override
    def load_state(self, state: dict[str, t.Any]) -> None:
        """Load state; re-format date bookmarks the way records carry them.

        Bookmarks are compared as strings, so a hand-written ``...Z`` value must not
        look later than the same instant written ``+00:00``.
        """
        super().load_state(state)
        for bookmark in self.state.get("bookmarks", {}).values():
            value = bookmark.get("replication_key_value")
            if isinstance(value, str):
                with contextlib.suppress(ValueError):
                    bookmark["replication_key_value"] = canonical_iso(value)

    @cached_property
    def rate_limiter(self) -> RollingWindowLimiter:
        """One limiter for every request the tap makes."""
        return RollingWindowLimiter(int(self.config["requests_per_minute"]), 60.0)

    @cached_property
    def custom_fields(self) -> CustomFields:
        return CustomFields(
            lambda refresh: self.lookup("custom_field_definitions", refresh=refresh),
            logger=self.logger,
        )

    def lookup(self, name: str, *, refresh: bool = False) -> list[dict]:
        """Records of lookup stream `name`, requested once per run (again on `refresh`)."""
        if refresh or name not in self._lookup_records:
            stream = t.cast(LookupStream, self.streams[name])
            self._lookup_records[name] = stream.fetch()
            for key in [key for key in self._lookup_indexes if key[0] == name]:
                del self._lookup_indexes[key]
        return self._lookup_records[name]

    def lookup_index(self, ref: NameRef) -> Index:
        """The lookup `ref` reads, indexed the way `ref` looks records up."""
        key = (ref.lookup, ref.index)
        if key not in self._lookup_indexes:
            self._lookup_indexes[key] = ref.index(self.lookup(ref.lookup))
        return self._lookup_indexes[key]


if __name__ == "__main__":
    TapCopper.cli()
