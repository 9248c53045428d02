"""Copper and Pipedrive started with one population seed share people and companies."""

from __future__ import annotations

from crm_sandboxes import build_app
from crm_sandboxes.core.app import SandboxApp


def _emails(app: SandboxApp) -> dict[str, str]:
    """Normalised work email -> as written, over Copper people or Pipedrive persons
    (`+home`/`+old` aliases left out: a shared person may have them in both CRMs)."""
    if app.kind == "copper":
        written = [e["email"] for p in app.store.records("people") for e in p["emails"]]
    else:
        written = [e["value"] for p in app.store.records("persons") for e in p["emails"]]
    return {email.strip().lower(): email for email in written if email and "+" not in email}


def _domains(app: SandboxApp) -> set[str]:
    if app.kind == "copper":
        return {c["email_domain"] for c in app.store.records("companies") if c["email_domain"]}
    key = next(f["key"] for f in app.store.records("organizationFields") if f["name"] == "Website")
    sites = [o["custom_fields"][key] for o in app.store.records("organizations")]
    return {s.split("//")[-1].removeprefix("www.").rstrip("/") for s in sites if s}


def test_shared_people_and_companies() -> None:
    copper = build_app("copper", size=1000, population_seed=9, overlap=0.4)
    pipedrive = build_app("pipedrive", size=600, population_seed=9, overlap=0.5)
    shared = min(round(300 * 0.4), round(210 * 0.5))  # people: 30% / 35% of size
    copper_keys = set(copper.population_keys["people"].values())
    pipedrive_keys = set(pipedrive.population_keys["persons"].values())
    assert len(copper_keys & pipedrive_keys) == shared
    copper_emails, pipedrive_emails = _emails(copper), _emails(pipedrive)
    common = copper_emails.keys() & pipedrive_emails.keys()
    assert len(common) == shared
    assert any(pipedrive_emails[e] != copper_emails[e] for e in common)  # other spelling
    assert any(pipedrive_emails[e].startswith(" ") for e in common)
    common_domains = _domains(copper) & _domains(pipedrive)
    assert len(common_domains) > shared // 5
    copper_sites = {w["url"] for c in copper.store.records("companies") for w in c["websites"]}
    assert any("://www." not in site for site in copper_sites)


def test_other_population_seed_or_zero_overlap_shares_nobody() -> None:
    copper = build_app("copper", size=600, population_seed=1)
    other_seed = build_app("pipedrive", size=600, population_seed=2)
    no_overlap = build_app("pipedrive", size=600, population_seed=1, overlap=0)
    assert not _emails(copper).keys() & _emails(other_seed).keys()
    assert not _emails(copper).keys() & _emails(no_overlap).keys()
