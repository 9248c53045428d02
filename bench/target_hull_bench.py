"""target-hull ingest benchmark: records/s and peak memory against baselines run on the same input.

Runs, on one generated input of CRM-shaped records (about 50 fields each):
  1. a do-nothing singer-sdk target, with the SDK's defaults and with validation off (the floor
     any singer-sdk target pays per record),
  2. target-duckdb from PyPI (a plain row loader, in its own virtualenv under bench/),
  3. target-hull into an empty SQLite store,
  4. target-hull into a store already holding --stored profiles (default 1,000,000),
  5. with --postgres URL, target-hull into that PostgreSQL database (its tables dropped first),
and prints records/s, peak RSS and the ratios the goals are stated in. Two floors show what any
design pays before identity work: target-hull with nothing mapped (start-up, reading, decoding),
and the rows the empty-store run wrote, inserted again with plain `executemany` in transactions
of the same size (storage).

    .venv/bin/python bench/target_hull_bench.py [--records 100000] [--stored 1000000] \
        [--postgres postgresql://postgres@127.0.0.1:5432/hullbench]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from generate import write_singer
from sqlalchemy import insert

from target_hull.ingest import DEFAULT_BATCH_SIZE
from target_hull.resolve import new_profile_id
from target_hull.store.engine import open_engine
from target_hull.store.schema import attribute_groups, identities, metadata, users

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent
DUCKDB_VENV = HERE / ".venv-duckdb"
T = TypeVar("T")


def run(label: str, command: list, stdin: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process reading ``stdin``; its log goes to a file."""
    log = RESULTS / f"{label.split(',', maxsplit=1)[0].replace(' ', '-')}.log"
    with stdin.open("rb") as source, log.open("wb") as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdin=source, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{label} failed:\n{log.read_text(errors='replace')[-3000:]}")
    print(f"{label}: {elapsed:.1f} s", flush=True)
    return elapsed, usage.ru_maxrss / 1024


def ensure_target_duckdb() -> Path:
    executable = DUCKDB_VENV / "bin" / "target-duckdb"
    if not executable.exists():
        subprocess.run([sys.executable, "-m", "venv", DUCKDB_VENV], check=True)
        subprocess.run(
            [DUCKDB_VENV / "bin" / "pip", "install", "--quiet", "target-duckdb==0.8.0"], check=True
        )
    return executable


def prefill(url: str, profiles: int) -> None:
    """A store holding ``profiles`` users (claims and one attribute group each), in bulk."""
    engine = open_engine(url)
    now = "2026-01-01T00:00:00+00:00"
    chunk = 50_000
    with engine.begin() as conn:
        for start in range(0, profiles, chunk):
            ids = [new_profile_id() for _ in range(min(chunk, profiles - start))]
            numbers = range(start, start + len(ids))
            conn.execute(
                insert(users),
                [
                    {"id": i, "email": f"stored{n}@stored{n % 5000}.example", "shell": False,
                     "created_at": now, "updated_at": now}
                    for i, n in zip(ids, numbers, strict=True)
                ],
            )  # fmt: skip
            conn.execute(
                insert(identities),
                [
                    row
                    for i, n in zip(ids, numbers, strict=True)
                    for row in (
                        {"entity": "user", "kind": "email", "value": f"stored{n}@stored{n % 5000}.example", "profile_id": i},
                        {"entity": "user", "kind": "anonymous_id", "value": f"other-crm:{n}", "profile_id": i},
                    )
                ],
            )  # fmt: skip
            attrs = json.dumps({f"field_{k:02d}": f"value {k}" for k in range(40)})
            meta = json.dumps({"stamps": [["othercrm", now]]})
            conn.execute(
                insert(attribute_groups),
                [
                    {"entity": "user", "profile_id": i, "grp": "othercrm_person", "attrs": attrs, "meta": meta}
                    for i in ids
                ],
            )  # fmt: skip
    engine.dispose()


