"""Journey 3: a coordinator runs matching in the admin, reads why a pair fits, and approves it."""

import re

import pytest
from playwright.sync_api import expect

from matching.models import MatchRun, Proposal
from mentorship.models import Mentorship
from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_coordinator_runs_matching_reads_the_reasons_and_approves_the_pair(page, url):
    factories.coordinator(email="coordinator@example.org")
    factories.mentee(email="nia@example.org", name="Nia Hughes")
    factories.mentor(email="gwen@example.org", name="Gwen Price")

    page.goto(url("admin:index"))  # the admin sends coordinators to the site's sign-in
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    sign_in(page, email="coordinator@example.org", password=factories.PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Run the programme")
    assert_accessible(page)

    page.get_by_role("link", name="Match runs").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("match run")
    assert_accessible(page)
    page.get_by_role("button", name="Run matching now").click()

    expect(page.get_by_text("Matching finished: 1 of 1 mentees matched.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Review its 1 proposals").click()

    row = page.get_by_role("row").filter(has_text="Gwen Price")
    expect(row).to_contain_text("Nia Hughes")
    expect(row).to_contain_text(re.compile("bookkeeping", re.IGNORECASE))
    assert_accessible(page)
    row.get_by_role("link").first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("proposal")
    reasons = page.locator(".field-reasons_in_words")
    expect(reasons).to_contain_text(re.compile("bookkeeping", re.IGNORECASE))
    assert_accessible(page)
    page.get_by_role("button", name="Approve this pairing").click()

    expect(page.get_by_text("1 pairing(s) approved.")).to_be_visible()
    expect(page.get_by_role("button", name="Approve this pairing")).to_have_count(0)
    assert_accessible(page)
    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.FINISHED and run.matched == 1
    mentorship = Proposal.objects.get(run=run).mentorship
    assert mentorship.status == Mentorship.Status.APPROVED
    assert mentorship.mentor.email == "gwen@example.org"
    assert str(mentorship.mentee) == "Nia Hughes"
