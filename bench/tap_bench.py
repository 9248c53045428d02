"""Tap benchmark: requests, records/s and rate-limit use of tap-copper and tap-pipedrive.

    cd bench && ../.venv/bin/python tap_bench.py [copper|pipedrive|all] [--records 100000]
                                                 [--update-readme]

Each tap runs as a subprocess through its command line, against a CRM sandbox started
in-process; requests are counted from the sandbox's request log. Per tap:

1. Discovery, then a full sync (with the catalog, as Meltano runs it) of about --records
   records, rate limits off on both sides. Record-stream requests against the minimum,
   the sum over record streams of ceil(N / page size) with N the records the stream must
   return according to the sandbox's dataset (goal <= 1.05x); lookup and discovery
   requests; records/s of the tap process (stdout to a file, counted afterwards).
   Pipedrive: the API tokens the tap logged against the minimum possible.
2. An incremental sync from the full sync's final STATE, nothing changed: requests by
   endpoint (goal: one per record stream, plus the lookups).
3. A sync under the real rate limit compressed in time: the sandbox's window is divided
   by a factor and the tap runs under tap_timewarp.py with its clock sped up by the same
   factor, so its limiter settings keep their real meaning (see that module). Figures: the
   share of the rate limit the tap used (goal >= 90%), 429s, and whether the run completed.
   The share is the sandbox's window divided by the mean time between a request and the
   one `limit` places later (both admitted): 100% means the server's rolling window was
   full all the time; unlike requests/s over a short run it does not reward the first
   window's burst.

Figures go to stdout (and results/taps/<kind>/figures.json); --update-readme also writes
them under "## Performance" in each tap's README.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tap_kinds import KINDS, PIPEDRIVE, TapKind
from tap_report import TapReport, update_readme

from crm_sandboxes import run_sandbox

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
RESULTS = HERE / "results" / "taps"
UNLIMITED = 1_000_000_000
TOKENS_LOGGED = re.compile(rb"Pipedrive API tokens spent in this run: (\d+)")
RECORD_PREFIX = b'{"type":"RECORD","stream":"'
STATE_PREFIX = b'{"type":"STATE"'


# Running a tap --------------------------------------------------------------------------


@dataclass
class TapRun:
    returncode: int
    seconds: float
    cpu_seconds: float  # user + system time of the tap process
    records: Counter[str]
    state: dict | None
    stderr: Path

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.stderr.read_text(errors="replace").splitlines()[-lines:])


def run_tap(
    kind: TapKind, workdir: Path, label: str, arguments: list[str], warp: float | None = None
) -> TapRun:
    """Run the tap's command line; stdout goes to a file, counted (and deleted) afterwards."""
    executable = f"tap-{kind.name}"
    if warp is None:
        command = [str(BIN / executable), *arguments]
    else:
        command = [sys.executable, str(HERE / "tap_timewarp.py"), str(warp), executable]
        command += arguments
    stdout, stderr = workdir / f"{label}.singer", workdir / f"{label}.log"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=workdir)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = returncode = os.waitstatus_to_exitcode(status)
    records: Counter[str] = Counter()
    state = None
    with stdout.open("rb") as messages:
        for line in messages:
            if line.startswith(RECORD_PREFIX):
                end = line.index(b'"', len(RECORD_PREFIX))
                records[line[len(RECORD_PREFIX) : end].decode()] += 1
            elif line.startswith(STATE_PREFIX):
                state = json.loads(line)["value"]
    stdout.unlink()
    return TapRun(returncode, seconds, usage.ru_utime + usage.ru_stime, records, state, stderr)


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=2))
    return path


def endpoint_counts(sandbox: Any, kind: TapKind) -> tuple[Counter[str], Counter[str]]:
    """(requests per record stream, requests per lookup endpoint) in the request log."""
    streams: Counter[str] = Counter()
    lookups: Counter[str] = Counter()
    for entry in sandbox.requests:
        stream = kind.record_paths.get(entry["path"])
        if stream is not None:
            streams[stream] += 1
        else:
            lookups[f"{entry['method']} {entry['path']}"] += 1
    return streams, lookups