def storage_floor(database: Path, records: int, batch: int) -> float:
    """Seconds to insert every row of ``database`` into an empty copy of its schema, in
    ``records / batch`` transactions, with the store's pragmas: no reads, no logic."""
    copy = RESULTS / "storage-floor.db"
    for leftover in RESULTS.glob("storage-floor.db*"):
        leftover.unlink()
    source = sqlite3.connect(database)
    tables = {
        name: (sql, source.execute(f'SELECT * FROM "{name}"').fetchall())
        for name, sql in source.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    }
    indexes = [
        sql
        for (sql,) in source.execute("SELECT sql FROM sqlite_master WHERE type = 'index'")
        if sql
    ]
    (page_size,) = source.execute("PRAGMA page_size").fetchone()
    source.close()
    target = sqlite3.connect(copy, isolation_level=None)
    pragmas = (
        f"page_size={page_size}",
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "cache_size=-65536",
    )
    for pragma in pragmas:
        target.execute(f"PRAGMA {pragma}")
    for sql, _ in tables.values():
        target.execute(sql)
    for sql in indexes:
        target.execute(sql)
    transactions = max(1, records // batch)
    started = time.perf_counter()
    for n in range(transactions):
        target.execute("BEGIN IMMEDIATE")
        for name, (_, rows) in tables.items():
            part = rows[n * len(rows) // transactions : (n + 1) * len(rows) // transactions]
            if part:
                marks = ", ".join("?" * len(part[0]))
                target.executemany(f'INSERT INTO "{name}" VALUES ({marks})', part)
        target.execute("COMMIT")
    elapsed = time.perf_counter() - started
    target.close()
    return elapsed


def baselines(singer: Path) -> dict[str, tuple[float, float]]:
    """Do-nothing singer-sdk targets and target-duckdb on the input."""
    results: dict[str, tuple[float, float]] = {}
    for label, settings in (
        ("null singer-sdk target", {}),
        ("null target, no validation (SDK floor)", {"validate_records": False}),
    ):
        config = RESULTS / "null.json"
        config.write_text(json.dumps(settings))
        command = [BIN / "python", HERE / "null_target.py", "--config", config]
        results[label] = run(label, command, singer)
    duckdb_dir = RESULTS / "duckdb"
    shutil.rmtree(duckdb_dir, ignore_errors=True)
    duckdb_dir.mkdir()
    config = RESULTS / "duckdb.json"
    config.write_text(
        json.dumps({"path": str(duckdb_dir / "bench.duckdb"), "default_target_schema": "bench"})
    )
    results["target-duckdb"] = run(
        "target-duckdb", [ensure_target_duckdb(), "--config", config], singer
    )
    return results


def nothing_mapped_floor(singer: Path) -> float:
    """Seconds target-hull takes when no stream is mapped: start-up, reading, decoding."""
    nothing = RESULTS / "nothing.yml"
    nothing.write_text("source: nothing\nstreams: {}\n")
    config = RESULTS / "hull-nothing.json"
    config.write_text(
        json.dumps({"source": "nothing", "mapping_file": str(nothing),
                    "database_url": f"sqlite:///{RESULTS / 'hull-nothing.db'}"})
    )  # fmt: skip
    label = "floor: target-hull, nothing mapped"
    return run(label, [BIN / "target-hull", "--config", config], singer)[0]


def in_own_process(function: Callable[..., T], *args: Any) -> T:
    """Run memory-hungry bench steps away from this process: a child forked from a large
    parent inherits the parent's peak RSS in ru_maxrss, which would be charged to the target."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def hull_run(label: str, singer: Path, stored: int) -> tuple[Path, tuple[float, float]]:
    """target-hull into a fresh store holding ``stored`` profiles first."""
    database = RESULTS / f"hull-{stored}.db"
    for leftover in RESULTS.glob(f"hull-{stored}.db*"):
        leftover.unlink()
    url = f"sqlite:///{database}"
    if stored:
        started = time.perf_counter()
        in_own_process(prefill, url, stored)
        print(f"prefilled {stored:,} profiles in {time.perf_counter() - started:.0f} s", flush=True)
    config = RESULTS / "hull.json"
    config.write_text(json.dumps({"source": "sample", "database_url": url}))
    return database, run(label, [BIN / "target-hull", "--config", config], singer)


def postgres_run(url: str, singer: Path) -> tuple[float, float]:
    """target-hull into the PostgreSQL database at ``url``, its target-hull tables dropped first."""
    engine = open_engine(url, create=False)
    with engine.begin() as conn:
        metadata.drop_all(conn)
    engine.dispose()
    config = RESULTS / "hull-postgres.json"
    config.write_text(json.dumps({"source": "sample", "database_url": url}))
    label = "target-hull, PostgreSQL, empty store"
    return run(label, [BIN / "target-hull", "--config", config], singer)


def report(
    results: dict[str, tuple[float, float]], floors: dict[str, float], records: int, stored: str
) -> None:
    print(f"\n{'run':42} {'seconds':>8} {'records/s':>10} {'peak MB':>8}")
    for label, (seconds, peak) in results.items():
        print(f"{label:42} {seconds:8.1f} {records / seconds:10,.0f} {peak:8.0f}")
    print()
    rate = {label: records / seconds for label, (seconds, _) in results.items()}
    hull_empty, hull_full = "target-hull, empty store", stored
    print(f"target-hull / {'target-duckdb:':41} {rate[hull_empty] / rate['target-duckdb']:.2f}x")
    for baseline in ("null singer-sdk target", "null target, no validation (SDK floor)"):
        print(f"target-hull / {baseline + ':':41} {rate[hull_empty] / rate[baseline]:.2f}x")
    print(f"{'target-hull, stored / empty store:':55} {rate[hull_full] / rate[hull_empty]:.2f}x")

    print(f"\n{'floor (no identity work)':42} {'seconds':>8} {'records/s':>10} {'us/record':>9}")
    floors = {**floors, "both floors together": sum(floors.values())}
    for label, seconds in floors.items():
        per_record = 1e6 * seconds / records
        print(f"{label:42} {seconds:8.2f} {records / seconds:10,.0f} {per_record:9.1f}")
    own = 1e6 * (results[hull_empty][0] - floors["both floors together"]) / records
    print(f"target-hull's own work (mapping, resolution, groups, reads): {own:.1f} us/record")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--stored", type=int, default=1_000_000)
    parser.add_argument(
        "--postgres", metavar="URL", help="also load an emptied PostgreSQL store at this URL"
    )
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    singer = RESULTS / "input.singer"
    records = write_singer(singer, args.records)
    print(f"input: {records} records, {singer.stat().st_size / 1e6:.0f} MB", flush=True)

    results = baselines(singer)
    floors = {"floor: target-hull, nothing mapped": nothing_mapped_floor(singer)}
    database, results["target-hull, empty store"] = hull_run("target-hull, empty store", singer, 0)
    floors["floor: storage (same rows, executemany)"] = in_own_process(
        storage_floor, database, records, DEFAULT_BATCH_SIZE
    )
    stored = f"target-hull, {args.stored:,} profiles stored"
    _, results[stored] = hull_run(stored, singer, args.stored)
    if args.postgres:
        results["target-hull, PostgreSQL, empty store"] = postgres_run(args.postgres, singer)
    report(results, floors, records, stored)


if __name__ == "__main__":
    main()
