"""Pipedrive → Hull ground truth, per target_hull/mappings/pipedrive.yml (see ground_truth.py)."""

from __future__ import annotations

import re
from typing import Any

from ground_truth import (
    Dataset,
    ExpectedEvent,
    Record,
    Resolver,
    Write,
    domain_claim,
    email_claim,
    iso_millis,
    names,
    sync_order,
)


def snake_case(name: str) -> str:
    """A custom field's key in tap-pipedrive's `custom_field_values`: `Deal Type` → `deal_type`."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


class _Fields:
    """One entity's custom fields (v1 definitions in the dataset): v2 raw values → named ones."""

    def __init__(self, definitions: list[Record]) -> None:
        custom = [d for d in definitions if d["edit_flag"]]
        self.keys = {snake_case(d["name"]): d["key"] for d in custom}
        self.options = {
            d["key"]: {o["id"]: o["label"] for o in d.get("options") or []} for d in custom
        }

    def value(self, record: Record, name: str) -> Any:
        """The named value of a v2 record's custom field (an option's label for enums)."""
        key = self.keys[name]
        raw = record["custom_fields"].get(key)
        options = self.options[key]
        if options and raw is not None:
            return options[int(raw)]
        return raw


def pipedrive_writes(
    data: Dataset, users: Resolver, accounts: Resolver, skips: dict[str, int]
) -> dict[str, ExpectedEvent]:
    """Pipedrive → Hull per `target_hull/mappings/pipedrive.yml` with the repository's settings
    (deal groups named by the "Deal Type" custom field), in the order singer-sdk syncs streams,
    by name: activities, archived_deals, archived_leads, deals, leads, organizations, persons
    (v2 streams by update time, leads in creation order)."""
    deal_fields = _Fields(data["dealFields"])
    events = _pipedrive_events(data, users, skips)
    for stream in ("archived_deals", "archived_leads", "deals", "leads"):
        archived = stream.startswith("archived_")
        if stream.endswith("deals"):
            deals = [d for d in data["deals"] if d["is_archived"] == archived]
            for deal in sync_order(deals, "update_time"):
                _pipedrive_deal(stream, deal, deal_fields, users, accounts, skips)
        else:
            leads = [lead for lead in data["leads"] if lead["is_archived"] == archived]
            for lead in sync_order(leads, "add_time"):
                _pipedrive_lead(stream, lead, users, accounts, skips)
    organization_fields = _Fields(data["organizationFields"])
    for organization in sync_order(data["organizations"], "update_time"):
        assert not organization["is_deleted"], "the truth does not model deleted organizations"
        website = organization_fields.value(organization, "website")
        domain = domain_claim(website)
        accounts.add(
            Write(
                [c for c in (f"pipedrive:{organization['id']}", domain) if c],
                real=True,
                primary=domain,
                attributes={
                    "pipedrive/id": organization["id"],
                    "pipedrive/name": organization["name"],
                    "pipedrive/website": website,
                    "pipedrive/notes": organization_fields.value(organization, "notes"),
                },
                top_level={"name": organization["name"]},
                version=organization["update_time"],
            )
        )
    person_fields = _Fields(data["personFields"])
    for person in sync_order(data["persons"], "update_time"):
        assert not person["is_deleted"], "the truth does not model deleted persons"
        emails = person["emails"]
        written = next((e for e in emails if e.get("primary")), emails[0] if emails else None)
        email = email_claim(written["value"]) if written else None
        org = f"pipedrive:{person['org_id']}" if person["org_id"] else None
        users.add(
            Write(
                [c for c in (f"pipedrive:{person['id']}", email) if c],
                real=True,
                primary=email,
                account=org,
                attributes={
                    "pipedrive/id": person["id"],
                    "pipedrive/name": person["name"],
                    "pipedrive/job_title": person["job_title"],
                    "pipedrive/notes": person_fields.value(person, "notes"),
                },
                top_level=names(person),
                version=person["update_time"],
            )
        )
        if org:  # the link creates a shell account until the organization arrives
            accounts.add(Write([org], real=False))
    return events


def _pipedrive_deal(
    stream: str,
    deal: Record,
    fields: _Fields,
    users: Resolver,
    accounts: Resolver,
    skips: dict[str, int],
) -> None:
    """Group `pipedrive_opportunity_<Deal Type>` on the deal's organization and person (shells
    when unknown); untyped deals and deals naming neither are skipped."""
    kind = fields.value(deal, "deal_type")
    if kind is None or not (deal["org_id"] or deal["person_id"]):
        skips[stream] += 1
        return
    group = f"pipedrive_opportunity_{kind}"
    attributes = {
        f"{group}/id": deal["id"],
        f"{group}/title": deal["title"],
        f"{group}/status": deal["status"],
        f"{group}/is_deleted": deal["status"] == "deleted",
        f"{group}/competitor": fields.value(deal, "competitor"),
    }
    version = deal["update_time"]
    if deal["org_id"]:
        claims = [f"pipedrive:{deal['org_id']}"]
        accounts.add(Write(claims, real=False, attributes=attributes, version=version))
    if deal["person_id"]:
        claims = [f"pipedrive:{deal['person_id']}"]
        users.add(Write(claims, real=False, attributes=attributes, version=version))


def _pipedrive_lead(
    stream: str,
    lead: Record,
    users: Resolver,
    accounts: Resolver,
    skips: dict[str, int],
) -> None:
    """Group `pipedrive_lead` on the lead's person, else on its organization (shells when
    unknown); leads naming neither are skipped. Custom fields are spot-checked in
    test_pipedrive_profiles.py."""
    attributes = {
        "pipedrive_lead/id": lead["id"],
        "pipedrive_lead/title": lead["title"],
        "pipedrive_lead/source_name": lead["source_name"],
    }
    version = lead["update_time"]
    if lead["person_id"]:
        claims = [f"pipedrive:{lead['person_id']}"]
        users.add(Write(claims, real=False, attributes=attributes, version=version))
    elif lead["organization_id"]:
        claims = [f"pipedrive:{lead['organization_id']}"]
        accounts.add(Write(claims, real=False, attributes=attributes, version=version))
    else:
        skips[stream] += 1


def _pipedrive_events(
    data: Dataset, users: Resolver, skips: dict[str, int]
) -> dict[str, ExpectedEvent]:
    """Activities with a person (or a primary participant) are events on that person (a shell
    when unknown); the others are skipped."""
    type_names = {t["key_string"]: t["name"] for t in data["activity_types"]}
    events = {}
    for activity in data["activities"]:
        primary = next((p for p in activity["participants"] if p.get("primary")), {})
        person = activity["person_id"] or primary.get("person_id")
        if not person:
            skips["activities"] += 1
            continue
        user = f"pipedrive:{person}"
        users.add(Write([user], real=False))
        events[f"pipedrive:activity:{activity['id']}"] = ExpectedEvent(
            user=user,
            event=type_names.get(activity["type"]) or activity["type"],
            created_at=iso_millis(activity["add_time"]) or "",
            properties={"note": activity["note"], "subject": activity["subject"]},
        )
    return events
