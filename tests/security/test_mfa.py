"""Coordinators reach the admin and the coordinator pages only with an authenticator code.

accounts/two_factor.py: without an authenticator a staff member is sent to set one up; with one
but a session opened by password alone, they are asked for a code. The login rate limit (the 6th
wrong password) is tested in tests/accounts/test_signup.py.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.two_factor import CODE_MESSAGE, SETUP_MESSAGE, session_used_second_factor
from tests import factories
from tests.test_deployment import ROOT

COORDINATOR_PAGES = [
    ("admin:index", ()),
    ("admin:mentorship_mentorship_changelist", ()),
    ("admin:matching_matchrun_changelist", ()),
    ("mentorship:programme", ()),
    ("mentorship:claims", ()),
    ("mentorship:programme_csv", ()),
    # Asked for before the cohort is looked up: any id will do.
    ("mentorship:cohort_report", (1,)),
    ("mentorship:cohort_report_csv", (1,)),
]


def _password_login(client: Client, email: str) -> None:
    response = client.post(
        reverse("account_login"), {"login": email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(("name", "args"), COORDINATOR_PAGES)
def test_a_coordinator_without_an_authenticator_is_sent_to_set_one_up(
    client, coordinator, name, args
):
    _password_login(client, coordinator.email)

    response = client.get(reverse(name, args=args))

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    assert str(SETUP_MESSAGE) in [str(m) for m in get_messages(response.wsgi_request)]


def test_the_setup_page_opens_for_a_coordinator_sent_there_after_signing_in(client, coordinator):
    _password_login(client, coordinator.email)
    setup = client.get(reverse("admin:index"), follow=True)

    # Just signed in: no second password prompt before the setup (AccountAdapter).
    assert [url for url, _status in setup.redirect_chain] == [reverse("mfa_activate_totp")]
    assert str(SETUP_MESSAGE) in setup.content.decode().replace("&#x27;", "'")
    assert 'name="code"' in setup.content.decode()
    assert "Run the programme" not in setup.content.decode()


def test_a_session_signed_in_long_ago_asks_for_the_password_before_the_setup(
    client, coordinator, settings
):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    _password_login(client, coordinator.email)

    sent = client.get(reverse("mfa_activate_totp"))

    assert sent.status_code == 302 and sent.url.startswith(reverse("account_reauthenticate"))


@pytest.mark.parametrize(("name", "args"), COORDINATOR_PAGES)
def test_a_coordinator_whose_session_was_opened_with_a_password_alone_is_asked_for_a_code(
    client, coordinator, name, args
):
    factories.authenticator(user=coordinator)
    client.force_login(coordinator)  # a password-only session (say, opened before the setup)

    path = reverse(name, args=args)
    response = client.get(path)

    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))
    assert f"next={path.replace('/', '%2F')}" in response.url
    assert str(CODE_MESSAGE) in [str(m) for m in get_messages(response.wsgi_request)]


def test_a_code_typed_to_confirm_access_opens_the_admin_for_the_rest_of_the_session(
    client, coordinator
):
    secret = factories.authenticator(user=coordinator)
    client.force_login(coordinator)
    asked = client.get(reverse("admin:index"))

    confirmed = client.post(asked.url, {"code": factories.totp_code(secret)})

    assert confirmed.status_code == 302 and confirmed.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("mentorship:programme")).status_code == 200


def test_a_wrong_code_does_not_open_the_admin(client, coordinator):
    factories.authenticator(user=coordinator)
    client.force_login(coordinator)
    asked = client.get(reverse("admin:index"))

    refused = client.post(asked.url, {"code": "000000"})

    assert refused.status_code == 200  # the form again, with its error
    assert client.get(reverse("admin:index")).status_code == 302


def test_signing_in_with_password_and_code_through_allauth_reaches_the_admin(client, coordinator):
    secret = factories.authenticator(user=coordinator)

    first = client.post(
        reverse("account_login"),
        {"login": coordinator.email, "password": factories.PASSWORD},
    )
    assert first.status_code == 302 and first.url == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # not signed in yet
    second = client.post(reverse("mfa_authenticate"), {"code": factories.totp_code(secret)})

    assert second.status_code == 302
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    assert "Run the programme" in page.content.decode()


def test_signing_in_with_password_and_a_wrong_code_is_refused(client, coordinator):
    factories.authenticator(user=coordinator)
    client.post(
        reverse("account_login"),
        {"login": coordinator.email, "password": factories.PASSWORD},
    )

    refused = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert refused.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def _signed_in_as(response, user) -> bool:
    return response.wsgi_request.user == user and response.context["user"] == user


def test_the_mfa_login_helper_gives_a_session_the_admin_accepts(coordinator):
    client = factories.mfa_login(Client(), coordinator)
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200 and _signed_in_as(page, coordinator)
    assert session_used_second_factor(page.wsgi_request)
    assert "Run the programme" in page.content.decode(), "the admin's own index, not a form"


def test_members_who_are_not_staff_are_never_asked_for_a_code(alice, alice_client, pair):
    for url in (reverse("mentorship:dashboard"), reverse("mentorship:detail", args=[pair.pk])):
        page = alice_client.get(url)
        assert page.status_code == 200 and _signed_in_as(page, alice)
        assert not session_used_second_factor(page.wsgi_request), "signed in without a code"
        assert "Bob Bevan" in page.content.decode(), "the member's own pairing, not a code form"
        assert not any(t.name.startswith("mfa/") for t in page.templates)


def test_under_make_run_the_demo_code_sets_up_the_authenticator_and_opens_the_admin(
    client, coordinator, settings
):
    # `make run` sets DEBUG and MFA_TOTP_INSECURE_BYPASS_CODE, so a person trying the demo needs
    # no authenticator app; allauth refuses the code unless DEBUG is on.
    settings.DEBUG = True
    settings.MFA_TOTP_INSECURE_BYPASS_CODE = "000000"
    _password_login(client, coordinator.email)
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200 and "code" in setup.context["form"].fields

    activated = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    asked = client.get(reverse("admin:index"))
    assert asked.status_code == 302 and asked.url.startswith(reverse("mfa_reauthenticate"))
    assert client.post(asked.url, {"code": "000000"}).status_code == 302

    page = client.get(reverse("admin:index"))
    assert page.status_code == 200 and _signed_in_as(page, coordinator)
    assert session_used_second_factor(page.wsgi_request)
    assert "Run the programme" in page.content.decode()


def test_the_settings_refuse_the_demo_code_when_debug_is_off(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="mentorship.settings",
        SECRET_KEY="x" * 50,
        VAR_DIR=str(tmp_path),
        MFA_TOTP_INSECURE_BYPASS_CODE="000000",
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "MFA_TOTP_INSECURE_BYPASS_CODE is for the demo" in result.stderr
