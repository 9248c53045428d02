"""Run the tap in-process and collect its Singer messages."""

from __future__ import annotations

import io
import json
import typing as t
from collections import defaultdict
from contextlib import redirect_stdout
from dataclasses import dataclass, field

from tap_common.ratelimit import RollingWindowLimiter

from tap_copper.tap import TapCopper
from tests.fake_copper import CONFIG


def make_tap(
    catalog: dict | None = None,
    state: dict | None = None,
    **config: t.Any,
) -> TapCopper:
    """A tap on the fake account whose rate limiter never sleeps."""
    tap = TapCopper(config={**CONFIG, **config}, catalog=catalog, state=state)
    tap.rate_limiter = RollingWindowLimiter(60_000, 60.0, sleep=lambda _: None)
    return tap


@dataclass
class Output:
    messages: list[dict] = field(default_factory=list)
    records: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    @property
    def states(self) -> list[dict]:
        return [m["value"] for m in self.messages if m["type"] == "STATE"]

    def schema(self, stream: str) -> dict:
        return next(
            m["schema"] for m in self.messages if m["type"] == "SCHEMA" and m["stream"] == stream
        )


def run_sync(tap: TapCopper, streams: t.Iterable[str] | None = None) -> Output:
    """Sync `streams` (default: all) and parse what the tap printed."""
    if streams is not None:
        wanted = set(streams)
        for stream in tap.streams.values():
            stream.selected = stream.name in wanted
    buffer = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with redirect_stdout(buffer):
        tap.sync_all()
    buffer.seek(0)
    output = Output()
    for line in buffer.read().splitlines():
        message = json.loads(line)
        output.messages.append(message)
        if message["type"] == "RECORD":
            output.records[message["stream"]].append(message["record"])
    return output


def catalog(tap: TapCopper, select: dict[str, t.Iterable[str]]) -> dict:
    """The tap's discovered catalog with only `select`'s streams selected, minus the
    properties listed for each (``{"leads": ["assignee_name"]}``)."""
    result = tap.catalog_dict
    for entry in result["streams"]:
        deselected = set(select.get(entry["tap_stream_id"], ()))
        for item in entry["metadata"]:
            breadcrumb = item["breadcrumb"]
            if not breadcrumb:
                item["metadata"]["selected"] = entry["tap_stream_id"] in select
            elif breadcrumb[-1] in deselected:
                item["metadata"]["selected"] = False
    return result
