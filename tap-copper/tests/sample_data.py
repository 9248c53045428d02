"""A small, realistic Copper account: lookups, custom fields of every type, records."""

from __future__ import annotations

import copy
import typing as t

JAN_2024 = 1_704_067_200  # 2024-01-01T00:00:00Z
DAY = 86_400

USERS = [
    {"id": 137658, "name": "Jane Seller", "email": "jane@acme.example", "groups": []},
    {
        "id": 137659,
        "name": "Raj Closer",
        "email": "raj@acme.example",
        "groups": [{"id": 7, "name": "East"}],
    },
]
ACTIVITY_TYPES = {
    "user": [
        {"id": 0, "category": "user", "name": "Note", "is_disabled": False, "count_as_interaction": False},
        {"id": 190711, "category": "user", "name": "Phone Call", "is_disabled": False, "count_as_interaction": True},
        {"id": 190712, "category": "user", "name": "Meeting", "is_disabled": False, "count_as_interaction": True},
    ],
    "system": [
        {"id": 1, "category": "system", "name": "Property Changed", "is_disabled": False, "count_as_interaction": False},
        {"id": 3, "category": "system", "name": "Pipeline Stage Changed", "is_disabled": False, "count_as_interaction": False},
    ],
}  # fmt: skip
PIPELINES = [
    {
        "id": 3,
        "name": "Sales",
        "stages": [
            {"id": 10, "name": "Qualified", "win_probability": 5},
            {"id": 11, "name": "Proposal", "win_probability": 40},
            {"id": 13, "name": "Negotiation", "win_probability": 80},
        ],
    },
    {"id": 4, "name": "Renewals", "stages": [{"id": 20, "name": "Due", "win_probability": 50}]},
]
LEAD_STATUSES = [
    {"id": 1, "name": "New", "order": 1, "is_default": True},
    {"id": 2, "name": "Contacted", "order": 2, "is_default": False},
    {"id": 4, "name": "Converted", "order": 4, "is_default": False},
]
CUSTOMER_SOURCES = [{"id": 5, "name": "Email"}, {"id": 6, "name": "Website"}]
CONTACT_TYPES = [{"id": 5, "name": "Potential Customer"}, {"id": 8, "name": "Current Customer"}]
LOSS_REASONS = [{"id": 1, "name": "Price"}, {"id": 2, "name": "Competitor"}]

ALL = ["lead", "person", "company", "opportunity"]
CUSTOM_FIELD_DEFINITIONS = [
    {"id": 100, "name": "Account Number", "canonical_name": None, "data_type": "String", "available_on": ALL, "is_filterable": False},
    {"id": 101, "name": "Long Notes", "canonical_name": None, "data_type": "Text", "available_on": ALL, "is_filterable": False},
    {"id": 102, "name": "Profile URL", "canonical_name": None, "data_type": "URL", "available_on": ["lead", "person"], "is_filterable": False},
    {"id": 103, "name": "Opportunity Type", "canonical_name": None, "data_type": "Dropdown", "available_on": ["opportunity", "company"], "is_filterable": True,
     "options": [{"id": 501, "name": "New Business", "rank": 0}, {"id": 502, "name": "Cross Sell", "rank": 1}]},
    {"id": 104, "name": "Interests", "canonical_name": None, "data_type": "MultiSelect", "available_on": ALL, "is_filterable": True,
     "options": [{"id": 601, "name": "CRM", "rank": 0}, {"id": 602, "name": "Analytics", "rank": 1}]},
    {"id": 105, "name": "Renewal Date", "canonical_name": None, "data_type": "Date", "available_on": ALL, "is_filterable": True},
    {"id": 106, "name": "Is VIP?", "canonical_name": None, "data_type": "Checkbox", "available_on": ALL, "is_filterable": True},
    {"id": 107, "name": "Score", "canonical_name": None, "data_type": "Float", "available_on": ALL, "is_filterable": True},
    {"id": 108, "name": "Annual Revenue", "canonical_name": None, "data_type": "Currency", "available_on": ALL, "is_filterable": True, "currency": "USD"},
    {"id": 109, "name": "Discount", "canonical_name": None, "data_type": "Percentage", "available_on": ["opportunity"], "is_filterable": True},
    {"id": 110, "name": "Related Account", "canonical_name": None, "data_type": "Connect", "available_on": ["company"], "is_filterable": False},
]  # fmt: skip


def custom_fields(**values: t.Any) -> list[dict]:
    """A record's raw custom_fields array: every definition present, most of them null."""
    ids = {"account_number": 100, "long_notes": 101, "profile_url": 102, "opportunity_type": 103,
           "interests": 104, "renewal_date": 105, "is_vip": 106, "score": 107,
           "annual_revenue": 108, "discount": 109, "related_account": 110}  # fmt: skip
    return [{"custom_field_definition_id": i, "value": values.get(k)} for k, i in ids.items()]


