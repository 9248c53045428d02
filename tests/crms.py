"""What the end-to-end tests need to know about each CRM: its sandbox, its tap's settings, its
ground truth and how its incremental reads look in the sandbox's request log."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from crm_sandboxes import Sandbox

from ground_truth import Record, Truth, copper_truth

START_DATE = "2020-01-01T00:00:00Z"
#: The sandbox dataset every test uses unless it needs another one (a few hundred records).
DATASET = {"seed": 20, "size": 300}


class Crm(ABC):
    name: ClassVar[str]  # sandbox kind
    tap: ClassVar[str]  # Meltano plugin name
    #: Streams read incrementally by a modification time, mutated by the incremental test.
    incremental: ClassVar[tuple[str, ...]]

    @abstractmethod
    def sandbox_options(self, secret: str) -> dict[str, Any]:
        """`run_sandbox` options that make `secret` the only accepted credential."""

    @abstractmethod
    def tap_env(self, sandbox: Sandbox, secret: str, *, page_size: int) -> dict[str, str]:
        """Environment variables configuring the tap for this sandbox (Meltano settings)."""

    @abstractmethod
    def truth(self, dataset: dict[str, list[Record]]) -> Truth: ...

    @abstractmethod
    def modified(self, record: Record) -> Any:
        """A record's replication-key value, as the sandbox stores it."""

    @abstractmethod
    def reads(self, requests: list[dict[str, Any]], stream: str) -> list[dict[str, Any]]:
        """The successful list requests of `stream` in a request log."""

    @abstractmethod
    def lower_bound(self, request: dict[str, Any]) -> Any:
        """The replication-key value a list request asked from (None: from the beginning)."""

    @abstractmethod
    def served(self, dataset: dict[str, list[Record]], stream: str, request: dict) -> list[Any]:
        """Ids of the records the sandbox answered `request` with (replayed on `dataset`)."""


class Copper(Crm):
    name = "copper"
    tap = "tap-copper"
    incremental = ("companies", "leads", "opportunities", "people")
    email = "e2e-owner@example.com"

    def sandbox_options(self, secret: str) -> dict[str, Any]:
        return {"api_key": secret, "email": self.email, "rate_limit": 180, "rate_window": 1}

    def tap_env(self, sandbox: Sandbox, secret: str, *, page_size: int) -> dict[str, str]:
        return {
            "TAP_COPPER_API_URL": sandbox.url,
            "TAP_COPPER_API_KEY": secret,
            "TAP_COPPER_USER_EMAIL": self.email,
            "TAP_COPPER_START_DATE": START_DATE,
            "TAP_COPPER_PAGE_SIZE": str(page_size),
            # The sandbox allows 180 requests per second: no client-side pacing needed.
            "TAP_COPPER_REQUESTS_PER_MINUTE": "60000",
        }

    def truth(self, dataset: dict[str, list[Record]]) -> Truth:
        return copper_truth(dataset)

    def modified(self, record: Record) -> int:
        return record["date_modified"]

    def reads(self, requests: list[dict[str, Any]], stream: str) -> list[dict[str, Any]]:
        path = f"/developer_api/v1/{stream}/search"
        return [r for r in requests if r["path"] == path and r["status"] == 200]

    def lower_bound(self, request: dict[str, Any]) -> int | None:
        body = request["body"]
        return body.get("minimum_modified_date", body.get("minimum_activity_date"))

    def served(self, dataset: dict[str, list[Record]], stream: str, request: dict) -> list[int]:
        body = request["body"]
        assert body["sort_by"] == "date_modified"
        assert body["sort_direction"] == "asc"
        low = body.get("minimum_modified_date", 0)
        hidden = stream == "leads" and body.get("include_converted_leads") is not True
        matches = sorted(
            (
                r
                for r in dataset[stream]
                if r["date_modified"] >= low and not (hidden and r["converted_at"])
            ),
            key=lambda r: (r["date_modified"], r["id"]),
        )
        start = (body["page_number"] - 1) * body["page_size"]
        return [r["id"] for r in matches[start : start + body["page_size"]]]


CRMS: tuple[Crm, ...] = (Copper(),)
