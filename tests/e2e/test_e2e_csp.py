"""Chromium enforces the Content Security Policy and reports no violation on the pages members and
coordinators use most, and the scripts moved out of the templates into static/js still work.

Here rather than in tests/security/ because it needs this folder's browser fixtures; the policy
itself and the no-inline-code walk over every page are in tests/security/test_csp.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.e2e.axe import assert_accessible
from tests.e2e.test_e2e_axe_pages import ADMIN_PAGES, become, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Runs before each page's own scripts, through the DevTools protocol, so the policy allows it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class Violations:
    """What the browser refused on each page: console reports and securitypolicyviolation events."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: list[str] = []
        page.on("console", self._console)
        page.context.add_init_script(RECORD_VIOLATIONS)

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.found.append(f"{self.page.url}: {message.text}")

    def collect(self) -> None:
        events = self.page.evaluate("window.__cspViolations")
        assert events is not None, f"{self.page.url}: the violation recorder did not run"
        self.found.extend(f"{self.page.url}: {event}" for event in events)


def test_pages_load_with_no_csp_violation_and_the_moved_scripts_work(page, live_server):
    violations = Violations(page)
    world = build_world()
    site = live_server.url

    # The dashboard: the profile bar is a <progress>, not a <div> with a style attribute.
    become(page, site, world.people["mentee"])
    page.goto(site + reverse("mentorship:dashboard"))
    expect(page.get_by_role("progressbar", name="Profile completeness")).to_be_visible()
    # site.js: the skip link moves focus to the content without "#main" in the address.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert not page.url.endswith("#main")
    assert_accessible(page)
    violations.collect()

    # A form sent back with errors: site.js puts focus on the error summary.
    page.goto(site + reverse("accounts:profile_edit"))
    name = page.get_by_label("Your name")
    name.fill("")
    name.evaluate("(field) => { field.form.noValidate = true; }")  # let the server say it
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator("#error-summary")).to_be_focused()
    violations.collect()

    # The mentor's session log (skill picker) and CPD record (its print style sheet is a file).
    become(page, site, world.people["mentor"])
    page.goto(site + reverse("mentorship:session_log_new", args=[world.mentorship.pk]))
    picker = page.get_by_role("group", name="Topics", exact=True)
    picker.get_by_label("Search skills").fill("bookkeeping")
    expect(picker.get_by_role("checkbox", name="Bookkeeping", exact=True)).to_be_visible()
    violations.collect()
    page.goto(site + reverse("mentorship:cpd"))
    expect(page.locator('link[href*="print-record"]')).to_have_count(1)
    violations.collect()

    # A coordinator signed in with a code: the coordinator pages and the admin's most used pages.
    become(page, site, world.people["coordinator_2fa"], with_code=True)
    for name in ("mentorship:programme", "mentorship:claims"):
        page.goto(site + reverse(name))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        violations.collect()
    for name, args in ADMIN_PAGES.items():
        page.goto(site + reverse(name, args=args(world)))
        expect(page.locator("#content")).to_be_visible()
        violations.collect()

    # A change form with autocomplete fields: admin-autocomplete-labels.js labels Select2's boxes.
    page.goto(site + reverse("admin:accounts_user_change", args=[world.people["mentor"].pk]))
    expect(page.locator(".select2-container .select2-search__field").first).to_be_attached()
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll(".select2-container .select2-search__field")]
              .filter((box) => !box.getAttribute("aria-label")).length"""
    )
    assert unlabelled == 0
    # admin.css: breadcrumb links are underlined.
    decoration = page.locator("div.breadcrumbs a").first.evaluate(
        "(link) => getComputedStyle(link).textDecorationLine"
    )
    assert decoration == "underline"
    violations.collect()

    assert violations.found == []
