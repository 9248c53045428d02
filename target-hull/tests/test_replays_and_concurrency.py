"""Idempotent replays, and two target-hull processes writing one store at once."""

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import record, run_target, singer_lines
from tests.test_accounts_and_opportunities import company, deal
from tests.test_attributes_and_events import activity
from tests.test_resolution import contact

MESSAGES = [
    company(1, "acme.example", name="Acme"),
    record("leads", id=10, email="Jane@Acme.example", status="New"),
    contact(1, "jane@acme.example", company_id=1, leads=[10], title="CTO"),
    contact(2, "bob@acme.example", company_id=2, title="Buyer"),  # shell account
    contact(3, None, customer_number="C-3"),
    deal(100, "New Business", company_id=1, contact_id=1),
    deal(101, "Upsell", company_id=5, contact_id=9),  # shell account and shell user
    activity(50, "contact", 1),
    activity(51, "lead", 77),  # shell user
    record("leads", id=11, email="jane@acme.example", status="Dup"),
]


def snapshot(view):
    """The store with update times left out."""

    def strip(rows, *keys):
        kept = []
        for row in rows:
            kept_row = {k: v for k, v in row.items() if k not in keys}
            if "attribute_meta" in kept_row:
                kept_row["attribute_meta"] = {k: v[0] for k, v in row["attribute_meta"].items()}
            kept.append(json.dumps(kept_row, sort_keys=True))
        return sorted(kept)

    return (
        strip(view.users(), "updated_at"),
        strip(view.accounts(), "updated_at"),
        strip(view.events()),
        len(view.merges()),
    )


def test_the_same_input_twice_leaves_the_store_identical(store_url, view_of):
    run_target(store_url, MESSAGES)
    first = snapshot(view_of(store_url))
    run_target(store_url, MESSAGES)
    assert snapshot(view_of(store_url)) == first


def test_a_replay_without_conflicting_records_does_not_even_touch_update_times(sqlite_url, view_of):
    messages = MESSAGES[:-1]  # the last lead rewrites the group another lead wrote in the run
    run_target(sqlite_url, messages)
    before = view_of(sqlite_url).users()
    run_target(sqlite_url, messages)
    assert view_of(sqlite_url).users() == before


def _write_input(path: Path, messages: list) -> Path:
    path.write_text(singer_lines(messages))
    return path


def test_two_processes_writing_one_store_lose_nothing(store_url, view_of, tmp_path):
    n = 400
    ids = range(1, n + 1)  # 0 is a placeholder, never an identifier
    contacts = [contact(i, f"user{i}@corp{i % 7}.example", company_id=i % 7 + 1) for i in ids]
    leads = [record("leads", id=i, email=f"USER{i}@corp{i % 7}.example ") for i in ids]
    events = [activity(1000 + i, "lead", i) for i in ids]
    inputs = [
        _write_input(tmp_path / "a.singer", contacts + events[: n // 2]),
        _write_input(tmp_path / "b.singer", leads + events[n // 2 :]),
    ]
    procs = []
    for number, singer in enumerate(inputs):
        config = tmp_path / f"config{number}.json"
        config.write_text(
            json.dumps({"source": "sample", "database_url": store_url, "batch_size_rows": 25})
        )
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "target_hull.target", "--config", config, "--input", singer],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for proc in procs:
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr[-2000:]
    view = view_of(store_url)
    users = view.users()
    assert len(users) == n  # lead i and contact i share an e-mail: one profile each
    for user in users:
        number = user["email"].split("@")[0].removeprefix("user")
        assert set(user["anonymous_ids"]) == {
            f"samplecrm-contact:contact-{number}",
            f"samplecrm-lead:lead-{number}",
        }
    assert len(view.events()) == n
    assert {e["user_id"] for e in view.events()} == {u["id"] for u in users}
    assert len(view.accounts()) == 7
