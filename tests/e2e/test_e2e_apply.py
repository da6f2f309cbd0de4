"""A member applies to a programme: signs in, opens Programmes, answers the programme's question,
and finds the application waiting for a decision on the dashboard. Axe-clean, also on a phone."""

import pytest
from playwright.sync_api import Page, expect

from mentorship.models import Enrolment, Programme
from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import labelled, sign_in
from tests.e2e.test_e2e_phone import PHONE, assert_fits_the_screen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUESTION = "What would you most like to learn?"


def _apply_to_peer_managers(page: Page, url: str, *, check) -> None:
    factories.mentee(email="alice@example.org", name="Alice Ahmed")
    factories.programme(
        name="Peer managers",
        kind=Programme.Kind.PEER,
        description="Managers of established co-ops learn from each other.",
        questions=QUESTION,
    )
    page.goto(url)
    sign_in(page, email="alice@example.org", password=factories.PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Alice")

    if page.get_by_role("button", name="Show menu").is_visible():
        page.get_by_role("button", name="Show menu").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programmes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmes")
    expect(page.get_by_role("heading", name="Peer managers", level=2)).to_be_visible()
    check(page)

    # Sent empty, the answer is asked for beside its question, and the summary says so.
    apply = page.get_by_role("button", name="Apply to Peer managers, Spring")
    apply.click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required.")
    expect(labelled(page, QUESTION)).to_have_attribute("aria-invalid", "true")
    check(page)

    labelled(page, QUESTION).fill("How to run a members' meeting")
    page.get_by_role("button", name="Apply to Peer managers, Spring").click()
    expect(page.get_by_role("status")).to_contain_text(
        "your application is waiting for a coordinator's decision"
    )
    cohort = page.get_by_role("article", name="Spring")
    expect(cohort).to_contain_text("Mentee: waiting for a coordinator's decision")
    expect(
        cohort.get_by_role("button", name="Withdraw your application as Mentee to Spring")
    ).to_be_visible()
    check(page)
    assert Enrolment.objects.get().answers == {QUESTION: "How to run a members' meeting"}

    if page.get_by_role("button", name="Show menu").is_visible():
        page.get_by_role("button", name="Show menu").click()
    page.get_by_role("link", name="Dashboard").click()
    programmes = page.get_by_role("region", name="Your programmes")
    expect(programmes.get_by_role("heading", name="Peer managers · Spring")).to_be_visible()
    expect(programmes).to_contain_text("You are in it as a mentee.")
    expect(programmes).to_contain_text("your application is waiting for a coordinator's decision.")
    check(page)


def test_a_member_applies_to_a_programme_and_sees_it_waiting_on_the_dashboard(page, url):
    _apply_to_peer_managers(page, url("account_login"), check=assert_accessible)


def test_applying_works_on_a_narrow_phone(page, url):
    page.set_viewport_size(PHONE)
    _apply_to_peer_managers(page, url("account_login"), check=assert_fits_the_screen)
