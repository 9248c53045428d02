"""Copper `POST /<entity>/search` bodies: validation, filters, sorting, paging and the cap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from crm_sandboxes.core.store import DataStore, Record

Predicate = Callable[[Record], bool]
Key = Callable[[Record], Any]

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 20
OPPORTUNITY_STATUS_IDS = {"Open": 0, "Won": 1, "Lost": 2, "Abandoned": 3}


def _text(field: str) -> Key:
    return lambda r: r[field].casefold() if r.get(field) else None


def _nested(field: str, key: str) -> Key:
    return lambda r: (r[field][0][key] if r[field] else None) if field in r else None


def _address(key: str) -> Key:
    return lambda r: (r["address"] or {}).get(key)


def _email(record: Record) -> str | None:
    if "emails" in record:
        return record["emails"][0]["email"].casefold() if record["emails"] else None
    return record["email"]["email"].strip().casefold() if record.get("email") else None


def _close_date(record: Record) -> tuple[int, ...] | None:
    month, day, year = (int(part) for part in (record["close_date"] or "0/0/0").split("/"))
    return (year, month, day) if year else None


def _field(field: str) -> Key:
    return lambda r: r.get(field)


SORT_KEYS: dict[str, Key] = {
    "id": _field("id"),
    "activity_date": _field("activity_date"),
    "name": _text("name"),
    "first_name": _text("first_name"),
    "last_name": _text("last_name"),
    "company_name": _text("company_name"),
    "account": _text("company_name"),
    "title": _text("title"),
    "email": _email,
    "email_domain": _text("email_domain"),
    "phone": _nested("phone_numbers", "number"),
    "primary_website": _nested("websites", "url"),
    "city": _address("city"),
    "state": _address("state"),
    "country": _address("country"),
    "zip": _address("postal_code"),
    "value": _field("monetary_value"),
    "date_modified": _field("date_modified"),
    "date_created": _field("date_created"),
    "assignee": _field("assignee_id"),
    "interaction_count": _field("interaction_count"),
    "last_interaction": _field("date_last_contacted"),
    "inactive_days": lambda r: -r["date_last_contacted"] if r["date_last_contacted"] else None,
    # The sandbox orders "contact" fields by the primary contact's id, not the contact's name.
    "contact": _field("primary_contact_id"),
    "contact_first_name": _field("primary_contact_id"),
    "contact_last_name": _field("primary_contact_id"),
    "contact_group": _field("contact_type_id"),
    "customer_source_id": _field("customer_source_id"),
    "source": _field("customer_source_id"),
    "stage": _field("pipeline_stage_id"),
    "deal_last_stage": _field("pipeline_stage_id"),
    "status": lambda r: OPPORTUNITY_STATUS_IDS.get(r["status"]),
    "priority": lambda r: ("None", "Low", "Medium", "High").index(r["priority"]),
    "win_probability": _field("win_probability"),
    "close_date": _close_date,
}

_CONTACT_SORTS = {"name", "first_name", "last_name", "title", "email", "phone", "date_modified",
                  "date_created", "city", "state", "country", "zip"}  # fmt: skip
SORTABLE = {
    "leads": _CONTACT_SORTS | {"company_name", "value", "inactive_days"},
    "people": _CONTACT_SORTS,
    "companies": {"name", "phone", "contact", "contact_first_name", "contact_last_name",
                  "date_modified", "date_created", "email_domain", "city", "state", "country",
                  "zip", "assignee", "contact_group", "last_interaction", "interaction_count",
                  "primary_website"},
    "opportunities": {"name", "account", "company_name", "value", "assignee",
                      "customer_source_id", "date_modified", "date_created", "contact", "stage",
                      "status", "close_date", "source", "priority", "last_interaction",
                      "interaction_count", "deal_last_stage", "win_probability"},
}  # fmt: skip
DEFAULT_SORT = {"leads": "name", "people": "first_name", "companies": "date_modified",
                "opportunities": "name"}  # fmt: skip

# Body key -> record field for "value in the given list" filters.
MEMBERSHIP: dict[str, Key] = {
    "ids": _field("id"),
    "assignee_ids": lambda r: -2 if r["assignee_id"] is None else r["assignee_id"],  # -2 = none
    "company_ids": _field("company_id"),
    "contact_type_ids": _field("contact_type_id"),
    "customer_source_ids": _field("customer_source_id"),
    "pipeline_ids": _field("pipeline_id"),
    "pipeline_stage_ids": _field("pipeline_stage_id"),
}
RANGES = {  # body key stem -> record field; minimum_/maximum_ bounds are inclusive
    "created_date": "date_created",
    "modified_date": "date_modified",
    "interaction_count": "interaction_count",
}
_COMMON = {
    "page_number",
    "page_size",
    "sort_by",
    "sort_direction",
    "ids",
    "name",
    "assignee_ids",
    "tags",
    *(f"{b}_{s}" for b in ("minimum", "maximum") for s in RANGES),
}
ACCEPTED = {
    "leads": _COMMON | {"emails", "status_ids", "customer_source_ids", "include_converted_leads"},
    "people": _COMMON | {"emails", "company_ids", "contact_type_ids"},
    "companies": _COMMON | {"contact_type_ids"},
    "opportunities": _COMMON | {"company_ids", "status_ids", "pipeline_ids",
                                "pipeline_stage_ids", "customer_source_ids"},
}  # fmt: skip
ACTIVITY_KEYS = {"parent", "activity_types", "page_number", "page_size",
                 "minimum_activity_date", "maximum_activity_date", "full_result"}  # fmt: skip
ACTIVITY_PARENTS = ("lead", "person", "company", "opportunity", "project", "task")
# Documented Copper filters the sandbox does not emulate: rejected with an explicit message.
NOT_EMULATED = {"phone_number", "city", "state", "postal_code", "country", "socials",
                "websites", "custom_fields", "minimum_interaction_date",
                "maximum_interaction_date", "minimum_close_date", "maximum_close_date",
                "minimum_stage_change_date", "maximum_stage_change_date"}  # fmt: skip


class InvalidSearch(ValueError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Page:
    number: int
    size: int


@dataclass
class SearchQuery:
    page: Page
    sort_by: str
    descending: bool
    predicates: list[Predicate]


def parse_search(entity: str, body: dict[str, Any]) -> SearchQuery:
    """Validate a search body like Copper does (422 on unknown keys or bad values)."""
    accepted = ACCEPTED[entity]
    _reject_unknown(body, accepted | NOT_EMULATED)
    unsupported = sorted(set(body) - accepted)
    if unsupported:
        raise InvalidSearch(400, f"The sandbox does not emulate: {', '.join(unsupported)}")
    sort_by = body.get("sort_by", DEFAULT_SORT[entity])
    if sort_by not in SORTABLE[entity]:
        _invalid(f"sort_by must be one of {', '.join(sorted(SORTABLE[entity]))}")
    direction = body.get("sort_direction", "asc")
    if direction not in ("asc", "desc"):
        _invalid("sort_direction must be asc or desc")
    predicates = _predicates(entity, body)
    return SearchQuery(parse_page(body), sort_by, direction == "desc", predicates)


def parse_activity_search(body: dict[str, Any]) -> SearchQuery:
    """Activities: newest `activity_date` first (the sandbox's order; Copper documents none)."""
    _reject_unknown(body, ACTIVITY_KEYS)
    predicates: list[Predicate] = []
    if "parent" in body:
        parent = body["parent"]
        if not isinstance(parent, dict) or parent.get("type") not in ACTIVITY_PARENTS:
            _invalid(f"parent must be {{id, type}} with type in {', '.join(ACTIVITY_PARENTS)}")
        wanted = {"id": integer(parent, "id"), "type": parent["type"]}
        predicates.append(lambda r: r["parent"] == wanted)
    if "activity_types" in body:
        types = body["activity_types"]
        if not isinstance(types, list) or not all(
            isinstance(t, dict) and t.get("category") in ("user", "system") for t in types
        ):
            _invalid("activity_types must be an array of {id, category: user|system}")
        pairs = {(integer(t, "id"), t["category"]) for t in types}
        predicates.append(lambda r: (r["type"]["id"], r["type"]["category"]) in pairs)
    if "minimum_activity_date" in body:
        predicates.append(_at_least("activity_date", integer(body, "minimum_activity_date")))
    if "maximum_activity_date" in body:
        predicates.append(_at_most("activity_date", integer(body, "maximum_activity_date")))
    if not isinstance(body.get("full_result", False), bool):
        _invalid("full_result must be a boolean")
    return SearchQuery(parse_page(body), "activity_date", True, predicates)


def parse_user_search(body: dict[str, Any]) -> SearchQuery:
    _reject_unknown(body, {"page_number", "page_size"})
    return SearchQuery(parse_page(body), "id", False, [])


def parse_page(body: dict[str, Any]) -> Page:
    number = integer(body, "page_number", 1)
    size = integer(body, "page_size", DEFAULT_PAGE_SIZE)
    if number < 1:
        _invalid("page_number must be greater than or equal to 1")
    if not 1 <= size <= MAX_PAGE_SIZE:
        _invalid(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
    return Page(number, size)


def run_search(
    store: DataStore, entity: str, query: SearchQuery, cap: int
) -> tuple[list[Record], int]:
    """(page of records, total matches). Ties in the sort field fall back to the id."""
    key = SORT_KEYS[query.sort_by]
    view = store.sorted_view(
        entity,
        query.sort_by,
        lambda r: (key(r) is None, key(r), r["id"]),
        reverse=query.descending,
    )
    predicates = query.predicates
    matches = [r for r in view if all(p(r) for p in predicates)] if predicates else view
    return paginate(matches, query.page, cap), len(matches)


def paginate(matches: list[Record], page: Page, cap: int) -> list[Record]:
    """One page, never reaching past position `cap` (Copper's 100,000-results limit)."""
    start = (page.number - 1) * page.size
    return matches[start : min(start + page.size, cap)]


def integer(body: dict[str, Any], key: str, default: int | None = None) -> int:
    """An integer body value; numeric strings are accepted like Copper does."""
    value = body.get(key, default)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        _invalid(f"{key} must be an integer")
    return int(value)


def _predicates(entity: str, body: dict[str, Any]) -> list[Predicate]:
    predicates: list[Predicate] = []
    for stem, field in RANGES.items():
        low, high = f"minimum_{stem}", f"maximum_{stem}"
        if low in body:
            predicates.append(_at_least(field, integer(body, low)))
        if high in body:
            predicates.append(_at_most(field, integer(body, high)))
    for key, getter in MEMBERSHIP.items():
        if key in body:
            predicates.append(_member(getter, _int_list(body, key)))
    if "status_ids" in body:
        wanted = set(_int_list(body, "status_ids"))
        if entity == "leads":
            predicates.append(lambda r: r["status_id"] in wanted)
        else:
            predicates.append(lambda r: OPPORTUNITY_STATUS_IDS[r["status"]] in wanted)
    if "name" in body:
        needle = str(body["name"]).casefold()
        predicates.append(lambda r: needle in r["name"].casefold())
    if "tags" in body:
        tags = set(_string_list(body, "tags"))
        predicates.append(lambda r: not tags.isdisjoint(r["tags"]))
    if "emails" in body:
        predicates.append(_email_filter(entity, body["emails"]))
    if entity == "leads" and body.get("include_converted_leads") is not True:
        predicates.append(lambda r: r["converted_at"] is None)
    return predicates


def _at_least(field: str, bound: int) -> Predicate:
    return lambda r: r[field] is not None and r[field] >= bound


def _at_most(field: str, bound: int) -> Predicate:
    return lambda r: r[field] is not None and r[field] <= bound


def _member(getter: Key, values: list[int]) -> Predicate:
    wanted = set(values)
    return lambda r: getter(r) in wanted


def _email_filter(entity: str, value: Any) -> Predicate:
    """Leads take one address, people a list; matching ignores case and surrounding spaces."""
    if entity == "leads" and not isinstance(value, str):
        _invalid("emails must be a string")
    addresses = [value] if entity == "leads" else _string_list({"emails": value}, "emails")
    wanted = {address.strip().casefold() for address in addresses}
    if entity == "leads":
        return lambda r: bool(r["email"]) and r["email"]["email"].strip().casefold() in wanted
    return lambda r: any(e["email"].strip().casefold() in wanted for e in r["emails"])


def _int_list(body: dict[str, Any], key: str) -> list[int]:
    values = body[key]
    if not isinstance(values, list):
        _invalid(f"{key} must be an array of integers")
    return [integer({key: value}, key) for value in values]


def _string_list(body: dict[str, Any], key: str) -> list[str]:
    values = body[key]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        _invalid(f"{key} must be an array of strings")
    return values


def _reject_unknown(body: dict[str, Any], accepted: set[str]) -> None:
    unknown = sorted(set(body) - accepted)
    if unknown:
        raise InvalidSearch(
            422, f"Invalid input: Unrecognized attributes specified: {', '.join(unknown)}"
        )


def _invalid(message: str) -> NoReturn:
    raise InvalidSearch(422, f"Invalid input: Validation errors: {message}")
