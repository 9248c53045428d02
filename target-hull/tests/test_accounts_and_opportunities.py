"""Account links, shell accounts and users, opportunities as type-postfixed groups."""

import logging

from target_hull.mapping import build_mapping, shipped_sources
from tests.conftest import record, run_target
from tests.test_resolution import contact


def company(id, website=None, **extra):
    return record("companies", id=id, website=website, **extra)


def deal(id, type="New Business", company_id=1, contact_id=1, **extra):
    return record("deals", id=id, type=type, company_id=company_id, contact_id=contact_id, **extra)


def test_users_link_to_a_shell_account_that_their_company_later_fills(store_url, view_of):
    run_target(store_url, [contact(1, "a@acme.example", company_id=7)])
    view = view_of(store_url)
    (shell,) = view.accounts()
    assert shell["shell"] is True
    assert shell["anonymous_ids"] == ["samplecrm:7"]
    assert view.user("a@acme.example")["account_id"] == shell["id"]

    run_target(store_url, [company(7, "https://www.acme.example/", name="Acme")])
    (account,) = view.accounts()
    assert account["id"] == shell["id"]
    assert account["shell"] is False
    assert account["domain"] == "acme.example"
    assert account["attributes"]["samplecrm/name"] == "Acme"
    assert account["attributes"]["name"] == "Acme"


def test_a_shell_whose_company_domain_is_taken_merges_and_its_users_follow(store_url, view_of):
    run_target(
        store_url,
        [
            company(1, "acme.example", name="Acme"),  # holds the domain
            contact(2, "b@acme.example", company_id=9),  # shell account samplecrm:9
        ],
    )
    view = view_of(store_url)
    assert len(view.accounts()) == 2
    # Company 9 turns out to be acme.example too: the shell merges into the domain's account.
    run_target(store_url, [company(9, "http://acme.example/about", name="Acme Inc")])
    (account,) = view.accounts()
    assert set(account["anonymous_ids"]) == {"samplecrm:1", "samplecrm:9"}
    assert view.user("b@acme.example")["account_id"] == account["id"]
    (merge,) = view.merges()
    assert merge["entity"] == "account"
    assert merge["claim_kind"] == "anonymous_id"


def test_the_last_link_wins(store_url, view_of):
    run_target(store_url, [contact(1, "a@x.example", company_id=1)])
    run_target(store_url, [contact(1, "a@x.example", company_id=2)])
    view = view_of(store_url)
    assert view.user("a@x.example")["account_id"] == view.account_with("samplecrm:2")["id"]


def test_linking_can_be_turned_off(store_url, view_of):
    run_target(store_url, [contact(1, "a@x.example", company_id=1)], link_accounts=False)
    view = view_of(store_url)
    assert view.accounts() == []
    assert view.user("a@x.example")["account_id"] is None


def test_opportunities_land_on_account_and_primary_contact(store_url, view_of):
    run_target(
        store_url,
        [
            company(1, "acme.example"),
            contact(1, "a@acme.example", company_id=1),
            deal(100, "New Business", value=5000),
            deal(101, "Upsell", value=10),
        ],
    )
    view = view_of(store_url)
    for profile in (view.account_with("samplecrm:1"), view.user("a@acme.example")):
        attrs = profile["attributes"]
        assert attrs["samplecrm_opportunity_New Business/id"] == 100
        assert attrs["samplecrm_opportunity_New Business/value"] == 5000
        assert attrs["samplecrm_opportunity_Upsell/id"] == 101


def test_opportunities_create_shell_users_that_the_person_fills(store_url, view_of):
    run_target(store_url, [deal(100, company_id=3, contact_id=4)])
    view = view_of(store_url)
    (user,) = view.users()
    assert user["shell"] is True
    run_target(store_url, [contact(4, "d@x.example", title="Buyer")])
    (user,) = view.users()
    assert user["shell"] is False
    assert user["email"] == "d@x.example"
    assert user["attributes"]["samplecrm_opportunity_New Business/id"] == 100


def test_opportunities_without_a_type_are_skipped_and_counted(store_url, view_of):
    run_target(store_url, [deal(1, type=None), deal(2, type="  ")])
    counts = view_of(store_url).counts()
    assert counts["users"] == counts["accounts"] == 0
    assert counts["skips"] == {"deals: opportunity without a type": 2}


def test_opportunities_are_skipped_with_a_warning_when_no_type_field_is_set(
    sqlite_url, view_of, tmp_path, caplog
):
    mapping = tmp_path / "m.yml"
    mapping.write_text(
        "streams:\n  deals:\n    entity: opportunity\n    group: svc_opportunity\n"
        "    account: {anonymous_id: 'svc:{company_id}'}\n"
    )
    caplog.set_level(logging.INFO)
    run_target(sqlite_url, [deal(1)], mapping_file=str(mapping))
    assert "set `opportunity_type_field`" in caplog.text
    assert view_of(sqlite_url).counts()["skips"] == {"deals: opportunity_type_field not set": 1}


def test_opportunity_types_can_be_slugified(sqlite_url, view_of):
    run_target(sqlite_url, [deal(1, "New Business")], slugify_opportunity_types=True)
    (account,) = view_of(sqlite_url).accounts()
    assert "samplecrm_opportunity_new_business/id" in account["attributes"]


def test_attachments_land_on_the_user_or_else_the_account(sqlite_url, view_of, tmp_path):
    mapping = tmp_path / "m.yml"
    mapping.write_text(
        "streams:\n  leads:\n    entity: attachment\n    group: svc_lead\n"
        "    user: {anonymous_id: 'svc:{person_id}'}\n"
        "    account: {anonymous_id: 'svc:{org_id}'}\n"
    )
    run_target(
        sqlite_url,
        [
            record("leads", id="a", person_id=1, org_id=2, title="with person"),
            record("leads", id="b", person_id=None, org_id=3, title="org only"),
            record("leads", id="c", person_id=None, org_id=None, title="nobody"),
        ],
        mapping_file=str(mapping),
    )
    view = view_of(sqlite_url)
    (user,) = view.users()
    assert user["attributes"]["svc_lead/title"] == "with person"
    assert user["shell"] is True
    (account,) = view.accounts()
    assert account["anonymous_ids"] == ["svc:3"]
    assert account["attributes"]["svc_lead/title"] == "org only"
    assert view.counts()["skips"] == {"leads: no usable claim": 1}


def test_shipped_mappings_load():
    for source in shipped_sources():
        assert build_mapping({"source": source}).streams


def test_the_latest_modified_record_holds_a_shared_group_whatever_the_delivery_order(
    store_url, view_of
):
    newer = deal(
        2, "Upsell", company_id=1, contact_id=1, value=200, updated_at="2026-03-01T00:00:00Z"
    )
    older = deal(
        1, "Upsell", company_id=1, contact_id=1, value=100, updated_at="2025-01-01T00:00:00Z"
    )
    run_target(store_url, [newer, older])  # e.g. an archived deal arriving after a current one
    run_target(store_url, [older])  # and re-delivered later
    (account,) = view_of(store_url).accounts()
    assert account["attributes"]["samplecrm_opportunity_Upsell/id"] == 2
    assert account["attributes"]["samplecrm_opportunity_Upsell/value"] == 200
