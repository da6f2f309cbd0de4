"""On a 320 px wide phone and at 200% zoom, nothing scrolls sideways and pages stay accessible."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from mentorship.services import goals as goals_services
from mentorship.services import sessions
from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 320, "height": 640}


def assert_fits_the_screen(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, window.innerWidth, location.pathname]"
    )
    scroll_width, window_width, path = widths
    assert scroll_width <= window_width, f"{path} scrolls sideways: {scroll_width} > {window_width}"
    assert_accessible(page)


def test_on_a_narrow_phone_the_main_pages_fit_the_screen_and_pass_axe(page, url):
    factories.user(email="nia@example.org")
    page.set_viewport_size(PHONE)

    page.goto(url("home"))
    assert_fits_the_screen(page)
    page.goto(url("account_signup"))
    assert_fits_the_screen(page)

    page.goto(url("account_login"))
    sign_in(page, email="nia@example.org", password=factories.PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome! Set up your profile")
    assert_fits_the_screen(page)
    page.get_by_role("radio", name="Mentee", exact=True).check()
    assert_fits_the_screen(page)

    factories.mentee(email="alice@example.org", name="Alice Ahmed")
    page.context.clear_cookies()
    page.goto(url("account_login"))
    sign_in(page, email="alice@example.org", password=factories.PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Alice")
    assert_fits_the_screen(page)

    # The navigation folds into a menu button, which opens.
    page.get_by_role("button", name="Show menu").click()
    page.get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alice Ahmed")
    assert_fits_the_screen(page)


# A 1280 x 900 screen at 200% zoom lays pages out in 640 x 450 CSS pixels.
ZOOMED = {"width": 640, "height": 450}


def test_at_200_percent_zoom_the_mentoring_pages_fit_the_screen(page, url, live_server):
    gwen = factories.mentor(email="gwen@example.org", name="Gwen Price")
    nia = factories.mentee(email="nia@example.org", name="Nia Hughes")
    pairing = factories.mentorship(mentor=gwen, mentee=nia)
    goal = goals_services.goal_create(
        mentorship=pairing, by=nia, title="Produce our first annual accounts"
    )
    sessions.session_log(
        mentorship=pairing,
        by=gwen,
        log=sessions.SessionLog(
            starts_at=timezone.now() - timedelta(days=1),
            duration_minutes=60,
            format="remote",
            summary="Went through the trial balance line by line.",
            topics=factories.skills("Bookkeeping"),
            action_items=[sessions.ActionItemData(description="Draft the notes", owner="mentee")],
            goals=[sessions.GoalProgress(goal=goal, progress="under_way")],
            private_note="Check in about the auditors.",
        ),
    )
    page.set_viewport_size(ZOOMED)

    page.goto(url("account_login"))
    sign_in(page, email="gwen@example.org", password=factories.PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Gwen")
    assert_fits_the_screen(page)
    page.get_by_role("link", name="Mentoring Nia Hughes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentoring Nia Hughes")
    assert_fits_the_screen(page)
    page.get_by_role("link", name="Log a session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a session")
    assert_fits_the_screen(page)


def _sign_in_by_field_names(page: Page, email: str) -> None:
    """Sign in on a page in any language (the shared step reads English labels)."""
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).not_to_have_url(re.compile(re.escape(reverse("account_login"))))


def test_a_welsh_reader_switches_language_on_a_phone_and_keeps_it_after_signing_in(page, url):
    factories.mentee(email="alice@example.org", name="Alice Ahmed")
    page.set_viewport_size(PHONE)
    page.goto(url("account_login"))

    # The switch is above the navigation, not folded inside the menu.
    page.get_by_role("button", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("link", name="Mentora Cydweithredol")).to_be_visible()
    assert_fits_the_screen(page)

    _sign_in_by_field_names(page, "alice@example.org")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert_fits_the_screen(page)
    # Welsh runs longer than English: the profile form, skills and all, still fits.
    page.goto(url("accounts:profile_edit"))
    expect(page.get_by_text("Cadw cyfrifon", exact=True).first).to_be_attached()
    assert_fits_the_screen(page)
    # Saved on the member: a new browser session, with no language cookie, opens in Welsh.
    page.context.clear_cookies()
    page.goto(url("account_login"))
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    sign_in(page, email="alice@example.org", password=factories.PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "cy")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Alice")
