"""Copper Developer API sandbox, base path `/developer_api/v1`."""

from __future__ import annotations

from functools import partial
from typing import Any

from crm_sandboxes.copper.customfields import computed
from crm_sandboxes.copper.generator import CopperGenerator
from crm_sandboxes.copper.search import (
    InvalidSearch,
    SearchQuery,
    parse_activity_search,
    parse_search,
    parse_user_search,
    run_search,
)
from crm_sandboxes.core.app import Generated, Mutator, SandboxApp
from crm_sandboxes.core.http import Request, Response, json_response
from crm_sandboxes.core.options import SandboxOptions
from crm_sandboxes.core.population import Population
from crm_sandboxes.core.ratelimit import RollingWindowLimiter
from crm_sandboxes.core.routing import Route
from crm_sandboxes.core.store import Record

SEARCHABLE = ("leads", "people", "companies", "opportunities")
SINGLE = (*SEARCHABLE, "activities", "users", "custom_field_definitions")
LISTS = ("custom_field_definitions", "pipelines", "pipeline_stages", "lead_statuses",
         "customer_sources", "contact_types", "loss_reasons")  # fmt: skip
APPLICATION = "developer_api"


class CopperApp(SandboxApp):
    kind = "copper"
    api_prefix = "/developer_api/v1"
    default_api_key = "sandbox-copper-key"
    default_rate = (180, 60.0)

    def __init__(self, options: SandboxOptions) -> None:
        super().__init__(options)
        self.limiter = RollingWindowLimiter(self.rate_limit, self.rate_window)

    def generate(self, population: Population) -> Generated:
        options = self.options
        generator = CopperGenerator(options.seed, options.size, options.overlap, options.email)
        return generator.generate(population)

    def credentials(self) -> dict[str, str]:
        return {"api_key": self.api_key, "email": self.options.email}

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "search_cap": self.options.search_cap}

    def auth_headers(self) -> dict[str, str]:
        return {
            "X-PW-AccessToken": self.api_key,
            "X-PW-Application": APPLICATION,
            "X-PW-UserEmail": self.options.email,
            "Content-Type": "application/json",
        }

    def register_routes(self) -> None:
        add, prefix = self.router.add, self.api_prefix
        for entity in SEARCHABLE:
            add("POST", f"{prefix}/{entity}/search", partial(self._search, entity))
        add("POST", f"{prefix}/activities/search", partial(self._search, "activities"))
        add("POST", f"{prefix}/users/search", partial(self._search, "users"))
        add("POST", f"{prefix}/people/fetch_by_email", self._fetch_by_email)
        add("GET", f"{prefix}/users/me", self._me)
        add("GET", f"{prefix}/account", lambda _: json_response(self.store.records("account")[0]))
        add("GET", f"{prefix}/activity_types", self._activity_types)
        for name in LISTS:
            add("GET", f"{prefix}/{name}", partial(self._list, name))
        for entity in SINGLE:
            add("GET", f"{prefix}/{entity}/{{id}}", partial(self._single, entity))

    # --- pipeline hooks -------------------------------------------------------------------

    def authenticate(self, request: Request) -> Response | None:
        """All three `X-PW-*` headers must be present and match (the email ignoring case)."""
        expected = self.auth_headers()
        del expected["Content-Type"]
        missing = [name for name in expected if not request.header(name)]
        if missing:
            return self.error(401, f"Missing authentication header(s): {', '.join(missing)}")
        given = {name: (request.header(name) or "").strip() for name in expected}
        if given["X-PW-UserEmail"].casefold() == expected["X-PW-UserEmail"].casefold():
            given["X-PW-UserEmail"] = expected["X-PW-UserEmail"]
        if given != expected:
            wrong = [name for name in expected if given[name] != expected[name]]
            return self.error(401, f"Invalid credentials: {', '.join(wrong)} not accepted")
        return None

    def admit(
        self, request: Request, route: Route | None
    ) -> tuple[Response | None, dict[str, str]]:
        """A rolling window (180 requests per minute by default); Copper sends no rate-limit
        headers, not even `Retry-After`."""
        if self.limiter.acquire().allowed:
            return None, {}
        return self.error(429, "Rate limit exceeded"), {}

    def error(self, status: int, message: str) -> Response:
        if status == 404:
            return json_response({"error": "not_found"}, 404)
        return json_response({"success": False, "status": status, "message": message}, status)

    @property
    def mutators(self) -> dict[str, Mutator]:
        return {
            "leads": _edit,
            "people": _edit,
            "companies": _edit,
            "opportunities": _edit,
            "activities": _edit_activity,
        }

    # --- handlers -------------------------------------------------------------------------

    def _search(self, entity: str, request: Request) -> Response:
        body = self._body(request)
        if isinstance(body, Response):
            return body
        try:
            query = self._parse(entity, body)
        except InvalidSearch as exc:
            return self.error(exc.status, exc.message)
        with self.store.lock:
            page, total = run_search(self.store, entity, query, self.options.search_cap)
            return json_response(self._present(page, request), headers={"X-PW-TOTAL": str(total)})

    def _parse(self, entity: str, body: dict[str, Any]) -> SearchQuery:
        if entity == "activities":
            return parse_activity_search(body)
        if entity == "users":
            return parse_user_search(body)
        return parse_search(entity, body)

    def _single(self, entity: str, request: Request) -> Response:
        record_id = request.path_params["id"]
        with self.store.lock:
            record = self.store.get(entity, int(record_id)) if record_id.isdigit() else None
            if record is None:
                return self.error(404, "not found")
            return json_response(self._present([record], request)[0])

    def _fetch_by_email(self, request: Request) -> Response:
        body = self._body(request)
        if isinstance(body, Response):
            return body
        if set(body) != {"email"} or not isinstance(body["email"], str):
            return self.error(422, "Invalid input: Validation errors: email is required")
        wanted = body["email"].strip().casefold()
        with self.store.lock:
            for person in self.store.records("people"):
                if any(e["email"].strip().casefold() == wanted for e in person["emails"]):
                    return json_response(self._present([person], request)[0])
        return self.error(404, "not found")

    def _me(self, request: Request) -> Response:
        email = self.options.email.casefold()
        users = self.store.records("users")
        return json_response(next(u for u in users if u["email"].casefold() == email))

    def _activity_types(self, request: Request) -> Response:
        types = self.store.records("activity_types")
        grouped: dict[str, list[Record]] = {"user": [], "system": []}
        for activity_type in types:
            grouped[activity_type["category"]].append(activity_type)
        return json_response(grouped)

    def _list(self, name: str, request: Request) -> Response:
        return json_response(self.store.records(name))

    def _body(self, request: Request) -> dict[str, Any] | Response:
        try:
            body = request.json()
        except ValueError:
            return self.error(400, "Malformed JSON body")
        if body is None:
            return {}
        if not isinstance(body, dict):
            return self.error(422, "Invalid input: the body must be a JSON object")
        return body

    def _present(self, records: list[Record], request: Request) -> list[Record]:
        """`?custom_field_computed_values=true` returns option names instead of option ids."""
        if request.query.get("custom_field_computed_values") != "true":
            return records
        return [
            {**r, "custom_fields": computed(r["custom_fields"])} if "custom_fields" in r else r
            for r in records
        ]


def _edit(record: Record, now: int, serial: int) -> None:
    record["details"] = f"Edited by sandbox mutation #{serial}"
    record["date_modified"] = now


def _edit_activity(record: Record, now: int, serial: int) -> None:
    """An activity's `date_modified` tracks its `activity_date`, so an edit leaves it alone
    (the reason Copper activity edits are invisible to modified-date filters)."""
    record["details"] = f"Edited by sandbox mutation #{serial}"
