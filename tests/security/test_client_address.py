"""Sign-in rate limits count per client address: behind a proxy of ours, the address the proxy
saw; with no proxy configured, X-Forwarded-For is a claim anyone can make and changes nothing.

The trusted-proxy settings are loaded from the environment through mentorship/settings.py, so
these tests cover the variable, the setting it becomes and allauth's use of it."""

from __future__ import annotations

import runpy

import pytest
from django.urls import reverse

from tests import factories
from tests.test_deployment import ROOT

PROXY = "10.0.0.2"  # the reverse proxy: every request reaches the site from here
TOO_MANY = "Too many failed login attempts"
WRONG_PER_ADDRESS = 10  # "login_failed": "10/m/ip" in ACCOUNT_RATE_LIMITS


@pytest.fixture
def configure_from_env(monkeypatch, settings, tmp_path):
    """Load the settings module with these variables and apply its client-address settings."""

    def configure(**variables: str) -> None:
        monkeypatch.setenv("VAR_DIR", str(tmp_path))
        for name in ("TRUSTED_PROXY_COUNT", "TRUSTED_CLIENT_IP_HEADER"):
            monkeypatch.delenv(name, raising=False)
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        loaded = runpy.run_path(str(ROOT / "mentorship" / "settings.py"))
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = loaded["ALLAUTH_TRUSTED_PROXY_COUNT"]
        settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = loaded["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"]

    return configure


def _sign_in(client, *, email: str, password: str, **headers: str) -> str:
    response = client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        headers=headers,
    )
    return response.content.decode() if response.status_code == 200 else ""


def _fail_from(client, clients: list[str], **extra: str) -> list[str]:
    """One wrong password per client, each for a different address (so the per-address limit,
    5 a key, never trips): only the per-client limit is at work."""
    return [
        _sign_in(
            client, email=f"guess{n}@example.org", password="wrong", X_FORWARDED_FOR=ip, **extra
        )
        for n, ip in enumerate(clients)
    ]


def test_without_a_trusted_proxy_spoofed_forwarded_for_addresses_all_count_as_one_client(
    client, alice, configure_from_env
):
    configure_from_env()
    spoofed = [f"198.51.100.{n}" for n in range(WRONG_PER_ADDRESS)]
    assert all(TOO_MANY not in page for page in _fail_from(client, spoofed))
    # Yet another "new" address is refused: the failures counted against the real one.
    page = _sign_in(
        client,
        email="alice@example.org",
        password=factories.PASSWORD,
        X_FORWARDED_FOR="198.51.100.250",
    )
    assert TOO_MANY in page


def test_behind_one_trusted_proxy_one_clients_failures_do_not_block_another(
    client, alice, configure_from_env
):
    configure_from_env(TRUSTED_PROXY_COUNT="1")
    attacker = ["203.0.113.9"] * WRONG_PER_ADDRESS
    assert all(TOO_MANY not in page for page in _fail_from(client, attacker))
    assert TOO_MANY in _sign_in(
        client, email="dave@example.org", password="wrong", X_FORWARDED_FOR="203.0.113.9"
    )
    # Alice, behind the same proxy, signs in.
    response = client.post(
        reverse("account_login"),
        {"login": "alice@example.org", "password": factories.PASSWORD},
        REMOTE_ADDR=PROXY,
        headers={"X-Forwarded-For": "192.0.2.44"},
    )
    assert response.status_code == 302


def test_behind_a_trusted_proxy_a_client_cannot_escape_its_limit_by_sending_forwarded_for(
    client, alice, configure_from_env
):
    configure_from_env(TRUSTED_PROXY_COUNT="1")
    # The client writes its own X-Forwarded-For; the proxy appends the address it saw.
    spoofed = [f"198.51.100.{n}, 203.0.113.9" for n in range(WRONG_PER_ADDRESS)]
    assert all(TOO_MANY not in page for page in _fail_from(client, spoofed))
    assert TOO_MANY in _sign_in(
        client,
        email="alice@example.org",
        password=factories.PASSWORD,
        X_FORWARDED_FOR="198.51.100.250, 203.0.113.9",
    )


def test_behind_a_proxy_that_names_the_client_in_a_header_that_header_is_the_address(
    client, alice, configure_from_env
):
    configure_from_env(TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
    for n in range(WRONG_PER_ADDRESS):
        _sign_in(client, email=f"guess{n}@example.org", password="wrong", X_REAL_IP="203.0.113.9")
    assert TOO_MANY in _sign_in(
        client, email="dave@example.org", password="wrong", X_REAL_IP="203.0.113.9"
    )
    assert TOO_MANY not in _sign_in(
        client, email="alice@example.org", password="wrong", X_REAL_IP="192.0.2.44"
    )
