"""Copper account-level lists: users, account, activity types, pipelines and small lookups."""

from __future__ import annotations

from crm_sandboxes.core.store import Record

ACCOUNT_TIMEZONE = "America/Phoenix"  # UTC-7 all year: custom Date values are 07:00Z
TIMEZONE_OFFSET = 7 * 3600

_OTHER_USERS = (
    ("Ava Admin", "ava.admin@sandbox-crm.example"),
    ("Ben Seller", "ben.seller@sandbox-crm.example"),
    ("Cara Closer", "cara.closer@sandbox-crm.example"),
    ("Dan Support", "dan.support@sandbox-crm.example"),
    ("Eve Former", "eve.former@sandbox-crm.example"),
)
_GROUPS = ({"id": 600001, "name": "Sales"}, {"id": 600002, "name": "Success"})

USER_ACTIVITY_TYPES = (  # (id, name, is_disabled); Note is always id 0
    (0, "Note", False),
    (190001, "Phone Call", False),
    (190002, "Meeting", False),
    (190003, "Demo", False),
    (190004, "Legacy Call", True),  # disabled custom type still referenced by old activities
)
SYSTEM_ACTIVITY_TYPES = (
    (1, "Property Changed"),
    (2, "User Assigned"),
    (3, "Pipeline Stage Changed"),
    (6, "Email"),
    (8, "Entity Created"),
    (12, "User Joined"),
)

PIPELINES = (  # (id, name, ((stage id, stage name, win probability), ...))
    (
        210001,
        "Sales",
        ((220001, "Qualified", 10), (220002, "Demo", 30), (220003, "Proposal", 60),
         (220004, "Negotiation", 80)),
    ),
    (210002, "Renewals", ((220011, "Upcoming", 50), (220012, "In Talks", 75))),
)  # fmt: skip

LEAD_STATUSES = (
    (230001, "New"),
    (230002, "Unqualified"),
    (230003, "Contacted"),
    (230004, "Qualified"),
)
CUSTOMER_SOURCES = ((240001, "Email"), (240002, "Cold Call"), (240003, "Advertising"),
                    (240004, "Referral"), (240005, "Website"))  # fmt: skip
CONTACT_TYPES = ((250001, "Potential Customer"), (250002, "Current Customer"),
                 (250003, "Uncategorized"), (250004, "Other"))  # fmt: skip
LOSS_REASONS = (
    (260001, "Price"),
    (260002, "Timing"),
    (260003, "Competitor"),
    (260004, "No Budget"),
)


def users(api_email: str) -> list[Record]:
    """The API key's owner first (`GET /users/me`), then the rest of the team."""
    people = (("Sandbox API User", api_email), *_OTHER_USERS)
    return [
        {"id": 500001 + index, "name": name, "email": email, "groups": [_GROUPS[index % 2]]}
        for index, (name, email) in enumerate(people)
    ]


def lookups(api_email: str) -> dict[str, list[Record]]:
    activity_types = [
        {"id": i, "category": "user", "name": n, "is_disabled": d, "count_as_interaction": i != 0}
        for i, n, d in USER_ACTIVITY_TYPES
    ] + [
        {
            "id": i,
            "category": "system",
            "name": n,
            "is_disabled": False,
            "count_as_interaction": False,
        }
        for i, n in SYSTEM_ACTIVITY_TYPES
    ]
    return {
        "users": users(api_email),
        "account": [
            {
                "id": 900001,
                "name": "Sandbox Co",
                "primary_timezone": ACCOUNT_TIMEZONE,
                "settings": {
                    "setting_team_permissions_enabled": False,
                    "setting_enable_leads": True,
                },
            }
        ],
        "activity_types": activity_types,
        "pipelines": [
            {
                "id": pid,
                "name": name,
                "stages": [{"id": s, "name": n, "win_probability": p} for s, n, p in stages],
            }
            for pid, name, stages in PIPELINES
        ],
        "pipeline_stages": [
            {"id": s, "name": n, "pipeline_id": pid, "win_probability": p}
            for pid, _, stages in PIPELINES
            for s, n, p in stages
        ],
        "lead_statuses": [
            {"id": i, "name": n, "order": k + 1, "is_default": k == 0}
            for k, (i, n) in enumerate(LEAD_STATUSES)
        ],
        "customer_sources": [{"id": i, "name": n} for i, n in CUSTOMER_SOURCES],
        "contact_types": [{"id": i, "name": n} for i, n in CONTACT_TYPES],
        "loss_reasons": [{"id": i, "name": n} for i, n in LOSS_REASONS],
    }
