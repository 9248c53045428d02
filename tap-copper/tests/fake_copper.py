"""An in-memory Copper developer API behind requests-mock, strict like the real one.

Searches sort and filter server-side, reject unknown body keys with 422, answer bad
credentials with 401 and serve at most `max_results` results per search.
"""

from __future__ import annotations

import json
import re
import typing as t

from tests import sample_data

if t.TYPE_CHECKING:
    import requests_mock
    from requests_mock.request import _RequestObjectProxy as Request
    from requests_mock.response import _Context as Context

BASE_URL = "https://copper.test/developer_api/v1"
API_KEY = "sk-copper-secret-0123456789"
USER_EMAIL = "api@acme.example"
CONFIG = {"api_key": API_KEY, "user_email": USER_EMAIL, "api_url": BASE_URL}

_PAGING = {"page_number", "page_size"}
_SEARCH_KEYS = _PAGING | {"sort_by", "sort_direction", "minimum_modified_date"}
SEARCH_KEYS = {
    "leads": _SEARCH_KEYS | {"include_converted_leads"},
    "people": _SEARCH_KEYS,
    "companies": _SEARCH_KEYS,
    "opportunities": _SEARCH_KEYS,
    "activities": _PAGING
    | {"activity_types", "minimum_activity_date", "maximum_activity_date", "parent"},
    "users": _PAGING,
}
GET_LISTS = (
    "custom_field_definitions",
    "activity_types",
    "pipelines",
    "lead_statuses",
    "customer_sources",
    "contact_types",
    "loss_reasons",
)


class FakeCopper:
    """Serve `data` (see `sample_data.account()`) and record every request made."""

    def __init__(self, data: dict[str, t.Any] | None = None, *, max_results: int = 100_000):
        self.data = sample_data.account() if data is None else data
        self.max_results = max_results
        self.calls: list[tuple[str, str, dict | None]] = []  # (method, path, body)
        #: Per path, what the next calls get instead of data: a status code, an exception
        #: to raise, or None to serve normally (e.g. ``[429, None, 503]``).
        self.failures: dict[str, list[int | type[Exception] | None]] = {}
        #: Search endpoints that (like an undocumented filter might) ignore the min date.
        self.ignore_min_modified: set[str] = set()
        self.mocker: requests_mock.Mocker | None = None

    def register(self, mocker: requests_mock.Mocker) -> None:
        self.mocker = mocker
        for name in SEARCH_KEYS:
            mocker.post(f"{BASE_URL}/{name}/search", json=self._handler(self._search))
        for name in GET_LISTS:
            mocker.get(f"{BASE_URL}/{name}", json=self._handler(self._list))

    def bodies(self, path: str) -> list[dict]:
        return [body or {} for _, called, body in self.calls if called == path]

    def _handler(self, serve: t.Callable[[str, dict, Context], t.Any]) -> t.Callable:
        def handle(request: Request, context: Context) -> t.Any:
            path = request.path.removeprefix("/developer_api/v1")
            body = json.loads(request.body) if request.body else None
            self.calls.append((request.method, path, body))
            if request.headers.get("X-PW-AccessToken") != API_KEY or (
                request.headers.get("X-PW-UserEmail") != USER_EMAIL
                or request.headers.get("X-PW-Application") != "developer_api"
            ):
                context.status_code = 401
                return {"success": False, "status": 401, "message": "API Key or email is invalid"}
            failure = self.failures[path].pop(0) if self.failures.get(path) else None
            if isinstance(failure, type):
                raise failure
            if failure:
                context.status_code = failure
                return {"success": False, "status": failure, "message": "Failure"}
            return serve(path, body or {}, context)

        return handle

    def _list(self, path: str, body: dict, context: Context) -> t.Any:
        return self.data[path.strip("/")]

    def _search(self, path: str, body: dict, context: Context) -> t.Any:
        name = re.sub(r"^/(\w+)/search$", r"\1", path)
        if unknown := set(body) - SEARCH_KEYS[name]:
            context.status_code = 422
            return {
                "success": False,
                "status": 422,
                "message": f"Unrecognized attributes {unknown}",
            }
        size = body.get("page_size", 20)
        if not 1 <= size <= 200:
            context.status_code = 422
            return {"success": False, "status": 422, "message": "page_size must be 1..200"}
        results = self._matches(name, body)
        context.headers["X-PW-TOTAL"] = str(len(results))
        start = (body.get("page_number", 1) - 1) * size
        return results[: self.max_results][start : start + size]

    def _matches(self, name: str, body: dict) -> list[dict]:
        records = list(self.data[name])
        if name == "leads" and not body.get("include_converted_leads"):
            records = [r for r in records if r.get("converted_at") is None]
        if "minimum_modified_date" in body and name not in self.ignore_min_modified:
            records = [r for r in records if r["date_modified"] >= body["minimum_modified_date"]]
        if name == "activities":
            return self._activities(records, body)
        if "sort_by" in body:
            reverse = body.get("sort_direction") == "desc"
            records.sort(key=lambda r: r[body["sort_by"]], reverse=reverse)
        return records

    @staticmethod
    def _activities(records: list[dict], body: dict) -> list[dict]:
        wanted = {(k["category"], k["id"]) for k in body.get("activity_types") or []}
        low = body.get("minimum_activity_date", float("-inf"))
        high = body.get("maximum_activity_date", float("inf"))
        records = [
            r
            for r in records
            if low <= r["activity_date"] <= high
            and (not wanted or (r["type"]["category"], r["type"]["id"]) in wanted)
        ]
        return sorted(records, key=lambda r: r["activity_date"], reverse=True)
