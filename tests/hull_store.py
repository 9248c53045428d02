"""Read a target-hull store through the `hull` command, and compare stores with each other and
with the ground truth."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ground_truth import ExpectedProfile, Truth

BIN = Path(sys.executable).parent
SHOWN = 15  # differences listed in a failure message


def hull(database_url: str, *args: str) -> str:
    proc = subprocess.run(
        [str(BIN / "hull"), "--database-url", database_url, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, f"hull {' '.join(args)} failed: {proc.stderr}"
    return proc.stdout


def profile_key(profile: dict[str, Any]) -> str:
    """A store-independent name for a profile: its anonymous ids (else its e-mail/domain)."""
    return " ".join(sorted(profile["anonymous_ids"])) or str(
        profile.get("email") or profile.get("domain")
    )


@dataclass
class Store:
    users: list[dict[str, Any]]
    accounts: list[dict[str, Any]]
    events: list[dict[str, Any]]
    stats: dict[str, Any]

    @classmethod
    def read(cls, database_url: str) -> Store:
        def export(kind: str) -> list[dict[str, Any]]:
            return [json.loads(line) for line in hull(database_url, "export", kind).splitlines()]

        stats = json.loads(hull(database_url, "stats"))
        return cls(export("users"), export("accounts"), export("events"), stats)

    def user_with(self, anonymous_id: str) -> dict[str, Any]:
        return next(u for u in self.users if anonymous_id in u["anonymous_ids"])

    def account_with(self, anonymous_id: str) -> dict[str, Any]:
        return next(a for a in self.accounts if anonymous_id in a["anonymous_ids"])

    def canonical(self) -> dict[str, dict[str, Any]]:
        """The store without internal ids, times and attribute stamps: profiles by their
        claims, users' accounts and events' users by the key of that profile."""
        account_keys = {a["id"]: profile_key(a) for a in self.accounts}
        user_keys = {u["id"]: profile_key(u) for u in self.users}
        users = {
            profile_key(u): {
                "email": u["email"],
                "external_id": u["external_id"],
                "shell": u["shell"],
                "account": account_keys.get(u["account_id"]),
                "attributes": u["attributes"],
            }
            for u in self.users
        }
        accounts = {
            profile_key(a): {
                "domain": a["domain"],
                "external_id": a["external_id"],
                "shell": a["shell"],
                "attributes": a["attributes"],
            }
            for a in self.accounts
        }
        events = {
            e["event_id"]: {
                **{k: e[k] for k in ("event", "properties", "source", "type", "created_at")},
                "user": user_keys.get(e["user_id"]),
            }
            for e in self.events
        }
        assert len(users) == len(self.users), "two users share their claims"
        assert len(accounts) == len(self.accounts), "two accounts share their claims"
        skips = {"skips": self.stats["skips"]}
        return {"users": users, "accounts": accounts, "events": events, "skips": skips}


def store_differences(expected: Store, actual: Store) -> list[str]:
    """Human-readable differences between two stores' canonical forms."""
    problems = []
    want, got = expected.canonical(), actual.canonical()
    for section, items in want.items():
        found = got[section]
        problems += [f"{section}: missing {key!r}" for key in items.keys() - found.keys()]
        problems += [f"{section}: unexpected {key!r}" for key in found.keys() - items.keys()]
        for key in sorted(items.keys() & found.keys()):
            if items[key] != found[key]:
                problems.append(f"{section} {key!r}: {_delta(items[key], found[key])}")
    return problems


def _delta(want: Any, got: Any) -> str:
    if not (isinstance(want, dict) and isinstance(got, dict)):
        return f"expected {want!r}, got {got!r}"
    parts = []
    for key in sorted(want.keys() | got.keys()):
        if want.get(key) != got.get(key):
            if isinstance(want.get(key), dict) and isinstance(got.get(key), dict):
                parts.append(f"{key}: {{{_delta(want[key], got[key])}}}")
            else:
                parts.append(f"{key}: expected {want.get(key)!r}, got {got.get(key)!r}")
    return "; ".join(parts)


