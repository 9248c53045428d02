"""A run killed with SIGKILL halfway, then run again, ends like an uninterrupted run."""

from __future__ import annotations

import signal
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from crms import Crm
from hull_store import report, store_differences, truth_differences
from meltano_runner import Baseline, MakePipeline, Pipeline, Started, StartSandbox

#: Every request answers after a short delay and pages are small, so the run lasts several
#: seconds; the target commits every 20 records, so a kill leaves committed work and state.
SLOW = {"slow_rate": 1.0, "slow_seconds": 0.2}
KILL_TIMEOUT = 120.0


def stored_users(store: Path) -> int:
    """Users committed so far (0 while the store does not exist yet or is busy)."""
    try:
        with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=0.2)) as db:
            return db.execute("SELECT count(*) FROM users").fetchone()[0]
    except sqlite3.Error:
        return 0


def lower_bounds(crm: Crm, requests: list[dict[str, Any]], stream: str) -> list[Any]:
    return [crm.lower_bound(r) or 0 for r in crm.reads(requests, stream)]


def kill_when(pipeline: Pipeline, started: Started, users: int) -> None:
    """SIGKILL the run once the store holds `users` users."""
    deadline = time.monotonic() + KILL_TIMEOUT
    while stored_users(pipeline.store_path) < users:
        assert started.proc.poll() is None, "the run ended before the kill point"
        assert time.monotonic() < deadline, "the kill point was never reached"
        time.sleep(0.05)
    pipeline.kill(started)


def test_killed_run_then_rerun_ends_like_an_uninterrupted_one(
    crm: Crm, baseline: Baseline, start_sandbox: StartSandbox, make_pipeline: MakePipeline
) -> None:
    sandbox = start_sandbox(faults=SLOW)
    pipeline = make_pipeline(sandbox, page_size=20, batch_size=20)
    expected_users = len(baseline.truth.users)

    started = pipeline.start()
    kill_when(pipeline, started, expected_users // 2)
    killed = pipeline.wait(started)

    assert killed.returncode == -signal.SIGKILL, "the run was not killed"
    partial = pipeline.store()
    assert expected_users // 2 <= partial.stats["users"] < expected_users
    first_reads = sandbox.requests
    sandbox.clear_faults()
    sandbox.clear_requests()

    # Meltano still sees the killed run as running; --force is how an operator reruns it.
    pipeline.run("--force")

    resumed = [
        stream
        for stream in crm.incremental
        if (before := lower_bounds(crm, first_reads, stream))
        and min(lower_bounds(crm, sandbox.requests, stream)) > min(before)
    ]
    assert resumed, "the rerun started every stream from scratch: no state was kept"
    store = pipeline.store()
    problems = store_differences(baseline.store, store)
    assert not problems, report(problems)
    problems = truth_differences(baseline.truth, store)
    assert not problems, report(problems)
