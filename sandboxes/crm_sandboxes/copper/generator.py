"""Deterministic Copper dataset: leads, people, companies, opportunities and activities.

Edge cases (shares are of the entity's records):
- ~15% of leads are converted (`converted_contact_id`, `converted_at`, about half with a
  `converted_opportunity_id`); the person carries `leads_converted_from` pointing back.
- ~10% of leads share an email with an existing person (half written in another case/spacing).
- ~4% of the companies people point at do not exist (dangling `company_id`); ~8% of people
  have no company; company dates are independent of their people's, so many people are
  created before their company (it shows up on a later page of a date-sorted sync).
- ~10% of people have a second (personal) email, listed first for 40% of them; ~3% of the
  people not shared with other CRMs have no email at all.
- ~5% of people, leads and companies come from one bulk import: identical timestamps.
- ~15% of opportunities have no "Opportunity Type"; activities hang off people, leads,
  companies and opportunities, with user and system types and back-dated entries.
- Ids of different entities overlap (a person and a company can share an id).
"""

from __future__ import annotations

import time

from crm_sandboxes.copper import customfields
from crm_sandboxes.copper.lookups import (
    CONTACT_TYPES,
    CUSTOMER_SOURCES,
    LEAD_STATUSES,
    LOSS_REASONS,
    PIPELINES,
    SYSTEM_ACTIVITY_TYPES,
    USER_ACTIVITY_TYPES,
    lookups,
)
from crm_sandboxes.copper.plan import FIRST_ID, CopperPlan, LeadPlan, OpportunityPlan
from crm_sandboxes.core.app import Generated
from crm_sandboxes.core.fakes import RecordFaker
from crm_sandboxes.core.names import JOB_TITLES
from crm_sandboxes.core.population import (
    FREE_MAIL_DOMAIN,
    PopCompany,
    PopPerson,
    Population,
    email_variant,
    website_variant,
)
from crm_sandboxes.core.store import Record
from crm_sandboxes.core.timeline import DATA_END, DAY, assign_ids

MIX = {"people": 0.30, "leads": 0.20, "opportunities": 0.15, "activities": 0.25}
CONTACT_TYPE_IDS = tuple(i for i, _ in CONTACT_TYPES)
SOURCE_IDS = tuple(i for i, _ in CUSTOMER_SOURCES)
STATUSES = ("Open", "Won", "Lost", "Abandoned")  # status_ids 0..3
STATUS_WEIGHTS = (55, 80, 95, 100)  # cumulative
USER_TYPE_WEIGHTS = (35, 65, 85, 95, 100)  # cumulative, over USER_ACTIVITY_TYPES
PARENT_TYPES = {"people": "person", "leads": "lead", "companies": "company",
                "opportunities": "opportunity"}  # fmt: skip
PARENT_WEIGHTS = {"person": 45, "lead": 20, "company": 20, "opportunity": 15}
NOTES = ("Left a voicemail.", "Didn&#x27;t answer, retry Monday.",
         "Discussed pricing <b>tiers</b>.", "")  # fmt: skip


