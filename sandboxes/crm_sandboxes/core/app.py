"""The request pipeline every CRM sandbox shares: control endpoints, faults, auth, limits, log."""

from __future__ import annotations

import gc
import random
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar

from crm_sandboxes.core.control import CONTROL_PREFIX, control_router
from crm_sandboxes.core.faults import FaultInjector
from crm_sandboxes.core.http import DROP, Request, Response, json_response
from crm_sandboxes.core.options import SandboxOptions
from crm_sandboxes.core.population import Population
from crm_sandboxes.core.requestlog import RequestLog
from crm_sandboxes.core.routing import Route, Router
from crm_sandboxes.core.store import DataStore, Record
from crm_sandboxes.core.timeline import mutation_time

# Edits a record in place for a mutation: (record, now as unix seconds, mutation serial number).
Mutator = Callable[[Record, int, int], None]


@dataclass
class Generated:
    entities: dict[str, list[Record]]  # every record in API shape, per entity
    population: dict[str, dict[str, str]]  # entity -> record id -> population member key


class SandboxApp(ABC):
    """Order per API request: fault draw -> auth -> route -> rate limits -> handler -> log."""

    kind: ClassVar[str]
    api_prefix: ClassVar[str]
    default_api_key: ClassVar[str]
    default_rate: ClassVar[tuple[int, float]]  # (requests, window seconds)

    def __init__(self, options: SandboxOptions) -> None:
        self.options = options
        self.api_key = options.api_key or self.default_api_key
        self.rate_limit = options.rate_limit or self.default_rate[0]
        self.rate_window = options.rate_window or self.default_rate[1]
        self.log = RequestLog()
        self.faults = FaultInjector(options.faults)
        with _paused_gc():
            generated = self.generate(Population(options.population_seed))
            self.store = DataStore(generated.entities)
        self.population_keys = generated.population
        self.router = Router()
        self.register_routes()
        self.control = control_router(self)
        self._mutation_rng = random.Random(f"mutate:{self.kind}:{options.seed}")
        self._mutation_serial = 0

    # --- what each CRM provides -----------------------------------------------------------

    @abstractmethod
    def generate(self, population: Population) -> Generated: ...

    @abstractmethod
    def register_routes(self) -> None: ...

    @abstractmethod
    def credentials(self) -> dict[str, str]: ...

    @abstractmethod
    def auth_headers(self) -> dict[str, str]:
        """Headers an API client must send."""

    @abstractmethod
    def authenticate(self, request: Request) -> Response | None:
        """None when the request carries valid credentials, else the error response."""

    @abstractmethod
    def admit(
        self, request: Request, route: Route | None
    ) -> tuple[Response | None, dict[str, str]]:
        """Apply rate limits: (rejection or None, headers to add to whatever is answered)."""

    @abstractmethod
    def error(self, status: int, message: str) -> Response: ...

    @property
    @abstractmethod
    def mutators(self) -> dict[str, Mutator]:
        """Entities `mutate` changes by default, with how to edit one record."""

    def mutable(self, entity: str, record: Record) -> bool:
        return True

    def throttled(self) -> Response:
        """The answer to an injected 429."""
        return self.error(429, "Too many requests")

    # --- pipeline -----------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        if request.path.startswith(CONTROL_PREFIX):
            return self._call(self.control.match(request.method, request.path), request)
        fault = self.faults.draw()
        kind, status = (fault.kind, fault.status) if fault else (None, None)
        if kind == "drop":
            self.log.record(request, None, kind)
            return DROP
        if kind == "slow":
            time.sleep(self.faults.config.slow_seconds)
        if kind == "error":
            response = self.error(status or 500, "Injected server error")
        elif kind == "throttle":
            response = self.throttled()
        else:
            response = self._serve(request)
        self.log.record(request, response.status, kind)
        return response

    def _serve(self, request: Request) -> Response:
        denied = self.authenticate(request)
        if denied is not None:
            return denied
        match = self.router.match(request.method, request.path)
        response, headers = self.admit(request, match[0] if isinstance(match, tuple) else None)
        if response is None:
            response = self._call(match, request)
        response.headers.update(headers)
        return response

    def _call(self, match: tuple[Route, dict[str, str]] | int, request: Request) -> Response:
        if isinstance(match, int):
            return self.error(match, "Not found" if match == 404 else "Method not allowed")
        route, params = match
        request.path_params = params
        return route.handler(request)

    # --- control facilities ---------------------------------------------------------------

    def mutate(self, count: int, entities: list[str] | None = None) -> dict[str, list[Any]]:
        """Edit `count` random records of each entity and bump their modification time to now,
        as the API would; returns the changed ids per entity."""
        mutators = self.mutators
        names = entities or list(mutators)
        unknown = [name for name in names if name not in mutators]
        if unknown or count < 0:
            raise ValueError(f"cannot mutate {unknown or count}; entities: {', '.join(mutators)}")
        now = mutation_time()
        changed: dict[str, list[Any]] = {}
        with self.store.lock:
            for name in names:
                candidates = [r for r in self.store.records(name) if self.mutable(name, r)]
                chosen = self._mutation_rng.sample(candidates, min(count, len(candidates)))
                for record in chosen:
                    self._mutation_serial += 1
                    mutators[name](record, now, self._mutation_serial)
                changed[name] = [record["id"] for record in chosen]
            self.store.touched()
        return changed

    def describe(self) -> dict[str, Any]:
        with self.store.lock:
            counts = {name: len(self.store.records(name)) for name in self.store.entity_names}
        options = self.options
        return {
            "status": "ok",
            "kind": self.kind,
            "api_prefix": self.api_prefix,
            "credentials": self.credentials(),
            "seed": options.seed,
            "size": options.size,
            "population_seed": options.population_seed,
            "overlap": options.overlap,
            "rate_limit": {"limit": self.rate_limit, "window_seconds": self.rate_window},
            "counts": counts,
        }

    def health(self) -> Response:
        return json_response(self.describe())


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Building 100k acyclic records triggers many useless cyclic-GC passes (half the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
