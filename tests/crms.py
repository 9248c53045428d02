"""What the end-to-end tests need to know about each CRM: its sandbox, its tap's settings, its
ground truth and how its incremental reads look in the sandbox's request log."""

from __future__ import annotations

import base64
import json
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from crm_sandboxes import Sandbox

from ground_truth import Record, Truth, Writer, truth_of
from truth_copper import copper_writes
from truth_pipedrive import pipedrive_writes

START_DATE = "2020-01-01T00:00:00Z"
#: The sandbox dataset every test uses unless it needs another one (a few hundred records).
DATASET = {"seed": 20, "size": 300}


class Crm(ABC):
    name: ClassVar[str]  # sandbox kind
    tap: ClassVar[str]  # Meltano plugin name
    #: The tap's streams read incrementally by a modification time.
    incremental: ClassVar[tuple[str, ...]]
    #: Dataset entities the incremental test mutates (default: the incremental streams).
    mutated: ClassVar[tuple[str, ...]] = ()
    #: Adds this CRM's records to a ground truth (see `ground_truth.truth_of`).
    writer: ClassVar[Writer]
    #: Whether several records of this CRM describe one person (Copper: leads and people), so
    #: its own data merges profiles; a Pipedrive person is one record.
    merges: ClassVar[bool]
    #: The sandbox's `credentials` entry holding the secret.
    secret_name: ClassVar[str]

    def entities(self) -> tuple[str, ...]:
        return self.mutated or self.incremental

    def entity_of(self, stream: str) -> str:
        """The dataset entity a stream's records come from."""
        return stream

    def stream_records(self, dataset: dict[str, list[Record]], stream: str) -> list[Record]:
        """The records of a dataset that `stream` syncs."""
        return dataset[stream]

    def credential(self, sandbox: Sandbox) -> str:
        """The secret the sandbox accepts."""
        return sandbox.credentials[self.secret_name]

    @abstractmethod
    def sandbox_options(self, secret: str) -> dict[str, Any]:
        """`run_sandbox` options that make `secret` the only accepted credential."""

    @abstractmethod
    def tap_env(self, sandbox: Sandbox, secret: str, *, page_size: int) -> dict[str, str]:
        """Environment variables configuring the tap for this sandbox (Meltano settings)."""

    def truth(self, dataset: dict[str, list[Record]]) -> Truth:
        """The store a first run into an empty store must produce."""
        return truth_of((self.writer, dataset))

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
    writer = staticmethod(copper_writes)
    merges = True
    secret_name = "api_key"
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


class Pipedrive(Crm):
    name = "pipedrive"
    tap = "tap-pipedrive"
    incremental = (
        "persons",
        "organizations",
        "deals",
        "archived_deals",
        "activities",
        "leads",
        "archived_leads",
    )
    mutated = ("persons", "organizations", "deals", "activities", "leads")
    writer = staticmethod(pipedrive_writes)
    merges = False
    secret_name = "api_token"
    #: Pipedrive's burst window (20 requests per rolling 2 s) compressed to 0.2 s, with 40
    #: requests. The tap counts a 2-second window: allowing it the same 40 keeps its traffic
    #: under the sandbox's limit at every instant, at up to 20 requests per second.
    burst = {"rate_limit": 40, "rate_window": 0.2}
    max_requests_per_2s = 40
    paths: ClassVar[dict[str, str]] = {
        "persons": "/api/v2/persons",
        "organizations": "/api/v2/organizations",
        "deals": "/api/v2/deals",
        "archived_deals": "/api/v2/deals/archived",
        "activities": "/api/v2/activities",
        "leads": "/v1/leads",
        "archived_leads": "/v1/leads/archived",
    }

    def sandbox_options(self, secret: str) -> dict[str, Any]:
        return {"api_key": secret, **self.burst}

    def tap_env(self, sandbox: Sandbox, secret: str, *, page_size: int) -> dict[str, str]:
        return {
            "TAP_PIPEDRIVE_API_URL": sandbox.url,
            "TAP_PIPEDRIVE_API_TOKEN": secret,
            "TAP_PIPEDRIVE_START_DATE": START_DATE,
            "TAP_PIPEDRIVE_PAGE_SIZE": str(page_size),
            "TAP_PIPEDRIVE_MAX_REQUESTS_PER_2S": str(self.max_requests_per_2s),
        }

    def entity_of(self, stream: str) -> str:
        return stream.removeprefix("archived_")

    def stream_records(self, dataset: dict[str, list[Record]], stream: str) -> list[Record]:
        records = dataset[self.entity_of(stream)]
        if stream in ("deals", "archived_deals", "leads", "archived_leads"):
            archived = stream.startswith("archived_")
            return [r for r in records if r["is_archived"] == archived]
        return records

    def modified(self, record: Record) -> str:
        """`update_time` in whole seconds, as `updated_since` is sent (leads carry ms)."""
        return record["update_time"][:19] + "Z"

    def reads(self, requests: list[dict[str, Any]], stream: str) -> list[dict[str, Any]]:
        paths = {self.paths[stream], "/api" + self.paths[stream]}  # v1: both prefixes work
        return [
            r
            for r in requests
            if r["method"] == "GET" and r["path"] in paths and r["status"] == 200
        ]

    def lower_bound(self, request: dict[str, Any]) -> str | None:
        return request["query"].get("updated_since")

    def served(self, dataset: dict[str, list[Record]], stream: str, request: dict) -> list[Any]:
        """v2: keyset pages sorted by (update_time, id) after the cursor; v1 leads: offset pages
        in creation order."""
        query = request["query"]
        since = query.get("updated_since", "")
        records = self.stream_records(dataset, stream)
        if stream in ("leads", "archived_leads"):
            assert "sort" not in query  # the API's default: creation time, oldest first
            bound = since.replace("Z", ".000Z")
            matches = sorted(
                (r for r in records if r["update_time"] >= bound),
                key=lambda r: (r["add_time"], r["id"]),
            )
            start, limit = int(query.get("start", 0)), int(query["limit"])
            return [r["id"] for r in matches[start : start + limit]]
        assert (query["sort_by"], query["sort_direction"]) == ("update_time", "asc")
        if stream in ("deals", "archived_deals"):
            statuses = set(query["status"].split(","))
            assert statuses == {"open", "won", "lost", "deleted"}
            records = [r for r in records if r["status"] in statuses]
        after: tuple[str, int] | None = None
        if "cursor" in query:
            cursor = json.loads(base64.urlsafe_b64decode(query["cursor"]))
            after = (cursor["fieldValue"], cursor["id"])
        matches = sorted(
            (
                r
                for r in records
                if r["update_time"] >= since
                and (after is None or (r["update_time"], r["id"]) > after)
            ),
            key=lambda r: (r["update_time"], r["id"]),
        )
        return [r["id"] for r in matches[: int(query["limit"])]]


CRMS: tuple[Crm, ...] = (Copper(), Pipedrive())
BY_NAME = {crm.name: crm for crm in CRMS}
