"""Sessions: scheduled by either side, logged by the mentor, confirmed by the mentee."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Skill, User
from mentorship import emails
from mentorship.models import (
    ActionItem,
    Feedback,
    Goal,
    Mentorship,
    PrivateNote,
    Session,
    SessionLogVersion,
    Side,
)
from mentorship.rules import MIDWAY_FEEDBACK_AFTER
from mentorship.selectors import hours as hours_selectors
from mentorship.services import hours, relationship
from mentorship.services.errors import MentorshipError
from mentorship.services.feedback import confirmed_sessions
from mentorship.services.goals import goal_update
from mentorship.services.relationship import NOT_ACTIVE, party_side, side_of

ONLY_MENTOR_LOGS = _("Only the mentor logs a session.")
ONLY_MENTEE_CONFIRMS = _("Only the mentee confirms a session.")
NOT_LOGGED = _("This session has not been logged yet.")
EDIT_WINDOW_CLOSED = _("Logs can be edited for {days} days; this one can no longer be changed.")
ONLY_AUTHOR_EDITS = _("Only the person who logged this session can edit it.")
NOT_IN_FUTURE = _("A session can only be logged once it has started.")
CANNOT_CANCEL = _("Only a scheduled session can be cancelled.")
CANNOT_MOVE = _("Only a scheduled session can be moved.")

Status = Session.Status


@dataclass(frozen=True, kw_only=True)
class ActionItemData:
    description: str
    owner: Side
    due_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class GoalProgress:
    goal: Goal
    progress: str
    note: str = ""


@dataclass(kw_only=True)
class SessionLog:
    starts_at: datetime
    duration_minutes: int
    format: str
    summary: str
    topics: Iterable[Skill] = ()
    place: str = ""
    link: str = ""
    action_items: list[ActionItemData] = field(default_factory=list)
    goals: list[GoalProgress] = field(default_factory=list)
    private_note: str = ""
    # The log form's one-time key: the same form sent twice is saved once.
    submission_key: UUID | None = None


def _require_open(mentorship: Mentorship) -> None:
    if not mentorship.takes_sessions:
        raise MentorshipError(NOT_ACTIVE)


def log_refusal(mentorship: Mentorship, session: Session | None) -> str | None:
    """Why this session cannot be logged now, if it cannot: the form is not even offered."""
    if not mentorship.takes_sessions:
        return str(NOT_ACTIVE)
    if session is not None and session.status == Status.SCHEDULED and not session.has_started:
        return str(NOT_IN_FUTURE)
    return None


@transaction.atomic
def session_schedule(
    *,
    mentorship: Mentorship,
    by: User,
    starts_at: datetime,
    duration_minutes: int,
    format: str,
    place: str = "",
    link: str = "",
    agenda: str = "",
) -> Session:
    """Either side puts a session in the diary."""
    party_side(mentorship, by)
    _require_open(mentorship)
    session = Session.objects.create(
        mentorship=mentorship,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        format=format,
        place=place,
        link=link,
        agenda=agenda,
        created_by=by,
    )
    emails.notify_session_changed(session, change=emails.SessionChange.SCHEDULED, by=by)
    return session


@transaction.atomic
def session_move(
    *,
    session: Session,
    by: User,
    starts_at: datetime,
    duration_minutes: int,
    format: str,
    place: str = "",
    link: str = "",
    agenda: str = "",
) -> Session:
    """Either side changes the time or place of a scheduled session; the others are told, with
    a calendar update (the same UID, the next SEQUENCE). The row is locked, so two moves at
    once each get their own sequence number. Moving it to where it already is changes nothing."""
    session = Session.objects.select_for_update().select_related("mentorship").get(pk=session.pk)
    party_side(session.mentorship, by)
    _require_open(session.mentorship)
    if session.status != Status.SCHEDULED:
        raise MentorshipError(CANNOT_MOVE)
    changes = {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "format": format,
        "place": place,
        "link": link,
        "agenda": agenda,
    }
    if all(getattr(session, name) == value for name, value in changes.items()):
        return session
    for name, value in changes.items():
        setattr(session, name, value)
    session.sequence += 1
    session.save(update_fields=[*changes, "sequence"])
    emails.notify_session_changed(session, change=emails.SessionChange.MOVED, by=by)
    return session


@hours.refusals_recorded
@transaction.atomic
def session_log(
    *, mentorship: Mentorship, by: User, log: SessionLog, session: Session | None = None
) -> Session:
    """The mentor logs a session that took place: a scheduled one, or one not in the diary.

    Refused in a month whose claim is approved (a backdated log too). The same form sent twice
    (the same `log.submission_key`) is saved once; the second call returns the first's session,
    also when both arrive at once: a scheduled session's row is locked, and a new session's key
    is unique in the database.
    """
    if side_of(mentorship, by) != Side.MENTOR:
        raise MentorshipError(ONLY_MENTOR_LOGS)
    _require_open(mentorship)
    if log.starts_at > timezone.now():
        raise MentorshipError(NOT_IN_FUTURE)
    if already := _logged_with(log.submission_key, mentorship):
        return already
    if session is None:
        session = Session(mentorship=mentorship, created_by=by)
    else:
        session = Session.objects.select_for_update().get(pk=session.pk, mentorship=mentorship)
        if session.status != Status.SCHEDULED:
            return _log_edit(session=session, by=by, log=log)
        if refusal := log_refusal(mentorship, session):
            raise MentorshipError(refusal)
    hours.month_check_open(
        mentor_id=mentorship.mentor_id,
        month=hours_selectors.month_of(log.starts_at),
        programme_id=mentorship.cohort.programme_id,
        change=hours.Change.SESSION_LOGGED,
        by=by,
    )
    session.status = Status.LOGGED
    session.logged_by, session.logged_at = by, timezone.now()
    session.submission_key = log.submission_key
    try:
        with transaction.atomic():
            _apply(session, log)
    except IntegrityError:
        # The same form, sent at the same moment, saved its new session first.
        if already := _logged_with(log.submission_key, mentorship):
            return already
        raise
    for item in log.action_items:
        ActionItem.objects.create(
            session=session, description=item.description, owner=item.owner, due_on=item.due_on
        )
    for progress in log.goals:
        goal_update(
            goal=progress.goal,
            by=by,
            progress=progress.progress,
            note=progress.note,
            session=session,
        )
    private_note_save(session=session, author=by, text=log.private_note)
    emails.notify_session_logged(session)
    return session


def _logged_with(key: UUID | None, mentorship: Mentorship) -> Session | None:
    if key is None:
        return None
    return Session.objects.filter(submission_key=key, mentorship=mentorship).first()


def _apply(session: Session, log: SessionLog) -> None:
    session.starts_at = log.starts_at
    session.duration_minutes = log.duration_minutes
    session.format = log.format
    session.summary = log.summary
    session.place, session.link = log.place or session.place, log.link or session.link
    session.save()
    session.topics.set(log.topics)


@hours.refusals_recorded
def session_log_edit(*, session: Session, by: User, log: SessionLog) -> Session:
    """The author edits their log within the edit window; the previous version is kept.

    An edit after the mentee confirmed sends the log back to them to confirm again. Refused if
    the session's month, or the month it would move to, has an approved claim.
    """
    return _log_edit(session=session, by=by, log=log)


@transaction.atomic
def _log_edit(*, session: Session, by: User, log: SessionLog) -> Session:
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("mentorship__cohort__programme")
        .get(pk=session.pk)
    )
    if session.logged_by_id != by.pk:
        raise MentorshipError(ONLY_AUTHOR_EDITS)
    if log.submission_key is not None and session.submission_key == log.submission_key:
        return session  # this very form was saved already
    for month in sorted(
        {hours_selectors.month_of(session.starts_at), hours_selectors.month_of(log.starts_at)}
    ):
        hours.month_check_open(
            mentor_id=session.mentorship.mentor_id,
            month=month,
            programme_id=session.mentorship.cohort.programme_id,
            change=hours.Change.LOG_EDITED,
            by=by,
        )
    days = session.mentorship.cohort.programme.log_edit_days
    if session.logged_at is None or timezone.now() - session.logged_at > timedelta(days=days):
        raise MentorshipError(EDIT_WINDOW_CLOSED.format(days=days))
    SessionLogVersion.objects.create(
        session=session,
        starts_at=session.starts_at,
        duration_minutes=session.duration_minutes,
        format=session.format,
        summary=session.summary,
        topics=sorted(session.topics.values_list("name", flat=True)),
        edited_by=by,
    )
    if session.status in (Status.CONFIRMED, Status.DISPUTED):
        session.status, session.confirmed_at, session.confirmed_by = Status.LOGGED, None, None
    session.submission_key = log.submission_key or session.submission_key
    _apply(session, log)
    private_note_save(session=session, author=by, text=log.private_note)
    return session


def action_item_tick(*, item: ActionItem, by: User, done: bool = True) -> ActionItem:
    """Either side marks a next step done (recording who and when), or open again. Ticking a
    done step again keeps the first tick: the UPDATE only claims a step in the other state."""
    mentorship = item.session.mentorship
    party_side(mentorship, by)
    items = ActionItem.objects.filter(pk=item.pk, done_at__isnull=done)
    if done:
        items.update(done_at=timezone.now(), done_by=by)
    else:
        items.update(done_at=None, done_by=None)
    item.refresh_from_db()
    return item


def private_note_save(*, session: Session, author: User, text: str) -> None:
    """Keep (or clear) the author's own private note on a session."""
    if text.strip():
        PrivateNote.objects.update_or_create(
            session=session, author=author, defaults={"text": text}
        )
    else:
        PrivateNote.objects.filter(session=session, author=author).delete()