def tokens_charged(sandbox: Any) -> int:
    """API tokens the sandbox charged for the logged requests (its route costs)."""
    total = 0
    for entry in sandbox.requests:
        match = sandbox.app.router.match(entry["method"], entry["path"])
        if isinstance(match, tuple) and entry["status"] is not None and entry["status"] < 400:
            total += match[0].cost
    return total


def route_cost(sandbox: Any, method: str, path: str) -> int:
    match = sandbox.app.router.match(method, path)
    return match[0].cost if isinstance(match, tuple) else 0


def describe(counts: Counter[str]) -> str:
    return ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))


def require_success(run: TapRun, what: str) -> None:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed (exit {run.returncode}):\n{run.log_tail()}")


# The three parts ------------------------------------------------------------------------


def discover(kind: TapKind, sandbox: Any, config_path: Path, workdir: Path, name: str) -> Path:
    """Run discovery into ``<name>.json``; return the catalog's path."""
    catalog_path = workdir / f"{name}.json"
    with catalog_path.open("wb") as catalog, (workdir / f"{name}.log").open("wb") as log:
        command = [BIN / f"tap-{kind.name}", "--config", config_path, "--discover"]
        if subprocess.call(command, stdout=catalog, stderr=log) != 0:
            raise SystemExit(f"discovery failed:\n{(workdir / f'{name}.log').read_text()}")
    return catalog_path


def full_and_incremental(kind: TapKind, records: int, report: TapReport, workdir: Path) -> None:
    options = {"rate_limit": UNLIMITED, "rate_window": 1.0, **kind.sandbox_options}
    if kind is PIPEDRIVE:
        options["daily_budget"] = UNLIMITED
    started = time.perf_counter()
    with run_sandbox(kind.name, size=records, seed=1, **options) as sandbox:
        print(f"  sandbox: {records:,} records in {time.perf_counter() - started:.1f} s")
        config = {**kind.connection(sandbox), kind.limiter_setting: UNLIMITED}
        config_path = write_json(workdir / "config.json", config)
        catalog_path = discover(kind, sandbox, config_path, workdir, "catalog")
        discovery = Counter(f"{entry['method']} {entry['path']}" for entry in sandbox.requests)
        sandbox.clear_requests()

        run = run_tap(
            kind, workdir, "full", ["--config", str(config_path), "--catalog", str(catalog_path)]
        )
        require_success(run, "full sync")
        full_sync_figures(kind, sandbox, run, discovery, f"full sync, {records // 1000}k", report)
        if run.state is None:
            raise SystemExit("the full sync emitted no STATE message")
        state_path = write_json(workdir / "state.json", run.state)

        # Incremental runs from the final state, nothing changed.
        variants = [("", {})]
        if kind.extra_incremental:
            variants.append(kind.extra_incremental)
        for label, settings in variants:
            variant_config = write_json(workdir / "config-incremental.json", config | settings)
            sandbox.clear_requests()
            arguments = ["--config", str(variant_config), "--catalog", str(catalog_path)]
            incremental = run_tap(
                kind, workdir, "incremental", [*arguments, "--state", str(state_path)]
            )
            require_success(incremental, "incremental sync")
            incremental_figures(kind, sandbox, incremental, label, report)


