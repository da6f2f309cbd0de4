"""Sessions, expenses and feedback for the hours, CPD and programme tests, made through the services."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

from accounts.models import MemberProfile, User
from mentorship.models import Expense, Feedback, Mentorship, Session
from mentorship.rules import MENTEE_BENEFITS, MENTOR_BENEFITS
from mentorship.services import feedback as feedback_services
from mentorship.services import hours, sessions
from tests import factories

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment in the programme's time zone."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def mentee_of(mentorship: Mentorship) -> User:
    return (
        MemberProfile.objects.filter(mentee_profile_id=mentorship.mentee_id)
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )


def session(
    mentorship: Mentorship,
    *,
    when: datetime.datetime,
    minutes: int = 60,
    status: str = Session.Status.CONFIRMED,
    topics: tuple[str, ...] = (),
    format: str = Session.Format.REMOTE,
) -> Session:
    """A session the mentor logged and, for `confirmed` or `disputed`, the mentee answered."""
    logged = sessions.session_log(
        mentorship=mentorship,
        by=mentorship.mentor,
        log=sessions.SessionLog(
            starts_at=when,
            duration_minutes=minutes,
            format=format,
            place="Community hall" if format == Session.Format.IN_PERSON else "",
            summary="We met.",
            topics=factories.skills(*topics) if topics else (),
        ),
    )
    if status in (Session.Status.CONFIRMED, Session.Status.DISPUTED):
        sessions.session_confirm(
            session=logged,
            by=mentee_of(mentorship),
            happened=status == Session.Status.CONFIRMED,
            note="" if status == Session.Status.CONFIRMED else "We did not meet.",
        )
    logged.refresh_from_db()
    return logged


def expense(session: Session, amount: str, description: str = "Train fare") -> Expense:
    return hours.expense_add(
        session=session,
        by=session.mentorship.mentor,
        description=description,
        amount=Decimal(amount),
    )


def feedback(mentorship: Mentorship, *, side: str, rating: int, learned: str = "") -> Feedback:
    """Feedback from one side rating every benefit the same; due once 3 sessions are confirmed."""
    by = mentorship.mentor if side == "mentor" else mentee_of(mentorship)
    benefits = MENTOR_BENEFITS if side == "mentor" else MENTEE_BENEFITS
    return feedback_services.feedback_give(
        mentorship=mentorship,
        by=by,
        ratings=dict.fromkeys(benefits, rating),
        learned=learned or "Something new.",
    )
