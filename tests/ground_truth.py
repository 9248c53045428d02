"""Expected profiles computed straight from a sandbox dataset, without target-hull code.

Identity: every record contributes claims (anonymous ids as written by the mapping, e-mails as
`email:<address>`, domains as `domain:<host>`); records sharing a claim are one profile
(union-find). This equals Hull's resolution as long as no e-mail is released by one profile and
claimed again by another later on, which the sandboxes never generate (each address belongs to
one person and that person's own leads).

A profile is a *shell* when only references (opportunities, activities, a person's company)
created it. Attributes follow "the latest record wins": records are applied in their sync
order, (date_modified, id) ascending, which also holds across incremental and resumed runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

Record = dict[str, Any]


@dataclass
class ExpectedProfile:
    """One user or account as the store must hold it."""

    claims: set[str] = field(default_factory=set)
    shell: bool = True
    primaries: set[str] = field(default_factory=set)  # the stored e-mail/domain is one of these
    account: str | None = None  # a user's account, by one of its anonymous ids
    #: Spot-checked `group/attr` values; None means the attribute must be absent.
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def anonymous_ids(self) -> frozenset[str]:
        return frozenset(c for c in self.claims if not c.startswith(("email:", "domain:")))


@dataclass(frozen=True)
class ExpectedEvent:
    user: str  # an anonymous id of the user the event belongs to
    event: str
    created_at: str
    details: str | None


@dataclass
class Truth:
    users: list[ExpectedProfile]
    accounts: list[ExpectedProfile]
    events: dict[str, ExpectedEvent]
    skips: dict[str, int]  # stream -> records the target must skip (and count)


@dataclass
class _Write:
    """What one record asserts about one profile."""

    claims: list[str]
    real: bool
    primary: str | None = None
    account: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


class _Resolver:
    """Union-find over claims; writes are kept in sync order to apply "latest wins"."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.writes: list[_Write] = []

    def find(self, claim: str) -> str:
        self.parent.setdefault(claim, claim)
        while self.parent[claim] != claim:
            self.parent[claim] = self.parent[self.parent[claim]]
            claim = self.parent[claim]
        return claim

    def add(self, write: _Write) -> None:
        if not write.claims:
            return
        self.writes.append(write)
        first = self.find(write.claims[0])
        for claim in write.claims[1:]:
            self.parent[self.find(claim)] = first

    def profiles(self) -> list[ExpectedProfile]:
        found: dict[str, ExpectedProfile] = defaultdict(ExpectedProfile)
        for write in self.writes:
            profile = found[self.find(write.claims[0])]
            profile.claims.update(write.claims)
            profile.shell = profile.shell and not write.real
            if write.primary:
                profile.primaries.add(write.primary)
            profile.account = write.account or profile.account
            profile.attributes.update(write.attributes)
        return list(found.values())


def email_claim(value: Any) -> str | None:
    """`email:<address>`: trimmed and lowercased; None unless it looks like an address."""
    if not isinstance(value, str):
        return None
    address = value.strip().lower()
    local, _, host = address.partition("@")
    return f"email:{address}" if local and "." in host and " " not in address else None


