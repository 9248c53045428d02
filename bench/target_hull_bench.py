"""target-hull ingest benchmark: records/s and peak memory against baselines run on the same input.

Runs, on one generated input of CRM-shaped records (about 50 fields each):
  1. a do-nothing singer-sdk target, with the SDK's defaults and with validation off (the floor
     any singer-sdk target pays per record),
  2. target-duckdb from PyPI (a plain row loader, in its own virtualenv under bench/),
  3. target-hull into an empty SQLite store,
  4. target-hull into a store already holding --stored profiles (default 1,000,000),
and prints records/s, peak RSS and the ratios the goals are stated in.

    .venv/bin/python bench/target_hull_bench.py [--records 100000] [--stored 1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generate import write_singer
from sqlalchemy import insert

from target_hull.resolve import new_profile_id
from target_hull.store.engine import open_engine
from target_hull.store.schema import attribute_groups, identities, users

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent
DUCKDB_VENV = HERE / ".venv-duckdb"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--stored", type=int, default=1_000_000)
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    singer = RESULTS / "input.singer"
    records = write_singer(singer, args.records)
    print(f"input: {records} records, {singer.stat().st_size / 1e6:.0f} MB", flush=True)

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

    for label, stored in (
        ("target-hull, empty store", 0),
        (f"target-hull, {args.stored:,} profiles stored", args.stored),
    ):
        database = RESULTS / f"hull-{stored}.db"
        for leftover in RESULTS.glob(f"hull-{stored}.db*"):
            leftover.unlink()
        url = f"sqlite:///{database}"
        if stored:
            started = time.perf_counter()
            prefill(url, stored)
            print(
                f"prefilled {stored:,} profiles in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
        config = RESULTS / "hull.json"
        config.write_text(json.dumps({"source": "sample", "database_url": url}))
        results[label] = run(label, [BIN / "target-hull", "--config", config], singer)

    print(f"\n{'run':42} {'seconds':>8} {'records/s':>10} {'peak MB':>8}")
    for label, (seconds, peak) in results.items():
        print(f"{label:42} {seconds:8.1f} {records / seconds:10,.0f} {peak:8.0f}")
    print()
    rate = {label: records / seconds for label, (seconds, _) in results.items()}
    hull_empty, hull_full = list(rate)[-2:]
    print(f"target-hull / {'target-duckdb:':41} {rate[hull_empty] / rate['target-duckdb']:.2f}x")
    for baseline in ("null singer-sdk target", "null target, no validation (SDK floor)"):
        print(f"target-hull / {baseline + ':':41} {rate[hull_empty] / rate[baseline]:.2f}x")
    print(f"{'target-hull, stored / empty store:':55} {rate[hull_full] / rate[hull_empty]:.2f}x")


if __name__ == "__main__":
    main()
