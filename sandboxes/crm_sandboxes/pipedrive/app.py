"""Pipedrive API sandbox: v2 (`/api/v2/...`) lists and v1 (`/v1/...` or `/api/v1/...`) leads,
users, lookups and field definitions."""

from __future__ import annotations

from functools import partial
from typing import Any

from crm_sandboxes.core.app import Generated, Mutator, SandboxApp
from crm_sandboxes.core.http import Request, Response, html_response, json_response
from crm_sandboxes.core.options import SandboxOptions
from crm_sandboxes.core.population import Population
from crm_sandboxes.core.routing import Route
from crm_sandboxes.core.store import Record
from crm_sandboxes.core.timeline import iso_utc
from crm_sandboxes.pipedrive.fields import field_hash
from crm_sandboxes.pipedrive.generator import PipedriveGenerator
from crm_sandboxes.pipedrive.limits import PipedriveLimits
from crm_sandboxes.pipedrive.listing import (
    BadRequest,
    deal_statuses,
    list_leads,
    parse_v1_page,
    parse_v2,
    run_v2,
    v1_page,
)

V2_ENTITIES = ("persons", "organizations", "deals", "activities")
FIELD_ENTITIES = {"person": "persons", "organization": "organizations", "deal": "deals",
                  "activity": "activities", "lead": "leads"}  # fmt: skip
ERROR_INFO = "Please check developers.pipedrive.com for more information about Pipedrive API."
BLOCKED_PAGE = """<!DOCTYPE html>
<html><head><title>Attention Required! | Cloudflare</title></head>
<body><h1>Sorry, you have been blocked</h1>
<p>You are unable to access api.pipedrive.com (crm-sandbox abuse protection).</p></body></html>
"""


