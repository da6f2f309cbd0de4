"""Mentorship's part of a member's data export and account deletion (see accounts.privacy).

Registered in MentorshipConfig.ready, so `accounts` never imports this app.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q

from accounts.models import MemberProfile, User
from accounts.privacy import iso_or_none
from mentorship import emails
from mentorship.models import (
    CalendarFeed,
    ClaimApproval,
    CohortInvitation,
    Concern,
    Enrolment,
    Feedback,
    FitCheck,
    Goal,
    GoalUpdate,
    Mentorship,
    PrivateNote,
    Session,
    Side,
)
from mentorship.selectors import mentorships as mentorships_selectors
from mentorship.services import relationship

ACCOUNT_DELETED_REASON = "A member of this pairing deleted their account."


# -- export ------------------------------------------------------------------------------


def member_export(user: User) -> dict[str, Any]:
    """The member's mentorships with what both sides share, and what the member alone wrote.

    A fixed number of queries whatever the number of mentorships or sessions. The other
    party's private notes, fit checks and feedback are never read.
    """
    mentorships = list(
        mentorships_selectors.mentorships_for_member(user).prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.prefetch_related(
                    Prefetch("updates", queryset=GoalUpdate.objects.select_related("by"))
                ),
            ),
            Prefetch(
                "sessions",
                queryset=Session.objects.prefetch_related("topics", "action_items", "expenses"),
            ),
        )
    )
    notes = PrivateNote.objects.filter(author=user).select_related("session")
    return {
        "mentorships": [_mentorship(m, user) for m in mentorships],
        "private_notes": [
            {
                "session": note.session_id,
                "mentorship": note.session.mentorship_id,
                "text": note.text,
                "updated_at": iso_or_none(note.updated_at),
            }
            for note in notes
        ],
        "fit_checks": list(
            FitCheck.objects.filter(by=user).values("mentorship_id", "side", "good_fit", "comment")
        ),
        "feedback": list(
            Feedback.objects.filter(by=user).values(
                "mentorship_id", "side", "moment", "ratings", "learned"
            )
        ),
        "concerns": [
            {**row, "created_at": iso_or_none(row["created_at"])}
            for row in Concern.objects.filter(raised_by=user).values(
                "mentorship_id", "text", "created_at"
            )
        ],
        "claims": [
            {
                **row,
                "month": row["month"].isoformat(),
                "hours": str(row["hours"]),
                "expenses": str(row["expenses"]),
                "approved_at": iso_or_none(row["approved_at"]),
            }
            for row in ClaimApproval.objects.filter(mentor=user).values(
                "month", "hours", "expenses", "approved_at"
            )
        ],
        "applications": [
            {
                "programme": row["cohort__programme__name"],
                "cohort": row["cohort__name"],
                "side": row["side"],
                "status": row["status"],
                "answers": row["answers"],
                "applied_at": iso_or_none(row["created_at"]),
            }
            for row in Enrolment.objects.filter(member=user).values(
                "cohort__programme__name", "cohort__name", "side", "status", "answers", "created_at"
            )
        ],
        "has_calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
    }


def _mentorship(mentorship: Mentorship, user: User) -> dict[str, Any]:
    side = "mentor" if mentorship.mentor_id == user.pk else "mentee"
    return {
        "id": mentorship.pk,
        "your_side": side,
        "status": mentorship.status,
        "mentor": str(mentorship.mentor),
        "mentee": str(mentorship.mentee),
        "created_at": iso_or_none(mentorship.created_at),
        "approved_at": iso_or_none(mentorship.approved_at),
        "ends_on": iso_or_none(mentorship.ends_on),
        "meeting_frequency": mentorship.meeting_frequency,
        "meeting_format": mentorship.meeting_format,
        "goals": [
            {
                "title": goal.title,
                "why": goal.why,
                "due_on": iso_or_none(goal.due_on),
                "measure": goal.measure,
                "progress": goal.progress,
                "updates": [
                    {
                        "by": str(u.by) if u.by else "",
                        "progress": u.progress,
                        "note": u.note,
                        "created_at": iso_or_none(u.created_at),
                    }
                    for u in goal.updates.all()
                ],
            }
            for goal in mentorship.goals.all()
        ],
        "sessions": [_session(s, side) for s in mentorship.sessions.all()],
    }


def _session(session: Session, side: str) -> dict[str, Any]:
    data = {
        "id": session.pk,
        "status": session.status,
        "starts_at": iso_or_none(session.starts_at),
        "duration_minutes": session.duration_minutes,
        "format": session.format,
        "place": session.place,
        "agenda": session.agenda,
        "summary": session.summary,
        "topics": [skill.name for skill in session.topics.all()],
        "dispute_note": session.dispute_note,
        "mentee_reflection": session.mentee_reflection,
        "action_items": [
            {
                "description": item.description,
                "owner": item.owner,
                "due_on": iso_or_none(item.due_on),
                "done_at": iso_or_none(item.done_at),
            }
            for item in session.action_items.all()
        ],
    }
    if side == Side.MENTOR:
        data["expenses"] = [
            {"description": e.description, "amount": str(e.amount)} for e in session.expenses.all()
        ]
    return data


# -- erasure -----------------------------------------------------------------------------


def member_erase(user: User) -> None:
    """End the member's pairings and erase what only they can see.

    A pairing ends when the member is its mentor, or its mentee's last member: a group
    mentee whose co-founders remain keeps its mentor. Ending goes through the usual service,
    so coordinators are alerted and the mentor's place is freed; the other party is told.
    """
    affected = Mentorship.objects.filter(Q(mentor=user) | _as_last_mentee(user))
    relationship.mentorships_withdraw(
        affected.filter(status=Mentorship.Status.PROPOSED), by=user, reason=ACCOUNT_DELETED_REASON
    )
    for mentorship in affected.filter(status__in=Mentorship.OPEN_STATUSES).select_related(
        "mentor", "mentee"
    ):
        # Ending cancels the future sessions and sends the calendar cancellations.
        ended = relationship.mentorship_end(
            mentorship_id=mentorship.pk,
            by=user,
            reason=ACCOUNT_DELETED_REASON,
            tell_parties=False,  # the partner-left notice says it
        )
        emails.notify_partner_left(ended, left=user)
    PrivateNote.objects.filter(author=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    # An accepted invitation has done its work (the enrolment stays) but still holds their
    # address and name as the coordinator typed them.
    CohortInvitation.objects.filter(accepted_by=user).delete()


def _as_last_mentee(user: User) -> Q:
    mentee_id = (
        MemberProfile.objects.filter(user=user).values_list("mentee_profile_id", flat=True).first()
    )
    if mentee_id is None:
        return Q(pk__in=[])
    others = MemberProfile.objects.filter(mentee_profile_id=mentee_id, user__is_active=True)
    if others.exclude(user=user).exists():
        return Q(pk__in=[])
    return Q(mentee_id=mentee_id)
