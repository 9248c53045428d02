"""Copper → Hull ground truth, per target_hull/mappings/copper.yml (see ground_truth.py)."""

from __future__ import annotations

from ground_truth import (
    COPPER_LEAD_RANK,
    Dataset,
    ExpectedEvent,
    Resolver,
    Write,
    domain_claim,
    email_claim,
    iso,
    names,
    sync_order,
)


def copper_writes(
    data: Dataset, users: Resolver, accounts: Resolver, skips: dict[str, int]
) -> dict[str, ExpectedEvent]:
    """Copper → Hull per `target_hull/mappings/copper.yml` with the repository's settings
    (opportunity groups named by the "Opportunity Type" dropdown; user-category activities), in
    the order singer-sdk syncs streams: by name."""
    events = _copper_events(data, users, skips)
    for company in sync_order(data["companies"]):
        claims = [f"coppercrm:{company['id']}", domain_claim(company["email_domain"])]
        accounts.add(
            Write(
                [c for c in claims if c],
                real=True,
                primary=domain_claim(company["email_domain"]),
                attributes={
                    "coppercrm/id": company["id"],
                    "coppercrm/name": company["name"],
                    "coppercrm/details": company["details"],
                },
                top_level={"name": company["name"]},
                version=company["date_modified"],
            )
        )
    for lead in sync_order(data["leads"]):
        email = email_claim((lead["email"] or {}).get("email"))
        claims = [f"coppercrm-lead:lead-{lead['id']}", email]
        if lead["converted_contact_id"]:
            claims.append(f"coppercrm-person:person-{lead['converted_contact_id']}")
        users.add(
            Write(
                [c for c in claims if c],
                real=True,
                primary=email,
                rank=COPPER_LEAD_RANK,
                attributes={
                    "coppercrm_lead/id": lead["id"],
                    "coppercrm_lead/title": lead["title"],
                    "coppercrm_lead/status": lead["status"],
                    "coppercrm_lead/details": lead["details"],
                },
                top_level=names(lead),
                version=lead["date_modified"],
            )
        )
    _copper_opportunities(data, users, accounts, skips)
    for person in sync_order(data["people"]):
        email = email_claim(person["emails"][0]["email"]) if person["emails"] else None
        claims = [f"coppercrm-person:person-{person['id']}", email]
        claims += [f"coppercrm-lead:lead-{c['lead_id']}" for c in person["leads_converted_from"]]
        company = f"coppercrm:{person['company_id']}" if person["company_id"] else None
        users.add(
            Write(
                [c for c in claims if c],
                real=True,
                primary=email,
                account=company,
                attributes={
                    "coppercrm_person/id": person["id"],
                    "coppercrm_person/title": person["title"],
                    "coppercrm_person/details": person["details"],
                },
                top_level=names(person),
                version=person["date_modified"],
            )
        )
        if company:  # the link creates a shell account until the company arrives
            accounts.add(Write([company], real=False))
    return events


def _opportunity_types(data: Dataset) -> tuple[int, dict[int, str]]:
    definition = next(
        d for d in data["custom_field_definitions"] if d["name"] == "Opportunity Type"
    )
    return definition["id"], {option["id"]: option["name"] for option in definition["options"]}


def _copper_opportunities(
    data: Dataset, users: Resolver, accounts: Resolver, skips: dict[str, int]
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
        version = opportunity["date_modified"]
        if company:
            claims = [f"coppercrm:{company}"]
            accounts.add(Write(claims, real=False, attributes=attributes, version=version))
        if contact:
            claims = [f"coppercrm-person:person-{contact}"]
            users.add(Write(claims, real=False, attributes=attributes, version=version))


def _copper_events(
    data: Dataset, users: Resolver, skips: dict[str, int]
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
        users.add(Write([user], real=False))
        events[f"coppercrm:activity:{activity['id']}"] = ExpectedEvent(
            user=user,
            event=type_names["user", activity["type"]["id"]],
            created_at=iso(activity["activity_date"]) or "",
            properties={"details": activity["details"]},
        )
    return events


# Pipedrive -----------------------------------------------------------------------------------
