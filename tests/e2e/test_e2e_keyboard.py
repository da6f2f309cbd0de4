"""The sign-up and session-logging journeys with the keyboard alone: Tab, Enter, Space, typing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from accounts.models import MemberProfile
from mentorship.models import Session
from mentorship.services import goals, sessions
from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import PASSWORD, labelled, sign_in, verification_link

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Enough for the longest walk here: the profile form's twenty languages and its other fields.
MAX_TAB_STOPS = 60


def focus_is_visible(page: Page) -> bool:
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
        }"""
    )


def tab_to(page: Page, target: Locator, *, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the target has focus, checking every stop shows its focus."""
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press(key)
        focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert focus_is_visible(page), f"no visible focus on {focused}"
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} not reached in {MAX_TAB_STOPS} presses of {key}")


def skip_to_main_content(page: Page) -> None:
    """The first Tab stop on every page is a visible skip link that moves focus to the content."""
    skip = page.get_by_role("link", name="Skip to main content")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 20, f"skip link is not visible: {box}"
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_a_visitor_signs_up_and_onboards_as_a_mentor_with_the_keyboard_alone(
    page, url, live_server
):
    page.goto(url("home"))
    assert_accessible(page)
    skip_to_main_content(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Find a mentor")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Become a mentor")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    skip_to_main_content(page)
    tab_to(page, labelled(page, "Email"))
    page.keyboard.type("rhys@example.org")
    tab_to(page, labelled(page, "Password"))
    page.keyboard.type(PASSWORD)
    tab_to(page, labelled(page, "Password (again)"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    # Following the link in the email is the one step outside the site.
    page.goto(verification_link(live_server.url, to="rhys@example.org"))
    skip_to_main_content(page)
    tab_to(page, page.get_by_role("button", name="Confirm"))
    page.keyboard.press("Space")

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome! Set up your profile")
    skip_to_main_content(page)
    tab_to(page, labelled(page, "Your name"))
    page.keyboard.type("Rhys Morgan")
    # "Become a mentor" on the home page carried through sign-up: the role is already chosen.
    expect(page.get_by_role("radio", name="Mentor", exact=True)).to_be_checked()
    tab_to(page, labelled(page, "Your co-op or organisation"))
    page.keyboard.type("Ceredigion Energy")
    tab_to(page, labelled(page, "Stage"))
    page.keyboard.type("Established")
    expect(labelled(page, "Stage")).to_have_value("established")
    offered = page.get_by_role("group", name="Skills you offer", exact=True)
    tab_to(page, offered.get_by_label("Search skills"))
    page.keyboard.type("Bookkeeping")
    tab_to(page, offered.get_by_role("checkbox", name="Bookkeeping", exact=True))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Save profile"))
    assert_accessible(page)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Rhys")
    skip_to_main_content(page)
    assert_accessible(page)
    profile = MemberProfile.objects.get(user__email="rhys@example.org")
    assert profile.role == MemberProfile.Role.MENTOR
    assert profile.organisation.stage == "established"
    assert [s.name for s in profile.skills_offered.all()] == ["Bookkeeping"]


def test_a_mentor_logs_a_session_with_the_keyboard_alone(page, url, live_server):
    gwen = factories.mentor(email="gwen@example.org", name="Gwen Price")
    nia = factories.mentee(email="nia@example.org", name="Nia Hughes")
    pairing = factories.mentorship(mentor=gwen, mentee=nia)
    goals.goal_create(mentorship=pairing, by=nia, title="Produce our first annual accounts")
    # Scheduled last week, so its time is already filled in when the mentor logs it.
    session = sessions.session_schedule(
        mentorship=pairing, by=nia, starts_at=timezone.now() - timedelta(days=7),
        duration_minutes=60, format="remote",
    )  # fmt: skip
    page.goto(url("account_login"))
    sign_in(page, email="gwen@example.org", password=factories.PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Gwen")
    skip_to_main_content(page)
    tab_to(page, page.get_by_role("link", name="Mentoring Nia Hughes"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Mentoring Nia Hughes")
    skip_to_main_content(page)
    tab_to(page, page.get_by_role("link", name="Log this session"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Log a session")
    skip_to_main_content(page)
    tab_to(page, labelled(page, "Length in minutes"))
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("75")
    topics = page.get_by_role("group", name="Topics", exact=True)
    tab_to(page, topics.get_by_label("Search skills"))
    page.keyboard.type("Bookkeeping")
    tab_to(page, topics.get_by_role("checkbox", name="Bookkeeping", exact=True))
    page.keyboard.press("Space")
    tab_to(page, labelled(page, "Summary (shared with the mentee)"))
    page.keyboard.type("Went through the trial balance.")
    tab_to(page, labelled(page, "Progress on “Produce our first annual accounts”"))
    page.keyboard.type("Under")
    tab_to(page, page.get_by_label("Next step").first)
    page.keyboard.type("Draft the balance sheet")
    tab_to(page, labelled(page, "Private note (only you will ever see this)"))
    page.keyboard.type("Ask about the auditors.")
    tab_to(page, page.get_by_role("button", name="Save the log"))
    assert_accessible(page)
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Session logged.")
    assert_accessible(page)
    session.refresh_from_db()
    assert session.status == Session.Status.LOGGED
    assert session.duration_minutes == 75
    assert session.summary == "Went through the trial balance."
    assert [skill.name for skill in session.topics.all()] == ["Bookkeeping"]
    assert [item.description for item in session.action_items.all()] == ["Draft the balance sheet"]
    assert pairing.goals.get().progress == "under_way"