def full_sync_figures(
    kind: TapKind,
    sandbox: Any,
    run: TapRun,
    discovery: Counter[str],
    part: str,
    report: TapReport,
) -> None:
    expected = kind.expected(sandbox.dataset)
    streams, lookups = endpoint_counts(sandbox, kind)
    minimum = {name: max(1, math.ceil(count / kind.page_size)) for name, count in expected.items()}
    total, least = sum(streams.values()), sum(minimum.values())
    print(f"    {'stream':<16}{'records':>9}{'emitted':>9}{'minimum':>9}{'requests':>9}")
    for name, count in expected.items():
        print(f"    {name:<16}{count:>9}{run.records[name]:>9}{minimum[name]:>9}{streams[name]:>9}")
    missing = {n: c - run.records[n] for n, c in expected.items() if run.records[n] < c}
    report.add(
        part,
        "record-stream requests / minimum",
        f"{total} / {least} = {total / least:.3f}x",
        "<= 1.05x",
        total <= 1.05 * least,
    )
    report.add(
        part,
        "lookup requests (discovery)",
        f"{sum(lookups.values())} ({sum(discovery.values())})",
    )
    report.detail(f"lookups: {describe(lookups)}")
    report.detail(f"discovery: {describe(discovery)}")
    emitted = sum(run.records.values())
    report.add(
        part,
        "records/s (tap process)",
        f"{emitted / run.seconds:,.0f} ({emitted:,} in {run.seconds:.1f} s; "
        f"{emitted / run.cpu_seconds:,.0f} per CPU-second)",
    )
    report.add(
        part,
        "dataset records all emitted",
        "yes" if not missing else f"no, short by {missing}",
        "yes",
        not missing,
    )
    report.details["full"] = {
        "expected": expected,
        "minimum": minimum,
        "requests": dict(streams),
        "lookups": dict(lookups),
        "discovery": dict(discovery),
        "emitted": dict(run.records),
        "seconds": run.seconds,
        "cpu_seconds": run.cpu_seconds,
    }
    if kind is PIPEDRIVE:
        pipedrive_tokens(sandbox, kind, run, minimum, lookups, part, report)


def incremental_figures(
    kind: TapKind, sandbox: Any, run: TapRun, label: str, report: TapReport
) -> None:
    streams, lookups = endpoint_counts(sandbox, kind)
    wanted = len(kind.record_paths)
    total = sum(streams.values())
    part = f"incremental{f' ({label})' if label else ''}"
    uneven = Counter({name: count for name, count in streams.items() if count != 1})
    report.add(
        part,
        "record-stream requests",
        str(total) + (f" ({describe(uneven)})" if uneven else ""),
        f"{wanted} (1 per stream)",
        total == wanted and not uneven,
    )
    report.add(part, "lookup requests", str(sum(lookups.values())))
    report.detail(f"requests: {describe(streams)}; lookups: {describe(lookups)}")
    report.detail(f"records re-emitted: {describe(run.records)}")
    report.details[part] = {
        "requests": dict(streams),
        "lookups": dict(lookups),
        "emitted": dict(run.records),
    }


def pipedrive_tokens(
    sandbox: Any,
    kind: TapKind,
    run: TapRun,
    minimum: dict[str, int],
    lookups: Counter[str],
    part: str,
    report: TapReport,
) -> None:
    """Tokens the tap logged vs the minimum: minimal pages at their cost, lookups once."""
    logged = TOKENS_LOGGED.findall(run.stderr.read_bytes())
    paths = {stream: path for path, stream in kind.record_paths.items()}
    records_min = sum(pages * route_cost(sandbox, "GET", paths[s]) for s, pages in minimum.items())
    lookups_min = sum(route_cost(sandbox, *endpoint.split(" ", 1)) for endpoint in lookups)
    least = records_min + lookups_min
    charged = tokens_charged(sandbox)
    value = int(logged[-1]) if logged else None
    report.add(
        part,
        "API tokens logged / minimum",
        f"{value} / {least} = {value / least:.3f}x" if value else "not logged",
        "<= 1.05x",
        bool(value) and value <= 1.05 * least,
    )
    report.detail(
        f"minimum: record streams {records_min} + lookups {lookups_min} (each once); "
        f"the sandbox charged {charged}"
    )
    report.details["tokens"] = {
        "logged": value,
        "charged": charged,
        "minimum": least,
        "minimum_records": records_min,
        "minimum_lookups": lookups_min,
    }


