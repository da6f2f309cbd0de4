"""Journey 6: mistakes are explained beside the field, announced at the top, and what was typed stays."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import MemberProfile, User
from mentorship.models import PrivateNote, Session
from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import (
    Profile,
    fill_profile,
    labelled,
    open_mentorship,
    sign_in,
    sign_in_as,
    sign_up,
)

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


def test_a_session_logged_with_a_negative_length_is_refused_beside_the_field_keeping_the_log(
    page, url, live_server
):
    gwen = factories.mentor(email="gwen@example.org", name="Gwen Price")
    nia = factories.mentee(email="nia@example.org", name="Nia Hughes")
    factories.mentorship(mentor=gwen, mentee=nia)
    yesterday = timezone.localtime(timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    sign_in_as(page, live_server.url, email="gwen@example.org", password=factories.PASSWORD)
    open_mentorship(page, "Mentoring Nia Hughes")
    page.get_by_role("link", name="Log a session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a session")
    labelled(page, "When it started (your time zone)").fill(yesterday)
    labelled(page, "Length in minutes").fill("-45")
    page.get_by_role("radio", name="In person").check()
    labelled(page, "Summary (shared with the mentee)").fill("Went through the cash-flow forecast.")
    page.get_by_label("Next step").first.fill("Send the forecast to the members")
    labelled(page, "Private note (only you will ever see this)").fill("Ask about the loan.")
    page.get_by_role("button", name="Save the log").click()

    expect_error_beside(page, "Length in minutes", "Enter the length in minutes, from 5 to 600.")
    # The required field's "*" is for the eye: its name, read out, is the label alone.
    expect(page.get_by_role("spinbutton", name="Length in minutes", exact=True)).to_be_visible()
    expect(labelled(page, "Length in minutes")).to_have_value("-45")
    expect(labelled(page, "When it started (your time zone)")).to_have_value(yesterday)
    expect(page.get_by_role("radio", name="In person")).to_be_checked()
    expect(labelled(page, "Summary (shared with the mentee)")).to_have_value(
        "Went through the cash-flow forecast."
    )
    expect(page.get_by_label("Next step").first).to_have_value("Send the forecast to the members")
    expect(labelled(page, "Private note (only you will ever see this)")).to_have_value(
        "Ask about the loan."
    )
    assert_accessible(page)
    assert not Session.objects.exists()
    assert not PrivateNote.objects.exists()
