"""Fixture records shaped like real Pipedrive responses.

v2 entities carry typed ``custom_fields`` keyed by 40-character hashes; v1 leads carry
root-level custom fields in v1 encoding; v1 objects use ``YYYY-MM-DD HH:MM:SS``.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any


def field_hash(name: str) -> str:
    """Deterministic 40-character hex key, shaped like Pipedrive's custom-field keys."""
    return hashlib.sha1(name.encode()).hexdigest()


WEBSITE = field_hash("person.website")
WEBSITE_DUPLICATE = field_hash("person.website.2")
LEAD_SCORE = field_hash("person.lead_score")
TIER = field_hash("person.tier")
INTERESTS = field_hash("person.interests")
BUDGET = field_hash("person.budget")
RENEWAL = field_hash("person.renewal")
BILLING_ADDRESS = field_hash("person.billing_address")
ACCOUNT_MANAGER = field_hash("person.account_manager")
CALL_TIME = field_hash("person.call_time")
ORG_DOMAIN = field_hash("org.domain")
INDUSTRY = field_hash("org.industry")
DEAL_SOURCE = field_hash("deal.source")
CONTRACT_VALUE = field_hash("deal.contract_value")
CONTRACT_PERIOD = field_hash("deal.contract_period")
OUTCOME = field_hash("activity.outcome")


def _field(id_: int, key: str, name: str, field_type: str, **extra: Any) -> dict:
    return {
        "id": id_,
        "key": key,
        "name": name,
        "field_type": field_type,
        "order_nr": id_,
        "add_time": "2023-01-10 09:00:00",
        "update_time": "2024-02-01 12:30:00",
        "active_flag": True,
        "edit_flag": HASH_RE.fullmatch(key) is not None,
        "bulk_edit_allowed": True,
        "mandatory_flag": False,
        **extra,
    }


HASH_RE = re.compile(r"[0-9a-f]{40}")


def _options(*pairs: tuple[int, str]) -> list[dict]:
    return [{"id": id_, "label": label} for id_, label in pairs]


PERSON_FIELDS = [
    _field(9001, "name", "Name", "varchar"),
    _field(
        9002,
        "label",
        "Label",
        "enum",
        options=_options((1, "Customer"), (2, "Hot lead"), (3, "Warm lead"), (4, "Cold lead")),
    ),
    _field(9003, "email", "Email", "varchar"),
    _field(9004, "org_id", "Organization", "org"),
    _field(9101, WEBSITE, "Website", "varchar"),
    _field(9102, LEAD_SCORE, "Lead Score", "double"),
    _field(9103, TIER, "Tier", "enum", options=_options((11, "Gold"), (12, "Silver"))),
    _field(
        9104,
        INTERESTS,
        "Interests",
        "set",
        options=_options((21, "Product A"), (22, "Product B"), (23, "Services")),
    ),
    _field(9105, BUDGET, "Budget", "monetary"),
    _field(9106, RENEWAL, "Renewal date", "date"),
    _field(9107, BILLING_ADDRESS, "Billing address", "address"),
    _field(9108, ACCOUNT_MANAGER, "Account manager", "user"),
    _field(9109, CALL_TIME, "Best call time", "time"),
    _field(9110, WEBSITE_DUPLICATE, "website", "varchar"),
]
ORGANIZATION_FIELDS = [
    _field(8001, "name", "Name", "varchar"),
    _field(8002, "label", "Label", "enum", options=_options((5, "Partner"), (6, "Competitor"))),
    _field(8101, ORG_DOMAIN, "Domain", "varchar"),
    _field(8102, INDUSTRY, "Industry", "enum", options=_options((41, "SaaS"), (42, "Retail"))),
]
DEAL_FIELDS = [
    _field(7001, "title", "Title", "varchar"),
    _field(7002, "label", "Label", "set", options=_options((7, "Hot"), (8, "Renewal"))),
    _field(
        7101, DEAL_SOURCE, "Deal Source", "enum", options=_options((31, "Inbound"), (32, "Event"))
    ),
    _field(7102, CONTRACT_VALUE, "Contract value", "monetary"),
    _field(7103, CONTRACT_PERIOD, "Contract period", "daterange"),
]
ACTIVITY_FIELDS = [
    _field(6001, "subject", "Subject", "varchar"),
    _field(6101, OUTCOME, "Outcome", "enum", options=_options((51, "Reached"), (52, "Voicemail"))),
]
LEAD_FIELDS = [
    _field(5001, "title", "Title", "varchar"),
    _field(
        7101, DEAL_SOURCE, "Deal Source", "enum", options=_options((31, "Inbound"), (32, "Event"))
    ),
    _field(7102, CONTRACT_VALUE, "Contract value", "monetary"),
]

