"""The store itself: its schema version, and statistics kept fresh on PostgreSQL."""

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from target_hull.store import repository
from target_hull.store.engine import StoreVersionError, open_engine
from target_hull.store.schema import SCHEMA_VERSION, store_info
from tests.conftest import run_target
from tests.test_resolution import contact


def _version(url: str) -> str | None:
    with open_engine(url, create=False).connect() as conn:
        return conn.execute(select(store_info.c.value)).scalar()


def _set_version(url: str, version: str) -> None:
    with open_engine(url, create=False).begin() as conn:
        conn.execute(update(store_info).values(value=version))


def test_a_new_store_records_its_schema_version(store_url):
    run_target(store_url, [contact(1, "a@x.example")])
    assert _version(store_url) == str(SCHEMA_VERSION)


def test_a_store_of_another_version_is_refused_and_left_as_it_was(store_url, view_of):
    run_target(store_url, [contact(1, "a@x.example")])
    _set_version(store_url, "99")
    url = make_url(store_url).set(password="s3cret-pw").render_as_string(hide_password=False)
    with pytest.raises(StoreVersionError, match="schema version 99") as refused:
        run_target(url, [contact(2, "b@x.example")])
    assert "`database_url`" in str(refused.value)
    assert "s3cret-pw" not in str(refused.value)
    _set_version(store_url, str(SCHEMA_VERSION))
    assert [u["email"] for u in view_of(store_url).users()] == ["a@x.example"]


def test_postgresql_tables_are_analyzed_once_they_have_grown(postgres_url):
    """A first load outruns autovacuum; without statistics every lookup scans its whole kind."""
    engine = open_engine(postgres_url)
    with engine.connect() as conn:
        if int(conn.exec_driver_sql("SHOW server_version_num").scalar()) < 150000:
            pytest.skip("needs PostgreSQL >= 15 (pg_stat_force_next_flush)")
    rows = [("user", "anonymous_id", f"crm:{n}", "p") for n in range(3000)]
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO identities VALUES (%s, %s, %s, %s)", rows)
    with engine.begin() as conn:  # make this session's row counts visible to the check
        conn.exec_driver_sql("SELECT pg_stat_force_next_flush()")
    with engine.begin() as conn:
        repository.refresh_statistics(conn)
    with engine.connect() as conn:
        analyzed = conn.exec_driver_sql(
            "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'identities'"
        ).scalar()
    engine.dispose()
    assert analyzed >= 1
