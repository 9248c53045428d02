"""The `hull` command: export, show, stats."""

import json

from click.testing import CliRunner

from target_hull.cli import main
from tests.conftest import run_target
from tests.test_replays_and_concurrency import MESSAGES


def hull(url, *args):
    result = CliRunner().invoke(main, ["--database-url", url, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_export_writes_one_json_object_per_line(sqlite_url):
    run_target(sqlite_url, MESSAGES)
    users = [json.loads(line) for line in hull(sqlite_url, "export", "users").splitlines()]
    assert {"id", "email", "external_id", "anonymous_ids", "account_id", "shell", "attributes",
            "created_at", "updated_at"} <= set(users[0])  # fmt: skip
    accounts = [json.loads(line) for line in hull(sqlite_url, "export", "accounts").splitlines()]
    assert {"id", "domain", "external_id", "anonymous_ids", "shell", "attributes"} <= set(
        accounts[0]
    )
    events = [json.loads(line) for line in hull(sqlite_url, "export", "events").splitlines()]
    assert {"event_id", "user_id", "event", "properties", "source", "type", "created_at"} == set(
        events[0]
    )
    assert len(events) == 2


def test_show_prints_a_profile_with_account_groups_and_events(sqlite_url):
    run_target(sqlite_url, MESSAGES)
    output = hull(sqlite_url, "show", "--email", " JANE@acme.example")
    assert "email: jane@acme.example" in output
    assert "[samplecrm_contact]" in output
    assert "[samplecrm_lead]" in output
    assert "[samplecrm_opportunity_New Business]" in output
    assert "domain: acme.example" in output
    assert "Phone Call" in output
    account = hull(sqlite_url, "show", "--domain", "https://www.acme.example")
    assert "jane@acme.example" in account


def test_stats_counts_everything(sqlite_url):
    run_target(sqlite_url, MESSAGES)
    stats = json.loads(hull(sqlite_url, "stats"))
    assert stats["users"] == 5
    assert stats["shell_users"] == 2
    assert stats["accounts"] == 3
    assert stats["shell_accounts"] == 2
    assert stats["events"] == 2
    assert stats["merges"] == {"user": 0, "account": 0}


def test_unknown_profiles_are_a_clear_message(sqlite_url):
    run_target(sqlite_url, MESSAGES)
    result = CliRunner().invoke(main, ["--database-url", sqlite_url, "show", "--email", "x@y.z"])
    assert result.exit_code == 1
    assert "no user with email 'x@y.z'" in result.output
