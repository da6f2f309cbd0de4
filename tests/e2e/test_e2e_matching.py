"""Journey 3: a coordinator runs matching in the admin, reads why a pair fits, and approves it."""

import re

import pytest
from playwright.sync_api import expect

from matching.models import MatchRun, Proposal
from mentorship.models import Mentorship
from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import enter_authenticator_code, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_coordinator_runs_matching_reads_the_reasons_and_approves_the_pair(page, url):
    secret = factories.authenticator(user=factories.coordinator(email="coordinator@example.org"))
    factories.mentee(email="nia@example.org", name="Nia Hughes")
    factories.mentor(email="gwen@example.org", name="Gwen Price")

    page.goto(url("admin:index"))  # the admin sends coordinators to the site's sign-in
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    sign_in(page, email="coordinator@example.org", password=factories.PASSWORD)
    enter_authenticator_code(page, secret)
    expect(page.get_by_role("heading", level=1)).to_have_text("Run the programme")
    assert_accessible(page)

    page.get_by_role("link", name="Match runs").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("match run")
    assert_accessible(page)
    page.get_by_role("link", name="Run matching now").click()
    # The site's one cohort is the only choice, ticked already.
    expect(page.get_by_role("heading", level=1)).to_have_text("Run matching")
    expect(page.get_by_role("radio")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Run matching now").click()

    expect(page.get_by_text("Matching finished: 1 of 1 mentee matched.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Review its 1 proposal").click()

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

    expect(page.get_by_text("1 pairing approved.")).to_be_visible()
    expect(page.get_by_role("button", name="Approve this pairing")).to_have_count(0)
    assert_accessible(page)
    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.FINISHED and run.matched == 1
    mentorship = Proposal.objects.get(run=run).mentorship
    assert mentorship.status == Mentorship.Status.APPROVED
    assert mentorship.mentor.email == "gwen@example.org"
    assert str(mentorship.mentee) == "Nia Hughes"


def _search_and_choose(page, label: str, term: str, choice: str) -> None:
    """Open a search box of the admin (Select2), type, and pick the result shown."""
    page.locator(f"label:has-text('{label}') + select + .select2").click()
    page.locator(".select2-search__field").fill(term)
    page.get_by_role("option", name=choice).click()


def test_a_coordinator_pairs_two_members_by_hand_by_searching_for_them(page, url):
    secret = factories.authenticator(user=factories.coordinator(email="coordinator@example.org"))
    factories.mentee(email="nia@example.org", name="Nia Hughes")
    factories.mentee(email="owen@example.org", name="Owen Jones")
    factories.mentor(email="gwen@example.org", name="Gwen Price")
    factories.mentor(email="huw@example.org", name="Huw Evans")

    page.goto(url("admin:matching_proposal_pair"))
    sign_in(page, email="coordinator@example.org", password=factories.PASSWORD)
    enter_authenticator_code(page, secret)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pair two members by hand")
    assert_accessible(page)

    _search_and_choose(page, "Mentor", "gwen", "Gwen Price")
    _search_and_choose(page, "Mentee", "nia", "Nia Hughes")
    assert_accessible(page)
    page.get_by_role("button", name="Check this pairing").click()

    expect(page.get_by_role("heading", name=re.compile(r"^Score: "))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("I have read the score and any warnings: save this pairing").check()
    page.get_by_role("button", name="Save the pairing").click()

    expect(page.get_by_text("Paired Gwen Price mentoring Nia Hughes.")).to_be_visible()
    mentorship = Mentorship.objects.get()
    assert mentorship.mentor.email == "gwen@example.org" and str(mentorship.mentee) == "Nia Hughes"
    assert mentorship.origin == Mentorship.Origin.MANUAL
