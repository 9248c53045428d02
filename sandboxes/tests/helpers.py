"""Small client helpers the tests share."""

from __future__ import annotations

from typing import Any

import requests

from crm_sandboxes import Sandbox

NO_LIMIT = {"rate_limit": 100_000, "rate_window": 1.0}


def session_for(sandbox: Sandbox) -> requests.Session:
    session = requests.Session()
    session.headers.update(sandbox.auth_headers)
    return session


def search(
    session: requests.Session, sandbox: Sandbox, entity: str, **body: Any
) -> requests.Response:
    """POST a Copper search with `body` as JSON."""
    return session.post(f"{sandbox.url}/{entity}/search", json=body)


def copper_walk(
    session: requests.Session, sandbox: Sandbox, entity: str, page_size: int, **body: Any
) -> list[list[dict[str, Any]]]:
    """Every page of a Copper search until a short page."""
    pages = []
    for number in range(1, 10_000):
        response = search(session, sandbox, entity, page_number=number, page_size=page_size, **body)
        response.raise_for_status()
        pages.append(response.json())
        if len(pages[-1]) < page_size:
            return pages
    raise AssertionError("no short page")


def pipedrive_walk(
    session: requests.Session, url: str, **params: Any
) -> tuple[list[dict[str, Any]], int]:
    """Every record of a v2 cursor list, and the number of requests it took."""
    records, cursor, calls = [], None, 0
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = session.get(url, params=query)
        response.raise_for_status()
        calls += 1
        body = response.json()
        records += body["data"]
        cursor = body["additional_data"]["next_cursor"]
        if cursor is None:
            return records, calls
