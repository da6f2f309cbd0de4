"""Every email about mentorships, one named function per kind; each writes an outbox row in
the caller's transaction (see accounts.outbox), so none is lost and none is sent twice."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.outbox import email_enqueue, email_enqueue_each
from mentorship import ics
from mentorship.models import (
    ActionItem,
    Cohort,
    CohortInvitation,
    Enrolment,
    Mentorship,
    MentorshipTransition,
    Message,
    Programme,
    Session,
)
from mentorship.selectors.scopes import coordinators_of_cohort

Attachment = tuple[str, str, str]  # file name, MIME type, content


def _url(name: str, *args: object) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _detail_url(mentorship: Mentorship) -> str:
    return _url("mentorship:detail", mentorship.pk)


def _session_context(session: Session, **extra: object) -> dict[str, object]:
    mentorship = session.mentorship
    return {
        "session": session,
        "mentorship": mentorship,
        "mentorship_url": _detail_url(mentorship),
        **extra,
    }


def _enqueue_each(
    recipients: Iterable[User],
    *,
    key: str,
    kind: str,
    about: str,
    context: dict[str, object],
    attachment: Callable[[User], Attachment] | None = None,
) -> None:
    """One outbox row per recipient from the same context, keyed `<key>:<recipient's pk>`."""
    email_enqueue_each(
        recipients, key=key, kind=kind, about=about, context=context, attachment=attachment
    )


def mentee_members(mentorship: Mentorship) -> list[User]:
    """Every member of the mentee: one person, or each co-founder of an enterprise group."""
    return [
        m.user
        for m in mentorship.mentee.members.select_related("user").filter(user__is_active=True)
    ]


def notify_introduction(mentorship: Mentorship, reasons: Sequence[str]) -> None:
    """Introduce an approved pair to each other: the mentor and every member of the mentee."""
    members = mentee_members(mentorship)
    context = {
        "mentorship": mentorship,
        "reasons": list(reasons),
        "mentorship_url": _detail_url(mentorship),
    }
    key, about = f"introduction:{mentorship.pk}", f"mentorship:{mentorship.pk}"
    _enqueue_each(
        [mentorship.mentor],
        key=key,
        kind="introduction-mentor",
        about=about,
        context={**context, "mentees": members},
    )
    _enqueue_each(
        members,
        key=key,
        kind="introduction-mentee",
        about=about,
        context={**context, "mentor": mentorship.mentor},
    )


class CoordinatorAlert(StrEnum):
    """What an alert to the coordinators is about; each has its wording in the
    coordinator-alert templates, and names the objects it is given."""

    ENDED = "ended"  # mentorship, by
    NOT_A_GOOD_FIT = "not-a-good-fit"  # mentorship, side
    CONCERN = "concern"  # mentorship
    INACTIVE = "inactive"  # mentorship, since


def notify_coordinators(
    *,
    alert: CoordinatorAlert,
    topic: str,
    mentorship: Mentorship,
    coordinators: Sequence[User] | None = None,
    **details: object,
) -> None:
    """Tell the coordinators of the pair's programme, and the lead coordinators, about something
    that needs a person. Details stay in the admin: the email names only what happened. Each is
    written from the templates in its coordinator's language, never the member's who caused it;
    one per coordinator and topic."""
    if coordinators is None:
        coordinators = coordinators_of_cohort(mentorship.cohort_id)
    context = {
        "alert": alert.value,
        "mentorship": mentorship,
        **details,
        "admin_url": _url("admin:index"),
    }
    _enqueue_each(
        coordinators,
        key=f"coordinator-alert:{topic}",
        kind="coordinator-alert",
        about=topic,
        context=context,
    )


def parties(mentorship: Mentorship) -> list[User]:
    """Everyone in the pairing: the mentor, then every member of the mentee."""
    return [mentorship.mentor, *mentee_members(mentorship)]


def _others(users: Iterable[User], *, than: User | None) -> list[User]:
    """Everyone but the member who acted (nobody is left out when no member did)."""
    return [user for user in users if than is None or user.pk != than.pk]


def notify_session_logged(session: Session) -> None:
    """The shared summary and next steps go to every member of the mentee. Private notes are a
    separate model that no email template can reach."""
    _enqueue_each(
        mentee_members(session.mentorship),
        key=f"session-log:{session.pk}",
        kind="session-log",
        about=f"session:{session.pk}",
        context=_session_context(session, items=list(session.action_items.all())),
    )


def notify_session_reminder(session: Session, recipients: Sequence[User]) -> None:
    calendars: dict[str, str] = {}  # one file per language for all the recipients

    def calendar(user: User) -> Attachment:
        language = user.language_or_default
        if language not in calendars:
            with translation.override(language):  # the event's title is in words
                calendars[language] = ics.calendar([session])
        return (f"session-{session.pk}.ics", "text/calendar", calendars[language])

    _enqueue_each(
        recipients,
        key=f"session-reminder:{session.pk}",
        kind="session-reminder",
        about=f"session:{session.pk}",
        context=_session_context(session),
        attachment=calendar,
    )


class SessionChange(StrEnum):
    """What happened to a session; each has its wording in the session-change templates."""

    SCHEDULED = "scheduled"
    MOVED = "moved"
    CANCELLED = "cancelled"


def notify_session_changed(
    session: Session,
    *,
    change: SessionChange,
    by: User | None,
    everyone: Sequence[User] | None = None,
) -> None:
    """Tell everyone in the pairing but `by` that a session was scheduled, moved or cancelled,
    with a calendar request or cancellation for the same event (its UID and SEQUENCE). One
    email per person and sequence: a repeated call sends nothing more. A caller telling of
    several sessions of a pairing passes `everyone` in it (see parties), read once."""

    def invitation(user: User) -> Attachment:
        with translation.override(user.language_or_default):  # the event's title is in words
            content = ics.invitation(session, attendee=user.email)
        mimetype = f"text/calendar; method={ics.method(session)}"
        return (f"session-{session.pk}.ics", mimetype, content)

    _enqueue_each(
        _others(parties(session.mentorship) if everyone is None else everyone, than=by),
        key=f"session-change:{session.pk}:{session.sequence}",
        kind="session-change",
        about=f"session:{session.pk}",
        context=_session_context(session, change=change.value, by=by),
        attachment=invitation,
    )


def notify_mentorship_closed(mentorship: Mentorship, *, transition: MentorshipTransition) -> None:
    """Tell the mentor and every member of the mentee that the mentorship was paused, ended or
    completed, by whom and why: the reason as the coordinators see it in the timeline."""
    context = {
        "mentorship": mentorship,
        "status": transition.to_status,
        "status_label": Mentorship.Status(transition.to_status).label,
        "by": transition.by,
        "reason": transition.reason,
        "mentorship_url": _detail_url(mentorship),
    }
    _enqueue_each(
        parties(mentorship),
        key=f"mentorship-closed:{mentorship.pk}:{transition.pk}",
        kind="mentorship-ended",
        about=f"mentorship:{mentorship.pk}",
        context=context,
    )


def notify_mentor_request(mentorship: Mentorship, *, reasons: Sequence[str]) -> None:
    """Tell a mentor that a mentee asked for them, with the reasons they were suggested and a
    link to accept or decline. One email per request."""
    email_enqueue(
        key=f"mentor-request:{mentorship.pk}",
        kind="mentor-request",
        recipient=mentorship.mentor,
        about=f"mentorship:{mentorship.pk}",
        context={
            "mentorship": mentorship,
            "reasons": list(reasons),
            "requests_url": _url("matching:requests"),
        },
    )


def notify_log_reminder(session: Session, *, final: bool) -> None:
    mentorship = session.mentorship
    email_enqueue(
        key=f"log-reminder-{2 if final else 1}:{session.pk}",
        kind="log-reminder",
        recipient=mentorship.mentor,
        about=f"session:{session.pk}",
        context={
            "session": session,
            "mentorship": mentorship,
            "final": final,
            "log_url": _url("mentorship:session_log", mentorship.pk, session.pk),
        },
    )


def notify_confirm_reminder(session: Session, recipients: Sequence[User]) -> None:
    _enqueue_each(
        recipients,
        key=f"confirm-reminder:{session.pk}",
        kind="confirm-reminder",
        about=f"session:{session.pk}",
        context=_session_context(session),
    )


def notify_inactivity(mentorship: Mentorship, *, since: date, recipients: Sequence[User]) -> None:
    _enqueue_each(
        recipients,
        key=f"inactivity:{mentorship.pk}:{since.isoformat()}",
        kind="inactivity",
        about=f"mentorship:{mentorship.pk}",
        context={
            "mentorship": mentorship,
            "since": since,
            "mentorship_url": _detail_url(mentorship),
        },
    )


def notify_feedback_due(mentorship: Mentorship, *, moment: str) -> None:
    _enqueue_each(
        parties(mentorship),
        key=f"feedback-due:{mentorship.pk}:{moment}",
        kind="feedback-due",
        about=f"mentorship:{mentorship.pk}",
        context={
            "mentorship": mentorship,
            "feedback_url": _url("mentorship:feedback", mentorship.pk),
        },
    )


def notify_ending_soon(mentorship: Mentorship, recipients: Sequence[User]) -> None:
    _enqueue_each(
        recipients,
        key=f"ending-soon:{mentorship.pk}:{mentorship.ends_on}",
        kind="ending-soon",
        about=f"mentorship:{mentorship.pk}",
        context={"mentorship": mentorship, "mentorship_url": _detail_url(mentorship)},
    )


def notify_action_items_due(user: User, items: Sequence[ActionItem], *, due_on: date) -> None:
    email_enqueue(
        key=f"action-items-due:{due_on.isoformat()}:{user.pk}",
        kind="action-items-due",
        recipient=user,
        context={
            "items": list(items),
            "due_on": due_on,
            "dashboard_url": _url("mentorship:dashboard"),
        },
    )


def notify_coordinator_digest(user: User, *, week: str, figures: Mapping[str, object]) -> None:
    email_enqueue(
        key=f"coordinator-digest:{week}:{user.pk}",
        kind="coordinator-digest",
        recipient=user,
        context={"figures": figures, "week": week, "admin_url": _url("admin:index")},
    )


def notify_hours_statement(
    user: User, *, month: date, rows: Sequence[dict[str, object]], total_hours: Decimal
) -> None:
    email_enqueue(
        key=f"hours-statement:{month:%Y-%m}:{user.pk}",
        kind="hours-statement",
        recipient=user,
        context={"month": month, "rows": list(rows), "total_hours": total_hours},
    )


def notify_partner_left(mentorship: Mentorship, *, left: User) -> None:
    """Tell the rest of a pairing that it ended because a member deleted their account."""
    _enqueue_each(
        _others(parties(mentorship), than=left),
        key=f"partner-left:{mentorship.pk}",
        kind="partner-left",
        about=f"mentorship:{mentorship.pk}",
        context={"mentorship": mentorship, "dashboard_url": _url("mentorship:dashboard")},
    )


def notify_new_messages(
    mentorship: Mentorship, *, recipient: User, messages: Sequence[Message]
) -> None:
    """The messages a member has not read, in one email (see conversations.conversation_emails_send:
    at most one per conversation per member every 15 minutes). Keyed by the last message in it."""
    email_enqueue(
        key=f"conversation:{mentorship.pk}:{recipient.pk}:{messages[-1].pk}",
        kind="conversation",
        recipient=recipient,
        about=f"mentorship:{mentorship.pk}",
        context={
            "mentorship": mentorship,
            "messages": list(messages),
            "conversation_url": _url("mentorship:conversation", mentorship.pk),
        },
    )


def notify_enrolment_decided(enrolment: Enrolment) -> None:
    """Tell the member a coordinator accepted or declined their application. A row's decision is
    made once (withdrawn rows are reopened, decided ones never), so its key is the row's."""
    cohort = enrolment.cohort
    _enqueue_each(
        [enrolment.member],
        key=f"enrolment-decision:{enrolment.pk}",
        kind="enrolment-decision",
        about=f"enrolment:{enrolment.pk}",
        context={
            "accepted": enrolment.status == Enrolment.Status.ACCEPTED,
            "programme": cohort.programme,
            "cohort": cohort,
            "side": enrolment.side,
            "rolling": cohort.programme.intake == Programme.Intake.ROLLING,
            "dashboard_url": _url("mentorship:dashboard"),
            "programmes_url": _url("mentorship:programmes"),
        },
    )


def notify_cohort_invitation(invitation: CohortInvitation, *, cohort: Cohort) -> None:
    """The invitation a coordinator's upload sends to someone with no account yet."""
    email_enqueue(
        key=f"cohort-invitation:{invitation.pk}",
        kind="cohort-invitation",
        to=invitation.email,
        about=f"cohort-invitation:{invitation.pk}",
        context={
            "invitation": invitation,
            "cohort": cohort,
            "programme": cohort.programme,
            "accept_url": _url("mentorship:cohort_invitation", invitation.token),
        },
    )