def rate_limited(kind: TapKind, report: TapReport, workdir: Path) -> None:
    window = kind.rate_window / kind.warp  # real seconds
    ceiling = kind.rate_limit / window
    options = {"rate_limit": kind.rate_limit, "rate_window": window, **kind.sandbox_options}
    with run_sandbox(kind.name, size=kind.rate_size, seed=2, **options) as sandbox:
        expected = kind.expected(sandbox.dataset)
        config = {
            **kind.connection(sandbox),
            **kind.rate_settings,
            "page_size": kind.rate_page_size,
        }
        config_path = write_json(workdir / "config-rate.json", config)
        catalog_path = discover(kind, sandbox, config_path, workdir, "catalog-rate")
        time.sleep(window)  # discovery's requests leave the window
        sandbox.clear_requests()
        run = run_tap(
            kind,
            workdir,
            "rate",
            ["--config", str(config_path), "--catalog", str(catalog_path)],
            warp=kind.warp,
        )
        log = sandbox.requests
    admitted = [entry["timestamp"] for entry in log if entry["status"] not in (None, 429)]
    throttled = sum(entry["status"] == 429 for entry in log)
    limit = kind.rate_limit
    spans = [later - earlier for earlier, later in zip(admitted, admitted[limit:], strict=False)]
    share = window / statistics.fmean(spans) if spans else float("nan")
    average = (len(admitted) - 1) / (admitted[-1] - admitted[0]) if len(admitted) > 1 else 0.0
    missing = {n: c - run.records[n] for n, c in expected.items() if run.records[n] < c}
    setting = ", ".join(f"{k} {v}" for k, v in kind.rate_settings.items())
    part = f"rate limit {limit}/{kind.rate_window:g} s"
    report.add(
        part,
        "share of the limit used",
        f"{share:.1%} ({average:.1f} req/s, ceiling {ceiling:g} req/s)",
        ">= 90%",
        share >= 0.9,
    )
    report.detail(
        f"{len(log)} requests; sandbox {limit} per {window:g} s (compressed {kind.warp:g}x), "
        f"tap clock {kind.warp:g}x faster, {setting}, page size {kind.rate_page_size}"
    )
    report.add(part, "429 responses", str(throttled), "0", throttled == 0)
    ok = run.returncode == 0 and not missing
    report.add(
        part,
        "run completed",
        f"exit {run.returncode}, "
        + (f"short by {missing}" if missing else f"all {sum(run.records.values()):,} records"),
        "exit 0, all records",
        ok,
    )
    if run.returncode != 0:
        print(run.log_tail(), file=sys.stderr)
    report.details["rate"] = {
        "requests": len(log),
        "admitted": len(admitted),
        "throttled": throttled,
        "share": share,
        "average_rate": average,
        "ceiling": ceiling,
        "returncode": run.returncode,
        "seconds": run.seconds,
    }


# README ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tap", nargs="?", default="all", choices=[*KINDS, "all"])
    parser.add_argument("--records", type=int, default=100_000, help="full-sync sandbox size")
    parser.add_argument(
        "--update-readme", action="store_true", help="write the figures into the READMEs"
    )
    args = parser.parse_args()
    kinds = list(KINDS.values()) if args.tap == "all" else [KINDS[args.tap]]

    reports = []
    started = time.perf_counter()
    for kind in kinds:
        print(f"tap-{kind.name}", flush=True)
        workdir = RESULTS / kind.name
        workdir.mkdir(parents=True, exist_ok=True)
        command = f"cd bench && ../.venv/bin/python tap_bench.py {kind.name}"
        if args.records != 100_000:
            command += f" --records {args.records}"
        report = TapReport(kind.name, command)
        full_and_incremental(kind, args.records, report, workdir)
        rate_limited(kind, report, workdir)
        write_json(workdir / "figures.json", asdict(report))
        reports.append(report)

    print(f"\nSummary ({time.perf_counter() - started:.0f} s)")
    rows = [("tap", "part", "figure", "value", "goal", "")]
    for report in reports:
        for f in report.figures:
            rows.append((report.kind, f.part, f.label, f.value, f.goal, f.verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    if args.update_readme:
        for report in reports:
            update_readme(report)
    misses = [f.label for r in reports for f in r.figures if f.passed is False]
    if misses:
        print(f"\n{len(misses)} goal(s) missed")


if __name__ == "__main__":
    main()
