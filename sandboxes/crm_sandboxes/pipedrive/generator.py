"""Deterministic Pipedrive dataset: persons, organizations, deals, activities (v2 shape) and
leads (v1 shape).

Edge cases (shares are of the entity's records):
- ~half the persons write their primary email in another case/spacing (" Jane.Doe@Acme.example ",
  upper-case, ...); ~30% have 2-3 emails and for ~40% of those the primary is not the first;
  ~3% of the persons not shared with other CRMs have no email; some phones are `""`.
- Organizations keep their domain in the custom "Website" field as `https://www.d/`, `www.d`,
  `http://d` or `d` (10% empty); ~10% are named after their domain (`acme.example`).
- ~4% of the organizations persons point at do not exist; ~5% of deals and leads reference a
  person or organization that does not exist.
- Deals: ~5% deleted (`is_deleted`, `status: deleted`; only listed with `status=...deleted`),
  ~5% archived (only on `/api/v2/deals/archived`), ~15% without a "Deal Type".
- Leads: ~8% archived (only on `/v1/leads/archived`); UUID ids; custom fields at the root in
  v1 encoding, only those set.
- ~5% of persons, organizations and deals come from one bulk import: identical timestamps.
"""

from __future__ import annotations

import uuid

from crm_sandboxes.core.app import Generated
from crm_sandboxes.core.fakes import RecordFaker
from crm_sandboxes.core.names import JOB_TITLES
from crm_sandboxes.core.population import (
    FREE_MAIL_DOMAIN,
    PEOPLE_PER_COMPANY,
    PopCompany,
    PopPerson,
    Population,
    email_variant,
    website_variant,
)
from crm_sandboxes.core.store import Record
from crm_sandboxes.core.timeline import DATA_END, DAY, assign_ids, iso_date, iso_utc
from crm_sandboxes.pipedrive.fields import (
    LABELS,
    custom_values,
    definitions,
    field_hash,
    v1_root_values,
)
from crm_sandboxes.pipedrive.lookups import (
    ACTIVITY_TYPES,
    PIPELINES,
    USER_IDS,
    lead_label_ids,
    lookups,
)

MIX = {"persons": 0.35, "deals": 0.20, "activities": 0.20, "leads": 0.12}
DEAL_STATUSES = ("open", "won", "lost", "deleted")
DEAL_STATUS_WEIGHTS = (55, 80, 95, 100)  # cumulative
WEBSITE_FORMS = (0, 0, 0, 0, 0, 1, 1, 2, 2, 3)  # website_variant forms, https://www.d/ most


