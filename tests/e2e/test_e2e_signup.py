"""Journeys 1 and 2: visitors join the programme, as a mentee and as a mentor."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import MemberProfile, Skill
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import Profile, confirm_email, fill_profile, sign_up, verification_link

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_visitor_signs_up_as_a_mentee_verifies_onboards_and_reaches_the_dashboard(
    page, url, live_server
):
    assert Skill.objects.filter(name="Bookkeeping").exists(), "the skills taxonomy is not seeded"

    page.goto(url("home"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Peer mentoring for co-operatives")
    assert_accessible(page)
    page.get_by_role("link", name="Find a mentor").click()

    sign_up(page, email="Nia@Example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    assert_accessible(page)
    assert mail.outbox[-1].to == ["nia@example.org"]

    confirm_email(page, verification_link(live_server.url, to="nia@example.org"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome! Set up your profile")
    fill_profile(
        page,
        Profile(
            name="Nia Hughes",
            role="Mentee",
            organisation="Slate Bakery",
            kind="Worker co-op",
            stage="Forming",
            languages=("Welsh",),
            goals="Produce our first annual accounts\nWrite our rules",
            skills_wanted=("Bookkeeping",),
        ),
    )

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Nia")
    expect(page.get_by_role("status")).to_contain_text("Your profile is saved.")
    assert_accessible(page)
    profile = MemberProfile.objects.get(user__email="nia@example.org")
    assert profile.role == MemberProfile.Role.MENTEE
    assert profile.mentee_profile.goal_list == [
        "Produce our first annual accounts",
        "Write our rules",
    ]
    assert [s.name for s in profile.mentee_profile.skills_wanted.all()] == ["Bookkeeping"]
    assert {lang.code for lang in profile.languages.all()} == {"en", "cy"}
    assert profile.meets_remotely


def test_another_visitor_signs_up_as_a_mentor_offering_skills_for_two_mentees(
    page, url, live_server
):
    page.goto(url("home"))
    assert_accessible(page)
    page.get_by_role("link", name="Become a mentor").click()

    sign_up(page, email="gwen@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    confirm_email(page, verification_link(live_server.url, to="gwen@example.org"))
    fill_profile(
        page,
        Profile(
            name="Gwen Price",
            role="Mentor",
            organisation="Valley Wholefoods",
            kind="Worker co-op",
            stage="Established",
            skills_offered=("Bookkeeping", "Board governance"),
            years="15",
            capacity="2",
        ),
    )

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Gwen")
    assert_accessible(page)
    page.get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gwen Price")
    assert_accessible(page)
    expect(page.get_by_text("Mentees at once")).to_be_visible()
    profile = MemberProfile.objects.get(user__email="gwen@example.org")
    assert profile.role == MemberProfile.Role.MENTOR
    assert profile.capacity == 2
    assert {s.name for s in profile.skills_offered.all()} == {"Bookkeeping", "Board governance"}
    assert profile.mentee_profile is None
