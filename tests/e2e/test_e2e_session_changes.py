"""Journey: a mentor schedules a session and the mentee's email carries a calendar request; the
mentee ticks a next step off; the mentee ends the mentorship and the mentor's email carries the
calendar cancellation of the same event."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import OutboundEmail
from mentorship.models import ActionItem
from mentorship.services import sessions
from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import labelled, open_mentorship, sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _calendar_sent_to(email: str) -> list[tuple[str, icalendar.Event]]:
    """(METHOD, VEVENT) of each session-change email queued for `email`, oldest first."""
    found = []
    for mail in OutboundEmail.objects.filter(to=email, kind="session-change").order_by("pk"):
        [(_name, _type, content)] = mail.attachments
        cal = icalendar.Calendar.from_ical(content)
        [event] = cal.walk("VEVENT")
        found.append((str(cal["METHOD"]), event))
    return found


def test_a_session_reaches_the_other_calendar_a_step_is_ticked_and_ending_cancels_it(
    page, live_server
):
    gwen = factories.mentor(email="gwen@example.org", name="Gwen Price")
    nia = factories.mentee(email="nia@example.org", name="Nia Hughes")
    pairing = factories.mentorship(mentor=gwen, mentee=nia)
    earlier = sessions.session_log(
        mentorship=pairing, by=gwen,
        log=sessions.SessionLog(
            starts_at=timezone.now() - timedelta(days=3), duration_minutes=60, format="remote",
            summary="First chat",
            action_items=[sessions.ActionItemData(description="Open a bank account", owner="mentee")],
        ),
    )  # fmt: skip

    # The mentor schedules a session; the mentee's email carries a calendar request.
    sign_in_as(page, live_server.url, email="gwen@example.org", password=factories.PASSWORD)
    open_mentorship(page, "Mentoring Nia Hughes")
    page.get_by_role("link", name="Schedule a session").click()
    labelled(page, "Date and time (your time zone)").fill(
        local_input(timezone.now() + timedelta(days=7))
    )
    labelled(page, "Length in minutes").fill("60")
    page.get_by_role("radio", name="Remote").check()
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Session scheduled.")
    expect(page.get_by_text("It can be logged once it has started")).to_be_visible()
    expect(page.get_by_role("link", name="Log this session")).to_have_count(0)
    assert_accessible(page)
    [(method, requested)] = _calendar_sent_to("nia@example.org")
    assert (method, int(requested["SEQUENCE"])) == ("REQUEST", 0)

    # The mentee ticks off the next step from the first session.
    sign_in_as(page, live_server.url, email="nia@example.org", password=factories.PASSWORD)
    open_mentorship(page, "Mentored by Gwen Price")
    page.get_by_role("button", name="Mark done: Open a bank account").click()
    expect(page.get_by_text("Done: Nia Hughes")).to_be_visible()
    assert_accessible(page)
    step = ActionItem.objects.get(session=earlier)
    assert step.done_by == nia and step.done_at is not None

    # She ends the mentorship; the mentor's email cancels the same event.
    page.get_by_role("link", name="End the mentorship").click()
    page.get_by_role("radio", name="Ending early").check()
    labelled(page, "Why? (no blame: this helps the coordinators)").fill("We are moving away")
    assert_accessible(page)
    page.get_by_role("button", name="End the mentorship").click()
    expect(page.get_by_role("status")).to_contain_text("The mentorship has ended.")
    [(method, cancelled)] = _calendar_sent_to("gwen@example.org")
    assert method == "CANCEL"
    assert str(cancelled["UID"]) == str(requested["UID"])
    assert int(cancelled["SEQUENCE"]) == 1
    assert str(cancelled["STATUS"]) == "CANCELLED"
    told = OutboundEmail.objects.get(to="gwen@example.org", kind="mentorship-ended")
    assert "We are moving away" in told.body_text