USERS = [
    {
        "id": 101,
        "name": "Ada Owner",
        "email": "ada@acme.test",
        "active_flag": True,
        "is_admin": 1,
        "created": "2022-05-01 08:00:00",
        "modified": "2024-03-01 10:00:00",
        "last_login": "2024-06-01 07:45:12",
        "timezone_name": "Europe/Berlin",
        "is_deleted": False,
    },
    {
        "id": 102,
        "name": "Bob Seller",
        "email": "bob@acme.test",
        "active_flag": True,
        "is_admin": 0,
        "created": "2022-06-01 08:00:00",
        "modified": "2024-03-02 10:00:00",
        "last_login": None,
        "is_deleted": False,
    },
]
V2_TIMES = {"add_time": "2022-05-01T08:00:00Z", "update_time": "2024-01-01T00:00:00Z"}
PIPELINES = [
    {
        "id": 1,
        "name": "Sales",
        "order_nr": 1,
        "is_deleted": False,
        "is_deal_probability_enabled": True,
        "is_selected": True,
        **V2_TIMES,
    }
]
STAGES = [
    {
        "id": 10,
        "name": "Qualified",
        "order_nr": 1,
        "pipeline_id": 1,
        "is_deleted": False,
        "deal_probability": 20,
        "is_deal_rot_enabled": False,
        "days_to_rotten": None,
        **V2_TIMES,
    },
    {
        "id": 11,
        "name": "Negotiation",
        "order_nr": 2,
        "pipeline_id": 1,
        "is_deleted": False,
        "deal_probability": 60,
        "is_deal_rot_enabled": True,
        "days_to_rotten": 14,
        **V2_TIMES,
    },
]
ACTIVITY_TYPES = [
    {
        "id": id_,
        "name": name,
        "key_string": name.lower(),
        "order_nr": id_,
        "icon_key": name.lower(),
        "active_flag": True,
        "is_custom_flag": False,
        "add_time": "2022-05-01 08:00:00",
        "update_time": updated,
    }
    for id_, name, updated in ((1, "Call", None), (2, "Meeting", "2023-01-01 08:00:00"))
]
LEAD_LABELS = [
    {
        "id": "f08b42a0-4e75-11ea-9643-03698ef1cfd6",
        "name": "Hot",
        "color": "red",
        "add_time": "2020-02-13T15:31:44.000Z",
        "update_time": "2020-02-13T15:31:44.000Z",
    }
]


def _person(id_: int, updated: str, **extra: Any) -> dict:
    return {
        "id": id_,
        "name": f"Person {id_}",
        "first_name": "Person",
        "last_name": str(id_),
        "owner_id": 101,
        "org_id": 201,
        "add_time": "2023-03-01T10:00:00Z",
        "update_time": updated,
        "emails": [
            {"value": f"p{id_}@example.com", "primary": True, "label": "work"},
            {"value": f"p{id_}@home.example", "primary": False, "label": "home"},
        ],
        "phones": [{"value": "", "primary": True}],
        "is_deleted": False,
        "visible_to": 3,
        "label_ids": [1],
        "picture_id": None,
        "custom_fields": {
            WEBSITE: None,
            LEAD_SCORE: None,
            TIER: None,
            INTERESTS: None,
            BUDGET: None,
            RENEWAL: None,
            BILLING_ADDRESS: None,
            ACCOUNT_MANAGER: None,
            CALL_TIME: None,
            WEBSITE_DUPLICATE: None,
        },
        **extra,
    }


