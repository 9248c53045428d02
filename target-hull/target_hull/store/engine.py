"""Engines for the store: SQLite by default, PostgreSQL from a URL; one writer at a time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, insert, select, text
from sqlalchemy.engine import make_url

from target_hull.store.schema import SCHEMA_VERSION, metadata, store_info

DEFAULT_DATABASE_URL = "sqlite:///output/hull.db"
#: Any constant works; all target-hull writers of one PostgreSQL database share it.
_PG_LOCK_KEY = 0x48554C4C


class StoreVersionError(RuntimeError):
    """The store was made by a target-hull with another table layout."""


def open_engine(url: str = DEFAULT_DATABASE_URL, *, create: bool = True) -> Engine:
    """An engine whose transactions are serialised across processes, schema created."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 300})
        _serialise_sqlite(engine)
    else:
        engine = create_engine(parsed, pool_pre_ping=True)
    if create:
        with write_transaction(engine) as connection:
            metadata.create_all(connection)
            _check_schema_version(connection)
    return engine


def _check_schema_version(connection: Connection) -> None:
    """Record the schema version in a new store; refuse a store of another version."""
    key = store_info.c.key == "schema_version"
    stored = connection.execute(select(store_info.c.value).where(key)).scalar()
    if stored is None:  # a new store, or one made before versions were recorded (version 1)
        connection.execute(
            insert(store_info).values(key="schema_version", value=str(SCHEMA_VERSION))
        )
    elif stored != str(SCHEMA_VERSION):
        where = connection.engine.url.render_as_string(hide_password=True)
        raise StoreVersionError(
            f"The store at {where} has schema version {stored}, but this target-hull reads and "
            f"writes version {SCHEMA_VERSION}: run the target-hull release that made the store, "
            "or point `database_url` at another store."
        )


def _serialise_sqlite(engine: Engine) -> None:
    """WAL journal, and BEGIN IMMEDIATE so a batch takes the write lock before it reads."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=300000")
        cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB of page cache
        cursor.execute("PRAGMA wal_autocheckpoint=16384")  # checkpoint every 64 MiB of WAL
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that no other target-hull writer of the same store runs beside."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        yield connection
