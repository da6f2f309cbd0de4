"""A coordinator signs in straight to the programme page: password then code, or the first time
password, authenticator setup and recovery codes, and never a second password prompt."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from accounts.two_factor import session_used_second_factor
from tests import factories


def _password(client, email: str):
    return client.post(reverse("account_login"), {"login": email, "password": factories.PASSWORD})


def test_a_coordinator_with_an_authenticator_lands_on_the_programme_page(client, coordinator):
    secret = factories.authenticator(user=coordinator)
    assert _password(client, coordinator.email).url == reverse("mfa_authenticate")

    signed_in = client.post(
        reverse("mfa_authenticate"), {"code": factories.totp_code(secret)}, follow=True
    )

    assert signed_in.redirect_chain[-1][0] == reverse("mentorship:programme")
    assert signed_in.status_code == 200
    assert "Set up your profile" not in signed_in.content.decode()


def test_members_still_land_on_their_dashboard(client, alice):
    assert _password(client, alice.email).url == reverse("mentorship:dashboard")


# Transactional: allauth announces the new authenticator once its transaction commits.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_first_sign_in_sets_up_the_authenticator_then_continues_to_the_programme():
    coordinator = factories.coordinator(email="cora@example.org")
    client = Client()
    sent = _password(client, coordinator.email)
    to_setup = client.get(sent.url)  # the programme page sends them to set up an authenticator
    assert to_setup.status_code == 302 and to_setup.url == reverse("mfa_activate_totp")

    setup = client.get(to_setup.url)  # no second password prompt
    assert setup.status_code == 200 and "code" in setup.context["form"].fields
    code = factories.totp_code(setup.context["form"].secret)
    activated = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert activated.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()

    codes = client.get(activated.url)
    assert codes.status_code == 200
    page = codes.content.decode()
    assert "Continue" in page and f'href="{reverse("mentorship:programme")}"' in page

    programme = client.get(reverse("mentorship:programme"))  # Continue: no code asked again
    assert programme.status_code == 200
    assert session_used_second_factor(programme.wsgi_request)
