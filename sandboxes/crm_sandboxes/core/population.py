"""Deterministic shared population of people and companies that every CRM sandbox draws from.

People and companies live in *lanes*: the `shared` lane plus one lane per CRM. A CRM takes
`shared` members from the shared lane and the rest from its own lane, so two sandboxes started
with the same population seed share the first min(shared_a, shared_b) people (same canonical
emails) and, through them, their companies (same domains). Emails are unique across all lanes.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from crm_sandboxes.core.names import (
    COMPANY_NOUNS,
    COMPANY_PREFIXES,
    FIRST_NAMES,
    LAST_NAMES,
    LEGAL_SUFFIXES,
)

LANES = ("shared", "copper", "pipedrive", "hubspot", "close", "outreach")
STRIDE = 16  # lanes interleave in one index space; room for more CRMs without reshuffling
PEOPLE_PER_COMPANY = 3
FREE_MAIL_DOMAIN = "mailbox.example"  # freelancers: no company
FREELANCER_PERCENT = 8
_MASK = (1 << 64) - 1


def mix(*parts: int) -> int:
    """A fast deterministic 64-bit hash of integers (splitmix64 steps)."""
    value = 0x9E3779B97F4A7C15
    for part in parts:
        value = ((value ^ part) * 0xBF58476D1CE4E5B9) & _MASK
        value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
        value ^= value >> 31
    return value


@lru_cache(maxsize=4096)
def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


@dataclass(frozen=True)
class PopCompany:
    key: str  # "<lane>-<index>", stable across CRMs
    name: str
    domain: str  # canonical: lower-case, no scheme, no www.


@dataclass(frozen=True)
class PopPerson:
    key: str
    first_name: str
    last_name: str
    email: str  # canonical: lower-case, no spaces
    company: PopCompany | None


def email_variant(email: str, variant: int) -> str:
    """The same address written differently: 0 canonical, 1 capitalised with spaces around,
    2 upper-case, 3 capitalised local part."""
    local, domain = email.split("@")
    capitalised = ".".join(part.capitalize() for part in local.split("."))
    return (
        email,
        f" {capitalised}@{domain.capitalize()} ",
        email.upper(),
        f"{capitalised}@{domain}",
    )[variant % 4]


def website_variant(domain: str, variant: int) -> str:
    """The same domain as a website: 0 `https://www.d/`, 1 `www.d`, 2 `http://d`, 3 `d`,
    4 `https://d`."""
    forms = (f"https://www.{domain}/", f"www.{domain}", f"http://{domain}", domain)
    return (*forms, f"https://{domain}")[variant % 5]


class Population:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._people_step = _coprime_step(seed, len(FIRST_NAMES) * len(LAST_NAMES))
        self._company_step = _coprime_step(seed + 1, len(COMPANY_PREFIXES) * len(COMPANY_NOUNS))

    def draw(self, lane: str, count: int, shared: int = 0, start: int = 0) -> list[PopPerson]:
        """`shared` people from the shared lane, then `count - shared` from `lane` beginning at
        its index `start`."""
        shared = min(shared, count)
        people = [self.person("shared", index) for index in range(shared)]
        people += [self.person(lane, start + index) for index in range(count - shared)]
        return people

    def person(self, lane: str, index: int) -> PopPerson:
        position = index * STRIDE + LANES.index(lane)
        combos = len(FIRST_NAMES) * len(LAST_NAMES)
        combo = (position * self._people_step + self.seed) % combos
        first = FIRST_NAMES[combo % len(FIRST_NAMES)]
        last = LAST_NAMES[combo // len(FIRST_NAMES)]
        suffix = position // combos or ""
        freelancer = mix(self.seed, position, 1) % 100 < FREELANCER_PERCENT
        company = None if freelancer else self.company(lane, index // PEOPLE_PER_COMPANY)
        domain = company.domain if company else FREE_MAIL_DOMAIN
        email = f"{ascii_slug(first)}.{ascii_slug(last)}{suffix}@{domain}"
        return PopPerson(f"{lane}-{index}", first, last, email, company)

    def company(self, lane: str, index: int) -> PopCompany:
        return _company(self.seed, self._company_step, lane, index)


@lru_cache(maxsize=65536)
def _company(seed: int, step: int, lane: str, index: int) -> PopCompany:
    position = index * STRIDE + LANES.index(lane)
    combos = len(COMPANY_PREFIXES) * len(COMPANY_NOUNS)
    combo = (position * step + seed) % combos
    prefix = COMPANY_PREFIXES[combo % len(COMPANY_PREFIXES)]
    noun = COMPANY_NOUNS[combo // len(COMPANY_PREFIXES)]
    number = position // combos or ""
    legal = LEGAL_SUFFIXES[mix(seed, position, 2) % len(LEGAL_SUFFIXES)]
    name = " ".join(part for part in (prefix, noun, str(number), legal) if part)
    domain = f"{ascii_slug(prefix)}{ascii_slug(noun)}{number}.example"
    return PopCompany(f"{lane}-{index}", name, domain)


def _coprime_step(seed: int, modulus: int) -> int:
    """A seed-dependent multiplier coprime with `modulus`, so index -> combo is a permutation."""
    step = mix(seed, 7) % modulus | 1
    while math.gcd(step, modulus) != 1:
        step += 2
    return step