ADDRESS = {"street": "221 Main Street", "city": "San Francisco", "state": "CA", "postal_code": "94105", "country": "US"}  # fmt: skip

LEADS = [
    {
        "id": 8894157, "name": "Ada Prospect", "prefix": None, "first_name": "Ada", "middle_name": None,
        "last_name": "Prospect", "suffix": None, "address": ADDRESS, "assignee_id": 137658,
        "company_name": "Prospect Co", "customer_source_id": 6, "details": "Met at a fair",
        "email": {"email": "ada@prospect.example", "category": "work"}, "interaction_count": 2,
        "monetary_unit": "USD", "monetary_value": 5000, "converted_unit": None, "converted_value": None,
        "socials": [{"url": "https://linkedin.com/in/ada", "category": "linkedin"}], "status": "New",
        "status_id": 1, "tags": ["fair"], "title": "CTO",
        "websites": [{"url": "https://prospect.example", "category": "work"}],
        "phone_numbers": [{"number": "4155550101", "category": "work"}],
        "custom_fields": custom_fields(account_number="A-1", interests=[601, 602], renewal_date=1_735_718_400, is_vip=True, score=7.5),
        "date_created": JAN_2024, "date_modified": JAN_2024 + 100, "date_last_contacted": JAN_2024 + 50,
        "converted_opportunity_id": None, "converted_contact_id": None, "converted_at": None,
    },
    {
        "id": 8894158, "name": "Bo Converted", "prefix": None, "first_name": "Bo", "middle_name": None,
        "last_name": "Converted", "suffix": None, "address": None, "assignee_id": None,
        "company_name": None, "customer_source_id": 5, "details": None, "email": None,
        "interaction_count": 0, "monetary_unit": None, "monetary_value": None, "converted_unit": "USD",
        "converted_value": "75000.0", "socials": [], "status": "Converted", "status_id": 4, "tags": [],
        "title": None, "websites": [], "phone_numbers": [], "custom_fields": custom_fields(),
        "date_created": JAN_2024 + DAY, "date_modified": JAN_2024 + 2 * DAY, "date_last_contacted": None,
        "converted_opportunity_id": 4, "converted_contact_id": 27140359, "converted_at": JAN_2024 + 2 * DAY,
    },
]  # fmt: skip

PEOPLE = [
    {
        "id": 27140359, "name": "Bo Converted", "prefix": None, "first_name": "Bo", "middle_name": None,
        "last_name": "Converted", "suffix": None, "address": ADDRESS, "assignee_id": 137659,
        "company_id": 9607580, "company_name": "Dunder Mifflin", "contact_type_id": 8, "details": None,
        "emails": [{"email": "bo@dunder.example", "category": "work"}],
        "phone_numbers": [{"number": "4153554776", "category": "mobile"}], "socials": [], "tags": [],
        "title": "Buyer", "websites": [], "custom_fields": custom_fields(profile_url="https://bo.example", interests=[]),
        "interaction_count": 1, "date_created": JAN_2024 + 2 * DAY, "date_modified": JAN_2024 + 3 * DAY,
        "date_last_contacted": JAN_2024 + 3 * DAY,
        "leads_converted_from": [{"lead_id": 8894158, "converted_timestamp": JAN_2024 + 2 * DAY}],
        "date_lead_created": JAN_2024 + DAY,
    },
    {
        "id": 27140442, "name": "Cy Contact", "prefix": "Dr.", "first_name": "Cy", "middle_name": "Q",
        "last_name": "Contact", "suffix": None, "address": None, "assignee_id": None, "company_id": None,
        "company_name": None, "contact_type_id": None, "details": "No company", "emails": [],
        "phone_numbers": [], "socials": [], "tags": [], "title": None, "websites": [],
        "custom_fields": custom_fields(), "interaction_count": 0, "date_created": JAN_2024 + 3 * DAY,
        "date_modified": JAN_2024 + 4 * DAY, "date_last_contacted": None, "leads_converted_from": [],
        "date_lead_created": None,
    },
]  # fmt: skip

COMPANIES = [
    {
        "id": 9607580, "name": "Dunder Mifflin", "address": ADDRESS, "assignee_id": 137659, "contact_type_id": 8,
        "details": "Paper", "email_domain": "dunder.example",
        "phone_numbers": [{"number": "4153554776", "category": "work"}], "socials": [], "tags": ["paper"],
        "websites": [{"url": "http://dunder.example", "category": "work"}],
        "custom_fields": custom_fields(opportunity_type=502, annual_revenue=1200000.5, related_account=[9607581]),
        "interaction_count": 2, "primary_contact_id": 27140359, "date_created": JAN_2024,
        "date_modified": JAN_2024 + 5 * DAY,
    },
    {
        "id": 9607581, "name": "Sabre Inc", "address": None, "assignee_id": None, "contact_type_id": 5,
        "details": None, "email_domain": None, "phone_numbers": [], "socials": [], "tags": [], "websites": [],
        "custom_fields": [], "interaction_count": 0, "primary_contact_id": None, "date_created": JAN_2024,
        "date_modified": JAN_2024 + 6 * DAY,
    },
]  # fmt: skip

