"""Expected profiles computed straight from sandbox datasets, without target-hull code.

Identity: every record contributes claims (anonymous ids as written by the mapping, e-mails as
`email:<address>`, domains as `domain:<host>`); records sharing a claim are one profile
(union-find), across CRMs when several feed one store. This equals Hull's resolution as long as
no e-mail (domain) is released by one profile and claimed again by another later on
(`Truth.released` lists the profiles for which that could happen; target-hull keeps every
e-mail a profile held as an identifier, so its result no longer depends on it).

E-mail / domain: a profile whose records assert several keeps the one asserted by its
highest-ranked object (the mapping's `primary_rank`: Copper leads 0, every other stream 1), ties
broken by the asserting object's anonymous id, the lowest string winning; the asserting object
is the record's first anonymous id. This does not depend on the order records arrive in.

A profile is a *shell* when only references (opportunities, activities, leads, a person's
company) created it. Attributes follow "the latest record wins": records are applied in the
order a full sync delivers them (singer-sdk syncs a tap's streams by name). Where several
records write one group of one profile (`ExpectedProfile.contested`), a re-delivered record can
win the group later on, so checks after incremental or resumed runs accept any of them
(`truth_differences(replayed=True)`). Top-level attributes (`name`, ...) are written only when
empty, so the first record carrying one wins; a user's account is the last one a record linked
it to. Both depend on the order of the runs when two CRMs feed one store.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

Record = dict[str, Any]
Dataset = dict[str, list[Record]]

ROOT = Path(__file__).resolve().parent.parent
#: target-hull's list of free e-mail providers, read as data (never account domains).
FREE_MAIL_LIST = ROOT / "target-hull" / "target_hull" / "data" / "free_mail_domains.txt"
#: `primary_rank` of the streams asserting e-mails/domains (target-hull mappings): a converted
#: Copper lead's person keeps its own e-mail; everything else has the default rank.
COPPER_LEAD_RANK = 0
DEFAULT_RANK = 1


@dataclass
class ExpectedProfile:
    """One user or account as the store must hold it."""

    claims: set[str] = field(default_factory=set)
    shell: bool = True
    primaries: set[str] = field(default_factory=set)  # every e-mail/domain its records assert
    primary: str | None = None  # the one the store keeps (rank, then lowest object id)
    account: str | None = None  # a user's account, by one of its anonymous ids
    #: Spot-checked `group/attr` values; None means the attribute must be absent.
    attributes: dict[str, Any] = field(default_factory=dict)
    #: Groups several records write, with each writer's spot-checked values in delivery order
    #: (the last one is in `attributes`).
    contested: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Top-level attributes (`name`, ...): written only when empty, so the first record wins.
    top_level: dict[str, Any] = field(default_factory=dict)
    #: (-rank, object) of the record asserting `primary`: the lowest wins.
    _primary_key: tuple[int, str] | None = field(default=None, repr=False, compare=False)

    @property
    def anonymous_ids(self) -> frozenset[str]:
        return frozenset(c for c in self.claims if not _is_primary(c))


@dataclass(frozen=True)
class ExpectedEvent:
    user: str  # an anonymous id of the user the event belongs to
    event: str
    created_at: str
    properties: dict[str, Any]  # spot-checked properties


@dataclass
class Truth:
    users: list[ExpectedProfile]
    accounts: list[ExpectedProfile]
    events: dict[str, ExpectedEvent]
    skips: dict[str, int]  # stream -> records the target must skip (and count)
    #: Profiles held together only by an e-mail/domain they do not keep (`Resolver.released`).
    released: list[list[str]] = field(default_factory=list)


@dataclass
class Write:
    """What one record asserts about one profile. The first claim is the asserting object's
    anonymous id."""

    claims: list[str]
    real: bool
    primary: str | None = None
    rank: int = DEFAULT_RANK
    account: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    top_level: dict[str, Any] = field(default_factory=dict)
    #: The record's modification time (the mapping's `updated_at`): a group keeps the values of
    #: its latest modified writer, the last delivered among equals.
    version: Any = None


class Resolver:
    """Union-find over claims; writes are kept in delivery order to apply "latest wins"."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.writes: list[Write] = []

    def find(self, claim: str) -> str:
        self.parent.setdefault(claim, claim)
        while self.parent[claim] != claim:
            self.parent[claim] = self.parent[self.parent[claim]]
            claim = self.parent[claim]
        return claim

    def add(self, write: Write) -> None:
        if not write.claims:
            return
        self.writes.append(write)
        first = self.find(write.claims[0])
        for claim in write.claims[1:]:
            self.parent[self.find(claim)] = first

    def profiles(self) -> list[ExpectedProfile]:
        found: dict[str, ExpectedProfile] = defaultdict(ExpectedProfile)
        writers: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        versions: dict[tuple[str, str], Any] = {}
        for write in self.writes:
            root = self.find(write.claims[0])
            profile = found[root]
            profile.claims.update(write.claims)
            profile.shell = profile.shell and not write.real
            if write.primary:
                profile.primaries.add(write.primary)
                key = (-write.rank, write.claims[0])
                if profile._primary_key is None or key < profile._primary_key:
                    profile.primary, profile._primary_key = write.primary, key
            profile.account = write.account or profile.account
            for group, values in by_group(write.attributes).items():
                held = versions.get((root, group))
                if write.version is None or held is None or write.version >= held:
                    versions[root, group] = write.version if write.version is not None else held
                    profile.attributes.update(values)
            for name, value in write.top_level.items():
                if value is not None:
                    profile.top_level.setdefault(name, value)
            for group, values in by_group(write.attributes).items():
                writers[root][group].append(values)
        for root, groups in writers.items():
            found[root].contested = {g: w for g, w in groups.items() if len(w) > 1}
        return list(found.values())

    def released(self) -> list[list[str]]:
        """Profiles whose records hold together only through an e-mail (domain) the profile
        does not keep.

        A profile keeps one e-mail; the others its records assert are released (or never
        claimed) once a higher-ranked object of the profile asserts its own. A record that
        asserts a released e-mail after the release, with no other claim of the profile (a later
        run of another CRM, say), then starts a profile of its own where union-find joins it, so
        target-hull's result depends on the order records arrive in. Returned: the anonymous ids
        of each profile that splits when the claims of e-mails it does not keep are left out.
        """
        profiles = self.profiles()
        keeps = {self.find(next(iter(p.claims))): p.primary for p in profiles}
        kept = Resolver()
        for write in self.writes:
            winner = keeps[self.find(write.claims[0])]
            claims = [c for c in write.claims if not _is_primary(c) or c == winner]
            kept.add(Write(claims, write.real))
        split = []
        for profile in profiles:
            parts = {kept.find(c) for c in profile.claims if c in kept.parent}
            if len(parts) > 1:
                split.append(sorted(profile.anonymous_ids))
        return split


