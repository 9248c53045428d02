"""A small fake of Pipedrive's v1/v2 read API for requests-mock: cursor paging on v2,
offset paging on v1, ``updated_since`` filtering, records from ``fake_data``."""

from __future__ import annotations

import copy
from typing import Any

import requests_mock

from tests.fake_data import V1_PAGED, V1_SINGLE, V2_LISTS

ROOT = "https://acme.pipedrive.com"
TOKEN = "pd-test-token-5f3c9a"  # a fake credential


def _updated_since(records: list[dict], request: Any) -> list[dict]:
    since = request.qs.get("updated_since", [None])[0]
    if since is None:
        return records
    return [r for r in records if r["update_time"][:19] >= since[:19]]


def cursor_pages(records: list[dict], page_size: int = 2) -> Any:
    """requests-mock callback: v2 cursor paging (cursor = offset as text)."""

    def respond(request: Any, context: Any) -> dict:
        rows = _updated_since(copy.deepcopy(records), request)
        start = int(request.qs.get("cursor", ["0"])[0])
        limit = min(int(request.qs.get("limit", [page_size])[0]), page_size)
        page = rows[start : start + limit]
        more = start + limit < len(rows)
        return {
            "success": True,
            "data": page,
            "additional_data": {"next_cursor": str(start + limit) if more else None},
        }

    return respond


def offset_pages(records: list[dict], page_size: int = 2) -> Any:
    """requests-mock callback: v1 ``start``/``limit`` paging."""

    def respond(request: Any, context: Any) -> dict:
        rows = _updated_since(copy.deepcopy(records), request)
        start = int(request.qs.get("start", ["0"])[0])
        limit = min(int(request.qs.get("limit", [page_size])[0]), page_size)
        more = start + limit < len(rows)
        return {
            "success": True,
            "data": rows[start : start + limit],
            "additional_data": {
                "pagination": {
                    "start": start,
                    "limit": limit,
                    "more_items_in_collection": more,
                    **({"next_start": start + limit} if more else {}),
                }
            },
        }

    return respond


def register(mocker: requests_mock.Mocker, root: str = ROOT) -> None:
    """Serve every endpoint the tap reads."""
    for path, records in V2_LISTS.items():
        mocker.get(f"{root}/api/v2/{path}", json=cursor_pages(records))
    for path, records in V1_PAGED.items():
        mocker.get(f"{root}/v1/{path}", json=offset_pages(records))
    for path, records in V1_SINGLE.items():
        mocker.get(f"{root}/v1/{path}", json={"success": True, "data": copy.deepcopy(records)})


def config(**overrides: Any) -> dict:
    """Tap config pointing at the fake API; no client-side waiting in tests."""
    return {
        "api_token": TOKEN,
        "company_domain": "acme",
        "start_date": "2024-01-01T00:00:00Z",
        "max_requests_per_2s": 10_000,
        **overrides,
    }
