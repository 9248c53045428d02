"""Offline test setup.

The singer-sdk standard tests discover streams at collection time and sync in
class-scoped fixtures, so their HTTP mock must start before collection: here, in
`pytest_configure`. Unit tests use the function-scoped `copper` fixture, whose mocker
takes precedence while it is active.
"""

from __future__ import annotations

import typing as t

import pytest
import requests_mock

from tests.fake_copper import FakeCopper

_session_mocker = requests_mock.Mocker()


def pytest_configure(config: pytest.Config) -> None:
    _session_mocker.start()
    FakeCopper().register(_session_mocker)


def pytest_unconfigure(config: pytest.Config) -> None:
    _session_mocker.stop()


@pytest.fixture
def copper() -> t.Iterator[FakeCopper]:
    """A fresh fake Copper account; tests may edit `copper.data` before syncing."""
    fake = FakeCopper()
    with requests_mock.Mocker() as mocker:
        fake.register(mocker)
        yield fake


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record (instead of sleeping) the waits of backoff retries."""
    waited: list[float] = []
    monkeypatch.setattr("time.sleep", waited.append)
    return waited
