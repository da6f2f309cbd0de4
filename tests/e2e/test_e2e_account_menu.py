"""On a phone, the Account menu opens from the folded navigation and reaches every settings page."""

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.steps import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 700}

# Each menu entry and the heading of the page it opens.
MENU = [
    ("Email addresses", "Email Address"),
    ("Password", "Change Password"),
    ("Two-factor authentication", "Two-Factor Authentication"),
    ("Email preferences", "Your emails"),
    ("Language", "Language"),
    ("Download your data", "Download your data"),
    ("Delete your account", "Delete your account"),
]


def test_every_settings_page_is_reached_from_the_account_menu_on_a_phone(page: Page, url):
    factories.mentee(email="alice@example.org", name="Alice Ahmed")
    page.set_viewport_size(PHONE)
    page.goto(url("account_login"))
    sign_in(page, email="alice@example.org", password=factories.PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Alice")

    for entry, heading in MENU:
        page.get_by_role("button", name="Show menu").click()
        page.get_by_role("button", name="Account").click()
        page.locator(".dropdown-menu").get_by_role("link", name=entry, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
