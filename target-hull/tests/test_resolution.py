"""Claims, priority and merges, on SQLite and PostgreSQL."""

import json
import logging

from target_hull.resolve import new_profile_id
from tests.conftest import record, run_target


def contact(id, email=None, customer_number=None, company_id=None, **extra):
    emails = [{"address": email, "primary": True}] if email else []
    return record(
        "contacts",
        id=id,
        emails=emails,
        customer_number=customer_number,
        company_id=company_id,
        converted_from_lead_ids=extra.pop("leads", []),
        **extra,
    )


def test_no_match_creates_and_a_match_updates(store_url, view_of):
    run_target(store_url, [contact(1, "a@x.example", title="CTO")])
    run_target(store_url, [contact(1, "a@x.example", title="CEO")])
    (user,) = view_of(store_url).users()
    assert user["email"] == "a@x.example"
    assert user["anonymous_ids"] == ["samplecrm-contact:contact-1"]
    assert user["attributes"]["samplecrm_contact/title"] == "CEO"
    assert user["attributes"]["samplecrm_contact/id"] == 1


def test_claims_matching_two_profiles_merge_into_the_highest_priority_match(store_url, view_of):
    run_target(
        store_url,
        [
            record("leads", id=10, email="lead@x.example", status="New"),  # profile A (email)
            contact(5, title="CTO"),  # profile B: anonymous id only
            record("activities", id=1, parent={"type": "contact", "id": 5}, type_name="Call"),
        ],
    )
    assert len(view_of(store_url).users()) == 2
    # A contact record carrying A's email and B's anonymous id joins them.
    run_target(store_url, [contact(5, "lead@x.example", title="CTO")])
    view = view_of(store_url)
    (user,) = view.users()
    assert user["email"] == "lead@x.example"
    assert set(user["anonymous_ids"]) == {"samplecrm-lead:lead-10", "samplecrm-contact:contact-5"}
    assert user["attributes"]["samplecrm_lead/status"] == "New"
    assert user["attributes"]["samplecrm_contact/title"] == "CTO"
    (event,) = view.events()
    assert event["user_id"] == user["id"]
    (merge,) = view.merges()
    assert merge["survivor_id"] == user["id"]
    assert merge["claim_kind"] == "anonymous_id"
    assert merge["claim_value"] == "samplecrm-contact:contact-5"
    assert (merge["stream"], merge["record_key"]) == ("contacts", "5")
    snapshot = json.loads(merge["loser_snapshot"])
    assert snapshot["groups"]["samplecrm_contact"]["title"] == "CTO"


def test_equal_priority_matches_keep_the_older_profile(store_url, view_of):
    run_target(store_url, [record("leads", id=1, email=None, name="old")])
    run_target(store_url, [contact(2, title="new")])
    older = view_of(store_url).user_with("samplecrm-lead:lead-1")["id"]
    # converted_from_lead_ids puts both anonymous ids (same priority) on one record
    run_target(store_url, [contact(2, leads=[1])])
    (user,) = view_of(store_url).users()
    assert user["id"] == older


def test_different_external_ids_never_merge(store_url, view_of, caplog):
    run_target(
        store_url,
        [
            contact(1, "one@x.example", customer_number="C-1"),
            contact(2, "two@x.example", customer_number="C-2"),
        ],
    )
    caplog.set_level(logging.WARNING)
    # external_id C-1 (profile 1) and email two@ (profile 2): both carry external_ids.
    run_target(store_url, [contact(1, "two@x.example", customer_number="C-1", title="X")])
    view = view_of(store_url)
    users = {u["external_id"]: u for u in view.users()}
    assert set(users) == {"C-1", "C-2"}
    assert users["C-1"]["attributes"]["samplecrm_contact/title"] == "X"  # landed on the top match
    assert users["C-2"]["email"] == "two@x.example"  # the claim stays where it was
    assert users["C-1"]["email"] == "one@x.example"
    assert view.merges() == []
    assert "Not merging" in caplog.text


def test_external_id_is_never_replaced(store_url, view_of, caplog):
    run_target(store_url, [contact(1, "one@x.example", customer_number="C-1")])
    caplog.set_level(logging.WARNING)
    run_target(store_url, [contact(9, "one@x.example", customer_number="C-9")])
    (user,) = view_of(store_url).users()
    assert user["external_id"] == "C-1"
    assert "contact-9" in "".join(user["anonymous_ids"])
    assert "external_id 'C-1'" in caplog.text


def test_a_profile_holds_one_email_and_its_former_ones_still_find_it(store_url, view_of):
    run_target(store_url, [contact(1, "old@x.example")])
    run_target(store_url, [contact(1, "new@x.example")])  # the same object changed its e-mail
    run_target(store_url, [record("leads", id=2, email="old@x.example", status="New")])
    (user,) = view_of(store_url).users()
    assert user["email"] == "new@x.example"
    assert user["attributes"]["samplecrm_lead/status"] == "New"


def test_converted_leads_join_their_person(store_url, view_of):
    run_target(
        store_url,
        [
            record("leads", id=10, email="lead-address@x.example", status="Converted"),
            contact(20, "person-address@x.example", leads=[10]),
        ],
    )
    view = view_of(store_url)
    (user,) = view.users()
    assert user["email"] == "person-address@x.example"  # the survivor was matched by e-mail
    assert set(user["anonymous_ids"]) == {"samplecrm-lead:lead-10", "samplecrm-contact:contact-20"}
    assert user["attributes"]["samplecrm_lead/status"] == "Converted"


def _lead_and_person():
    lead = record("leads", id=10, email="lead-address@x.example", status="Converted")
    person = contact(20, "person-address@x.example", leads=[10])
    return lead, person


def test_the_higher_ranked_object_keeps_its_email_whatever_the_order(store_url, view_of):
    lead, person = _lead_and_person()
    run_target(store_url, [lead, person])
    assert view_of(store_url).users()[0]["email"] == "person-address@x.example"
    run_target(store_url, [lead])  # a re-delivered lead does not take the e-mail back
    (user,) = view_of(store_url).users()
    assert user["email"] == "person-address@x.example"


def test_the_order_records_arrive_in_does_not_choose_the_email(sqlite_url, tmp_path, view_of):
    lead, person = _lead_and_person()
    run_target(sqlite_url, [person, lead])
    assert view_of(sqlite_url).users()[0]["email"] == "person-address@x.example"
    # equal ranks: the lower object id wins, in either order
    first = [
        contact(1, "a@x.example", customer_number="C-1"),
        contact(2, "b@x.example", customer_number="C-1"),
    ]
    for number, messages in enumerate((first, first[::-1])):
        url = f"sqlite:///{tmp_path}/order{number}.db"
        run_target(url, messages)
        (user,) = view_of(url).users()
        assert user["email"] == "a@x.example"


def test_profile_ids_increase_even_when_the_clock_steps_back(monkeypatch):
    readings = iter([5_000, 5_000, 4_000, 6_000])
    monkeypatch.setattr("target_hull.resolve.time.time_ns", lambda: next(readings))
    ids = [new_profile_id() for _ in range(4)]
    assert ids == sorted(ids)
    assert len({i[:16] for i in ids}) == 4
