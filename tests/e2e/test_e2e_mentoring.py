"""Journey 4: a pair agree, the mentee sets a goal, the mentor schedules and logs a session with a
private note, and the mentee confirms it without ever being shown that note."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentorship.models import Mentorship, PrivateNote, Session
from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import choose_skills, labelled, open_mentorship, sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PRIVATE_NOTE = "Nia seemed anxious about the auditors; raise it gently next time."
SUMMARY = "Walked through a trial balance and the year-end checklist."


def local_input(moment) -> str:
    """A moment as a datetime-local field takes it, in the members' time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_pair_agree_set_a_goal_and_log_a_session_whose_private_note_the_mentee_never_sees(
    page, url, live_server
):
    gwen = factories.mentor(email="gwen@example.org", name="Gwen Price")
    nia = factories.mentee(email="nia@example.org", name="Nia Hughes")
    pairing = factories.mentorship(mentor=gwen, mentee=nia, status="approved")

    # The mentor accepts the agreement, choosing how often and how they will meet.
    sign_in_as(page, live_server.url, email="gwen@example.org", password=factories.PASSWORD)
    open_mentorship(page, "Mentoring Nia Hughes")
    expect(page.get_by_role("heading", name="Your mentoring agreement")).to_be_visible()
    labelled(page, "How often you will meet").select_option(label="Every two weeks")
    labelled(page, "How you will meet").select_option(label="Remote (video or phone)")
    assert_accessible(page)
    page.get_by_role("button", name="I accept the agreement").click()
    expect(page.get_by_role("status")).to_contain_text("You accepted the agreement.")
    assert_accessible(page)

    # The mentee accepts too, and the mentorship starts; then she adds a goal.
    sign_in_as(page, live_server.url, email="nia@example.org", password=factories.PASSWORD)
    open_mentorship(page, "Mentored by Gwen Price")
    expect(page.get_by_role("heading", name="Your mentoring agreement")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="I accept the agreement").click()
    expect(page.get_by_role("status")).to_contain_text("You have both accepted")
    assert_accessible(page)
    page.get_by_role("link", name="Add a goal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a goal")
    labelled(page, "What").fill("Produce our first annual accounts")
    labelled(page, "Why it matters").fill("The members vote on them in June.")
    labelled(page, "How you will know").fill("The accounts are filed on time.")
    assert_accessible(page)
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_role("status")).to_contain_text("Goal added.")
    goals = page.get_by_role("region", name="Goals")
    expect(goals).to_contain_text("Produce our first annual accounts")
    assert_accessible(page)

    # The mentor schedules a session for next week.
    sign_in_as(page, live_server.url, email="gwen@example.org", password=factories.PASSWORD)
    open_mentorship(page, "Mentoring Nia Hughes")
    page.get_by_role("link", name="Schedule a session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a session")
    labelled(page, "Date and time (your time zone)").fill(
        local_input(timezone.now() + timedelta(days=7))
    )
    labelled(page, "Length in minutes").fill("90")
    page.get_by_role("radio", name="Remote").check()
    labelled(page, "Link (remote)").fill("https://meet.example.org/gwen-nia")
    labelled(page, "Agenda").fill("Year-end accounts")
    assert_accessible(page)
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Session scheduled.")
    expect(page.get_by_role("link", name="Add to calendar (.ics)")).to_be_visible()
    assert_accessible(page)

    # A week passes: the session has happened, and the mentor logs it.
    session = Session.objects.get(mentorship=pairing)
    session.starts_at = timezone.now() - timedelta(hours=2)
    session.save(update_fields=["starts_at"])
    page.reload()
    page.get_by_role("link", name="Log this session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a session")
    expect(labelled(page, "Length in minutes")).to_have_value("90")
    choose_skills(page, "Topics", ("Bookkeeping",))
    labelled(page, "Summary (shared with the mentee)").fill(SUMMARY)
    labelled(page, "Progress on “Produce our first annual accounts”").select_option(
        label="Under way"
    )
    page.get_by_label("Next step").first.fill("Draft the balance sheet")
    labelled(page, "Private note (only you will ever see this)").fill(PRIVATE_NOTE)
    assert_accessible(page)
    page.get_by_role("button", name="Save the log").click()
    expect(page.get_by_role("status")).to_contain_text("Session logged.")
    expect(page.get_by_text(PRIVATE_NOTE)).to_be_visible()  # the mentor sees her own note
    assert_accessible(page)

    # The mentee confirms the session: she sees the summary, never the private note.
    sign_in_as(page, live_server.url, email="nia@example.org", password=factories.PASSWORD)
    open_mentorship(page, "Mentored by Gwen Price")
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    expect(page.get_by_text("Draft the balance sheet")).to_be_visible()
    assert PRIVATE_NOTE not in page.content()
    assert_accessible(page)
    confirm = page.get_by_role("group", name="Did the session happen as logged?")
    # "What was different?" is asked only after a "No".
    different = page.get_by_label("What was different?")
    expect(different).to_be_hidden()
    confirm.get_by_role("radio", name="No, not as logged").check()
    expect(different).to_be_visible()
    confirm.get_by_role("radio", name="Yes, it happened as logged").check()
    expect(different).to_be_hidden()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you: your answer is recorded.")
    expect(page.get_by_text("Confirmed", exact=True)).to_be_visible()
    assert PRIVATE_NOTE not in page.content()
    assert_accessible(page)

    pairing.refresh_from_db()
    session.refresh_from_db()
    assert pairing.status == Mentorship.Status.ACTIVE
    assert (pairing.meeting_frequency, pairing.meeting_format) == ("fortnightly", "remote")
    assert session.status == Session.Status.CONFIRMED
    assert session.duration_minutes == 90
    assert [skill.name for skill in session.topics.all()] == ["Bookkeeping"]
    assert PrivateNote.objects.get(session=session).text == PRIVATE_NOTE
    goal = pairing.goals.get()
    assert goal.progress == "under_way"
