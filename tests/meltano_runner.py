"""`meltano run <tap> target-hull [<tap> target-hull ...]` as a subprocess, with its own store,
state and system database per pipeline, and a check that no credential ever reaches a log line or
a file."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from crm_sandboxes import Sandbox

from crms import Crm
from ground_truth import Record, Truth
from hull_store import Store

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: Settings inherited from the developer's shell must not leak into a test's pipeline.
FOREIGN_ENV = ("MELTANO_", "TAP_", "TARGET_", "HULL_")
RUN_TIMEOUT = 300.0

StartSandbox = Callable[..., Sandbox]  # the `start_sandbox` fixture
MakePipeline = Callable[..., "Pipeline"]  # the `make_pipeline` fixture


@dataclass
class Run:
    args: list[str]
    returncode: int
    output: str  # stdout and stderr, interleaved
    seconds: float
    timed_out: bool = False


@dataclass
class Started:
    proc: subprocess.Popen[bytes]
    log_path: Path
    at: float  # time.monotonic() at start


@dataclass(frozen=True)
class Source:
    """One CRM feeding a pipeline: its sandbox and the credential the tap is given."""

    crm: Crm
    sandbox: Sandbox
    secret: str


class Pipeline:
    """`<tap> target-hull` per source, in order, in one `meltano run` into one store, from its
    own `workdir`."""

    def __init__(
        self,
        crm: Crm,
        sandbox: Sandbox,
        workdir: Path,
        secret: str,
        *,
        page_size: int = 200,
        batch_size: int | None = None,
        more: Sequence[Source] = (),
    ) -> None:
        self.sources = [Source(crm, sandbox, secret), *more]
        self.crm = crm
        self.sandbox = sandbox
        self.workdir = workdir
        self.secret = secret
        self.secrets = [source.secret for source in self.sources]
        self.runs: list[Run] = []
        self._started: list[Started] = []
        workdir.mkdir(parents=True, exist_ok=True)
        self.store_path = workdir / "hull.db"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(FOREIGN_ENV)},
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "MELTANO_ENVIRONMENT": "sandbox",
            "MELTANO_DATABASE_URI": f"sqlite:///{workdir / 'meltano.db'}",
            "MELTANO_STATE_BACKEND_URI": f"file://{workdir / 'state'}",
            "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
            "MELTANO_CLI_DISABLE_VERSION_CHECK": "true",
            "TARGET_HULL_DATABASE_URL": self.database_url,
        }
        for source in self.sources:
            self.env.update(source.crm.tap_env(source.sandbox, source.secret, page_size=page_size))
        if batch_size is not None:
            self.env["TARGET_HULL_BATCH_SIZE_ROWS"] = str(batch_size)

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.store_path}"

    def command(self, *options: str) -> list[str]:
        blocks = [arg for source in self.sources for arg in (source.crm.tap, "target-hull")]
        return [str(BIN / "meltano"), "run", *options, *blocks]

    def start(self, *options: str) -> Started:
        """Start a run in its own process group (so it can be killed as a whole)."""
        log_path = self.workdir / f"run-{len(self.runs) + 1}.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                self.command(*options),
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started = Started(proc, log_path, time.monotonic())
        self._started.append(started)
        return started

    def wait(self, started: Started, timeout: float = RUN_TIMEOUT) -> Run:
        """Wait for a started run, record it and check it leaked no secret."""
        timed_out = False
        try:
            started.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            self.kill(started)
        run = Run(
            [str(arg) for arg in started.proc.args],  # type: ignore[union-attr]
            started.proc.returncode,
            started.log_path.read_text(errors="replace"),
            time.monotonic() - started.at,
            timed_out,
        )
        self.runs.append(run)
        self.assert_secret_kept()
        return run

    def run(self, *options: str, check: bool = True) -> Run:
        run = self.wait(self.start(*options))
        if check:
            assert not run.timed_out, f"meltano run timed out:\n{run.output[-6000:]}"
            assert run.returncode == 0, f"meltano run failed:\n{run.output[-6000:]}"
        return run

    def kill(self, started: Started) -> None:
        """SIGKILL the run's whole process group: meltano, the tap and the target."""
        with contextlib.suppress(ProcessLookupError):  # it may have ended on its own
            os.killpg(started.proc.pid, signal.SIGKILL)
        started.proc.wait()
        # A killed Meltano leaves the plugin config files it writes for each run (with the
        # credential) in .meltano/run/; remove this pipeline's.
        for path in (ROOT / ".meltano" / "run").glob("*/*.config.json"):
            with contextlib.suppress(OSError):  # another project user's run may remove it
                text = path.read_text(errors="replace")
                if any(s in text for s in self.secrets) or str(self.workdir) in text:
                    path.unlink()

    def close(self) -> None:
        """Kill runs still going (a failed or interrupted test must not leave them behind)."""
        for started in self._started:
            if started.proc.poll() is None:
                self.kill(started)

    def assert_secret_kept(self) -> None:
        """No credential appears in a run's output or in a file the pipeline wrote (store,
        state, Meltano's system database)."""
        for number, run in enumerate(self.runs, 1):
            for line in run.output.splitlines():
                masked = line
                for secret in self.secrets:  # not in the report either
                    masked = masked.replace(secret, "<credential>")
                assert masked == line, f"run {number} logged a credential: {masked}"
        needles = [secret.encode() for secret in self.secrets]
        for path in self.workdir.rglob("*"):
            if path.is_file():
                content = path.read_bytes()
                assert not any(n in content for n in needles), f"{path} contains a credential"

    def store(self) -> Store:
        return Store.read(self.database_url)


@dataclass
class Baseline:
    """An uninterrupted, fault-free run: the dataset it read, its ground truth and its store."""

    dataset: dict[str, list[Record]]
    truth: Truth
    store: Store
    pipeline: Pipeline
