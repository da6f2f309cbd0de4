"""Writes on what the members say: fit checks, feedback and concerns."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from mentorship import emails
from mentorship.models import (
    Concern,
    Feedback,
    FitCheck,
    Mentorship,
    Message,
    Session,
    Side,
)
from mentorship.rules import MENTEE_BENEFITS, MENTOR_BENEFITS, feedback_moment_due
from mentorship.services.errors import MentorshipError
from mentorship.services.relationship import MESSAGE_NOT_IN_MENTORSHIP, party_side

FIT_CHECK_NOT_DUE = _("The fit check comes after your first confirmed session.")


FEEDBACK_NOT_DUE = _("Feedback is asked for after the third confirmed session and at the close.")


ALREADY_ANSWERED = _("You have already answered this.")


def confirmed_sessions(mentorship: Mentorship) -> int:
    return mentorship.sessions.filter(status=Session.Status.CONFIRMED).count()


@transaction.atomic
def fit_check_answer(
    *, mentorship: Mentorship, by: User, good_fit: bool, comment: str = ""
) -> FitCheck:
    """One side says whether the pairing fits; a 'no' alerts the coordinators."""
    side = party_side(mentorship, by)
    if confirmed_sessions(mentorship) < 1:
        raise MentorshipError(FIT_CHECK_NOT_DUE)
    check, created = FitCheck.objects.get_or_create(
        mentorship=mentorship,
        side=side,
        defaults={"by": by, "good_fit": good_fit, "comment": comment},
    )
    if not created:
        raise MentorshipError(ALREADY_ANSWERED)
    if not good_fit:
        emails.notify_coordinators(
            alert=emails.CoordinatorAlert.NOT_A_GOOD_FIT,
            topic=f"fit-check:{check.pk}",
            mentorship=mentorship,
            side=side,
        )
    return check


@transaction.atomic
def concern_report(
    *, mentorship: Mentorship, by: User, text: str, message_id: int | None = None
) -> Concern:
    """A concern reaches the coordinators only; the other party never sees it. It may carry
    one message of the pair's conversation, the only way coordinators read one."""
    party_side(mentorship, by)
    message = None
    if message_id is not None:
        message = Message.objects.filter(mentorship=mentorship, pk=message_id).first()
        if message is None:
            raise MentorshipError(MESSAGE_NOT_IN_MENTORSHIP)
    concern = Concern.objects.create(
        mentorship=mentorship, raised_by=by, text=text, message=message
    )
    emails.notify_coordinators(
        alert=emails.CoordinatorAlert.CONCERN,
        topic=f"concern:{concern.pk}",
        mentorship=mentorship,
    )
    return concern


@transaction.atomic
def feedback_give(
    *, mentorship: Mentorship, by: User, ratings: dict[str, int], learned: str
) -> Feedback:
    """Short feedback from one side, when it is due; seen by coordinators only."""
    side = party_side(mentorship, by)
    moment = feedback_moment_due(mentorship, confirmed=confirmed_sessions(mentorship))
    if moment is None:
        raise MentorshipError(FEEDBACK_NOT_DUE)
    benefits = MENTOR_BENEFITS if side == Side.MENTOR else MENTEE_BENEFITS
    feedback, created = Feedback.objects.get_or_create(
        mentorship=mentorship,
        side=side,
        moment=moment,
        defaults={"by": by, "ratings": {b: int(ratings[b]) for b in benefits}, "learned": learned},
    )
    if not created:
        raise MentorshipError(ALREADY_ANSWERED)
    return feedback
