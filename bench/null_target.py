"""A do-nothing singer-sdk target: the floor any singer-sdk target pays per record."""

from __future__ import annotations

from singer_sdk import Target
from singer_sdk import typing as th
from singer_sdk.contrib.msgspec import MsgSpecReader
from singer_sdk.sinks import BatchSink


class NullSink(BatchSink):
    def process_batch(self, context: dict) -> None:
        """Drop the batch."""


class NullTarget(Target):
    name = "target-null"
    default_sink_class = NullSink
    message_reader_class = MsgSpecReader
    config_jsonschema = th.PropertiesList().to_dict()


if __name__ == "__main__":
    NullTarget.cli()
