"""What a record asks of the profile store, after its mapping has been applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Claims:
    """Normalised identity claims; ``primary`` is the e-mail (users) or domain (accounts)."""

    external_id: str | None = None
    primary: str | None = None
    anonymous_ids: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.external_id or self.primary or self.anonymous_ids)


@dataclass(slots=True)
class ProfileWrite:
    """Upsert a user or account: claims to resolve, a group's attributes to set (None deletes)."""

    entity: str
    claims: Claims
    group: str | None
    attributes: dict[str, Any]
    top_level: dict[str, Any] = field(default_factory=dict)
    #: True when the record is the entity itself (fills a shell); False for a mere reference.
    real: bool = True
    #: Users only: the account this user belongs to (a shell is created when unknown).
    account: Claims | None = None
    #: A deletion only marks an existing profile; it never creates one.
    deletion: bool = False
    #: The CRM object asserting the e-mail/domain (its first anonymous id) and its stream's
    #: `primary_rank`: a profile keeps the e-mail of its highest-ranked object.
    source_object: str | None = None
    primary_rank: int = 1
    #: The record's modification time (mapping `updated_at`): an older record never overwrites
    #: a group a newer one wrote.
    version: str | None = None


@dataclass(slots=True)
class EventWrite:
    """Track an event on the user its claims resolve to (a shell user when unknown)."""

    user: Claims
    event_id: str
    event: str
    properties: dict[str, Any]
    source: str
    type: str
    created_at: str | None


@dataclass(slots=True)
class RecordWrites:
    """Everything one record produces, with where it came from (for logs and the merge audit)."""

    stream: str
    key: str
    writes: list[ProfileWrite | EventWrite]


@dataclass(slots=True)
class Skip:
    """A record that produces nothing, and why."""

    stream: str
    key: str
    reason: str
    #: Expected by design (e.g. activities on companies): counted, logged at debug level only.
    expected: bool = False
