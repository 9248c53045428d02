"""`/_sandbox/` endpoints (no auth, not logged, never faulted): requests, mutate, faults,
dataset, population, health."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crm_sandboxes.core.faults import FaultConfig
from crm_sandboxes.core.http import Request, Response, json_response
from crm_sandboxes.core.routing import Router

if TYPE_CHECKING:
    from crm_sandboxes.core.app import SandboxApp

CONTROL_PREFIX = "/_sandbox/"


def control_router(app: SandboxApp) -> Router:
    router = Router()

    def requests_list(request: Request) -> Response:
        return json_response(app.log.entries())

    def requests_clear(request: Request) -> Response:
        app.log.clear()
        return json_response({"cleared": True})

    def mutate(request: Request) -> Response:
        body = _body(request)
        if isinstance(body, Response):
            return body
        try:
            return json_response(app.mutate(int(body.get("count", 1)), body.get("entities")))
        except (TypeError, ValueError) as exc:
            return _bad(str(exc))

    def faults_get(request: Request) -> Response:
        return json_response(app.faults.config.to_dict())

    def faults_set(request: Request) -> Response:
        body = _body(request)
        if isinstance(body, Response):
            return body
        try:
            config = FaultConfig.from_dict(body, base=app.faults.config)
            app.faults.script(body.get("script", []))
        except (TypeError, ValueError) as exc:
            return _bad(str(exc))
        app.faults.configure(config)
        return json_response(config.to_dict())

    def faults_reset(request: Request) -> Response:
        app.faults.reset()
        return json_response(app.faults.config.to_dict())

    def dataset(request: Request) -> Response:
        wanted = request.query.get("entity")
        known = app.store.entity_names
        if wanted is not None and wanted not in known:
            return _bad(f"unknown entity {wanted!r}; known: {', '.join(known)}")
        with app.store.lock:
            names = known if wanted is None else [wanted]
            return json_response({name: app.store.records(name) for name in names})

    def population(request: Request) -> Response:
        return json_response(app.population_keys)

    def health(request: Request) -> Response:
        return app.health()

    router.add("GET", "/_sandbox/requests", requests_list)
    router.add("DELETE", "/_sandbox/requests", requests_clear)
    router.add("POST", "/_sandbox/mutate", mutate)
    router.add("GET", "/_sandbox/faults", faults_get)
    router.add("POST", "/_sandbox/faults", faults_set)
    router.add("DELETE", "/_sandbox/faults", faults_reset)
    router.add("GET", "/_sandbox/dataset", dataset)
    router.add("GET", "/_sandbox/population", population)
    router.add("GET", "/_sandbox/health", health)
    return router


def _body(request: Request) -> dict[str, Any] | Response:
    try:
        body = request.json()
    except ValueError:
        return _bad("body is not valid JSON")
    if body is None:
        return {}
    return body if isinstance(body, dict) else _bad("body must be a JSON object")


def _bad(message: str) -> Response:
    return json_response({"error": message}, 400)
