"""A coordinator signs in and lands on the programme page: password then code, or the first time
password, authenticator setup, recovery codes and Continue, never a second password prompt."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from playwright.sync_api import expect

from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import enter_authenticator_code, labelled, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _on_the_programme_page(page, url) -> None:
    expect(page).to_have_url(url("mentorship:programme"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The programme")
    expect(page.get_by_text("Set up your profile")).to_have_count(0)
    assert_accessible(page)


def test_a_coordinator_signs_in_with_password_and_code_and_lands_on_the_programme(page, url):
    secret = factories.authenticator(user=factories.coordinator(email="cora@example.org"))

    page.goto(url("account_login"))
    sign_in(page, email="cora@example.org", password=factories.PASSWORD)
    enter_authenticator_code(page, secret)

    _on_the_programme_page(page, url)


def test_the_first_sign_in_sets_up_an_authenticator_then_continues_to_the_programme(page, url):
    coordinator = factories.coordinator(email="cora@example.org")

    page.goto(url("account_login"))
    sign_in(page, email="cora@example.org", password=factories.PASSWORD)

    # Straight to setting up the authenticator: no second password prompt on the way.
    expect(page).to_have_url(url("mfa_activate_totp"))
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    labelled(page, "Authenticator code").fill(factories.totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    expect(page).to_have_url(url("mfa_view_recovery_codes"))
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()
    assert_accessible(page)
    page.get_by_role("link", name="Continue").click()

    _on_the_programme_page(page, url)
    expect(page).not_to_have_url(re.compile(re.escape(reverse("account_reauthenticate"))))