class CopperGenerator(RecordFaker):
    def __init__(self, seed: int, size: int, overlap: float, api_email: str) -> None:
        super().__init__(f"copper:{seed}:{size}")
        self.size = size
        self.overlap = overlap
        self.lookups = lookups(api_email)
        self.user_ids = [user["id"] for user in self.lookups["users"]]

    def generate(self, population: Population) -> Generated:
        counts = {name: round(self.size * share) for name, share in MIX.items()}
        plan = self.plan = CopperPlan(self, population, max(1, counts["people"]), self.overlap)
        plan.add_leads(counts["leads"])
        plan.add_companies()
        plan.add_opportunities(counts["opportunities"])
        people = [self._person(member, i) for i, member in enumerate(plan.members)]
        leads = [self._lead(lead, k, people) for k, lead in enumerate(plan.leads)]
        records = {
            "leads": leads,
            "people": people,
            "companies": [
                self._company(company, i)
                for i, company in enumerate(plan.companies)
                if i not in plan.missing
            ],
            "opportunities": [
                self._opportunity(opportunity, people, leads) for opportunity in plan.opportunities
            ],
        }
        records["activities"] = self._activities(counts["activities"], records)
        entities = {**records, **self.lookups}
        entities["custom_field_definitions"] = [d.to_json() for d in customfields.DEFINITIONS]
        return Generated(entities, plan.population_keys())

    def _person(self, member: PopPerson, i: int) -> Record:
        rng, plan = self.rng, self.plan
        company = plan.person_company[i]
        emails = [{"email": member.email, "category": "work" if member.company else "personal"}]
        if rng.random() < 0.1:  # a second, personal address; sometimes listed first
            local = member.email.split("@")[0]
            emails.append({"email": f"{local}+home@{FREE_MAIL_DOMAIN}", "category": "personal"})
            if rng.random() < 0.4:
                emails.reverse()
        elif i >= plan.shared and rng.random() < 0.03:
            emails = []
        return {
            "id": plan.people_ids[i],
            **self._contact(member, plan.people_created[i]),
            "company_id": plan.company_ids[company] if company is not None else None,
            "company_name": plan.companies[company].name if company is not None else None,
            "contact_type_id": self.pick(CONTACT_TYPE_IDS, 0.2),
            "emails": emails,
            "custom_fields": customfields.values("person", rng),
            "leads_converted_from": [],
            "date_lead_created": None,
        }

    def _lead(self, lead: LeadPlan, k: int, people: list[Record]) -> Record:
        rng = self.rng
        email: Record | None = {"email": lead.member.email, "category": "work"}
        if lead.person is not None and not lead.converted and rng.random() < 0.5:
            email["email"] = email_variant(lead.member.email, rng.choice((1, 3)))
        elif lead.person is None and rng.random() < 0.05:
            email = None
        value = rng.randint(5, 200) * 500 if rng.random() < 0.6 else None
        status_id, status = LEAD_STATUSES[3] if lead.converted else rng.choice(LEAD_STATUSES)
        record = {
            "id": self.plan.lead_ids[k],
            **self._contact(lead.member, lead.created),
            "company_name": lead.member.company.name if lead.member.company else None,
            "customer_source_id": self.pick(SOURCE_IDS, 0.3),
            "email": email,
            "monetary_unit": "USD" if value else None,
            "monetary_value": value,
            "converted_unit": None,
            "converted_value": None,
            "status": status,
            "status_id": status_id,
            "custom_fields": customfields.values("lead", rng),
            "converted_opportunity_id": None,
            "converted_contact_id": None,
            "converted_at": None,
        }
        if lead.converted and lead.person is not None:
            person = people[lead.person]
            converted_at = person["date_created"]
            record.update(
                converted_contact_id=person["id"],
                converted_opportunity_id=self.plan.lead_opportunity.get(k),
                converted_at=converted_at,
                converted_unit="USD" if value else None,
                converted_value=f"{float(value)}" if value else None,
                date_modified=max(record["date_modified"], converted_at),
            )
            person["leads_converted_from"].append(
                {"lead_id": record["id"], "converted_timestamp": converted_at}
            )
            person["date_lead_created"] = lead.created
        return record

    def _company(self, company: PopCompany, i: int) -> Record:
        rng, plan = self.rng, self.plan
        created = plan.company_created[i]
        contacts = plan.staff.get(i, [])
        website = website_variant(company.domain, rng.choice((0, 2, 4)))
        return {
            "id": plan.company_ids[i],
            "name": company.name,
            "address": self._address(),
            "assignee_id": self.pick(self.user_ids, 0.15),
            "contact_type_id": self.pick(CONTACT_TYPE_IDS, 0.2),
            "details": None,
            "email_domain": None if rng.random() < 0.05 else company.domain,
            "phone_numbers": self._phones(),
            "socials": [],
            "tags": self.tags(),
            "websites": [] if rng.random() < 0.1 else [{"url": website, "category": "work"}],
            "custom_fields": customfields.values("company", rng),
            "interaction_count": rng.randint(0, 60),
            "date_created": created,
            "date_modified": self.modified_time(created),
            "primary_contact_id": plan.people_ids[contacts[0]]
            if contacts and rng.random() < 0.7
            else None,
        }

    def _opportunity(
        self, opportunity: OpportunityPlan, people: list[Record], leads: list[Record]
    ) -> Record:
        rng, plan = self.rng, self.plan
        created, company = opportunity.created, opportunity.company
        company_name = plan.companies[company].name if company is not None else None
        pipeline_id, _, stages = PIPELINES[0] if rng.random() < 0.75 else PIPELINES[1]
        stage_id, _, probability = rng.choice(stages)
        status = rng.weighted(STATUSES, STATUS_WEIGHTS)
        value = rng.randint(2, 400) * 250 if rng.random() < 0.9 else None
        modified = self.modified_time(created)
        close = time.gmtime(rng.randint(created, DATA_END + 180 * DAY))
        custom = customfields.values("opportunity", rng)
        lead = leads[opportunity.lead] if opportunity.lead is not None else None
        contact = opportunity.contact
        return {
            "id": opportunity.id,
            "name": f"{company_name or 'Direct'} {customfields.opportunity_type(custom) or 'Deal'}",
            "assignee_id": self.pick(self.user_ids, 0.15),
            "close_date": None
            if rng.random() < 0.1
            else f"{close.tm_mon}/{close.tm_mday}/{close.tm_year}",
            "company_id": plan.company_ids[company] if company is not None else None,
            "company_name": company_name,
            "customer_source_id": self.pick(SOURCE_IDS, 0.3),
            "details": None,
            "loss_reason_id": rng.choice(LOSS_REASONS)[0] if status == "Lost" else None,
            "pipeline_id": pipeline_id,
            "pipeline_stage_id": stage_id,
            "primary_contact_id": people[contact]["id"] if contact is not None else None,
            "priority": rng.choice(("None", "Low", "Medium", "High")),
            "status": status,
            "tags": self.tags(),
            "interaction_count": rng.randint(0, 30),
            "monetary_unit": "USD" if value else None,
            "monetary_value": value,
            "converted_unit": "USD" if value else None,
            "converted_value": f"{float(value)}" if value else None,
            "win_probability": probability,
            "date_stage_changed": rng.randint(created, modified),
            "date_last_contacted": self.time_after(created, 0.4),
            "leads_converted_from": [
                {"lead_id": lead["id"], "converted_timestamp": lead["converted_at"]}
            ]
            if lead
            else [],
            "date_lead_created": lead["date_created"] if lead else None,
            "date_created": created,
            "date_modified": modified,
            "custom_fields": custom,
        }

    def _activities(self, count: int, records: dict[str, list[Record]]) -> list[Record]:
        rng = self.rng
        parents = [(kind, records[name]) for name, kind in PARENT_TYPES.items() if records[name]]
        cumulative = []
        for kind, _ in parents:
            cumulative.append((cumulative[-1] if cumulative else 0) + PARENT_WEIGHTS[kind])
        plans = []
        for _ in range(count):
            parent_type, pool = rng.weighted(parents, cumulative)
            parent = rng.choice(pool)
            activity_date = rng.randint(parent["date_created"], DATA_END - 1)
            logged = activity_date + (rng.randint(3600, 30 * DAY) if rng.random() < 0.1 else 0)
            plans.append((parent_type, parent["id"], activity_date, logged))
        ids = assign_ids([plan[3] for plan in plans], FIRST_ID, rng)
        activities = []
        for activity_id, (parent_type, parent_id, activity_date, logged) in zip(
            ids, plans, strict=True
        ):
            if rng.random() < 0.7:
                type_id = rng.weighted(USER_ACTIVITY_TYPES, USER_TYPE_WEIGHTS)[0]
                category, details, old, new = "user", rng.choice(NOTES), None, None
            else:
                type_id = rng.choice(SYSTEM_ACTIVITY_TYPES)[0]
                category, details = "system", None
                old, new = ("Open", "Won") if type_id in (1, 3) else (None, None)
            activities.append(
                {
                    "id": activity_id,
                    "parent": {"id": parent_id, "type": parent_type},
                    "type": {"id": type_id, "category": category},
                    "user_id": rng.choice(self.user_ids),
                    "details": details,
                    "activity_date": activity_date,
                    "old_value": old,
                    "new_value": new,
                    "date_created": logged,
                    "date_modified": activity_date,  # Copper's tracks the back-datable date
                }
            )
        return activities

    def _contact(self, member: PopPerson, created: int) -> Record:
        """Fields leads and people share."""
        rng = self.rng
        social = f"https://linkedin.example/in/{member.email.split('@')[0]}"
        return {
            "name": f"{member.first_name} {member.last_name}",
            "prefix": None,
            "first_name": member.first_name,
            "middle_name": None,
            "last_name": member.last_name,
            "suffix": None,
            "address": self._address(),
            "assignee_id": self.pick(self.user_ids, 0.15),
            "details": None,
            "interaction_count": rng.randint(0, 40),
            "phone_numbers": self._phones(),
            "socials": [{"url": social, "category": "linkedin"}] if rng.random() < 0.3 else [],
            "tags": self.tags(),
            "title": rng.choice(JOB_TITLES),
            "websites": [],
            "date_created": created,
            "date_modified": self.modified_time(created),
            "date_last_contacted": self.time_after(created, 0.4),
        }

    def _address(self) -> Record | None:
        place = self.place()
        if place is None:
            return None
        return dict(zip(("street", "city", "state", "postal_code", "country"), place, strict=True))

    def _phones(self) -> list[Record]:
        if self.rng.random() < 0.3:
            return []
        category = self.rng.choice(("work", "mobile", "home"))
        return [{"number": self.phone_number(), "category": category}]
