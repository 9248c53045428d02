"""Two CRMs into one store: `meltano run tap-copper target-hull tap-pipedrive target-hull`
against Copper and Pipedrive sandboxes started with the same population seed, so they share
people (same e-mails, spelled differently) and companies (same domains, with and without `www.`).

The ground truth is union-find over both CRMs' claims. The order of the two CRMs may only change
what target-hull documents as order-dependent: a user's account is the last one a record linked
it to, and top-level attributes (`name`, ...) are written only when empty; each order's store is
checked against the truth of that order, and everything else must be identical.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from crm_sandboxes import Sandbox, run_sandbox

from conftest import secret_for
from crms import BY_NAME, Crm
from ground_truth import Dataset, Truth, domain_claim, email_claim, truth_of
from hull_store import Store, report, store_differences, truth_differences
from meltano_runner import Pipeline, Source

COPPER, PIPEDRIVE = BY_NAME["copper"], BY_NAME["pipedrive"]
#: Both sandboxes' dataset: each CRM's own seed and size, one population (30% of each CRM's
#: people from the shared lane). Chosen so that no profile depends on a released e-mail (see
#: `test_released_email_still_identifies_its_profile` for one that does).
TWO_CRMS = {"seed": 22, "size": 300, "population_seed": 1}
#: The suite's default dataset, where Copper→Pipedrive meets a released e-mail.
RELEASED_EMAIL = {"seed": 20, "size": 300, "population_seed": 1}


@dataclass
class TwoCrmStore:
    """The store after one `meltano run` of both CRMs in `order`, and what it must hold."""

    order: tuple[Crm, ...]
    datasets: dict[str, Dataset]
    truth: Truth
    store: Store


def start(stack: ExitStack, dataset: dict[str, Any]) -> dict[str, Sandbox]:
    return {
        crm.name: stack.enter_context(
            run_sandbox(crm.name, **crm.sandbox_options(secret_for(crm)), **dataset)
        )
        for crm in (COPPER, PIPEDRIVE)
    }


def run_in_order(sandboxes: dict[str, Sandbox], order: tuple[Crm, ...], workdir: Path) -> Store:
    """`meltano run <first tap> target-hull <second tap> target-hull` into a fresh store and
    state; checks that neither credential leaks."""
    first, *others = order
    more = [Source(crm, sandboxes[crm.name], secret_for(crm)) for crm in others]
    pipeline = Pipeline(first, sandboxes[first.name], workdir, secret_for(first), more=more)
    try:
        run = pipeline.run()
    finally:
        pipeline.close()
    assert [arg for arg in run.args if arg.startswith(("tap-", "target-"))] == [
        name for crm in order for name in (crm.tap, "target-hull")
    ]
    return pipeline.store()


def two_crm_store(
    sandboxes: dict[str, Sandbox], order: tuple[Crm, ...], workdir: Path
) -> TwoCrmStore:
    datasets = {name: sandbox.dataset for name, sandbox in sandboxes.items()}
    truth = truth_of(*((crm.writer, datasets[crm.name]) for crm in order))
    return TwoCrmStore(order, datasets, truth, run_in_order(sandboxes, order, workdir))


@pytest.fixture(scope="module")
def sandboxes() -> Iterator[dict[str, Sandbox]]:
    with ExitStack() as stack:
        yield start(stack, TWO_CRMS)


@pytest.fixture(scope="module")
def copper_first(
    sandboxes: dict[str, Sandbox], tmp_path_factory: pytest.TempPathFactory
) -> TwoCrmStore:
    return two_crm_store(sandboxes, (COPPER, PIPEDRIVE), tmp_path_factory.mktemp("copper-first"))


@pytest.fixture(scope="module")
def pipedrive_first(
    sandboxes: dict[str, Sandbox], tmp_path_factory: pytest.TempPathFactory
) -> TwoCrmStore:
    return two_crm_store(sandboxes, (PIPEDRIVE, COPPER), tmp_path_factory.mktemp("pipedrive-first"))


def shared(sandboxes: dict[str, Sandbox], copper: str, pipedrive: str) -> list[tuple[Any, Any]]:
    """(Copper id, Pipedrive id) of the population members both CRMs hold as `copper` /
    `pipedrive` records (e.g. people / persons)."""
    by_key = {key: int(i) for i, key in sandboxes["pipedrive"].population[pipedrive].items()}
    return [
        (int(i), by_key[key])
        for i, key in sandboxes["copper"].population[copper].items()
        if key in by_key
    ]


def test_datasets_share_people_and_companies(
    sandboxes: dict[str, Sandbox], copper_first: TwoCrmStore
) -> None:
    """Guards the tests below: the CRMs share people and companies, and union-find over their
    claims predicts target-hull in both orders."""
    assert len(shared(sandboxes, "people", "persons")) >= 20
    assert len(shared(sandboxes, "companies", "organizations")) >= 5
    assert copper_first.truth.released == [], "a profile held together by a released e-mail"
    merged = [u for u in copper_first.truth.users if u.anonymous_ids - _copper_ids(u.claims)]
    assert any(_copper_ids(u.claims) for u in merged), "no user with claims from both CRMs"


def _copper_ids(claims: set[str] | frozenset[str]) -> set[str]:
    return {c for c in claims if c.startswith("coppercrm")}


def test_merged_store_matches_both_datasets(copper_first: TwoCrmStore) -> None:
    """Users, accounts, shells, merges (claims grouped together across CRMs), e-mails and
    domains, account links, attributes, events and skips of both CRMs."""
    problems = truth_differences(copper_first.truth, copper_first.store)
    assert not problems, report(problems)
    # Pipedrive's activities and deals create shells before its persons and organizations
    # arrive; those then match both a shell and a Copper profile, and the two merge.
    assert copper_first.store.stats["merges"]["user"] > 0
    assert copper_first.store.stats["merges"]["account"] > 0


def test_pipedrive_first_yields_the_same_profiles(
    copper_first: TwoCrmStore, pipedrive_first: TwoCrmStore
) -> None:
    problems = truth_differences(pipedrive_first.truth, pipedrive_first.store)
    assert not problems, report(problems)
    problems = store_differences(order_free(copper_first.store), order_free(pipedrive_first.store))
    assert not problems, report(problems)


def order_free(store: Store) -> Store:
    """The store without what depends on the order of the runs: users' account links and
    top-level attributes."""

    def strip(profile: dict[str, Any]) -> dict[str, Any]:
        attributes = {k: v for k, v in profile["attributes"].items() if "/" in k}
        return {**profile, "attributes": attributes, "account_id": None}

    return Store(
        [strip(u) for u in store.users],
        [strip(a) for a in store.accounts],
        store.events,
        store.stats,
    )


def test_profiles_are_filled_from_both_crms(
    sandboxes: dict[str, Sandbox], copper_first: TwoCrmStore
) -> None:
    """By the sandboxes' own population map: a person both CRMs hold is one user when Copper's
    first e-mail is Pipedrive's primary one (however each spells it), and a company both give a
    domain is one account (whether Pipedrive's website has `www.` or not)."""
    data, store = copper_first.datasets, copper_first.store
    people = {p["id"]: p for p in data["copper"]["people"]}
    persons = {p["id"]: p for p in data["pipedrive"]["persons"]}
    spellings = []
    for copper_id, pipedrive_id in shared(sandboxes, "people", "persons"):
        written = (people[copper_id]["emails"][0]["email"], primary_email(persons[pipedrive_id]))
        if email_claim(written[0]) != email_claim(written[1]):
            continue  # Copper's claim is its first address, here a personal one
        user = store.user_with(f"coppercrm-person:person-{copper_id}")
        assert f"pipedrive:{pipedrive_id}" in user["anonymous_ids"], written
        assert f"email:{user['email']}" == email_claim(written[0])
        assert user["attributes"]["coppercrm_person/id"] == copper_id
        assert user["attributes"]["pipedrive/id"] == pipedrive_id
        assert not user["shell"]
        spellings.append(written)
    assert len(spellings) >= 10
    assert any(copper != pipedrive for copper, pipedrive in spellings), "all spelled alike"
    companies = {c["id"]: c for c in data["copper"]["companies"]}
    organizations = {o["id"]: o for o in data["pipedrive"]["organizations"]}
    website = website_key(data["pipedrive"])
    websites = []
    for company_id, organization_id in shared(sandboxes, "companies", "organizations"):
        company, organization = companies.get(company_id), organizations.get(organization_id)
        if company is None or organization is None:
            continue  # a person points at a company its CRM does not have
        domain = domain_claim(company["email_domain"])
        if domain is None or domain != domain_claim(organization["custom_fields"][website]):
            continue  # a CRM without the domain: two accounts, nothing joins them
        account = store.account_with(f"coppercrm:{company_id}")
        assert f"pipedrive:{organization_id}" in account["anonymous_ids"]
        assert f"domain:{account['domain']}" == domain
        assert account["attributes"]["coppercrm/id"] == company_id
        assert account["attributes"]["pipedrive/id"] == organization_id
        assert not account["shell"]
        websites.append(organization["custom_fields"][website])
    assert len(websites) >= 3
    assert any("www." in w for w in websites), "no joined website written with www."
    assert any("www." not in w for w in websites), "every joined website written with www."


def primary_email(person: dict[str, Any]) -> str | None:
    flagged = [e["value"] for e in person["emails"] if e["primary"]]
    return (flagged or [e["value"] for e in person["emails"]] or [None])[0]


def website_key(pipedrive: Dataset) -> str:
    return next(f["key"] for f in pipedrive["organizationFields"] if f["name"] == "Website")


def test_released_email_still_identifies_its_profile(tmp_path: Path) -> None:
    """Copper person 1000109 lists a personal address first; its converted lead 1000076 has the
    work address, which the profile releases when the person's (higher-ranked) e-mail wins.
    Pipedrive person 18, the same population member, has the work address (spelled in capitals):
    union-find puts all three in one profile, and so does target-hull when Pipedrive runs first.
    """
    with ExitStack() as stack:
        sandboxes = start(stack, RELEASED_EMAIL)
        result = two_crm_store(sandboxes, (COPPER, PIPEDRIVE), tmp_path)
    assert result.truth.released == [
        ["coppercrm-lead:lead-1000076", "coppercrm-person:person-1000109", "pipedrive:18"]
    ]
    user = result.store.user_with("coppercrm-person:person-1000109")
    assert "pipedrive:18" in user["anonymous_ids"]
