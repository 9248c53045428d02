"""Fixtures: the CRM under test, its sandboxes, Meltano pipelines with their own store and state,
and a clean baseline run shared by the tests that compare stores."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from crm_sandboxes import Sandbox, run_sandbox

from crms import CRMS, DATASET, Crm
from meltano_runner import Baseline, MakePipeline, Pipeline, StartSandbox


def secret_for(crm: Crm) -> str:
    """A credential distinctive enough to be searched for in logs and files."""
    return f"e2e-SECRET-{crm.name}-7f3a"


@pytest.fixture(scope="session", params=CRMS, ids=lambda crm: crm.name)
def crm(request: pytest.FixtureRequest) -> Crm:
    return request.param


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "only_crm(name): run the test for that CRM only")


@pytest.fixture(autouse=True)
def _only_crm(request: pytest.FixtureRequest) -> None:
    """Skip tests marked `only_crm("copper")` when parametrized for another CRM."""
    marker = request.node.get_closest_marker("only_crm")
    if marker and request.getfixturevalue("crm").name != marker.args[0]:
        pytest.skip(f"{marker.args[0]} records")


def _sandbox_options(crm: Crm, options: dict[str, Any]) -> dict[str, Any]:
    return {**crm.sandbox_options(secret_for(crm)), **DATASET, **options}


@pytest.fixture
def start_sandbox(crm: Crm) -> Iterator[StartSandbox]:
    """`start_sandbox(**options)`: a sandbox of `DATASET` (options override), stopped after
    the test."""
    with ExitStack() as stack:
        yield lambda **options: stack.enter_context(
            run_sandbox(crm.name, **_sandbox_options(crm, options))
        )


@pytest.fixture
def make_pipeline(crm: Crm, tmp_path: Path) -> Iterator[MakePipeline]:
    """`make_pipeline(sandbox, page_size=..., batch_size=..., secret=...)`: a pipeline with its
    own store, Meltano state and system database."""
    pipelines: list[Pipeline] = []

    def make(sandbox: Sandbox, secret: str | None = None, **settings: Any) -> Pipeline:
        workdir = tmp_path / f"pipeline-{len(pipelines) + 1}"
        pipelines.append(Pipeline(crm, sandbox, workdir, secret or secret_for(crm), **settings))
        return pipelines[-1]

    yield make
    for pipeline in pipelines:
        pipeline.close()


@pytest.fixture(scope="session")
def baseline(crm: Crm, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Baseline]:
    with run_sandbox(crm.name, **_sandbox_options(crm, {})) as sandbox:
        pipeline = Pipeline(crm, sandbox, tmp_path_factory.mktemp("baseline"), secret_for(crm))
        try:
            pipeline.run()
        finally:
            pipeline.close()
        dataset = sandbox.dataset
        yield Baseline(dataset, crm.truth(dataset), pipeline.store(), pipeline)
