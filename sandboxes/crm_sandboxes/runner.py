"""Start sandboxes in-process: `run_sandbox` (context manager) and `start_sandbox`."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from typing import Any

from crm_sandboxes.copper.app import CopperApp
from crm_sandboxes.core.app import SandboxApp
from crm_sandboxes.core.faults import FaultConfig
from crm_sandboxes.core.options import SandboxOptions
from crm_sandboxes.core.server import SandboxServer
from crm_sandboxes.pipedrive.app import PipedriveApp

KINDS: dict[str, type[SandboxApp]] = {"copper": CopperApp, "pipedrive": PipedriveApp}
OPTION_NAMES = frozenset(f.name for f in fields(SandboxOptions))


def build_app(kind: str, **options: Any) -> SandboxApp:
    """A sandbox application (dataset generated) without a server. Options are the fields of
    `SandboxOptions`; `faults` may be a dict, whose `script` forces the first faults."""
    if kind not in KINDS:
        raise ValueError(f"unknown sandbox kind {kind!r}; choose from {', '.join(KINDS)}")
    unknown = set(options) - OPTION_NAMES
    if unknown:
        raise TypeError(f"unknown sandbox options: {', '.join(sorted(unknown))}")
    faults = options.get("faults")
    script = []
    if isinstance(faults, dict):
        script = faults.get("script", [])
        options["faults"] = FaultConfig.from_dict(faults)
    app = KINDS[kind](SandboxOptions(**options))
    app.faults.script(script)
    return app


class Sandbox:
    """A running sandbox: where it listens, how to authenticate, and its control facilities."""

    def __init__(self, app: SandboxApp, server: SandboxServer) -> None:
        self.app = app
        self._server = server
        self._thread: threading.Thread | None = server.start()

    @property
    def kind(self) -> str:
        return self.app.kind

    @property
    def root_url(self) -> str:
        """`http://127.0.0.1:PORT`; control endpoints live under `/_sandbox/`."""
        return self._server.root_url

    @property
    def url(self) -> str:
        """The API base URL: Copper `.../developer_api/v1`; Pipedrive the host root (the API
        paths start with `/api/v2/` and `/v1/`)."""
        return self.root_url + self.app.api_prefix

    @property
    def credentials(self) -> dict[str, str]:
        return self.app.credentials()

    @property
    def auth_headers(self) -> dict[str, str]:
        return self.app.auth_headers()

    @property
    def requests(self) -> list[dict[str, Any]]:
        """The request log (API calls only, oldest first)."""
        return self.app.log.entries()

    def clear_requests(self) -> None:
        self.app.log.clear()

    @property
    def dataset(self) -> dict[str, list[dict[str, Any]]]:
        """A deep copy of every record, per entity, in API shape (the ground truth)."""
        with self.app.store.lock:
            names = self.app.store.entity_names
            return json.loads(json.dumps({name: self.app.store.records(name) for name in names}))

    @property
    def population(self) -> dict[str, dict[str, str]]:
        """Entity -> record id -> shared-population member key (e.g. `shared-12`)."""
        return self.app.population_keys

    def mutate(self, count: int = 1, entities: list[str] | None = None) -> dict[str, list[Any]]:
        return self.app.mutate(count, entities)

    def set_faults(self, script: list[str | int] | None = None, **rates: Any) -> FaultConfig:
        """Change fault settings (unspecified ones keep their value); `script` forces faults on
        the next requests, e.g. `["drop", 503, "throttle"]`."""
        config = FaultConfig.from_dict(rates, base=self.app.faults.config)
        self.app.faults.script(script or [])
        self.app.faults.configure(config)
        return config

    def clear_faults(self) -> None:
        self.app.faults.reset()

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread = None


def start_sandbox(
    kind: str = "copper", *, host: str = "127.0.0.1", port: int = 0, **options: Any
) -> Sandbox:
    """Generate the dataset and serve it in a background thread; call `stop()` when done."""
    app = build_app(kind, **options)
    return Sandbox(app, SandboxServer(app, host, port))


@contextmanager
def run_sandbox(
    kind: str = "copper", *, host: str = "127.0.0.1", port: int = 0, **options: Any
) -> Iterator[Sandbox]:
    """`with run_sandbox("copper", size=200, rate_limit=50, rate_window=1) as sandbox: ...`"""
    sandbox = start_sandbox(kind, host=host, port=port, **options)
    try:
        yield sandbox
    finally:
        sandbox.stop()
