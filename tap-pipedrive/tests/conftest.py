"""Offline HTTP for every test.

The singer-sdk standard tests discover streams at collection time and sync in
class-scoped fixtures, so a Mocker started in ``pytest_configure`` serves them; unit
tests open their own (nested) Mocker through the ``api`` fixture.
"""

from __future__ import annotations

import io
import json
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import redirect_stdout
from typing import Any

import pytest
import requests_mock

from tap_pipedrive.tap import TapPipedrive
from tests import fake_api

_GLOBAL_MOCK = requests_mock.Mocker(case_sensitive=True)


def pytest_configure(config: pytest.Config) -> None:
    _GLOBAL_MOCK.start()
    fake_api.register(_GLOBAL_MOCK)


def pytest_unconfigure(config: pytest.Config) -> None:
    _GLOBAL_MOCK.stop()


@pytest.fixture(autouse=True)
def no_real_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests must never wait: a retry without a patched sleep fails loudly."""

    def forbidden(seconds: float) -> None:
        raise AssertionError(f"unexpected real sleep of {seconds} s")

    monkeypatch.setattr(time, "sleep", forbidden)


@pytest.fixture
def api() -> Iterator[requests_mock.Mocker]:
    """A fresh fake Pipedrive API; tests may register overriding routes on it."""
    with requests_mock.Mocker(case_sensitive=True) as mocker:
        fake_api.register(mocker)
        yield mocker


class SyncOutput:
    """Singer messages written by one sync, grouped for assertions."""

    def __init__(self, lines: list[dict[str, Any]]) -> None:
        self.messages = lines
        self.records: dict[str, list[dict]] = defaultdict(list)
        for message in lines:
            if message["type"] == "RECORD":
                self.records[message["stream"]].append(message["record"])
        self.states = [m["value"] for m in lines if m["type"] == "STATE"]


def run_sync(tap: TapPipedrive, *streams: str) -> SyncOutput:
    """Sync only ``streams`` (all when none given) and parse the Singer output."""
    for name, stream in tap.streams.items():
        stream.selected = not streams or name in streams
    buffer = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with redirect_stdout(buffer):
        tap.sync_all()
    buffer.seek(0)
    return SyncOutput([json.loads(line) for line in buffer.read().splitlines() if line])


def discovered_catalog() -> dict:
    """The catalog discovery produces on the fake API (served by the global mock)."""
    return make_tap().catalog_dict


def make_tap(**kwargs: Any) -> TapPipedrive:
    """A tap on the fake API; ``config`` overrides merge into the default test config."""
    config = fake_api.config(**kwargs.pop("config", {}))
    return TapPipedrive(config=config, parse_env_config=False, **kwargs)
