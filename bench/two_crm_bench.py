"""target-hull on real tap output from both CRMs: Pipedrive into an empty store, and Pipedrive
into a store that already holds the Copper profiles it overlaps with (plus the Copper load).

    .venv/bin/python bench/two_crm_bench.py [--size 40000]

The taps read the local sandboxes (shared population, so people and companies overlap); their
output is captured once, then each target-hull run reads it from a file.
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

from crm_sandboxes import run_sandbox

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "two-crm"
BIN = Path(sys.executable).parent
TYPE_FIELDS = {
    "copper": "custom_field_values.opportunity_type",
    "pipedrive": "custom_field_values.deal_type",
}


def capture(kind: str, size: int) -> tuple[Path, int]:
    """Run the CRM's tap against its sandbox; returns the Singer file and its record count."""
    out = RESULTS / f"{kind}.singer"
    with run_sandbox(kind, size=size, rate_limit=1_000_000, rate_window=1) as sandbox:
        if kind == "copper":
            config = {
                "api_key": sandbox.credentials["api_key"],
                "user_email": sandbox.credentials["email"],
                "requests_per_minute": 1_000_000,
            }
        else:
            config = {"api_token": sandbox.credentials["api_token"], "max_requests_per_2s": 100_000}
        config |= {"api_url": sandbox.url, "start_date": "2020-01-01T00:00:00Z"}
        config_file = RESULTS / f"tap-{kind}.json"
        config_file.write_text(json.dumps(config))
        with out.open("wb") as stdout, (RESULTS / f"tap-{kind}.log").open("wb") as stderr:
            subprocess.run(
                [BIN / f"tap-{kind}", "--config", config_file],
                stdout=stdout,
                stderr=stderr,
                check=True,
            )
    records = sum(1 for line in out.open() if line.startswith('{"type":"RECORD"'))
    return out, records


def load(store: Path, kind: str, singer: Path) -> float:
    """Seconds target-hull takes to load ``singer`` into ``store``."""
    config = RESULTS / f"target-{kind}.json"
    config.write_text(
        json.dumps(
            {
                "source": f"tap-{kind}",
                "database_url": f"sqlite:///{store}",
                "opportunity_type_field": TYPE_FIELDS,
            }
        )
    )
    with singer.open("rb") as stdin, (RESULTS / f"target-{kind}.log").open("wb") as stderr:
        started = time.perf_counter()
        subprocess.run(
            [BIN / "target-hull", "--config", config],
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            check=True,
        )
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=40_000, help="records per sandbox")
    args = parser.parse_args()
    shutil.rmtree(RESULTS, ignore_errors=True)
    RESULTS.mkdir(parents=True)
    copper, copper_records = capture("copper", args.size)
    pipedrive, pipedrive_records = capture("pipedrive", args.size)
    print(f"captured {copper_records} Copper and {pipedrive_records} Pipedrive records", flush=True)

    alone = RESULTS / "pipedrive-alone.db"
    seconds_alone = load(alone, "pipedrive", pipedrive)
    both = RESULTS / "both.db"
    seconds_copper = load(both, "copper", copper)
    seconds_after = load(both, "pipedrive", pipedrive)
    for path in RESULTS.glob("*.db*"):
        os.remove(path)

    rate_alone = pipedrive_records / seconds_alone
    rate_after = pipedrive_records / seconds_after
    print(f"\n{'run':50} {'records/s':>10}")
    print(f"{'Copper into an empty store':50} {copper_records / seconds_copper:10,.0f}")
    print(f"{'Pipedrive into an empty store':50} {rate_alone:10,.0f}")
    print(f"{'Pipedrive into the store holding Copper profiles':50} {rate_after:10,.0f}")
    print(f"\nPipedrive with Copper stored / empty store: {rate_after / rate_alone:.2f}x")


if __name__ == "__main__":
    main()