PERSONS = [
    _person(
        1,
        "2024-05-01T10:00:00Z",
        custom_fields={
            WEBSITE: "https://example.com",
            LEAD_SCORE: 87.5,
            TIER: 11,
            INTERESTS: [21, 23],
            BUDGET: {"value": 5000, "currency": "EUR"},
            RENEWAL: "2024-12-31",
            BILLING_ADDRESS: {
                "value": "Main St 1, Berlin",
                "route": "Main St",
                "street_number": "1",
                "locality": "Berlin",
                "country": "Germany",
                "postal_code": "10115",
            },
            ACCOUNT_MANAGER: 102,
            CALL_TIME: {"value": "09:30:00", "timezone_id": 318, "timezone_name": "Europe/Berlin"},
            WEBSITE_DUPLICATE: "https://second.example",
        },
    ),
    _person(2, "2024-05-02T11:00:00Z", label_ids=[2, 3]),
    _person(3, "2024-05-03T12:00:00.000Z", is_deleted=True, org_id=None),
]
ORGANIZATIONS = [
    {
        "id": 201,
        "name": "apple.com",
        "owner_id": 102,
        "add_time": "2023-01-01T00:00:00Z",
        "update_time": "2024-04-01T00:00:00Z",
        "is_deleted": False,
        "visible_to": 3,
        "address": {"value": "1 Infinite Loop", "locality": "Cupertino", "country": "USA"},
        "label_ids": [5],
        "custom_fields": {ORG_DOMAIN: "apple.com", INDUSTRY: 41},
    }
]
DEALS = [
    {
        "id": 301,
        "title": "Big deal",
        "owner_id": 101,
        "creator_user_id": 101,
        "person_id": 1,
        "org_id": 201,
        "pipeline_id": 1,
        "stage_id": 11,
        "value": 12000.5,
        "currency": "EUR",
        "add_time": "2024-01-05T09:00:00Z",
        "update_time": "2024-05-05T09:00:00Z",
        "stage_change_time": "2024-04-05T09:00:00Z",
        "is_deleted": False,
        "is_archived": False,
        "archive_time": None,
        "status": "open",
        "probability": None,
        "lost_reason": None,
        "visible_to": 3,
        "close_time": None,
        "won_time": None,
        "lost_time": None,
        "expected_close_date": "2024-09-30",
        "label_ids": [7, 8],
        "origin": "ManuallyCreated",
        "channel": None,
        "channel_id": None,
        "custom_fields": {
            DEAL_SOURCE: 32,
            CONTRACT_VALUE: {"value": 12000, "currency": "EUR"},
            CONTRACT_PERIOD: {"value": "2024-10-01", "until": "2025-09-30"},
        },
    },
    {
        "id": 302,
        "title": "Gone deal",
        "owner_id": 102,
        "creator_user_id": 102,
        "person_id": 2,
        "org_id": None,
        "pipeline_id": 1,
        "stage_id": 10,
        "value": 0,
        "currency": "USD",
        "add_time": "2024-01-06T09:00:00Z",
        "update_time": "2024-05-06T09:00:00Z",
        "is_deleted": None,
        "is_archived": False,
        "status": "deleted",
        "label_ids": [],
        "custom_fields": {DEAL_SOURCE: None, CONTRACT_VALUE: None, CONTRACT_PERIOD: None},
    },
]
ARCHIVED_DEALS = [
    {
        **DEALS[0],
        "id": 303,
        "title": "Archived deal",
        "is_archived": True,
        "archive_time": "2024-02-01T00:00:00Z",
        "status": "lost",
        "update_time": "2024-02-01T00:00:00Z",
    }
]
ACTIVITIES = [
    {
        "id": 401,
        "subject": "Intro call",
        "type": "call",
        "owner_id": 101,
        "creator_user_id": 101,
        "is_deleted": False,
        "add_time": "2024-05-01T08:00:00Z",
        "update_time": "2024-05-01T09:00:00Z",
        "deal_id": 301,
        "lead_id": None,
        "person_id": 1,
        "org_id": 201,
        "due_date": "2024-05-02",
        "due_time": "10:00",
        "duration": "00:30",
        "busy": True,
        "done": True,
        "marked_as_done_time": "2024-05-02T10:30:00Z",
        "participants": [{"person_id": 1, "primary": True}],
        "attendees": [
            {
                "email": "p1@example.com",
                "name": "Person 1",
                "status": "accepted",
                "is_organizer": 0,
                "person_id": 1,
                "user_id": None,
            }
        ],
        "priority": None,
        "note": "Went well",
        "custom_fields": {OUTCOME: 51},
    }
]
LEADS = [
    {
        "id": "adf21080-0e10-11eb-879b-05d71fb426ec",
        "title": "Lead from webinar",
        "owner_id": 101,
        "creator_id": 101,
        "label_ids": ["f08b42a0-4e75-11ea-9643-03698ef1cfd6"],
        "person_id": 1,
        "organization_id": None,
        "source_name": "API",
        "origin": "API",
        "channel": None,
        "is_archived": False,
        "was_seen": True,
        "value": {"amount": 999, "currency": "USD"},
        "expected_close_date": None,
        "next_activity_id": None,
        "add_time": "2024-04-14T11:30:36.551Z",
        "update_time": "2024-05-04T11:30:36.551Z",
        "visible_to": "3",
        "cc_email": "acme+lead@pipedrivemail.com",
        DEAL_SOURCE: "31",
        CONTRACT_VALUE: "2500",
        f"{CONTRACT_VALUE}_currency": "USD",
    }
]
ARCHIVED_LEADS = [
    {
        **LEADS[0],
        "id": "bdf21080-0e10-11eb-879b-05d71fb426ed",
        "title": "Old lead",
        "is_archived": True,
        "update_time": "2024-03-01T08:00:00.000Z",
    }
]

V2_LISTS = {
    "persons": PERSONS,
    "organizations": ORGANIZATIONS,
    "deals": DEALS,
    "deals/archived": ARCHIVED_DEALS,
    "activities": ACTIVITIES,
    "pipelines": PIPELINES,
    "stages": STAGES,
}
V1_PAGED = {
    "leads": LEADS,
    "leads/archived": ARCHIVED_LEADS,
    "personFields": PERSON_FIELDS,
    "organizationFields": ORGANIZATION_FIELDS,
    "dealFields": DEAL_FIELDS,
    "activityFields": ACTIVITY_FIELDS,
    "leadFields": LEAD_FIELDS,
}
V1_SINGLE = {"users": USERS, "activityTypes": ACTIVITY_TYPES, "leadLabels": LEAD_LABELS}