def domain_claim(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return "domain:" + value.strip().lower().removeprefix("www.")


def iso(unix: int | None) -> str | None:
    """Unix seconds as the tap emits them (ISO-8601, `+00:00`)."""
    return None if unix is None else datetime.fromtimestamp(unix, tz=timezone.utc).isoformat()


def sync_order(records: Iterable[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (r["date_modified"], r["id"]))


# Copper --------------------------------------------------------------------------------------


def copper_truth(data: dict[str, list[Record]]) -> Truth:
    """Copper → Hull per `target_hull/mappings/copper.yml` with the repository's settings
    (opportunity groups named by the "Opportunity Type" dropdown; user-category activities)."""
    users, accounts = _Resolver(), _Resolver()
    skips: dict[str, int] = defaultdict(int)
    for company in sync_order(data["companies"]):
        claims = [f"coppercrm:{company['id']}", domain_claim(company["email_domain"])]
        accounts.add(
            _Write(
                [c for c in claims if c],
                real=True,
                primary=domain_claim(company["email_domain"]),
                attributes={
                    "coppercrm/id": company["id"],
                    "coppercrm/name": company["name"],
                    "coppercrm/details": company["details"],
                },
            )
        )
    for lead in sync_order(data["leads"]):
        email = email_claim((lead["email"] or {}).get("email"))
        claims = [f"coppercrm-lead:lead-{lead['id']}", email]
        if lead["converted_contact_id"]:
            claims.append(f"coppercrm-person:person-{lead['converted_contact_id']}")
        users.add(
            _Write(
                [c for c in claims if c],
                real=True,
                primary=email,
                attributes={
                    "coppercrm_lead/id": lead["id"],
                    "coppercrm_lead/title": lead["title"],
                    "coppercrm_lead/status": lead["status"],
                    "coppercrm_lead/details": lead["details"],
                },
            )
        )
    _copper_opportunities(data, users, accounts, skips)
    for person in sync_order(data["people"]):
        email = email_claim(person["emails"][0]["email"]) if person["emails"] else None
        claims = [f"coppercrm-person:person-{person['id']}", email]
        claims += [f"coppercrm-lead:lead-{c['lead_id']}" for c in person["leads_converted_from"]]
        company = f"coppercrm:{person['company_id']}" if person["company_id"] else None
        users.add(
            _Write(
                [c for c in claims if c],
                real=True,
                primary=email,
                account=company,
                attributes={
                    "coppercrm_person/id": person["id"],
                    "coppercrm_person/title": person["title"],
                    "coppercrm_person/details": person["details"],
                },
            )
        )
        if company:  # the link creates a shell account until the company arrives
            accounts.add(_Write([company], real=False))
    events = _copper_events(data, users, skips)
    return Truth(users.profiles(), accounts.profiles(), events, dict(skips))


def _opportunity_types(data: dict[str, list[Record]]) -> tuple[int, dict[int, str]]:
    definition = next(
        d for d in data["custom_field_definitions"] if d["name"] == "Opportunity Type"
    )
    return definition["id"], {option["id"]: option["name"] for option in definition["options"]}


def _copper_opportunities(
    data: dict[str, list[Record]], users: _Resolver, accounts: _Resolver, skips: dict[str, int]
) -> None:
    """Typed opportunities write group `coppercrm_opportunity_<Type>` on their company's
    account and primary contact (shells when unknown); untyped ones are skipped."""
    type_field, type_names = _opportunity_types(data)
    for opportunity in sync_order(data["opportunities"]):
        value = next(
            (
                f["value"]
                for f in opportunity["custom_fields"]
                if f["custom_field_definition_id"] == type_field
            ),
            None,
        )
        kind = type_names.get(value)
        company, contact = opportunity["company_id"], opportunity["primary_contact_id"]
        if kind is None or not (company or contact):
            skips["opportunities"] += 1
            continue
        group = f"coppercrm_opportunity_{kind}"
        attributes = {
            f"{group}/id": opportunity["id"],
            f"{group}/name": opportunity["name"],
            f"{group}/details": opportunity["details"],
        }
        if company:
            accounts.add(_Write([f"coppercrm:{company}"], real=False, attributes=attributes))
        if contact:
            claims = [f"coppercrm-person:person-{contact}"]
            users.add(_Write(claims, real=False, attributes=attributes))


def _copper_events(
    data: dict[str, list[Record]], users: _Resolver, skips: dict[str, int]
) -> dict[str, ExpectedEvent]:
    """User-category activities (the tap's default) on people and leads become events; those
    on companies and opportunities are skipped. The parent becomes a shell when unknown."""
    type_names = {(t["category"], t["id"]): t["name"] for t in data["activity_types"]}
    events = {}
    for activity in data["activities"]:
        if activity["type"]["category"] != "user":
            continue
        parent = activity["parent"]
        if parent["type"] not in ("person", "lead"):
            skips["activities"] += 1
            continue
        user = f"coppercrm-{parent['type']}:{parent['type']}-{parent['id']}"
        users.add(_Write([user], real=False))
        events[f"coppercrm:activity:{activity['id']}"] = ExpectedEvent(
            user=user,
            event=type_names["user", activity["type"]["id"]],
            created_at=iso(activity["activity_date"]) or "",
            details=activity["details"],
        )
    return events
