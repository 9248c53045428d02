"""Claim normalisation and guards: what may identify a profile, and in which canonical form."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

#: Values that CRMs and forms use for "nothing"; they never act as claims.
PLACEHOLDERS = frozenset(
    {
        "",
        "null",
        "none",
        "nil",
        "nan",
        "n/a",
        "na",
        "n.a.",
        "-",
        "--",
        "?",
        "unknown",
        "undefined",
        "not set",
        "[]",
        "{}",
        "test",
        "anonymous",
    }
)
_ZEROS_AND_DASHES = re.compile(r"^[0\-\s.]*$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DOMAIN = re.compile(
    r"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?)+$"
)


@lru_cache(maxsize=1)
def free_mail_domains() -> frozenset[str]:
    """Domains of free e-mail providers (shipped as data), never account domains."""
    text = resources.files("target_hull.data").joinpath("free_mail_domains.txt").read_text()
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def is_placeholder(value: object) -> bool:
    """True for empty or "no value" markers such as ``null``, ``n/a``, ``0`` or ``-``."""
    if value is None or value is True or value is False:
        return True
    if type(value) is int:
        return value == 0
    text = str(value).strip().lower()
    if text in PLACEHOLDERS:
        return True
    return text[0] in "0-." and bool(_ZEROS_AND_DASHES.match(text))


def clean_identifier(value: object) -> str | None:
    """An external_id or anonymous_id: trimmed text, or None for placeholders."""
    if is_placeholder(value):
        return None
    return str(value).strip()


def normalize_email(value: object) -> str | None:
    """Trimmed, lowercased e-mail address; None when it is not a plausible address."""
    if is_placeholder(value) or not isinstance(value, str):
        return None
    email = value.strip().lower()
    return email if _EMAIL.match(email) else None


def normalize_domain(value: object, extra_free_mail: frozenset[str] = frozenset()) -> str | None:
    """Bare host name of a domain or URL; None for invalid, placeholder or free-mail domains.

    ``HTTPS://www.Acme.com:443/about`` and ``acme.com`` both become ``acme.com``; an e-mail
    address yields its domain.
    """
    if is_placeholder(value) or not isinstance(value, str):
        return None
    host = value.strip().lower()
    host = _SCHEME.sub("", host)
    host = host.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].strip(".")
    if host.startswith("www."):
        host = host[4:]
    if not host.isascii():  # an ASCII name is its own IDNA form (the pattern checks the rest)
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if not _DOMAIN.match(host) or is_placeholder(host):
        return None
    if host in free_mail_domains() or host in extra_free_mail:
        return None
    return host
