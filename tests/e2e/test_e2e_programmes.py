"""Programmes in the browser: a coordinator invites people to a cohort, an invited person signs
up and joins it, and a coordinator of another programme sees none of it.

The coordinator's journey goes on from the invitations: matching the cohort, approving the
pair it proposes, and reading the cohort's report.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from mentorship.models import Cohort, CohortInvitation, Enrolment, Mentorship, Programme
from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import (
    confirm_email,
    enter_authenticator_code,
    sign_in,
    sign_up,
    verification_link,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROWS_WITH_A_BAD_ONE = """name,email,role,co_op
Nia Hughes,nia@example.org,mentee,Riverside Bakery
Gwen Price,gwen@example.org,mentor,
Alys Morgan,alys@example.org,mentee,
Owen Jones,owen-at-example.org,mentee,Valley Builders
"""
FIXED = ROWS_WITH_A_BAD_ONE.replace("owen-at-example.org", "owen@example.org")


def _programme(name: str) -> Programme:
    return factories.programme(name=name, kind=Programme.Kind.PEER)


def _coordinator_signs_in(page: Page, url: Callable[..., str], *, email: str, runs: Programme):
    """A coordinator of `runs` only signs in to the admin with password and authenticator."""
    secret = factories.authenticator(user=factories.coordinator(email=email, programmes=[runs]))
    page.goto(url("admin:index"))
    sign_in(page, email=email, password=factories.PASSWORD)
    enter_authenticator_code(page, secret)
    expect(page.get_by_role("heading", level=1)).to_have_text("Run the programme")


def _opens_the_cohort(page: Page, *, programme: str, cohort: str) -> None:
    page.get_by_role("link", name="Cohorts").first.click()
    row = page.get_by_role("row").filter(has_text=programme)
    assert_accessible(page)
    row.get_by_role("link", name=cohort).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change cohort")
    assert_accessible(page)


def _invites(page: Page, rows: str) -> None:
    page.get_by_label("Rows").fill(rows)
    page.get_by_role("button", name="Check and import").click()


def _runs_matching_for(page: Page, cohort: str) -> None:
    page.get_by_role("link", name="Match runs").first.click()
    page.get_by_role("link", name="Run matching now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Run matching")
    # The coordinator runs one programme: its open cohort is the one choice, ticked already.
    expect(page.get_by_role("radio", name=re.compile(cohort))).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Run matching now").click()


def _approves_the_proposal(page: Page, *, mentor: str, mentee: str) -> None:
    page.get_by_role("link", name="Review its 1 proposal").click()
    row = page.get_by_role("row").filter(has_text=mentor)
    expect(row).to_contain_text(mentee)
    row.get_by_role("link").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve this pairing").click()
    expect(page.get_by_text("1 pairing approved.")).to_be_visible()


def _opens_the_report(page: Page, *, programme: str, cohort: str) -> None:
    page.get_by_role("link", name="Cohorts").first.click()
    page.get_by_role("row").filter(has_text=programme).get_by_role("link", name="Report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Report: {programme}, {cohort}")
    assert_accessible(page)


def test_a_coordinator_invites_a_cohort_matches_it_approves_and_reads_its_report(
    page, url, browser
):
    peer = _programme("Peer managers")
    # Gwen and Alys have accounts: the upload enrols them rather than inviting them.
    factories.mentor(email="gwen@example.org", name="Gwen Price")
    factories.mentee(email="alys@example.org", name="Alys Morgan")
    _coordinator_signs_in(page, url, email="peer@example.org", runs=peer)
    _opens_the_cohort(page, programme="Peer managers", cohort="Spring")

    page.get_by_role("link", name="Invite members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Invite members to Peer managers · Spring"
    )
    assert_accessible(page)
    _invites(page, ROWS_WITH_A_BAD_ONE)

    expect(page.get_by_role("alert")).to_contain_text("Nothing was imported: 1 row needs fixing.")
    bad = page.get_by_role("table", name="Rows to fix").get_by_role("row").filter(has_text="5")
    expect(bad).to_contain_text("“owen-at-example.org” is not an email address.")
    expect(page.get_by_label("Rows")).to_have_value(ROWS_WITH_A_BAD_ONE)
    assert_accessible(page)
    assert not CohortInvitation.objects.exists() and not Enrolment.objects.exists()

    _invites(page, FIXED)
    expect(
        page.get_by_text("Invited 2, enrolled 2, already invited or enrolled 0.")
    ).to_be_visible()
    assert_accessible(page)
    cohort = Cohort.objects.get(programme=peer)
    assert set(cohort.invitations.values_list("email", flat=True)) == {
        "nia@example.org",
        "owen@example.org",
    }
    assert set(cohort.enrolments.values_list("member__email", flat=True)) == {
        "gwen@example.org",
        "alys@example.org",
    }

    _invites(page, FIXED)
    expect(
        page.get_by_text("Invited 0, enrolled 0, already invited or enrolled 4.")
    ).to_be_visible()
    assert cohort.invitations.count() == 2 and cohort.enrolments.count() == 2

    # The enrolled mentor and mentee are the cohort's pool: matching pairs them.
    _runs_matching_for(page, "Spring")
    expect(page.get_by_text("Matching finished: 1 of 1 mentee matched.")).to_be_visible()
    _approves_the_proposal(page, mentor="Gwen Price", mentee="Alys Morgan")
    pair = Mentorship.objects.get()
    assert pair.cohort == cohort and pair.status == Mentorship.Status.APPROVED

    _opens_the_report(page, programme="Peer managers", cohort="Spring")
    expect(page.locator("#matched")).to_have_text("1")

    # A coordinator of another programme, in a browser of their own, finds none of it.
    start_up = _programme("Start-up groups")
    other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    try:
        theirs = other.new_page()
        _coordinator_signs_in(theirs, url, email="startup@example.org", runs=start_up)
        theirs.get_by_role("link", name="Match runs").first.click()
        expect(theirs.get_by_text("Peer managers")).to_have_count(0)
        theirs.goto(url("admin:matching_proposal_changelist"))
        expect(theirs.get_by_text("Gwen Price")).to_have_count(0)
        for name, args in (
            ("mentorship:cohort_report", (cohort.pk,)),
            ("admin:mentorship_cohort_invite", (cohort.pk,)),
        ):
            response = theirs.goto(url(name, *args))
            assert response is not None and response.status == 404, name
    finally:
        other.close()


def test_an_invited_person_signs_up_from_the_email_and_joins_the_cohort(page, url, live_server):
    from mentorship.services import invitations

    peer = _programme("Peer managers")
    lead = factories.coordinator(email="lead@example.org")
    invitations.cohort_invitations_import(
        cohort_id=peer.cohorts.get().pk,
        text="name,email,role,co_op\nNia Hughes,nia@example.org,mentee,Riverside Bakery\n",
        by=lead,
    )
    invitation = CohortInvitation.objects.get()

    page.goto(url("mentorship:cohort_invitation", invitation.token))
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Peer managers")
    assert_accessible(page)
    page.get_by_role("link", name="Sign up").click()
    expect(page.get_by_label(re.compile(r"^\s*Email"))).to_have_value("nia@example.org")
    sign_up(page, email="nia@example.org")
    confirm_email(page, verification_link(live_server.url, to="nia@example.org"))

    # Confirming the address signs her in and brings her back to the invitation.
    expect(page.get_by_role("button", name="Accept the invitation")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.get_by_text("You have joined Peer managers (Spring).")).to_be_visible()
    nia = User.objects.get(email="nia@example.org")
    enrolment = Enrolment.objects.get(member=nia)
    assert enrolment.status == Enrolment.Status.ACCEPTED and enrolment.cohort.programme == peer


def test_a_coordinator_of_another_programme_sees_none_of_it(page, url):
    peer = _programme("Peer managers")
    start_up = _programme("Start-up groups")
    cohort = peer.cohorts.get()
    _coordinator_signs_in(page, url, email="startup@example.org", runs=start_up)

    page.get_by_role("link", name="Cohorts").first.click()
    expect(page.get_by_role("row").filter(has_text="Start-up groups")).to_have_count(1)
    expect(page.get_by_role("row").filter(has_text="Peer managers")).to_have_count(0)
    response = page.goto(url("admin:mentorship_cohort_invite", cohort.pk))
    assert response is not None and response.status == 404