OPPORTUNITIES = [
    {
        "id": 4, "name": "25 Office Chairs", "assignee_id": 137658, "close_date": "1/15/2024", "company_id": 9607580,
        "company_name": "Dunder Mifflin", "customer_source_id": 6, "details": None, "loss_reason_id": None,
        "pipeline_id": 3, "pipeline_stage_id": 11, "primary_contact_id": 27140359, "priority": "High",
        "status": "Open", "tags": [], "interaction_count": 0, "monetary_unit": "USD", "monetary_value": 75000,
        "converted_unit": None, "converted_value": None, "win_probability": 40,
        "date_stage_changed": JAN_2024 + 2 * DAY, "date_last_contacted": None,
        "leads_converted_from": [{"lead_id": 8894158, "converted_timestamp": JAN_2024 + 2 * DAY}],
        "date_lead_created": JAN_2024 + DAY, "date_created": JAN_2024 + 2 * DAY, "date_modified": JAN_2024 + 7 * DAY,
        "custom_fields": custom_fields(opportunity_type=501, discount=12.5, annual_revenue=75000),
    },
    {
        "id": 6, "name": "Lost deal", "assignee_id": None, "close_date": "12/31/2023", "company_id": None,
        "company_name": None, "customer_source_id": None, "details": None, "loss_reason_id": 2,
        "pipeline_id": 4, "pipeline_stage_id": 20, "primary_contact_id": None, "priority": "None",
        "status": "Lost", "tags": [], "interaction_count": 0, "monetary_unit": None, "monetary_value": None,
        "converted_unit": None, "converted_value": None, "win_probability": 50, "date_stage_changed": None,
        "date_last_contacted": None, "leads_converted_from": [], "date_lead_created": None,
        "date_created": JAN_2024, "date_modified": JAN_2024 + 8 * DAY, "custom_fields": custom_fields(),
    },
]  # fmt: skip

ACTIVITIES = [
    {"id": 3064242278, "parent": {"id": 27140359, "type": "person"}, "type": {"id": 0, "category": "user"},
     "user_id": 137658, "details": "Intro note", "activity_date": JAN_2024 + DAY, "old_value": None,
     "new_value": None, "date_created": JAN_2024 + DAY, "date_modified": JAN_2024 + DAY},
    {"id": 3061844454, "parent": {"id": 9607580, "type": "company"}, "type": {"id": 190711, "category": "user"},
     "user_id": 137659, "details": "Call &#x27;em", "activity_date": JAN_2024 + 2 * DAY, "old_value": None,
     "new_value": None, "date_created": JAN_2024 + 2 * DAY, "date_modified": JAN_2024 + 2 * DAY},
    {"id": 3061845284, "parent": {"id": 8894157, "type": "lead"}, "type": {"id": 190712, "category": "user"},
     "user_id": 137658, "details": "Demo", "activity_date": JAN_2024 + 3 * DAY, "old_value": None,
     "new_value": None, "date_created": JAN_2024 + 4 * DAY, "date_modified": JAN_2024 + 3 * DAY},
    {"id": 2826555341, "parent": {"id": 4, "type": "opportunity"}, "type": {"id": 3, "category": "system"},
     "user_id": 137658, "details": None, "activity_date": JAN_2024 + 4 * DAY, "old_value": {"id": 10, "name": "Qualified"},
     "new_value": {"id": 11, "name": "Proposal"}, "date_created": JAN_2024 + 4 * DAY, "date_modified": JAN_2024 + 4 * DAY},
]  # fmt: skip


def account() -> dict[str, t.Any]:
    """A fresh deep copy of the whole account (tests may mutate it)."""
    return copy.deepcopy(
        {
            "users": USERS,
            "activity_types": ACTIVITY_TYPES,
            "pipelines": PIPELINES,
            "lead_statuses": LEAD_STATUSES,
            "customer_sources": CUSTOMER_SOURCES,
            "contact_types": CONTACT_TYPES,
            "loss_reasons": LOSS_REASONS,
            "custom_field_definitions": CUSTOM_FIELD_DEFINITIONS,
            "leads": LEADS,
            "people": PEOPLE,
            "companies": COMPANIES,
            "opportunities": OPPORTUNITIES,
            "activities": ACTIVITIES,
        }
    )
