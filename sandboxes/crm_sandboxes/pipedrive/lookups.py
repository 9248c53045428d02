"""Pipedrive company-level lists: users, pipelines, stages, activity types, lead labels."""

from __future__ import annotations

import uuid

from crm_sandboxes.core.store import Record

V1_SETUP = "2023-05-01 09:00:00"
V2_SETUP = "2023-05-01T09:00:00Z"
LEAD_LABEL_TIME = "2023-05-01T09:00:00.000Z"

USERS = (
    ("Sandbox API User", "sandbox@example.com"),
    ("Ava Admin", "ava.admin@sandbox-crm.example"),
    ("Ben Seller", "ben.seller@sandbox-crm.example"),
    ("Cara Closer", "cara.closer@sandbox-crm.example"),
    ("Dan Former", "dan.former@sandbox-crm.example"),
)
USER_IDS = tuple(14_000_001 + i for i in range(len(USERS)))

PIPELINES = (  # (id, name, ((stage id, name, deal probability), ...))
    (1, "Sales", ((1, "Qualified", 10), (2, "Contact Made", 20), (3, "Demo Scheduled", 40),
                  (4, "Proposal Made", 60), (5, "Negotiations Started", 80))),
    (2, "Partnerships", ((6, "Intro", 20), (7, "Evaluation", 50), (8, "Contract", 90))),
)  # fmt: skip

ACTIVITY_TYPES = (  # (id, key_string, name, icon_key, is_custom)
    (1, "call", "Call", "call", False),
    (2, "meeting", "Meeting", "meeting", False),
    (3, "task", "Task", "task", False),
    (4, "deadline", "Deadline", "deadline", False),
    (5, "email", "Email", "email", False),
    (6, "lunch", "Lunch", "lunch", False),
    (7, "demo", "Product demo", "presentation", True),
)

LEAD_LABELS = (("Hot", "red"), ("Warm", "yellow"), ("Cold", "blue"))


def lead_label_ids(account_seed: int) -> list[str]:
    return [str(uuid.uuid5(uuid.NAMESPACE_URL, f"{account_seed}:{n}")) for n, _ in LEAD_LABELS]


def lookups(account_seed: int) -> dict[str, list[Record]]:
    return {
        "users": [
            {
                "id": user_id,
                "name": name,
                "email": email,
                "active_flag": name != "Dan Former",
                "is_admin": user_id == USER_IDS[0],
                "is_you": user_id == USER_IDS[0],
                "role_id": 1,
                "timezone_name": "Europe/Tallinn",
                "default_currency": "USD",
                "created": V1_SETUP,
                "modified": V1_SETUP,
            }
            for user_id, (name, email) in zip(USER_IDS, USERS, strict=True)
        ],
        "pipelines": [
            {"id": pid, "name": name, "order_nr": pid, "is_deleted": False,
             "is_deal_probability_enabled": True, "is_selected": pid == 1,
             "add_time": V2_SETUP, "update_time": V2_SETUP}
            for pid, name, _ in PIPELINES
        ],
        "stages": [
            {"id": sid, "order_nr": k + 1, "name": name, "is_deleted": False,
             "deal_probability": probability, "pipeline_id": pid, "is_deal_rot_enabled": False,
             "days_to_rotten": None, "add_time": V2_SETUP, "update_time": V2_SETUP}
            for pid, _, stages in PIPELINES
            for k, (sid, name, probability) in enumerate(stages)
        ],
        "activity_types": [
            {"id": tid, "order_nr": tid, "name": name, "key_string": key, "icon_key": icon,
             "active_flag": True, "color": None, "is_custom_flag": custom,
             "add_time": V1_SETUP, "update_time": V1_SETUP}
            for tid, key, name, icon, custom in ACTIVITY_TYPES
        ],
        "lead_labels": [
            {"id": label_id, "name": name, "color": color, "add_time": LEAD_LABEL_TIME,
             "update_time": LEAD_LABEL_TIME}
            for label_id, (name, color) in zip(
                lead_label_ids(account_seed), LEAD_LABELS, strict=True
            )
        ],
    }  # fmt: skip
