"""Copper dataset plan: who exists, when each record was created and how records relate.

Ids are assigned here (growing with creation time) so that records built later can point at
each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_sandboxes.core.fakes import RecordFaker
from crm_sandboxes.core.population import PEOPLE_PER_COMPANY, PopCompany, PopPerson, Population
from crm_sandboxes.core.timeline import DATA_START, DAY, assign_ids

FIRST_ID = 1_000_001  # every entity counts from here, so ids repeat across types


@dataclass(frozen=True)
class LeadPlan:
    member: PopPerson
    person: int | None  # index of the person it was converted into or duplicates
    converted: bool
    created: int


@dataclass(frozen=True)
class OpportunityPlan:
    id: int
    lead: int | None  # index of the converted lead that created it
    contact: int | None  # person index
    company: int | None  # company index
    created: int


class CopperPlan:
    def __init__(
        self, faker: RecordFaker, population: Population, n_people: int, overlap: float
    ) -> None:
        self.faker = faker
        self.population = population
        self.shared = round(n_people * overlap)
        self.members = population.draw("copper", n_people, self.shared)
        self.people_created = [faker.created_time() for _ in self.members]
        self.people_ids = assign_ids(self.people_created, FIRST_ID, faker.rng)

    def add_leads(self, count: int) -> None:
        """~15% converted into people, ~10% duplicating a person's email, the rest prospects
        drawn from the population after the people."""
        faker, rng, n_people = self.faker, self.faker.rng, len(self.members)
        n_converted = min(round(count * 0.15), n_people)
        n_duplicate = min(round(count * 0.10), n_people - n_converted)
        picks = rng.sample(range(n_people), n_converted + n_duplicate)
        self.prospects = self.population.draw(
            "copper", count - len(picks), start=n_people - self.shared
        )
        self.converted = picks[:n_converted]
        self.leads = [
            LeadPlan(
                self.members[person],
                person,
                k < n_converted,
                max(DATA_START, self.people_created[person] - rng.randint(DAY, 90 * DAY))
                if k < n_converted
                else faker.created_time(),
            )
            for k, person in enumerate(picks)
        ] + [LeadPlan(member, None, False, faker.created_time()) for member in self.prospects]
        self.lead_ids = assign_ids([lead.created for lead in self.leads], FIRST_ID, rng)

    def add_companies(self) -> None:
        """The people's companies (~4% missing) plus ~10% more without people."""
        companies: dict[str, PopCompany] = {}
        for member in self.members:
            if member.company and member.company.key not in companies:
                companies[member.company.key] = member.company
        own_used = len(self.members) - self.shared + len(self.prospects)
        for index in range(max(1, len(companies) // 10)):
            extra = self.population.company("copper", own_used // PEOPLE_PER_COMPANY + 1 + index)
            companies[extra.key] = extra
        self.companies = list(companies.values())
        rng, n_companies = self.faker.rng, len(self.companies)
        self.missing = set(rng.sample(range(n_companies), round(n_companies * 0.04)))
        self.company_created = [self.faker.created_time() for _ in self.companies]
        self.company_ids = assign_ids(self.company_created, FIRST_ID, rng)
        index = {company.key: i for i, company in enumerate(self.companies)}
        self.person_company = [index[m.company.key] if m.company else None for m in self.members]
        self.staff: dict[int, list[int]] = {}
        for person, company in enumerate(self.person_company):
            if company is not None:
                self.staff.setdefault(company, []).append(person)

    def add_opportunities(self, count: int) -> None:
        """About half the conversions created an opportunity; the rest are plain deals, 80% on
        an existing company, 85% with a primary contact (from that company when it has one)."""
        rng = self.faker.rng
        plans = [
            (k, person, self.person_company[person], self.people_created[person])
            for k, person in enumerate(self.converted)
            if rng.random() < 0.5
        ][:count]
        existing = [i for i in range(len(self.companies)) if i not in self.missing]
        while len(plans) < count:
            company = rng.choice(existing) if existing and rng.random() < 0.8 else None
            pool = self.staff.get(company, []) if company is not None else range(len(self.members))
            contact = rng.choice(pool) if pool and rng.random() < 0.85 else None
            plans.append((None, contact, company, self.faker.created_time()))
        ids = assign_ids([plan[3] for plan in plans], FIRST_ID, rng)
        self.opportunities = [
            OpportunityPlan(opp_id, *plan) for opp_id, plan in zip(ids, plans, strict=True)
        ]
        self.lead_opportunity = {o.lead: o.id for o in self.opportunities if o.lead is not None}

    def population_keys(self) -> dict[str, dict[str, str]]:
        return {
            "people": {str(i): m.key for i, m in zip(self.people_ids, self.members, strict=True)},
            "leads": {str(i): p.member.key for i, p in zip(self.lead_ids, self.leads, strict=True)},
            "companies": {
                str(self.company_ids[i]): company.key
                for i, company in enumerate(self.companies)
                if i not in self.missing
            },
        }
