"""axe-core finds no WCAG 2.1 A or AA violation on the pages visitors, members and coordinators use."""

import pytest
from playwright.sync_api import Page

from tests import factories
from tests.e2e.axe import accessibility_problems
from tests.e2e.steps import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def problems_on(page: Page, urls: list[str]) -> str:
    """Visit each page and gather what axe finds on all of them, so one run reports every page."""
    found = []
    for address in urls:
        response = page.goto(address)
        assert response and response.ok, f"{address} answered {response and response.status}"
        found.append(accessibility_problems(page))
    return "\n\n".join(problem for problem in found if problem)


def test_the_pages_a_visitor_sees_have_no_accessibility_violations(page, url):
    problems = problems_on(
        page,
        [
            url("home"),
            url("account_login"),
            url("account_signup"),
            url("account_reset_password"),
            url("account_email_verification_sent"),
        ],
    )
    assert not problems, problems


def test_the_pages_a_member_sees_have_no_accessibility_violations(page, url):
    factories.mentee(email="alice@example.org", name="Alice Ahmed", group_name="Riverside founders")
    page.goto(url("account_login"))
    sign_in(page, email="alice@example.org", password=factories.PASSWORD)

    problems = problems_on(
        page,
        [
            url("mentorship:dashboard"),
            url("accounts:profile"),
            url("accounts:profile_edit"),
            url("accounts:group"),
        ],
    )
    assert not problems, problems


def test_the_admin_pages_a_coordinator_uses_most_have_no_accessibility_violations(page, url):
    factories.coordinator(email="coordinator@example.org")
    alice = factories.mentee(email="alice@example.org", name="Alice Ahmed")
    page.goto(url("admin:index"))  # the admin sends coordinators to the allauth sign-in
    sign_in(page, email="coordinator@example.org", password=factories.PASSWORD)
    assert page.url == url("admin:index")

    problems = problems_on(
        page,
        [
            url("admin:index"),
            url("admin:accounts_user_changelist"),
            url("admin:accounts_user_change", alice.pk),
        ],
    )
    assert not problems, problems
