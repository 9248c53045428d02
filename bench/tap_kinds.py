"""What differs between the taps the benchmark drives (see tap_bench.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# What differs between the taps ------------------------------------------------------------


@dataclass(frozen=True)
class TapKind:
    name: str
    #: The tap's default (and maximum) page size: the minimum request count assumes it.
    page_size: int
    #: Record-stream endpoint (sandbox path) -> stream; every other request is a lookup.
    record_paths: dict[str, str]
    #: Records each record stream must return, from the sandbox's dataset.
    expected: Callable[[dict[str, list[dict]]], dict[str, int]]
    #: Tap settings: credentials and URL of a sandbox.
    connection: Callable[[Any], dict[str, Any]]
    #: Setting of the tap's client-side limiter, and its value with the limit off.
    limiter_setting: str
    #: The real rate limit the compressed run uses: requests per window (seconds).
    rate_limit: int
    rate_window: float
    #: Time compression of that run, and its tap settings, sandbox size and page size.
    warp: float
    rate_settings: dict[str, Any]
    rate_size: int
    rate_page_size: int
    #: Extra sandbox options for every run.
    sandbox_options: dict[str, Any] = field(default_factory=dict)
    #: Settings of an extra incremental run (label, settings), e.g. without look-back.
    extra_incremental: tuple[str, dict[str, Any]] | None = None
    note: str = ""
    full_sync_note: str = ""


def copper_expected(dataset: dict[str, list[dict]]) -> dict[str, int]:
    def user_typed(activity: dict) -> bool:  # the tap's default: all user-category types
        return (activity.get("type") or {}).get("category") == "user"

    return {
        "leads": len(dataset["leads"]),  # converted ones included (include_converted_leads)
        "people": len(dataset["people"]),
        "companies": len(dataset["companies"]),
        "opportunities": len(dataset["opportunities"]),
        "activities": sum(map(user_typed, dataset["activities"])),
    }


def pipedrive_expected(dataset: dict[str, list[dict]]) -> dict[str, int]:
    deals, leads = dataset["deals"], dataset["leads"]
    return {
        "persons": len(dataset["persons"]),
        "organizations": len(dataset["organizations"]),
        "deals": sum(not deal["is_archived"] for deal in deals),  # deleted ones included
        "archived_deals": sum(bool(deal["is_archived"]) for deal in deals),
        "activities": len(dataset["activities"]),
        "leads": sum(not lead["is_archived"] for lead in leads),
        "archived_leads": sum(bool(lead["is_archived"]) for lead in leads),
    }


COPPER = TapKind(
    name="copper",
    page_size=200,
    record_paths={
        f"/developer_api/v1/{entity}/search": entity
        for entity in ("leads", "people", "companies", "opportunities", "activities")
    },
    expected=copper_expected,
    connection=lambda sandbox: {
        "api_key": sandbox.credentials["api_key"],
        "user_email": sandbox.credentials["email"],
        "api_url": sandbox.url,
    },
    limiter_setting="requests_per_minute",
    rate_limit=180,
    rate_window=60.0,
    warp=30.0,
    rate_settings={"requests_per_minute": 180},  # the default
    rate_size=10_000,
    rate_page_size=10,
    extra_incremental=("activities_lookback_days 0", {"activities_lookback_days": 0}),
    note="The incremental goal is missed by design with the default settings: every run "
    "re-reads `activities_lookback_days` (default 30) of activities before the bookmark, "
    "since Copper's activity search has no modification filter and an activity's "
    "`date_modified` follows its back-datable `activity_date`; without look-back the goal is "
    "met. The full sync emits fewer records than the sandbox holds because system-category "
    "activities are not synced by default (`activity_types`).",
)

PIPEDRIVE = TapKind(
    name="pipedrive",
    page_size=500,
    record_paths={
        "/api/v2/persons": "persons",
        "/api/v2/organizations": "organizations",
        "/api/v2/deals": "deals",
        "/api/v2/deals/archived": "archived_deals",
        "/api/v2/activities": "activities",
        "/v1/leads": "leads",
        "/v1/leads/archived": "archived_leads",
    },
    expected=pipedrive_expected,
    connection=lambda sandbox: {
        "api_token": sandbox.credentials["api_token"],
        "api_url": sandbox.url,
    },
    limiter_setting="max_requests_per_2s",
    rate_limit=20,  # the smallest API-token plan
    rate_window=2.0,
    warp=10.0,
    # The plan's limit (the default, 16, leaves room for other integrations on the token).
    rate_settings={"max_requests_per_2s": 20},
    rate_size=5_000,
    rate_page_size=10,
    sandbox_options={"abuse_threshold": 0},
    full_sync_note=" Minimum tokens: those pages at their cost (v2 lists 10, archived deals "
    "20, v1 leads 20, archived leads 40) plus each lookup once.",
    note="The rate-limit run sets `max_requests_per_2s` to the plan's limit: the default, 16, "
    "leaves a fifth of the window to other integrations sharing the token.",
)

KINDS = {"copper": COPPER, "pipedrive": PIPEDRIVE}