@hours.refusals_recorded
@transaction.atomic
def session_confirm(
    *, session: Session, by: User, happened: bool = True, note: str = ""
) -> Session:
    """The mentee confirms the log (its hours then count) or says it did not happen as logged.

    Confirming again changes nothing. An answer that moves the hours (a confirmation, or a
    dispute of a confirmed session) is refused in a month whose claim is approved."""
    session = Session.objects.select_for_update().select_related("mentorship").get(pk=session.pk)
    if side_of(session.mentorship, by) != Side.MENTEE:
        raise MentorshipError(ONLY_MENTEE_CONFIRMS)
    if session.status not in (Status.LOGGED, Status.CONFIRMED, Status.DISPUTED):
        raise MentorshipError(NOT_LOGGED)
    if happened and session.status == Status.CONFIRMED:
        return session
    if happened or session.status == Status.CONFIRMED:
        hours.month_check_open(
            mentor_id=session.mentorship.mentor_id,
            month=hours_selectors.month_of(session.starts_at),
            programme_id=session.mentorship.cohort.programme_id,
            change=hours.Change.SESSION_CONFIRMED if happened else hours.Change.SESSION_DISPUTED,
            by=by,
        )
    session.status = Status.CONFIRMED if happened else Status.DISPUTED
    session.confirmed_by, session.confirmed_at = by, timezone.now()
    session.dispute_note = "" if happened else note
    session.save(update_fields=["status", "confirmed_by", "confirmed_at", "dispute_note"])
    if happened and confirmed_sessions(session.mentorship) == MIDWAY_FEEDBACK_AFTER:
        emails.notify_feedback_due(session.mentorship, moment=Feedback.Moment.MIDWAY)
    return session


def session_reflect(*, session: Session, by: User, text: str) -> Session:
    if side_of(session.mentorship, by) != Side.MENTEE:
        raise MentorshipError(ONLY_MENTEE_CONFIRMS)
    session.mentee_reflection = text
    session.save(update_fields=["mentee_reflection"])
    return session


@transaction.atomic
def session_cancel(*, session: Session, by: User) -> Session:
    """Either side cancels a scheduled session; the others are told, with a calendar
    cancellation. Cancelling again changes nothing and tells nobody."""
    party_side(session.mentorship, by)
    if cancelled := relationship.sessions_cancel(Session.objects.filter(pk=session.pk), by=by):
        return cancelled[0]
    session.refresh_from_db()  # not scheduled: cancelled already, or past cancelling
    if session.status != Status.CANCELLED:
        raise MentorshipError(CANNOT_CANCEL)
    return session
