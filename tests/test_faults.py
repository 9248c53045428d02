"""Injected server errors, 429s and dropped connections change nothing in the final store."""

from __future__ import annotations

from collections import Counter

from crms import Crm
from hull_store import report, store_differences, truth_differences
from meltano_runner import Baseline, MakePipeline, StartSandbox

#: 10% of the requests fail: 4% 5xx, 3% 429, 3% dropped connections.
FAULTS = {"error_rate": 0.04, "throttle_rate": 0.03, "drop_rate": 0.03, "throttle_burst": 1}
#: Per CRM, a fault seed with which a run of 25 records per page meets one fault of each
#: kind, on different requests (a retry after a 5xx or a dropped connection waits seconds; an
#: injected Pipedrive 429 asks for 1 s).
FAULT_SEEDS = {"copper": 9, "pipedrive": 40}


def test_faults_leave_the_store_as_a_clean_run(
    crm: Crm, baseline: Baseline, start_sandbox: StartSandbox, make_pipeline: MakePipeline
) -> None:
    sandbox = start_sandbox(faults={**FAULTS, "seed": FAULT_SEEDS[crm.name]})
    pipeline = make_pipeline(sandbox, page_size=25)

    pipeline.run()

    faults = Counter(r["fault"] for r in sandbox.requests if r["fault"])
    assert set(faults) == {"drop", "error", "throttle"}, faults
    assert sum(faults.values()) / len(sandbox.requests) >= 0.05, faults
    store = pipeline.store()
    problems = store_differences(baseline.store, store)
    assert not problems, report(problems)
    problems = truth_differences(baseline.truth, store)
    assert not problems, report(problems)
