"""Shared read-only sandboxes (module scope) and authenticated sessions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from helpers import NO_LIMIT, session_for

from crm_sandboxes import Sandbox, run_sandbox


@pytest.fixture(scope="module")
def copper() -> Iterator[Sandbox]:
    """Copper sandbox shared by a module: tests must not mutate it or change its faults."""
    with run_sandbox("copper", size=400, **NO_LIMIT) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def pipedrive() -> Iterator[Sandbox]:
    """Pipedrive sandbox shared by a module: tests must not mutate it or change its faults."""
    with run_sandbox("pipedrive", size=400, **NO_LIMIT) as sandbox:
        yield sandbox


@pytest.fixture
def api(copper: Sandbox) -> requests.Session:
    return session_for(copper)


@pytest.fixture
def pd(pipedrive: Sandbox) -> requests.Session:
    return session_for(pipedrive)
