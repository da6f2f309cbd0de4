"""Journey 5: a mentor claims a train fare and downloads the CPD record; a coordinator exports the
month's hours and expenses as CSV. Both files are read back as a spreadsheet would read them."""

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from mentorship.selectors import hours
from mentorship.services import sessions
from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import enter_authenticator_code, labelled, sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def download(page: Page, link: str) -> tuple[str, list[list[str]]]:
    """Click a download link; the file's suggested name and its rows."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link, exact=True).click()
    file = info.value
    text = Path(file.path()).read_text(encoding="utf-8")
    return file.suggested_filename, list(csv.reader(io.StringIO(text)))


def test_a_mentor_downloads_the_cpd_record_and_a_coordinator_exports_the_months_hours(
    page, url, live_server
):
    gwen = factories.mentor(email="gwen@example.org", name="Gwen Price")
    nia = factories.mentee(email="nia@example.org", name="Nia Hughes")
    secret = factories.authenticator(user=factories.coordinator(email="coordinator@example.org"))
    pairing = factories.mentorship(mentor=gwen, mentee=nia)
    # A session in the middle of last month: the month coordinators settle claims for.
    this_month = hours.month_of(timezone.now())
    last_month = (this_month - timedelta(days=1)).replace(day=15)
    met_at = datetime(
        last_month.year, last_month.month, 15, 10, 0, tzinfo=timezone.get_current_timezone()
    )
    session = sessions.session_log(
        mentorship=pairing,
        by=gwen,
        log=sessions.SessionLog(
            starts_at=met_at,
            duration_minutes=90,
            format="in_person",
            place="Slate Bakery",
            summary="Year-end checklist",
            topics=factories.skills("Bookkeeping"),
        ),
    )
    sessions.session_confirm(session=session, by=nia)

    # The mentor claims her train fare, then downloads her CPD record.
    sign_in_as(page, live_server.url, email="gwen@example.org", password=factories.PASSWORD)
    page.get_by_role("link", name="Your hours and CPD").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your hours and expenses")
    expect(page.locator("#total-hours")).to_have_text("1.50")
    assert_accessible(page)
    page.get_by_role("link", name="Add a travel expense").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a travel expense")
    labelled(page, "What it was for (e.g. train fare to Cardiff)").fill("Train fare to Bangor")
    labelled(page, "Amount (£)").fill("23.40")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Expense added.")
    expect(page.get_by_text("Train fare to Bangor: £23.40")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="CPD record", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Continuing professional development: mentoring"
    )
    assert_accessible(page)
    filename, rows = download(page, "Download as CSV")
    assert filename == f"cpd-record-{timezone.localdate():%Y-%m-%d}.csv"
    assert rows == [
        ["Date", "Mentee", "Hours", "Format", "Skills practised"],
        [last_month.isoformat(), "Nia Hughes", "1.50", "In person", "Bookkeeping"],
        ["Total", "", "1.50", "", ""],
        [],
        ["Date", "Mentee", "What I learned from my mentee"],  # none given yet
    ]

    # The coordinator opens last month's claims from the admin and exports them.
    sign_in_as(page, live_server.url, email="coordinator@example.org", password=factories.PASSWORD)
    enter_authenticator_code(page, secret)
    page.get_by_role("link", name="Coordinate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Run the programme")
    page.get_by_role("link", name="Mentors' hours, expenses and claims").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Mentors' claims for {last_month:%B %Y}"
    )
    gwen_row = page.get_by_role("row").filter(has_text="gwen@example.org")
    expect(gwen_row).to_contain_text("1.50")
    expect(gwen_row).to_contain_text("23.40")
    assert_accessible(page)
    filename, rows = download(page, "Download (CSV)")
    assert filename == f"claims-{last_month:%Y-%m}.csv"
    assert rows == [
        ["Mentor", "Email", "Mentorship", "Confirmed sessions", "Hours", "Expenses", "Approved on"],
        ["Gwen Price", "gwen@example.org", f"#{pairing.pk} Nia Hughes", "1", "1.50", "23.40", ""],
    ]
