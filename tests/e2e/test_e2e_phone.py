"""On a 320 px wide phone, nothing scrolls sideways and the pages stay accessible."""

import pytest
from playwright.sync_api import Page, expect

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
