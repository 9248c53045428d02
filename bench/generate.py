"""Deterministic CRM-shaped Singer input for the target benchmarks (about 50 fields a record)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

#: Share of each stream in the generated input (users, accounts, opportunities, activities).
MIX = {"companies": 0.10, "leads": 0.15, "contacts": 0.35, "deals": 0.10, "activities": 0.30}
FILLER = 40  # extra scalar fields per record, on top of the ~10 the mapping reads


def _filler(rng: random.Random, index: int) -> dict:
    fields = {}
    for n in range(FILLER):
        kind = n % 4
        if kind == 0:
            fields[f"field_{n:02d}"] = f"value {rng.randrange(10_000)}"
        elif kind == 1:
            fields[f"field_{n:02d}"] = rng.randrange(1_000_000)
        elif kind == 2:
            fields[f"field_{n:02d}"] = rng.random() < 0.5
        else:
            fields[f"field_{n:02d}"] = f"2026-0{1 + index % 9}-1{index % 9}T10:00:00Z"
    return fields


def _json_type(value: object) -> dict:
    if isinstance(value, bool):
        return {"type": ["boolean", "null"]}
    if isinstance(value, int):
        return {"type": ["integer", "null"]}
    if isinstance(value, dict):
        return {"type": ["object", "null"]}
    if isinstance(value, list):
        return {"type": ["array", "null"], "items": {"type": "object"}}
    if isinstance(value, str) and value[:2] == "20" and "T" in value:
        return {"type": ["string", "null"], "format": "date-time"}
    return {"type": ["string", "null"]}


def _schema(stream: str, record: dict) -> dict:
    """A typed schema from the stream's first record, as a tap would send it."""
    properties = {field: _json_type(value) for field, value in record.items()}
    properties["id"] = {"type": "integer"}
    return {
        "type": "SCHEMA",
        "stream": stream,
        "key_properties": ["id"],
        "schema": {"type": "object", "properties": properties},
    }


def records(total: int, seed: int = 7, offset: int = 0) -> Iterator[tuple[str, dict]]:
    """(stream, record) pairs; ``offset`` shifts every id so inputs can be disjoint."""
    rng = random.Random(seed)
    counts = {stream: max(1, int(total * share)) for stream, share in MIX.items()}
    companies = counts["companies"]
    contacts = counts["contacts"]
    for i in range(1, companies + 1):
        n = i + offset
        yield (
            "companies",
            {
                "id": n,
                "name": f"Company {n}",
                "website": f"https://www.company{n}.example/",
                "custom": {"tier": rng.choice(["Gold", "Silver", "Bronze"])},
                "updated_at": "2026-01-01T00:00:00Z",
                **_filler(rng, i),
            },
        )
    for i in range(1, counts["leads"] + 1):
        n = i + offset
        yield (
            "leads",
            {
                "id": n,
                "name": f"Lead {n}",
                "email": f"Person{n}@Company{(n % companies) + 1 + offset}.example",
                "status": "New",
                **_filler(rng, i),
            },
        )
    for i in range(1, contacts + 1):
        n = i + offset
        yield (
            "contacts",
            {
                "id": n,
                "name": f"Person {n}",
                "first_name": "Person",
                "last_name": str(n),
                "emails": [{"address": f"person{n}@company{(n % companies) + 1 + offset}.example"}],
                "company_id": (n % companies) + 1 + offset,
                "customer_number": None,
                "converted_from_lead_ids": [],
                "custom": {"score": rng.randrange(100)},
                **_filler(rng, i),
            },
        )
    for i in range(1, counts["deals"] + 1):
        n = i + offset
        yield (
            "deals",
            {
                "id": n,
                "name": f"Deal {n}",
                "type": rng.choice(["New Business", "Upsell", "Renewal", ""]),
                "company_id": (n % companies) + 1 + offset,
                "contact_id": (n % contacts) + 1 + offset,
                **_filler(rng, i),
            },
        )
    for i in range(1, counts["activities"] + 1):
        n = i + offset
        yield (
            "activities",
            {
                "id": n,
                "parent": {
                    "type": rng.choice(["contact", "contact", "lead", "company"]),
                    "id": (n % contacts) + 1 + offset,
                },
                "type_name": rng.choice(["Phone Call", "Meeting", "Note"]),
                "details": "Talked about the roadmap",
                "user_email": "rep@vendor.example",
                "activity_date": "2026-01-02T10:00:00Z",
                **_filler(rng, i),
            },
        )


def write_singer(path: Path, total: int, seed: int = 7, offset: int = 0) -> int:
    """Write the input file; returns the number of RECORD messages."""
    seen: set[str] = set()
    written = 0
    with path.open("w") as out:
        for stream, record in records(total, seed, offset):
            if stream not in seen:
                seen.add(stream)
                out.write(json.dumps(_schema(stream, record)) + "\n")
            out.write(json.dumps({"type": "RECORD", "stream": stream, "record": record}) + "\n")
            written += 1
        out.write(json.dumps({"type": "STATE", "value": {"bookmarks": {"bench": written}}}) + "\n")
    return written
