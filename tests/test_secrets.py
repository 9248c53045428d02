"""The credential never reaches a log line. Every run of these tests is checked (see
`Pipeline.assert_secret_kept`); these runs add the riskiest paths: debug logging and a refused
credential."""

from __future__ import annotations

from crms import Crm
from meltano_runner import MakePipeline, StartSandbox


def test_debug_logs_do_not_contain_the_credential(
    start_sandbox: StartSandbox, make_pipeline: MakePipeline
) -> None:
    sandbox = start_sandbox(size=100)
    pipeline = make_pipeline(sandbox)
    pipeline.env["MELTANO_CLI_LOG_LEVEL"] = "debug"

    run = pipeline.run()

    assert "[debug" in run.output  # debug logging was on
    assert pipeline.store().stats["users"] > 0
    pipeline.assert_secret_kept()


def test_refused_credential_is_not_logged(
    crm: Crm, start_sandbox: StartSandbox, make_pipeline: MakePipeline
) -> None:
    sandbox = start_sandbox(size=100)
    wrong = "e2e-WRONG-secret-91c2"
    pipeline = make_pipeline(sandbox, secret=wrong)

    run = pipeline.run(check=False)

    assert run.returncode != 0
    assert {r["status"] for r in sandbox.requests} == {401}
    assert "401" in run.output
    assert wrong not in run.output
    assert crm.credential(sandbox) not in run.output
