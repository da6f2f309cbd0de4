"""iCalendar (RFC 5545) files for sessions: one session's download, or a member's feed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from mentorship.models import Mentorship, Session

_HOST = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "localhost"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, as the RFC asks."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start = [], 0
    while start < len(encoded):
        end = min(start + (75 if not parts else 74), len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # keep UTF-8 characters whole
            end -= 1
        parts.append(encoded[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _summary(mentorship: Mentorship) -> str:
    return gettext("Mentoring: %(mentor)s and %(mentee)s") % {
        "mentor": mentorship.mentor,
        "mentee": mentorship.mentee,
    }


def _event(session: Session, stamp: datetime) -> list[str]:
    mentorship = session.mentorship
    lines = [
        "BEGIN:VEVENT",
        f"UID:session-{session.pk}@{_HOST}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DTEND:{_utc(session.starts_at + timedelta(minutes=session.duration_minutes))}",
        f"SUMMARY:{_escape(_summary(mentorship))}",
        f"STATUS:{'CANCELLED' if session.status == Session.Status.CANCELLED else 'CONFIRMED'}",
    ]
    location = session.place if session.format == Session.Format.IN_PERSON else session.link
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if session.link:
        lines.append(f"URL:{session.link}")
    if session.agenda:
        lines.append(f"DESCRIPTION:{_escape(session.agenda)}")
    lines.append("END:VEVENT")
    return lines


def calendar(sessions: Iterable[Session]) -> str:
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Co-op Mentoring//Sessions//EN",
        "CALSCALE:GREGORIAN",
    ]
    for session in sessions:
        lines.extend(_event(session, stamp))
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
