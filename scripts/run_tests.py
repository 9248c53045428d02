"""Run each package's pytest suite in its own process and print one total.

Each plugin keeps its own conftest (the singer-sdk standard tests start HTTP mocks in
`pytest_configure`), so suites must not share an interpreter.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTS = re.compile(r"(\d+) (passed|failed|errors?|skipped)")


def main(dirs: list[str]) -> int:
    totals = {"passed": 0, "failed": 0, "skipped": 0, "error": 0}
    status = 0
    for name in dirs:
        directory = ROOT / name
        if not directory.is_dir() or not any(directory.rglob("test_*.py")):
            continue
        print(f"=== {name}", flush=True)
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
            cwd=directory,
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
        print(proc.stdout, end="", flush=True)
        last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
        for number, kind in COUNTS.findall(last):
            totals["error" if kind.startswith("error") else kind] += int(number)
        if proc.returncode not in (0,):
            status = 1
    failed = totals["failed"] + totals["error"]
    print(f"total: {totals['passed']} passed, {failed} failed, {totals['skipped']} skipped")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
