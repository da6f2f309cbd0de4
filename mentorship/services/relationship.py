"""The pairing's life: propose, approve, withdraw, reject, move between states, accept the
agreement, end; and who is on which side."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import outbox
from accounts.models import MemberProfile, MenteeProfile, User
from mentorship import emails
from mentorship.models import (
    Cohort,
    Feedback,
    Mentorship,
    MentorshipTransition,
    Session,
    Side,
)
from mentorship.services.errors import MentorshipError

Status = Mentorship.Status


# Moves members and coordinators may make; coordinators may also re-open a closed mentorship.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.PROPOSED: {Status.APPROVED, Status.REJECTED, Status.WITHDRAWN},
    Status.APPROVED: {Status.ACTIVE, Status.ENDED},
    Status.ACTIVE: {Status.PAUSED, Status.COMPLETED, Status.ENDED},
    Status.PAUSED: {Status.ACTIVE, Status.COMPLETED, Status.ENDED},
    Status.COMPLETED: set(),
    Status.ENDED: set(),
    Status.REJECTED: set(),
    Status.WITHDRAWN: set(),
}


COORDINATOR_ONLY_TRANSITIONS: dict[str, set[str]] = {
    Status.COMPLETED: {Status.ACTIVE},
    Status.ENDED: {Status.ACTIVE},
}


MENTOR_FULL = _("{mentor} already has {count} open mentorship(s), their capacity.")


MENTEE_ALREADY_MATCHED = _("{mentee} already has an open mentorship.")


NOT_ALLOWED = _("A mentorship cannot go from {from_status} to {to_status}.")


NOT_A_MENTOR = _("{member} is not a mentor.")


ALREADY_PROPOSED = _("This pair has already been proposed.")


REASON_REQUIRED = _("Please give a reason.")


WITHDRAWN_MENTEE_PAIRED = "The mentee was paired with another mentor."


def _record(
    mentorship: Mentorship, *, from_status: str, by: User | None, reason: str
) -> MentorshipTransition:
    return MentorshipTransition.objects.create(
        mentorship=mentorship,
        from_status=from_status,
        to_status=mentorship.status,
        by=by,
        reason=reason,
    )


def mentor_open_count(mentor_id: int) -> int:
    return Mentorship.objects.filter(
        mentor_id=mentor_id, status__in=Mentorship.OPEN_STATUSES
    ).count()


@transaction.atomic
def mentorship_propose(
    *,
    mentor: User,
    mentee: MenteeProfile,
    origin: str,
    by: User | None = None,
    reason: str = "",
    cohort: Cohort | None = None,
) -> Mentorship:
    """Propose a pairing in a cohort (the site's default one unless named) for coordinators to
    review."""
    profile = MemberProfile.objects.filter(user=mentor).first()
    if profile is None or not profile.is_mentor:
        raise MentorshipError(NOT_A_MENTOR.format(member=mentor))
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(
                mentor=mentor, mentee=mentee, origin=origin, cohort=cohort or Cohort.default()
            )
    except IntegrityError:
        raise MentorshipError(ALREADY_PROPOSED) from None
    _record(mentorship, from_status="", by=by, reason=reason)
    return mentorship


@transaction.atomic
def mentorship_approve(*, mentorship_id: int, by: User) -> tuple[Mentorship, bool]:
    """Approve a proposed pairing, if the mentor has room and the mentee has no mentor yet.

    The mentor's profile row is locked first, so two coordinators approving pairings for the
    same mentor at the same moment are serialised: the second sees the first's approval in its
    count and is refused if the mentor is then full. Approving twice does nothing the second time.
    Returns the pairing and whether this call approved it, decided under the lock, so a caller
    that audits or introduces the pair does so once however often the approval is submitted.
    """
    mentorship = Mentorship.objects.select_related("mentor", "mentee").get(pk=mentorship_id)
    mentor_profile = MemberProfile.objects.select_for_update().get(user_id=mentorship.mentor_id)
    MenteeProfile.objects.select_for_update().get(pk=mentorship.mentee_id)
    mentorship.refresh_from_db(fields=["status"])
    if mentorship.status == Status.APPROVED:
        return mentorship, False
    _check_allowed(mentorship.status, Status.APPROVED, as_coordinator=True)
    count = mentor_open_count(mentorship.mentor_id)
    if count >= mentor_profile.capacity:
        raise MentorshipError(MENTOR_FULL.format(mentor=mentorship.mentor, count=count))
    if Mentorship.objects.filter(
        mentee_id=mentorship.mentee_id, status__in=Mentorship.OPEN_STATUSES
    ).exists():
        raise MentorshipError(MENTEE_ALREADY_MATCHED.format(mentee=mentorship.mentee))
    mentorship.status = Status.APPROVED
    mentorship.approved_at = timezone.now()
    mentorship.approved_by = by
    mentorship.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    _record(mentorship, from_status=Status.PROPOSED, by=by, reason="")
    # Other pending proposals for this mentee are moot now that it has a mentor.
    mentorships_withdraw(
        Mentorship.objects.filter(mentee_id=mentorship.mentee_id, status=Status.PROPOSED),
        by=by,
        reason=WITHDRAWN_MENTEE_PAIRED,
    )
    return mentorship, True


@transaction.atomic
def mentorships_withdraw(proposals: QuerySet[Mentorship], *, by: User | None, reason: str) -> int:
    """Withdraw pending proposals that no longer apply; unlike a rejection, the pair may return.

    The proposals are locked first, so one approved or rejected meanwhile is left as it is and
    gets no withdrawal in its timeline."""
    ids = list(
        proposals.filter(status=Status.PROPOSED).select_for_update().values_list("pk", flat=True)
    )
    Mentorship.objects.filter(pk__in=ids).update(status=Status.WITHDRAWN, updated_at=timezone.now())
    MentorshipTransition.objects.bulk_create(
        MentorshipTransition(
            mentorship_id=pk,
            from_status=Status.PROPOSED,
            to_status=Status.WITHDRAWN,
            by=by,
            reason=reason,
        )
        for pk in ids
    )
    return len(ids)


@transaction.atomic
def mentorship_reject(*, mentorship_id: int, by: User, reason: str) -> Mentorship:
    """Reject a proposed pairing; the pair is never proposed again."""
    if not reason.strip():
        raise MentorshipError(REASON_REQUIRED)
    return mentorship_transition(
        mentorship_id=mentorship_id,
        to_status=Status.REJECTED,
        by=by,
        reason=reason,
        as_coordinator=True,
    )


@transaction.atomic
def mentorship_transition(
    *,
    mentorship_id: int,
    to_status: str,
    by: User | None,
    reason: str = "",
    as_coordinator: bool = False,
    tell_parties: bool = True,
) -> Mentorship:
    """Move a mentorship to another state if the rules allow it; the same move twice is a no-op.

    Pausing, ending or completing an open mentorship clears its diary: future scheduled
    sessions are cancelled (the others get the calendar cancellation), and every member is
    told, with the reason as the timeline records it, unless `tell_parties` is False because
    the caller sends its own notice."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship_id)
    if mentorship.status == to_status:
        return mentorship
    from_status = mentorship.status
    _check_allowed(from_status, to_status, as_coordinator=as_coordinator)
    mentorship.status = to_status
    mentorship.save(update_fields=["status", "updated_at"])
    transition = _record(mentorship, from_status=from_status, by=by, reason=reason)
    if from_status in Mentorship.OPEN_STATUSES and to_status in WINDING_DOWN:
        sessions_cancel(mentorship.sessions.filter(starts_at__gt=timezone.now()), by=by)
        if tell_parties:
            emails.notify_mentorship_closed(mentorship, transition=transition)
    return mentorship


# Moves out of an open state that clear the pair's diary and tell both sides.
WINDING_DOWN = frozenset({Status.PAUSED, Status.ENDED, Status.COMPLETED})


@transaction.atomic  # the lock holds until the emails are stored
def sessions_cancel(sessions: QuerySet[Session], *, by: User | None) -> list[Session]:
    """Cancel those of `sessions` still scheduled and tell everyone but `by`, with a calendar
    cancellation. The rows are locked, so a second call, or one at the same moment, cancels and
    tells nothing twice. A fixed number of queries a mentorship, however many sessions.
    Returns the sessions this call cancelled."""
    claimed = list(
        sessions.filter(status=Session.Status.SCHEDULED)
        # Only the sessions are locked; the mentor's profile (time zone) may be absent.
        .select_for_update(of=("self",))
        .select_related("mentorship__mentor__profile", "mentorship__mentee")
        .order_by("mentorship_id", "starts_at")
    )
    Session.objects.filter(pk__in=[s.pk for s in claimed]).update(
        status=Session.Status.CANCELLED, sequence=F("sequence") + 1
    )
    parties: dict[int, list[User]] = {}
    with outbox.collect():  # one insert for all the emails
        for session in claimed:
            session.status, session.sequence = Session.Status.CANCELLED, session.sequence + 1
            if session.mentorship_id not in parties:
                parties[session.mentorship_id] = emails.parties(session.mentorship)
            emails.notify_session_changed(
                session,
                change=emails.SessionChange.CANCELLED,
                by=by,
                everyone=parties[session.mentorship_id],
            )
    return claimed


def _check_allowed(from_status: str, to_status: str, *, as_coordinator: bool) -> None:
    allowed = set(ALLOWED_TRANSITIONS[from_status])
    if as_coordinator:
        allowed |= COORDINATOR_ONLY_TRANSITIONS.get(from_status, set())
    if to_status not in allowed:
        raise MentorshipError(
            NOT_ALLOWED.format(
                from_status=Status(from_status).label, to_status=Status(to_status).label
            )
        )


NOT_A_PARTY = _("Only the mentor and the mentee can do this.")


MESSAGE_NOT_IN_MENTORSHIP = _("That message is not part of this mentorship's conversation.")


NOT_ACTIVE = _("This mentorship is not active.")


ALREADY_ACCEPTED = _("You have already accepted the agreement.")


def side_of(mentorship: Mentorship, user: User) -> Side | None:
    """'mentor', 'mentee' (any member of a group mentee) or None for anyone else."""
    if mentorship.mentor_id == user.pk:
        return Side.MENTOR
    if MemberProfile.objects.filter(user=user, mentee_profile_id=mentorship.mentee_id).exists():
        return Side.MENTEE
    return None


def party_side(mentorship: Mentorship, user: User, *, refusal: str | Promise = NOT_A_PARTY) -> Side:
    """The user's side in the pairing; anyone else is refused, with `refusal` as the reason."""
    side = side_of(mentorship, user)
    if side is None:
        raise MentorshipError(refusal)
    return side


def term_end(cohort: Cohort, *, start: date) -> date:
    """When a pair starting on `start` ends: the cohort's end, or the programme's term length."""
    if cohort.ends_on and cohort.ends_on > start:
        return cohort.ends_on
    end: date = start + relativedelta(months=cohort.programme.default_length_months)
    return end


@transaction.atomic
def agreement_accept(
    *, mentorship_id: int, by: User, meeting_frequency: str = "", meeting_format: str = ""
) -> Mentorship:
    """Accept the agreement for one side; when both sides have, the mentorship starts.

    The first to accept may set how often and how the pair will meet; the second accepts
    those terms. One acceptance speaks for every co-founder of a group mentee.
    """
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("cohort__programme")
        .get(pk=mentorship_id)
    )
    side = party_side(mentorship, by)
    if mentorship.status != Status.APPROVED:
        raise MentorshipError(
            NOT_ALLOWED.format(
                from_status=mentorship.get_status_display(), to_status=Status.ACTIVE.label
            )
        )
    now = timezone.now()
    first = mentorship.mentor_accepted_at is None and mentorship.mentee_accepted_at is None
    if first and meeting_frequency:
        mentorship.meeting_frequency = meeting_frequency
    if first and meeting_format:
        mentorship.meeting_format = meeting_format
    if side == Side.MENTOR:
        if mentorship.mentor_accepted_at:
            raise MentorshipError(ALREADY_ACCEPTED)
        mentorship.mentor_accepted_at = now
    else:
        if mentorship.mentee_accepted_at:
            raise MentorshipError(ALREADY_ACCEPTED)
        mentorship.mentee_accepted_at, mentorship.mentee_accepted_by = now, by
    mentorship.save()
    if mentorship.mentor_accepted_at and mentorship.mentee_accepted_at:
        mentorship.ends_on = term_end(mentorship.cohort, start=now.date())
        mentorship.save(update_fields=["ends_on"])
        mentorship_transition(
            mentorship_id=mentorship.pk,
            to_status=Status.ACTIVE,
            by=by,
            reason="Both accepted the agreement",
        )
        mentorship.refresh_from_db()
    return mentorship


@transaction.atomic
def mentorship_end(
    *, mentorship_id: int, by: User, reason: str, completed: bool = False, tell_parties: bool = True
) -> Mentorship:
    """Either party ends the mentorship, with a reason and no blame; coordinators see it.

    Future sessions are cancelled and both sides told why (see mentorship_transition)."""
    if not reason.strip():
        raise MentorshipError(REASON_REQUIRED)
    mentorship = Mentorship.objects.get(pk=mentorship_id)
    party_side(mentorship, by)
    mentorship = mentorship_transition(
        mentorship_id=mentorship_id,
        to_status=Status.COMPLETED if completed else Status.ENDED,
        by=by,
        reason=reason,
        tell_parties=tell_parties,
    )
    emails.notify_feedback_due(mentorship, moment=Feedback.Moment.CLOSE)
    emails.notify_coordinators(
        alert=emails.CoordinatorAlert.ENDED,
        topic=f"ended:{mentorship.pk}",
        mentorship=mentorship,
        by=by,
    )
    return mentorship
