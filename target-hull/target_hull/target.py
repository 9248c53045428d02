"""target-hull: a Singer target that resolves identities into unified Hull-style profiles."""

from __future__ import annotations

import copy
import gc
import sys
from typing import IO, Any

from singer_sdk import Target
from singer_sdk import typing as th
from singer_sdk.contrib.msgspec import MsgSpecReader
from singer_sdk.exceptions import MissingKeyPropertiesError
from singer_sdk.mapper import SameRecordTransform

from target_hull.ingest import DEFAULT_BATCH_SIZE, Ingestor
from target_hull.mapping import build_mapping
from target_hull.sinks import HullSink
from target_hull.store.engine import DEFAULT_DATABASE_URL, open_engine


class BytesReader(MsgSpecReader):
    """Reads stdin as bytes: msgspec decodes UTF-8 itself, faster than a text wrapper."""

    @property
    def default_input(self) -> IO[bytes]:  # type: ignore[override]
        return sys.stdin.buffer


class TargetHull(Target):
    """Users, accounts and events with claims, merges and per-source attribute groups."""

    name = "target-hull"
    default_sink_class = HullSink
    message_reader_class = BytesReader
    config_jsonschema = th.PropertiesList(
        th.Property(
            "source",
            th.StringType,
            description="The extractor feeding this run (e.g. `tap-copper`); picks the shipped "
            "mapping. In meltano.yml it defaults to `$MELTANO_EXTRACTOR_NAMESPACE`.",
        ),
        th.Property(
            "database_url",
            th.StringType,
            default=DEFAULT_DATABASE_URL,
            secret=True,
            description="SQLAlchemy URL of the profile store: a SQLite file (default) or "
            "`postgresql://user:pass@host/db`.",
        ),
        th.Property(
            "mapping_file",
            th.StringType,
            description="Path to a YAML mapping used instead of the shipped one for `source`.",
        ),
        th.Property(
            "mapping_overrides",
            th.ObjectType(additional_properties=True),
            description="Per-stream changes to the mapping, merged into it: identity claims, "
            "attributes to import and their names, groups, account link (null removes a key).",
        ),
        th.Property(
            "link_accounts",
            th.CustomType({"type": ["boolean", "object"]}),
            description="Link users to their CRM company's account (shell accounts for "
            'companies not seen yet), for every source or per source (`{"copper": false}`). '
            "Default: the mapping's (true for shipped mappings).",
        ),
        th.Property(
            "opportunity_type_field",
            th.CustomType({"type": ["string", "object"]}),
            description="Field of an opportunity whose value names its group "
            "`<svc>_opportunity_<type>`, for every source or per source "
            '(`{"copper": "custom_field_values.opportunity_type"}`); without one, '
            "opportunities are skipped.",
        ),
        th.Property(
            "slugify_opportunity_types",
            th.CustomType({"type": ["boolean", "object"]}),
            description="Write `New Business` as `new_business` in opportunity group names "
            "(Hull kept the raw value; so does the default).",
        ),
        th.Property(
            "validate_records",
            th.BooleanType,
            default=False,
            description="Validate each record against its stream's JSON Schema. Off by default: "
            "singer-sdk taps already conform records to their schema.",
        ),
        th.Property(
            "free_mail_domains",
            th.ArrayType(th.StringType),
            description="More free-mail domains that must never become account domains.",
        ),
    ).to_dict()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A batch holds millions of short-lived, acyclic objects; the default thresholds make
        # the cycle collector rescan them over and over (a quarter of the run time).
        gc.set_threshold(100_000, 50, 100)
        super().__init__(*args, **kwargs)
        self.max_parallelism = 1  # one Ingestor, one transaction at a time
        self._emitted_state: dict | None = None
        self._direct_sinks: dict[str, HullSink] = {}
        self.ingestor = Ingestor(
            open_engine(self.config.get("database_url") or DEFAULT_DATABASE_URL),
            build_mapping(dict(self.config)),
            batch_size=int(self.config.get("batch_size_rows") or DEFAULT_BATCH_SIZE),
            free_mail_domains=self.config.get("free_mail_domains"),
            logger=self.logger,
        )
        self._warn_about_mapping()

    def _warn_about_mapping(self) -> None:
        for stream in self.ingestor.mapping.streams.values():
            if stream.entity == "opportunity" and stream.type_field is None:
                self.logger.warning(
                    "Opportunities of stream '%s' will be skipped: set `opportunity_type_field` "
                    "to the field whose value names the opportunity group.",
                    stream.stream,
                )

    def _process_schema_message(self, message_dict: dict) -> None:
        super()._process_schema_message(message_dict)
        stream = message_dict["stream"]
        self._direct_sinks.pop(stream, None)
        maps = self.mapper.stream_maps.get(stream, [])
        if (
            len(maps) == 1
            and type(maps[0]) is SameRecordTransform
            and maps[0].stream_alias == stream
            and not maps[0].flattening_enabled
            and not self.config.get("validate_records")
        ):
            sink = self.get_sink(stream)
            if isinstance(sink, HullSink):
                self._direct_sinks[stream] = sink

    def _process_record_message(self, message_dict: dict) -> None:
        """Records of streams without stream maps or validation go straight to the Ingestor:
        the SDK's per-record path (copy, map, parse, validate) would do nothing for them but
        costs as much as resolving the record."""
        sink = self._direct_sinks.get(message_dict.get("stream"))  # type: ignore[arg-type]
        record = message_dict.get("record")
        if sink is None or not isinstance(record, dict):
            super()._process_record_message(message_dict)
            return
        for key in sink.key_properties:
            if key not in record:
                raise MissingKeyPropertiesError(
                    f"Record of stream '{sink.stream_name}' is missing key property '{key}'."
                )
        sink.tally_record_read()
        sink.process_record(record, {})
        sink.record_counter_metric.increment()
        if sink.is_full:
            self.drain_one(sink)
        self._handle_max_record_age()

    def checkpoint(self) -> None:
        """Emit the latest STATE: every record received before it is committed now."""
        if self._latest_state:
            self._write_state_message(copy.deepcopy(self._latest_state))

    def _write_state_message(self, state: dict) -> None:
        if state != self._emitted_state:
            self._emitted_state = state
            super()._write_state_message(state)

    def process_endofpipe(self) -> None:
        super().process_endofpipe()
        self.logger.info("Summary: %s", self.ingestor.stats.summary())


if __name__ == "__main__":
    TargetHull.cli()
