"""Journey 6: mistakes are explained beside the field, announced at the top, and what was typed stays.

(The journey's third mistake, a session logged with a negative duration, waits for session logging.)
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import MemberProfile, User
from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import Profile, fill_profile, labelled, sign_in, sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def expect_error_beside(page: Page, label: str, message: str) -> None:
    """The field is marked invalid and described by its message, which the summary links to."""
    field = labelled(page, label).first
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(message)))
    summary = page.get_by_role("alert").filter(has_text="Please correct the following")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=f"{label}: {message}").click()
    expect(field).to_be_focused()


def test_a_sign_up_with_mismatched_passwords_shows_the_error_beside_the_field_and_keeps_the_email(
    page, url
):
    page.goto(url("account_signup"))
    sign_up(page, email="nia@example.org", again="slate-bakery-ledger-43")

    expect_error_beside(page, "Password (again)", "You must type the same password each time.")
    expect(labelled(page, "Email")).to_have_value("nia@example.org")
    assert_accessible(page)
    assert not User.objects.filter(email="nia@example.org").exists()
    assert mail.outbox == []


def test_a_mentor_offering_to_take_nine_mentees_is_told_the_limit_and_keeps_what_they_typed(
    page, url
):
    factories.user(email="gwen@example.org")
    page.goto(url("account_login"))
    sign_in(page, email="gwen@example.org", password=factories.PASSWORD)
    page.goto(url("accounts:profile_edit"))
    fill_profile(
        page,
        Profile(
            name="Gwen Price",
            role="Mentor",
            organisation="Valley Wholefoods",
            stage="Established",
            skills_offered=("Bookkeeping",),
            capacity="9",
        ),
    )

    expect_error_beside(
        page,
        "How many mentees you can take at once",
        "Choose how many mentees you can take at once: from 1 to 5.",
    )
    expect(labelled(page, "How many mentees you can take at once")).to_have_value("9")
    expect(labelled(page, "Your name")).to_have_value("Gwen Price")
    expect(labelled(page, "Your co-op or organisation")).to_have_value("Valley Wholefoods")
    expect(labelled(page, "Stage")).to_have_value("established")
    expect(page.get_by_role("radio", name="Mentor", exact=True)).to_be_checked()
    offered = page.get_by_role("group", name="Skills you offer", exact=True)
    expect(offered.get_by_role("checkbox", name="Bookkeeping", exact=True)).to_be_checked()
    assert_accessible(page)
    assert not MemberProfile.objects.filter(user__email="gwen@example.org").exists()


def test_signing_up_again_with_a_used_address_in_capitals_looks_ordinary_and_mails_its_owner(
    page, url
):
    factories.user(email="alice@example.org", name="Alice Ahmed")
    page.goto(url("account_signup"))
    sign_up(page, email="ALICE@EXAMPLE.ORG")

    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    assert_accessible(page)
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    assert "already" in mail.outbox[0].subject.lower()
