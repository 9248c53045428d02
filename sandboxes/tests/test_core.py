"""Unit tests of the shared machinery: limiter, budget, faults, routing, population, ids."""

from __future__ import annotations

import random

import pytest

from crm_sandboxes.core.faults import FaultConfig, FaultInjector
from crm_sandboxes.core.http import json_response
from crm_sandboxes.core.population import Population, email_variant, website_variant
from crm_sandboxes.core.ratelimit import RollingWindowLimiter, TokenBudget
from crm_sandboxes.core.routing import Router
from crm_sandboxes.core.timeline import assign_ids


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rolling_window_admits_limit_then_frees_slots_as_they_age() -> None:
    clock = FakeClock()
    limiter = RollingWindowLimiter(3, 10.0, clock)
    allowed = []
    for _ in range(3):
        allowed.append(limiter.acquire().allowed)
        clock.now += 2
    rejected = limiter.acquire()  # at +6 s: three requests in the last 10 s
    assert allowed == [True, True, True]
    assert (rejected.allowed, rejected.remaining) == (False, 0)
    assert rejected.reset_seconds == pytest.approx(4.0)
    clock.now += 4  # the first request leaves the window
    decision = limiter.acquire()
    assert (decision.allowed, decision.remaining) == (True, 0)


def test_token_budget_spends_until_empty_and_refills_each_period() -> None:
    clock = FakeClock()
    budget = TokenBudget(30, 100.0, clock)
    assert [budget.spend(10) for _ in range(4)] == [True, True, True, False]
    assert budget.spend(20) is False
    assert budget.remaining == 0
    clock.now += 100
    assert budget.remaining == 30
    assert budget.spend(20)


def test_fault_stream_is_deterministic_per_seed() -> None:
    config = FaultConfig(error_rate=0.2, throttle_rate=0.1, slow_rate=0.1, drop_rate=0.1, seed=7)
    first, second = FaultInjector(config), FaultInjector(config)
    draws = [first.draw() for _ in range(300)]
    assert draws == [second.draw() for _ in range(300)]
    kinds = {draw.kind for draw in draws if draw}
    assert kinds == {"drop", "error", "throttle", "slow"}
    assert {draw.status for draw in draws if draw and draw.kind == "error"} == {500, 502, 503}
    assert 0.4 < sum(1 for d in draws if d) / len(draws) < 0.7  # ~50% plus bursts
    other = FaultInjector(FaultConfig(error_rate=0.2, seed=8))
    assert [other.draw() for _ in range(300)] != draws


def test_throttle_starts_a_burst_of_consecutive_429s() -> None:
    injector = FaultInjector(FaultConfig(throttle_rate=0.05, throttle_burst=4, seed=3))
    kinds = [draw.kind if draw else None for draw in (injector.draw() for _ in range(400))]
    start = kinds.index("throttle")
    assert kinds[start : start + 4] == ["throttle"] * 4


def test_scripted_faults_come_first_and_in_order() -> None:
    injector = FaultInjector()
    injector.script(["drop", 503, "throttle", "slow"])
    draws = [injector.draw() for _ in range(5)]
    assert [(d.kind, d.status) if d else None for d in draws] == [
        ("drop", None),
        ("error", 503),
        ("throttle", None),
        ("slow", None),
        None,
    ]


@pytest.mark.parametrize(
    "settings",
    [{"error_rate": 0.7, "drop_rate": 0.5}, {"error_rate": -0.1}, {"error_statuses": [404]}],
)
def test_invalid_fault_settings_are_rejected(settings: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"rate|5xx"):
        FaultConfig.from_dict(settings)


def test_router_matches_literals_before_placeholders_and_tells_404_from_405() -> None:
    router = Router()
    router.add("GET", "/users/me", lambda _: json_response("me"))
    router.add("GET", "/users/{id}", lambda _: json_response("by id"))
    me = router.match("GET", "/users/me")
    by_id = router.match("GET", "/users/42")
    assert isinstance(me, tuple)
    assert isinstance(by_id, tuple)
    assert by_id[1] == {"id": "42"}
    assert me[0].pattern.pattern != by_id[0].pattern.pattern
    assert router.match("POST", "/users/42") == 405
    assert router.match("GET", "/nothing") == 404


def test_population_is_deterministic_and_emails_are_unique_across_lanes() -> None:
    population = Population(5)
    people = population.draw("copper", 15_000, shared=5_000)
    people += population.draw("pipedrive", 15_000, shared=0)
    assert people[:50] == Population(5).draw("copper", 50, shared=50)
    emails = [person.email for person in people]
    assert len(set(emails)) == len(emails)
    assert all(email == email.strip().lower() for email in emails)
    assert Population(6).person("shared", 0) != population.person("shared", 0)


def test_people_of_a_company_share_its_domain() -> None:
    person = Population(1).person("shared", 3)
    assert person.company is not None
    assert person.email.endswith("@" + person.company.domain)


def test_email_and_website_variants_keep_the_same_address() -> None:
    email = "jane.doe@acme.example"
    variants = [email_variant(email, n) for n in range(4)]
    assert variants[1] == " Jane.Doe@Acme.example "
    assert {v.strip().lower() for v in variants} == {email}
    sites = [website_variant("acme.example", n) for n in range(5)]
    assert sites[0] == "https://www.acme.example/"
    assert {s.split("//")[-1].removeprefix("www.").rstrip("/") for s in sites} == {"acme.example"}


def test_ids_grow_with_creation_time() -> None:
    created = [50, 10, 30, 30, 20]
    ids = assign_ids(created, 1, random.Random(1))
    by_time = [i for _, i in sorted(zip(created, ids, strict=True))]
    assert by_time == sorted(by_time)
    assert len(set(ids)) == len(ids)
