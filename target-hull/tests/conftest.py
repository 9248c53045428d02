"""Fixtures: a fresh store on SQLite or PostgreSQL, and an in-process target run."""

from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stdout
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from target_hull.store import queries
from target_hull.store.engine import open_engine
from target_hull.store.schema import metadata
from target_hull.target import TargetHull

POSTGRES_URL = os.environ.get(
    "HULL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_available() -> bool:
    try:
        with create_engine(POSTGRES_URL).connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError:
        return False
    return True


def reset_postgres() -> str:
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        metadata.drop_all(conn)
    engine.dispose()
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """A fresh, empty store on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/hull.db"
    if not _postgres_available():
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} (set HULL_TEST_POSTGRES_URL)")
    return reset_postgres()


@pytest.fixture
def postgres_url() -> str:
    """A fresh, empty PostgreSQL store (tests of PostgreSQL-only behaviour)."""
    if not _postgres_available():
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} (set HULL_TEST_POSTGRES_URL)")
    return reset_postgres()


@pytest.fixture
def sqlite_url(tmp_path: Any) -> str:
    return f"sqlite:///{tmp_path}/hull.db"


def schema(stream: str, key: str = "id") -> dict:
    return {
        "type": "SCHEMA",
        "stream": stream,
        "key_properties": [key],
        "schema": {"type": "object", "properties": {}, "additionalProperties": True},
    }


def record(stream: str, **fields: Any) -> dict:
    return {"type": "RECORD", "stream": stream, "record": fields}


def state(value: Any) -> dict:
    return {"type": "STATE", "value": {"bookmarks": {"s": value}}}


def singer_lines(messages: list[dict | str]) -> str:
    """Messages as Singer lines; a SCHEMA is added before the first record of each stream."""
    seen: set[str] = set()
    lines = []
    for message in messages:
        if isinstance(message, str):
            lines.append(message)
            continue
        if message["type"] == "RECORD" and message["stream"] not in seen:
            lines.append(json.dumps(schema(message["stream"])))
        if message["type"] == "SCHEMA":
            seen.add(message["stream"])
        if message["type"] == "RECORD":
            seen.add(message["stream"])
        lines.append(json.dumps(message))
    return "\n".join(lines) + "\n"


def run_target(url: str, messages: list[dict | str], **config: Any) -> list[dict]:
    """Run target-hull in-process; returns the STATE values it emitted."""
    target = TargetHull(
        config={"source": "sample", "database_url": url, **config},
        parse_env_config=False,
        validate_config=True,
    )
    out = io.StringIO()
    with redirect_stdout(out):
        target.listen(file_input=io.StringIO(singer_lines(messages)))
    target.ingestor.engine.dispose()
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


class StoreView:
    """Read helpers over a store, in the shape `hull export` prints."""

    def __init__(self, url: str) -> None:
        self.engine = open_engine(url)

    def users(self) -> list[dict]:
        with self.engine.connect() as conn:
            return list(queries.iter_users(conn))

    def accounts(self) -> list[dict]:
        with self.engine.connect() as conn:
            return list(queries.iter_accounts(conn))

    def events(self) -> list[dict]:
        with self.engine.connect() as conn:
            return list(queries.iter_events(conn))

    def counts(self) -> dict:
        with self.engine.connect() as conn:
            return queries.counts(conn)

    def merges(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [
                dict(r) for r in conn.execute(text("SELECT * FROM merges ORDER BY id")).mappings()
            ]

    def user(self, email: str) -> dict:
        (found,) = [u for u in self.users() if u["email"] == email]
        return found

    def user_with(self, anonymous_id: str) -> dict:
        (found,) = [u for u in self.users() if anonymous_id in u["anonymous_ids"]]
        return found

    def account_with(self, anonymous_id: str) -> dict:
        (found,) = [a for a in self.accounts() if anonymous_id in a["anonymous_ids"]]
        return found

    def close(self) -> None:
        self.engine.dispose()


@pytest.fixture
def view_of():
    views: list[StoreView] = []

    def make(url: str) -> StoreView:
        views.append(StoreView(url))
        return views[-1]

    yield make
    for view in views:
        view.close()
