"""Steps the journeys share, done the way a person does them: by label, by button, by link."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core import mail
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from tests import factories
from tests.e2e.axe import assert_accessible

PASSWORD = "slate-bakery-ledger-42"
CONFIRM_PATH = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)")


def labelled(page: Page, label: str) -> Locator:
    """The field with exactly this label, whether or not it is marked required with a "*"."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\W*$"))


def sign_up(page: Page, *, email: str, password: str = PASSWORD, again: str | None = None) -> None:
    """Fill in and send the sign-up form the page is showing."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    assert_accessible(page)
    labelled(page, "Email").fill(email)
    labelled(page, "Password").fill(password)
    labelled(page, "Password (again)").fill(password if again is None else again)
    page.get_by_role("button", name="Sign Up").click()


def verification_link(live_server_url: str, *, to: str) -> str:
    """The confirmation link in the last email sent to an address, on the live server."""
    sent = [message for message in mail.outbox if to in message.to]
    assert sent, f"no email to {to}; sent: {[m.to for m in mail.outbox]}"
    match = CONFIRM_PATH.search(sent[-1].body)
    assert match, sent[-1].body
    return live_server_url + match.group(1)


def confirm_email(page: Page, link: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()


def sign_in(page: Page, *, email: str, password: str) -> None:
    """Fill in and send the sign-in form the page is showing."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    assert_accessible(page)
    labelled(page, "Email").fill(email)
    labelled(page, "Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page).not_to_have_url(re.compile(re.escape(reverse("account_login"))))


@dataclass
class Profile:
    """What a member types into the profile form; empty values leave the form's default."""

    name: str
    role: str  # the radio button's label: "Mentor", "Mentee", "Both mentor and mentee"
    organisation: str
    kind: str = ""
    stage: str = ""
    languages: tuple[str, ...] = ()
    goals: str = ""
    skills_wanted: tuple[str, ...] = ()
    skills_offered: tuple[str, ...] = ()
    capacity: str = ""
    years: str = ""


def fill_profile(page: Page, profile: Profile) -> None:
    """Fill in the profile form the page is showing, then save it."""
    labelled(page, "Your name").fill(profile.name)
    page.get_by_role("radio", name=profile.role, exact=True).check()
    labelled(page, "Your co-op or organisation").fill(profile.organisation)
    if profile.kind:
        labelled(page, "Type").select_option(label=profile.kind)
    if profile.stage:
        labelled(page, "Stage").select_option(label=profile.stage)
    for language in profile.languages:
        page.get_by_role("checkbox", name=language).check()
    labelled(page, "I can meet remotely (video or phone)").check()
    if profile.goals:
        labelled(page, "Your goals").fill(profile.goals)
    choose_skills(page, "Skills you want help with", profile.skills_wanted)
    choose_skills(page, "Skills you offer", profile.skills_offered)
    if profile.years:
        labelled(page, "Years of co-op experience").fill(profile.years)
    if profile.capacity:
        labelled(page, "How many mentees you can take at once").fill(profile.capacity)
    assert_accessible(page)
    page.get_by_role("button", name="Save profile").click()


def choose_skills(page: Page, picker: str, skills: tuple[str, ...]) -> None:
    """Find each skill with the picker's search box, as a person would among a hundred, and tick it."""
    group = page.get_by_role("group", name=picker, exact=True)
    search = group.get_by_label("Search skills")
    for skill in skills:
        search.fill(skill)
        box = group.get_by_role("checkbox", name=skill, exact=True)
        expect(box).to_be_visible()
        box.check()
    if skills:
        search.fill("")


def enter_authenticator_code(page: Page, secret: str) -> None:
    """The second step of a coordinator's sign-in: the code their authenticator app shows."""
    expect(page).to_have_url(re.compile(re.escape(reverse("mfa_authenticate"))))
    labelled(page, "Code").fill(factories.totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).not_to_have_url(re.compile(re.escape(reverse("mfa_authenticate"))))


def sign_in_as(page: Page, live_server_url: str, *, email: str, password: str) -> None:
    """Open the sign-in page (signing out whoever is signed in first) and sign in."""
    if page.get_by_role("button", name="Sign out").count():
        page.get_by_role("button", name="Sign out").first.click()
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="Sign in")).to_be_attached()
    page.goto(live_server_url + reverse("account_login"))
    sign_in(page, email=email, password=password)


def open_mentorship(page: Page, link_name: str) -> None:
    """From anywhere on the site: the dashboard, then the mentorship's own page."""
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Hello, "))
    assert_accessible(page)
    page.get_by_role("link", name=link_name).click()
