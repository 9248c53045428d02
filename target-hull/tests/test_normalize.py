import pytest

from target_hull.normalize import (
    clean_identifier,
    is_placeholder,
    normalize_domain,
    normalize_email,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Jane.Doe@Acme.COM ", "jane.doe@acme.com"),
        ("jane@acme.com", "jane@acme.com"),
        ("not-an-email", None),
        ("n/a", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_emails_are_trimmed_lowercased_and_checked(raw, expected):
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("acme.com", "acme.com"),
        ("https://www.Acme.com:8443/about?x=1", "acme.com"),
        ("http://acme.com/", "acme.com"),
        ("WWW.ACME.COM", "acme.com"),
        ("shop.acme.co.uk", "shop.acme.co.uk"),
        ("jane@acme.com", "acme.com"),
        ("gmail.com", None),
        ("https://www.outlook.com", None),
        ("null", None),
        ("localhost", None),
        ("-", None),
    ],
)
def test_domains_lose_scheme_www_port_path_and_free_mail(raw, expected):
    assert normalize_domain(raw) == expected


def test_extra_free_mail_domains_are_refused():
    assert normalize_domain("corp-mail.example", frozenset({"corp-mail.example"})) is None


@pytest.mark.parametrize(
    "value", ["", " ", "null", "NULL", "n/a", "N/A", "0", "000", "-", "--", None, True]
)
def test_placeholders_never_act_as_claims(value):
    assert is_placeholder(value)
    assert clean_identifier(value) is None


def test_real_identifiers_are_kept_trimmed():
    assert clean_identifier(" C-42 ") == "C-42"
    assert clean_identifier(1001) == "1001"