class PipedriveApp(SandboxApp):
    kind = "pipedrive"
    api_prefix = ""
    default_api_key = "sandbox-pipedrive-token"
    default_rate = (20, 2.0)  # API-token burst limit of the smallest plan

    def __init__(self, options: SandboxOptions) -> None:
        super().__init__(options)
        self.limits = PipedriveLimits(
            self.rate_limit,
            self.rate_window,
            options.daily_budget,
            options.budget_period,
            options.abuse_threshold,
            options.abuse_block_seconds,
        )

    def generate(self, population: Population) -> Generated:
        options = self.options
        self.generator = PipedriveGenerator(options.seed, options.size, options.overlap)
        return self.generator.generate(population)

    def credentials(self) -> dict[str, str]:
        return {"api_token": self.api_key}

    def auth_headers(self) -> dict[str, str]:
        return {"x-api-token": self.api_key}

    def register_routes(self) -> None:
        add = self.router.add
        for entity in V2_ENTITIES:
            add("GET", f"/api/v2/{entity}", partial(self._v2_list, entity), cost=10)
            if entity == "deals":
                add("GET", "/api/v2/deals/archived", partial(self._v2_list, entity), cost=20)
            add("GET", f"/api/v2/{entity}/{{id}}", partial(self._v2_single, entity), cost=2)
        for entity in ("pipelines", "stages"):
            add("GET", f"/api/v2/{entity}", partial(self._v2_list, entity), cost=10)
        for singular in ("person", "organization", "deal", "activity"):
            add("GET", f"/api/v2/{singular}Fields", partial(self._v2_fields, singular), cost=10)
        for prefix in ("/v1", "/api/v1"):
            add("GET", f"{prefix}/leads", partial(self._leads, False), cost=20)
            add("GET", f"{prefix}/leads/archived", partial(self._leads, True), cost=40)
            add("GET", f"{prefix}/leads/{{id}}", self._lead, cost=2)
            add("GET", f"{prefix}/users", partial(self._v1_all, "users"), cost=20)
            add("GET", f"{prefix}/users/me", self._me, cost=2)
            add("GET", f"{prefix}/activityTypes", partial(self._v1_all, "activity_types"), cost=20)
            add("GET", f"{prefix}/leadLabels", partial(self._v1_all, "lead_labels"), cost=10)
            for singular in FIELD_ENTITIES:
                add(
                    "GET", f"{prefix}/{singular}Fields", partial(self._v1_fields, singular), cost=20
                )

    # --- pipeline hooks -------------------------------------------------------------------

    def authenticate(self, request: Request) -> Response | None:
        """`x-api-token` header, or the legacy `api_token` query parameter."""
        tokens = {request.header("x-api-token"), request.query.get("api_token")} - {None}
        if self.api_key in tokens:
            return None
        return self.error(401, "unauthorized access")

    def admit(
        self, request: Request, route: Route | None
    ) -> tuple[Response | None, dict[str, str]]:
        verdict = self.limits.admit(route.cost if route else 0)
        if verdict.window is None or verdict.outcome == "blocked":
            return html_response(BLOCKED_PAGE, 403), {}
        window = verdict.window
        headers = {
            "x-ratelimit-limit": str(window.limit),
            "x-ratelimit-remaining": str(window.remaining),
            "x-ratelimit-reset": window.reset_header,
        }
        if verdict.outcome == "burst":
            return self.error(429, "Request over limit"), {
                **headers,
                "Retry-After": window.reset_header,
            }
        if verdict.outcome == "budget":
            return self.error(429, "Daily API token budget exhausted"), headers
        return None, headers

    def throttled(self) -> Response:
        response = self.error(429, "Request over limit")
        response.headers.update({"x-ratelimit-limit": str(self.rate_limit),
                                 "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1",
                                 "Retry-After": "1"})  # fmt: skip
        return response

    def error(self, status: int, message: str) -> Response:
        body = {"success": False, "error": message, "error_info": ERROR_INFO, "data": None,
                "additional_data": None}  # fmt: skip
        return json_response(body, status)

    @property
    def mutators(self) -> dict[str, Mutator]:
        seed = self.options.seed
        return {
            "persons": partial(_edit_custom, field_hash(seed, "person", "Notes")),
            "organizations": partial(_edit_custom, field_hash(seed, "organization", "Notes")),
            "deals": partial(_edit_custom, field_hash(seed, "deal", "Competitor")),
            "activities": _edit_activity,
            "leads": partial(_edit_lead, field_hash(seed, "deal", "Competitor")),
        }

    def mutable(self, entity: str, record: Record) -> bool:
        return not record.get("is_deleted")

    def describe(self) -> dict[str, Any]:
        budget = self.limits.budget
        return {
            **super().describe(),
            "daily_budget": {"total": budget.total, "remaining": budget.remaining,
                             "period_seconds": budget.period},
        }  # fmt: skip

    # --- handlers -------------------------------------------------------------------------

    def _v2_list(self, entity: str, request: Request) -> Response:
        query = request.query
        try:
            predicates = []
            if entity == "deals":
                archived = request.path.endswith("/archived")
                predicates = [deal_statuses(query), lambda r: r["is_archived"] == archived]
            parsed = parse_v2(entity, query, predicates)
            shown = self._shown_fields(entity, query)
        except BadRequest as exc:
            return self.error(400, str(exc))
        with self.store.lock:
            page, cursor = run_v2(self.store, entity, parsed)
            data = [shown(record) for record in page]
            return json_response(
                {"success": True, "data": data, "additional_data": {"next_cursor": cursor}}
            )

    def _v2_single(self, entity: str, request: Request) -> Response:
        record_id = request.path_params["id"]
        with self.store.lock:
            record = self.store.get(entity, int(record_id)) if record_id.isdigit() else None
            if record is None:
                return self.error(404, "Not found")
            return json_response({"success": True, "data": self._shown_fields(entity, {})(record)})

    def _v2_fields(self, singular: str, request: Request) -> Response:
        data = [field.v2() for field in self.generator.fields[singular]]
        return json_response(
            {"success": True, "data": data, "additional_data": {"next_cursor": None}}
        )

    def _leads(self, archived: bool, request: Request) -> Response:
        try:
            start, limit = parse_v1_page(request.query)
            with self.store.lock:
                page, additional = v1_page(
                    list_leads(self.store, request.query, archived), start, limit
                )
                return json_response({"success": True, "data": page, "additional_data": additional})
        except BadRequest as exc:
            return self.error(400, str(exc))

    def _lead(self, request: Request) -> Response:
        with self.store.lock:
            record = self.store.get("leads", request.path_params["id"])
            if record is None:
                return self.error(404, "Lead not found")
            return json_response({"success": True, "data": record})

    def _v1_fields(self, singular: str, request: Request) -> Response:
        try:
            start, limit = parse_v1_page(request.query)
        except BadRequest as exc:
            return self.error(400, str(exc))
        page, additional = v1_page(self.store.records(f"{singular}Fields"), start, limit)
        return json_response({"success": True, "data": page, "additional_data": additional})

    def _v1_all(self, entity: str, request: Request) -> Response:
        return json_response({"success": True, "data": self.store.records(entity)})

    def _me(self, request: Request) -> Response:
        me = next(user for user in self.store.records("users") if user["is_you"])
        return json_response({"success": True, "data": {**me, "company_domain": "sandbox"}})

    def _shown_fields(self, entity: str, query: dict[str, str]) -> Any:
        """Output filter: activities show `attendees` only with `include_fields=attendees`;
        `custom_fields=<hash,...>` (at most 15) limits the custom field keys."""
        include = set(query.get("include_fields", "").split(","))
        hide = set() if entity != "activities" or "attendees" in include else {"attendees"}
        keys = [key for key in query.get("custom_fields", "").split(",") if key]
        if len(keys) > 15:
            raise BadRequest("Parameter 'custom_fields' accepts at most 15 keys")

        def shown(record: Record) -> Record:
            data = {k: v for k, v in record.items() if k not in hide}
            if keys and "custom_fields" in data:
                data["custom_fields"] = {
                    k: v for k, v in data["custom_fields"].items() if k in keys
                }
            return data

        return shown


def _edit_custom(key: str, record: Record, now: int, serial: int) -> None:
    record["custom_fields"][key] = f"Edited by sandbox mutation #{serial}"
    record["update_time"] = iso_utc(now)


def _edit_activity(record: Record, now: int, serial: int) -> None:
    record["note"] = f"Edited by sandbox mutation #{serial}"
    record["update_time"] = iso_utc(now)


def _edit_lead(key: str, record: Record, now: int, serial: int) -> None:
    record[key] = f"Edited by sandbox mutation #{serial}"  # v1 leads: custom fields at the root
    record["update_time"] = iso_utc(now, millis=True)