def truth_differences(truth: Truth, store: Store, *, replayed: bool = False) -> list[str]:
    """Where the store departs from what the sandboxes' data implies. `replayed`: the store also
    saw records again (incremental or resumed runs), so a group several records write may hold
    any of them (`ExpectedProfile.contested`); otherwise it holds the last one delivered."""
    counts = {
        "users": len(truth.users),
        "shell_users": sum(u.shell for u in truth.users),
        "accounts": len(truth.accounts),
        "shell_accounts": sum(a.shell for a in truth.accounts),
        "users_with_account": sum(u.account is not None for u in truth.users),
        "events": len(truth.events),
    }
    problems = [
        f"stats {name}: expected {value}, got {store.stats[name]}"
        for name, value in counts.items()
        if store.stats[name] != value
    ]
    skips: dict[str, int] = {}
    for reason, count in store.stats["skips"].items():
        stream = reason.split(":", 1)[0]
        skips[stream] = skips.get(stream, 0) + count
    if skips != truth.skips:
        problems.append(f"skips per stream: expected {truth.skips}, got {skips}")
    accounts = {frozenset(a["anonymous_ids"]): a for a in store.accounts}
    accounts_by_id = {a["id"]: a for a in store.accounts}
    problems += _profiles("account", truth.accounts, accounts, "domain", lambda a: [], replayed)
    users = {frozenset(u["anonymous_ids"]): u for u in store.users}

    def account_of(user: dict[str, Any]) -> list[str]:
        account = accounts_by_id.get(user["account_id"])
        return account["anonymous_ids"] if account else []

    problems += _profiles("user", truth.users, users, "email", account_of, replayed)
    problems += _events(truth, store)
    return problems


def _profiles(
    entity: str,
    expected: list[ExpectedProfile],
    found: dict[frozenset[str], dict[str, Any]],
    primary: str,
    account_of: Callable[[dict[str, Any]], list[str]],
    replayed: bool,
) -> list[str]:
    wanted = {p.anonymous_ids: p for p in expected}
    problems = [f"{entity} missing: {sorted(k)}" for k in wanted.keys() - found.keys()]
    problems += [f"{entity} unexpected: {sorted(k)}" for k in found.keys() - wanted.keys()]
    for claims in wanted.keys() & found.keys():
        want, got = wanted[claims], found[claims]
        name = f"{entity} {sorted(claims)}"
        if got["shell"] != want.shell:
            problems.append(f"{name}: shell {got['shell']}, expected {want.shell}")
        kept = want.primary.split(":", 1)[1] if want.primary else None
        if got[primary] != kept:
            problems.append(f"{name}: {primary} {got[primary]!r}, expected {kept!r}")
        if want.account is not None and want.account not in account_of(got):
            problems.append(f"{name}: not linked to account {want.account}")
        if want.account is None and account_of(got):
            problems.append(f"{name}: linked to {account_of(got)}, expected no account")
        loose = want.contested if replayed else {}
        for attr, value in want.attributes.items():
            if attr.rsplit("/", 1)[0] not in loose and got["attributes"].get(attr) != value:
                problems.append(f"{name}: {attr} = {got['attributes'].get(attr)!r}, not {value!r}")
        for attr, value in want.top_level.items():
            if got["attributes"].get(attr) != value:
                problems.append(f"{name}: {attr} = {got['attributes'].get(attr)!r}, not {value!r}")
        for group, writers in loose.items():
            held = {attr: got["attributes"].get(attr) for attr in writers[0]}
            if held not in writers:
                problems.append(f"{name}: group {group} holds {held}, none of {writers}")
    return problems


def _events(truth: Truth, store: Store) -> list[str]:
    users = {u["id"]: u for u in store.users}
    found = {e["event_id"]: e for e in store.events}
    problems = [f"event missing: {k}" for k in truth.events.keys() - found.keys()]
    problems += [f"event unexpected: {k}" for k in found.keys() - truth.events.keys()]
    for event_id in truth.events.keys() & found.keys():
        want, got = truth.events[event_id], found[event_id]
        actual = (
            want.user in users.get(got["user_id"], {}).get("anonymous_ids", []),
            got["event"],
            got["created_at"],
            {name: got["properties"].get(name) for name in want.properties},
        )
        if actual != (True, want.event, want.created_at, want.properties):
            problems.append(f"event {event_id}: {actual}, expected {want}")
    return problems


def report(problems: list[str]) -> str:
    more = f"\n... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
    return f"{len(problems)} differences:\n" + "\n".join(problems[:SHOWN]) + more