class PipedriveGenerator(RecordFaker):
    def __init__(self, seed: int, size: int, overlap: float) -> None:
        super().__init__(f"pipedrive:{seed}:{size}")
        self.seed = seed
        self.size = size
        self.overlap = overlap
        self.fields = definitions(seed)
        self.lookups = lookups(seed)
        self.website_key = field_hash(seed, "organization", "Website")

    def generate(self, population: Population) -> Generated:
        counts = {name: round(self.size * share) for name, share in MIX.items()}
        n_persons = max(1, counts["persons"])
        shared = round(n_persons * self.overlap)
        members = population.draw("pipedrive", n_persons, shared)
        companies = self._companies(population, members, n_persons - shared)
        missing = set(self.rng.sample(range(len(companies)), round(len(companies) * 0.04)))
        org_created = [self.created_time() for _ in companies]
        org_ids = assign_ids(org_created, 1, self.rng)
        org_of = {company.key: org_ids[i] for i, company in enumerate(companies)}
        person_created = [self.created_time() for _ in members]
        person_ids = assign_ids(person_created, 1, self.rng)
        persons = [
            self._person(member, person_ids[i], person_created[i], org_of, i < shared)
            for i, member in enumerate(members)
        ]
        organizations = [
            self._organization(company, org_ids[i], org_created[i])
            for i, company in enumerate(companies)
            if i not in missing
        ]
        self.persons, self.organizations = persons, organizations
        self.max_ids = (max(person_ids), max(org_ids, default=0))
        deals = self._deals(counts["deals"])
        leads = [self._lead() for _ in range(counts["leads"])]
        activities = self._activities(counts["activities"], deals, leads)
        entities: dict[str, list[Record]] = {
            "persons": persons,
            "organizations": organizations,
            "deals": deals,
            "activities": activities,
            "leads": leads,
            **self.lookups,
        }
        for entity, fields in self.fields.items():
            entities[f"{entity}Fields"] = [field.v1(order) for order, field in enumerate(fields)]
        population_keys = {
            "persons": {str(p["id"]): m.key for p, m in zip(persons, members, strict=True)},
            "organizations": {
                str(org_ids[i]): c.key for i, c in enumerate(companies) if i not in missing
            },
        }
        return Generated(entities, population_keys)

    def _companies(
        self, population: Population, members: list[PopPerson], own_used: int
    ) -> list[PopCompany]:
        """The persons' companies plus ~10% organizations without persons."""
        companies: dict[str, PopCompany] = {}
        for member in members:
            if member.company and member.company.key not in companies:
                companies[member.company.key] = member.company
        for index in range(max(1, len(companies) // 10)):
            extra = population.company("pipedrive", own_used // PEOPLE_PER_COMPANY + 1 + index)
            companies[extra.key] = extra
        return list(companies.values())

    def _person(
        self, member: PopPerson, person_id: int, created: int, org_of: dict[str, int], shared: bool
    ) -> Record:
        rng = self.rng
        written = email_variant(member.email, 0 if rng.random() < 0.5 else rng.choice((1, 2, 3)))
        primary = {"value": written, "primary": True, "label": "work"}
        emails = [primary]
        if rng.random() < 0.3:
            local = member.email.split("@")[0]
            extras = [
                {"value": f"{local}+{tag}@{FREE_MAIL_DOMAIN}", "primary": False, "label": label}
                for tag, label in (("home", "home"), ("old", ""))[: rng.randint(1, 2)]
            ]
            emails = extras + emails if rng.random() < 0.4 else emails + extras
        elif not shared and rng.random() < 0.03:
            emails = []
        roll = rng.random()
        phones: list[Record] = []
        if roll < 0.6:
            phones = [{"value": self.phone_number(), "primary": True, "label": "work"}]
        elif roll < 0.65:
            phones = [{"value": "", "primary": True}]
        single_name = not shared and rng.random() < 0.03
        return {
            "id": person_id,
            "name": member.first_name if single_name else f"{member.first_name} {member.last_name}",
            "first_name": member.first_name,
            "last_name": None if single_name else member.last_name,
            "owner_id": rng.choice(USER_IDS),
            "org_id": org_of[member.company.key] if member.company else None,
            "add_time": iso_utc(created),
            "update_time": iso_utc(self.modified_time(created)),
            "emails": emails,
            "phones": phones,
            "is_deleted": False,
            "visible_to": rng.choice((3, 3, 3, 1, 7)),
            "label_ids": self._labels("person"),
            "picture_id": None,
            "job_title": rng.choice(JOB_TITLES),
            "custom_fields": custom_values(self.fields["person"], rng),
        }

    def _organization(self, company: PopCompany, org_id: int, created: int) -> Record:
        rng = self.rng
        custom = custom_values(self.fields["organization"], rng)
        custom[self.website_key] = (
            None
            if rng.random() < 0.1
            else website_variant(company.domain, rng.choice(WEBSITE_FORMS))
        )
        place = self.place()
        address = None
        if place:
            street, city, state, postal_code, country = place
            number, route = street.split(" ", 1)
            address = {"value": f"{street}, {city}", "country": country,
                       "admin_area_level_1": state, "admin_area_level_2": None,
                       "locality": city, "sublocality": None, "route": route,
                       "street_number": number, "postal_code": postal_code}  # fmt: skip
        return {
            "id": org_id,
            "name": company.domain if rng.random() < 0.1 else company.name,
            "owner_id": rng.choice(USER_IDS),
            "add_time": iso_utc(created),
            "update_time": iso_utc(self.modified_time(created)),
            "is_deleted": False,
            "visible_to": 3,
            "address": address,
            "label_ids": self._labels("organization"),
            "custom_fields": custom,
        }

    def _deals(self, count: int) -> list[Record]:
        rng = self.rng
        created = [self.created_time() for _ in range(count)]
        deals = []
        for deal_id, add in zip(assign_ids(created, 1, rng), created, strict=True):
            person_id, org_id = self._links(0.85, 0.7)
            pipeline_id, _, stages = rng.choice(PIPELINES)
            stage_id, _, probability = rng.choice(stages)
            status = rng.weighted(DEAL_STATUSES, DEAL_STATUS_WEIGHTS)
            update = self.modified_time(add)
            closed = update if status in ("won", "lost") else None
            archived = status != "deleted" and rng.random() < 0.05
            custom = custom_values(self.fields["deal"], rng)
            value = rng.randint(1, 400) * 250 if rng.random() < 0.9 else 0
            deals.append({
                "id": deal_id,
                "title": f"Deal {deal_id} - {rng.choice(('Licenses', 'Renewal', 'Pilot'))}",
                "owner_id": rng.choice(USER_IDS),
                "creator_user_id": rng.choice(USER_IDS),
                "person_id": person_id,
                "org_id": org_id,
                "pipeline_id": pipeline_id,
                "stage_id": stage_id,
                "value": value,
                "currency": rng.choice(("USD", "USD", "EUR")),
                "add_time": iso_utc(add),
                "update_time": iso_utc(update),
                "stage_change_time": iso_utc(rng.randint(add, update)),
                "is_deleted": status == "deleted",
                "is_archived": archived,
                "archive_time": iso_utc(update) if archived else None,
                "status": status,
                "probability": probability,
                "lost_reason": "Price" if status == "lost" else None,
                "visible_to": 3,
                "close_time": iso_utc(closed) if closed else None,
                "won_time": iso_utc(closed) if closed and status == "won" else None,
                "lost_time": iso_utc(closed) if closed and status == "lost" else None,
                "local_won_date": iso_date(closed) if closed and status == "won" else None,
                "local_lost_date": iso_date(closed) if closed and status == "lost" else None,
                "local_close_date": iso_date(closed) if closed else None,
                "expected_close_date": iso_date(rng.randint(add, DATA_END + 90 * DAY)),
                "label_ids": self._labels("deal"),
                "origin": "ManuallyCreated",
                "origin_id": None,
                "channel": None,
                "channel_id": None,
                "arr": None,
                "mrr": None,
                "acv": None,
                "custom_fields": custom,
            })  # fmt: skip
        return deals

    def _lead(self) -> Record:
        rng = self.rng
        person_id, org_id = self._links(0.75, 0.2)
        add = self.created_time() + rng.random()
        amount = rng.randint(1, 100) * 500 if rng.random() < 0.6 else None
        labels = lead_label_ids(self.seed)
        custom = custom_values(self.fields["lead"], rng)
        return {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "title": f"{rng.choice(('Inbound', 'Webinar', 'Referral', 'Expo'))} lead",
            "owner_id": rng.choice(USER_IDS),
            "creator_id": rng.choice(USER_IDS),
            "label_ids": rng.sample(labels, rng.choice((0, 1, 1, 2))),
            "person_id": person_id,
            "organization_id": org_id,
            "source_name": rng.choice(("Manually created", "API", "Web forms")),
            "origin": "ManuallyCreated",
            "origin_id": None,
            "channel": None,
            "channel_id": None,
            "source_deal_id": None,
            "is_archived": rng.random() < 0.08,
            "was_seen": rng.random() < 0.7,
            "value": {"amount": amount, "currency": "USD"} if amount else None,
            "expected_close_date": None if rng.random() < 0.5 else iso_date(add + 60 * DAY),
            "next_activity_id": None,
            "add_time": iso_utc(add, millis=True),
            "update_time": iso_utc(self.modified_time(int(add)) + rng.random(), millis=True),
            "visible_to": "3",
            "cc_email": f"sandbox+lead{rng.randint(1, 10**6)}@pipedrivemail.example",
            **v1_root_values(self.fields["lead"], custom),
        }

    def _activities(self, count: int, deals: list[Record], leads: list[Record]) -> list[Record]:
        rng = self.rng
        created = [self.created_time() for _ in range(count)]
        activities = []
        for activity_id, add in zip(assign_ids(created, 1, rng), created, strict=True):
            _, key, name, _, _ = rng.choice(ACTIVITY_TYPES)
            roll = rng.random()
            person = None
            if deals and roll < 0.25:
                deal, lead = rng.choice(deals), None
                person_id, org_id = deal["person_id"], deal["org_id"]
            elif leads and roll < 0.35:
                deal, lead = None, rng.choice(leads)
                person_id, org_id = lead["person_id"], lead["organization_id"]
            else:
                deal, lead, person = None, None, rng.choice(self.persons)
                person_id, org_id = person["id"], person["org_id"]
            done = rng.random() < 0.6
            update = self.modified_time(add)
            emails = [e["value"] for e in person["emails"] if e["value"]] if person else []
            activities.append({
                "id": activity_id,
                "subject": f"{name} #{activity_id}",
                "type": key,
                "owner_id": rng.choice(USER_IDS),
                "creator_user_id": rng.choice(USER_IDS),
                "is_deleted": False,
                "add_time": iso_utc(add),
                "update_time": iso_utc(update),
                "deal_id": deal["id"] if deal else None,
                "lead_id": lead["id"] if lead else None,
                "person_id": person_id,
                "org_id": org_id,
                "project_id": None,
                "due_date": iso_date(rng.randint(add - 30 * DAY, add + 30 * DAY)),
                "due_time": rng.choice(("", "09:00", "14:30")),
                "duration": rng.choice(("", "00:30", "01:00")),
                "busy": rng.random() < 0.5,
                "done": done,
                "marked_as_done_time": iso_utc(update) if done else None,
                "location": None,
                "participants": [{"person_id": person_id, "primary": True}] if person_id else [],
                "attendees": [{"email": emails[0], "name": person["name"], "status": "accepted",
                               "is_organizer": False, "person_id": person["id"], "user_id": None}]
                if person and emails and key == "meeting" else [],
                "conference_meeting_client": None,
                "conference_meeting_url": None,
                "conference_meeting_id": None,
                "public_description": None,
                "priority": None,
                "note": rng.choice((None, "Call went well.", "<p>Agenda: pricing</p>")),
            })  # fmt: skip
        return activities

    def _links(self, person_share: float, with_org_share: float) -> tuple[int | None, int | None]:
        """(person id, org id) of a deal or lead: a person (with their organization for
        `with_org_share` of them) or else an organization; ~5% point at deleted records."""
        rng = self.rng
        person = rng.choice(self.persons) if rng.random() < person_share else None
        if person is None and not self.organizations:
            person = rng.choice(self.persons)
        if person is None:
            person_id, org_id = None, rng.choice(self.organizations)["id"]
        else:
            person_id = person["id"]
            org_id = person["org_id"] if rng.random() < with_org_share else None
        if rng.random() < 0.05:  # deleted since: the reference dangles
            person_id = person_id and self.max_ids[0] + rng.randint(1, 50)
            org_id = org_id and self.max_ids[1] + rng.randint(1, 50)
        return person_id, org_id

    def _labels(self, entity: str) -> list[int]:
        options = [option for option, _ in LABELS[entity]]
        return sorted(self.rng.sample(options, self.rng.choice((0, 0, 1, 2))))