def _is_primary(claim: str) -> bool:
    return claim.startswith(("email:", "domain:"))


def names(record: Record) -> dict[str, Any]:
    return {name: record[name] for name in ("name", "first_name", "last_name")}


def by_group(attributes: dict[str, Any]) -> dict[str, dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = defaultdict(dict)
    for name, value in attributes.items():
        groups[name.rsplit("/", 1)[0]][name] = value
    return groups


# Normalisation (target-hull README: "Normalisation") ------------------------------------------

_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9\-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9\-]*[a-z0-9])?)+$")


def free_mail_domains() -> frozenset[str]:
    lines = FREE_MAIL_LIST.read_text().splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip()[:1] not in ("", "#"))


FREE_MAIL = free_mail_domains()


def email_claim(value: Any) -> str | None:
    """`email:<address>`: trimmed and lowercased; None unless it looks like an address."""
    if not isinstance(value, str):
        return None
    address = value.strip().lower()
    local, _, host = address.partition("@")
    return f"email:{address}" if local and "." in host and " " not in address else None


def domain_claim(value: Any) -> str | None:
    """`domain:<host>`: lowercased, without scheme, `www.`, port and path; None for empty and
    free-mail domains."""
    if not isinstance(value, str) or not value.strip():
        return None
    host = _SCHEME.sub("", value.strip().lower())
    host = re.split(r"[/?#]", host, maxsplit=1)[0].rsplit("@", 1)[-1].split(":", 1)[0].strip(".")
    host = host.removeprefix("www.")
    if not _HOST.match(host) or host in FREE_MAIL:
        return None
    return f"domain:{host}"


def iso(unix: int | None) -> str | None:
    """Unix seconds as tap-copper emits them (ISO-8601, `+00:00`)."""
    return None if unix is None else datetime.fromtimestamp(unix, tz=timezone.utc).isoformat()


def iso_millis(text: str | None) -> str | None:
    """An RFC 3339 time as tap-pipedrive emits it: UTC with milliseconds, `Z`."""
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def sync_order(records: Iterable[Record], key: str = "date_modified") -> list[Record]:
    return sorted(records, key=lambda r: (r[key], str(r["id"])))


# Truth over one or several CRMs ---------------------------------------------------------------

#: Adds one CRM's records, in its tap's delivery order, to the user and account resolvers;
#: returns its events and counts its skips.
Writer = Callable[[Dataset, Resolver, Resolver, dict[str, int]], dict[str, ExpectedEvent]]


def truth_of(*runs: tuple[Writer, Dataset]) -> Truth:
    """The store after `meltano run` of each (CRM, dataset) in turn into one store."""
    users, accounts = Resolver(), Resolver()
    skips: dict[str, int] = defaultdict(int)
    events: dict[str, ExpectedEvent] = {}
    for writer, data in runs:
        events.update(writer(data, users, accounts, skips))
    released = users.released() + accounts.released()
    return Truth(users.profiles(), accounts.profiles(), events, dict(skips), released)


# Copper --------------------------------------------------------------------------------------
