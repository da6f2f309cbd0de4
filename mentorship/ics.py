"""iCalendar (RFC 5545) files for sessions: one session's download, or a member's feed.

The icalendar library writes the file: it escapes text (backslash, comma, semicolon, line
breaks), folds lines at 75 octets and ends every line with CRLF, so nothing a member types in
a place, an agenda or a name can end a line or start a property of its own."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from mentorship.models import Mentorship, Session

_HOST = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "localhost"


def _text(value: object) -> str:
    """RFC 5545 has a line break (an escaped newline) but no bare CR: every CR, alone or in a
    CRLF, becomes one newline, so the event reads back as what the member meant."""
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _summary(mentorship: Mentorship) -> str:
    return gettext("Mentoring: %(mentor)s and %(mentee)s") % {
        "mentor": mentorship.mentor,
        "mentee": mentorship.mentee,
    }


def _event(session: Session, stamp: datetime) -> icalendar.Event:
    mentorship = session.mentorship
    event = icalendar.Event()
    event.add("uid", uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.starts_at + timedelta(minutes=session.duration_minutes))
    event.add("summary", _text(_summary(mentorship)))
    cancelled = session.status == Session.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    location = session.place if session.format == Session.Format.IN_PERSON else session.link
    if location:
        event.add("location", _text(location))
    if session.link:
        # A URI is not escaped as text; a valid one has no whitespace, so drop any it carries.
        event.add("url", "".join(session.link.split()))
    if session.agenda:
        event.add("description", _text(session.agenda))
    return event


def uid(session: Session) -> str:
    """The session's UID, the same in every file about it: a calendar matches on it."""
    return f"session-{session.pk}@{_HOST}"


def calendar(sessions: Iterable[Session]) -> str:
    """One VCALENDAR with a VEVENT per session; UIDs are stable, so a re-import updates."""
    cal = _calendar()
    stamp = timezone.now()
    for session in sessions:
        cal.add_component(_event(session, stamp))
    return cal.to_ical().decode()


def method(session: Session) -> str:
    """The iTIP method of a message about the session; the email's content type names it too."""
    return "CANCEL" if session.status == Session.Status.CANCELLED else "REQUEST"


def invitation(session: Session, *, attendee: str) -> str:
    """An iTIP message (RFC 5546) for one attendee about one session: METHOD:REQUEST while it is
    scheduled, METHOD:CANCEL once cancelled. With the session's UID and its SEQUENCE (bumped
    on every move and cancellation), a calendar updates or removes the event it already has."""
    cal = _calendar()
    cal.add("method", method(session))
    event = _event(session, timezone.now())
    event.add("organizer", f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    event.add("attendee", f"mailto:{attendee}", parameters={"ROLE": "REQ-PARTICIPANT"})
    cal.add_component(event)
    return cal.to_ical().decode()


def _address(sender: str) -> str:
    """The bare address of a From header ("Name <a@b>" or "a@b")."""
    return sender.rsplit("<", 1)[-1].rstrip(">").strip()


def _calendar() -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Co-op Mentoring//Sessions//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    return cal
