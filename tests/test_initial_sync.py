"""A first `meltano run` into an empty store: the store holds what the sandbox's data implies."""

from __future__ import annotations

from crms import Crm
from hull_store import report, truth_differences
from meltano_runner import Baseline


def test_store_matches_the_sandbox_data(baseline: Baseline) -> None:
    """User, account, shell and event counts, every profile's claims (merges included), shell
    flags, e-mails/domains, account links, spot-checked attributes, events and skips."""
    problems = truth_differences(baseline.truth, baseline.store)
    assert not problems, report(problems)


def test_dataset_exercises_merges_shells_and_links(crm: Crm, baseline: Baseline) -> None:
    """Guards the test above: the dataset contains the cases it is meant to check, and none
    that union-find over claims cannot predict."""
    truth = baseline.truth
    assert truth.released == [], "profiles held together by an e-mail they do not keep"
    if crm.merges:
        merged = [u for u in truth.users if len(u.anonymous_ids) > 1]
        by_email = [u for u in truth.users if len(u.anonymous_ids) > 1 and u.primaries]
        assert len(merged) >= 5, "too few profiles merging several records"
        assert by_email, "no profile merged through an e-mail"
        assert any(len(u.primaries) > 1 for u in truth.users), "no profile with two e-mails"
    else:
        assert all(len(u.anonymous_ids) == 1 for u in truth.users + truth.accounts)
    assert any(a.shell for a in truth.accounts), "no shell account"
    assert any(not a.primaries for a in truth.accounts if not a.shell), "every company has a domain"
    assert any(u.account for u in truth.users), "no user linked to an account"
    assert any(not u.account for u in truth.users), "every user linked to an account"
    contested = [p for p in truth.users + truth.accounts if p.contested]
    assert contested, "no group written by several records"
    assert len(truth.events) >= 20, "too few events"
    assert sum(truth.skips.values()) > 0, "nothing to skip"


def test_clean_run_is_never_throttled(baseline: Baseline) -> None:
    """The tap paces itself under the sandbox's (compressed) rate limit: no 429 at all."""
    requests = baseline.pipeline.sandbox.requests
    assert requests
    throttled = [r["path"] for r in requests if r["status"] == 429]
    assert not throttled, f"{len(throttled)} requests answered 429: {throttled[:5]}"
