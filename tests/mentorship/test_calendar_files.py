"""Calendar files (a session's download, a reminder's attachment, the private feed) are valid
RFC 5545 whatever a member types: text is escaped, no bare CR, lines folded at 75 octets."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from mentorship.services import reminders, sessions

# A place, a name and an agenda with every character RFC 5545 treats specially.
PLACE = "Riverside Hall\rroom 2\r\nfloor 1\nback door, left; ring twice \\ knock"
AGENDA = "Rules; shares, votes\r\nthen\rtea\n" + "Long line of agenda text, é and ŵ. " * 6
NAME = "Bob\rBevan, Jr; the 2nd"


def _lf(text: str) -> str:
    """What the member meant: every CR, alone or in a CRLF, is one line break."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture
def awkward_session(pair, alice, bob):
    User.objects.filter(pk=bob.pk).update(name=NAME)
    start = (timezone.now() + datetime.timedelta(hours=20)).replace(second=0, microsecond=0)
    return sessions.session_schedule(
        mentorship=pair,
        by=alice,
        starts_at=start,
        duration_minutes=60,
        format="in_person",
        place=PLACE,
        agenda=AGENDA,
    )


def _assert_well_formed(content: bytes) -> icalendar.Event:
    assert re.search(rb"\r(?!\n)", content) is None, "no bare CR anywhere"
    assert re.search(rb"(?<!\r)\n", content) is None, "every line ends with CRLF"
    lines = content.split(b"\r\n")
    assert lines[-1] == b"", "the file ends with CRLF"
    assert all(len(line) <= 75 for line in lines), "lines are folded at 75 octets"
    assert any(line.startswith(b" ") for line in lines), "the long agenda was folded"
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["LOCATION"]) == _lf(PLACE)
    assert str(event["DESCRIPTION"]) == _lf(AGENDA)
    assert _lf(NAME) in str(event["SUMMARY"])
    return event


def test_a_sessions_download_escapes_line_breaks_commas_and_semicolons(
    awkward_session, alice_client
):
    response = alice_client.get(reverse("mentorship:session_ics", args=[awkward_session.pk]))
    event = _assert_well_formed(response.content)
    assert str(event["UID"]) == _expected_uid(awkward_session)
    assert b"LOCATION:Riverside Hall\\nroom 2\\nfloor 1\\nback door\\, left\\; ring" in (
        response.content.replace(b"\r\n ", b"")
    )


def test_the_calendar_feed_escapes_what_members_type_and_keeps_each_uid(
    awkward_session, alice_client, client
):
    feed_url = alice_client.get(reverse("mentorship:calendar")).context["feed_url"]
    token = feed_url.rstrip("/").split("/")[-1].removesuffix(".ics")
    first = client.get(reverse("mentorship:calendar_feed", args=[token]))
    event = _assert_well_formed(first.content)
    again = client.get(reverse("mentorship:calendar_feed", args=[token]))
    [event_again] = icalendar.Calendar.from_ical(again.content).walk("VEVENT")
    assert str(event["UID"]) == str(event_again["UID"]) == _expected_uid(awkward_session)


def _expected_uid(session) -> str:
    """The session's id at the site's host, worked out here from the settings, not the file."""
    return f"session-{session.pk}@{urlsplit(settings.SITE_URL).netloc}"


def test_the_uid_stays_the_same_when_the_session_is_moved_and_cancelled(
    awkward_session, alice, bob, deliver
):
    later = awkward_session.starts_at + datetime.timedelta(days=1)
    sessions.session_move(
        session=awkward_session, by=alice, starts_at=later, duration_minutes=45, format="remote"
    )
    sessions.session_cancel(session=awkward_session, by=alice)
    sent = [
        icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
        for mail in deliver()
        if mail.to == [bob.email]
        for _name, content, _type in mail.attachments
    ]
    assert [int(event["SEQUENCE"]) for event in sent] == [0, 1, 2]
    assert {str(event["UID"]) for event in sent} == {_expected_uid(awkward_session)}


def test_a_reminders_calendar_attachment_escapes_what_members_type(awkward_session, deliver):
    reminders.session_reminders(timezone.now())
    reminded = [mail.attachments for mail in deliver() if mail.subject.startswith("Reminder")]
    assert len(reminded) == 3, "alice, bob and carol"
    for [(_name, content, _type)] in reminded:
        _assert_well_formed(content.encode() if isinstance(content, str) else content)


def test_the_others_calendar_requests_escape_what_members_type(awkward_session, bob, deliver):
    [(_name, content, mimetype)] = next(m for m in deliver() if m.to == [bob.email]).attachments
    assert mimetype == "text/calendar; method=REQUEST"
    _assert_well_formed(content.encode() if isinstance(content, str) else content)


def test_the_calendar_feed_is_titled_in_its_owners_language(pair, alice, alice_client, client):
    alice.language = "cy"
    alice.save(update_fields=["language"])
    sessions.session_schedule(
        mentorship=pair,
        by=alice,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        duration_minutes=30,
        format="remote",
    )
    feed_url = alice_client.get(reverse("mentorship:calendar")).context["feed_url"]
    token = feed_url.rstrip("/").split("/")[-1].removesuffix(".ics")
    feed = client.get(reverse("mentorship:calendar_feed", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    [event] = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Mentora: Bob Bevan a Riverside founders"
