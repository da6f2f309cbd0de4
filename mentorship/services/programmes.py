"""Members applying to a programme's cohort, and coordinators deciding on their applications.

Who may apply, on which side and when is decided here for every path (the apply page, bulk
invitations, the admin), so each path refuses the same applications with the same message.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberProfile, User
from mentorship import emails
from mentorship.models import Cohort, Enrolment, Programme, Side
from mentorship.selectors import scopes
from mentorship.services.errors import MentorshipError

EVERYONE_IS_IN = _("Every member is in this programme already: there is nothing to apply for.")
NOT_TAKING_APPLICATIONS = _("This cohort is not taking applications.")
NOT_OPEN = _("This programme is not open for applications.")
NEEDS_MENTOR_PROFILE = _("Add what you offer as a mentor to your profile first.")
NEEDS_MENTEE_PROFILE = _("Add what you want from a mentor to your profile first.")
NO_GROUPS = _("This programme takes mentees on their own, not enterprise groups.")
WRONG_STAGE = _("This programme is for co-ops at another stage.")
ALREADY_APPLIED = _("You have already applied to this cohort on that side.")
NOT_YOURS = _("You do not coordinate this programme.")
ALREADY_DECIDED = _("This application has already been decided.")
ANSWER_REQUIRED = _("Please answer every question.")
NOT_WAITING = _("This application is no longer waiting for a decision: it cannot be withdrawn.")


def eligibility_refusal(cohort: Cohort, profile: MemberProfile | None, side: str) -> str | None:
    """Why this member may not join this cohort on this side, or None if they may."""
    programme = cohort.programme
    if profile is None:
        return str(NEEDS_MENTOR_PROFILE if side == Side.MENTOR else NEEDS_MENTEE_PROFILE)
    if side == Side.MENTOR:
        if not profile.is_mentor:
            return str(NEEDS_MENTOR_PROFILE)
        stages = programme.mentor_stages
    else:
        mentee = profile.mentee_profile
        if not profile.is_mentee or mentee is None:
            return str(NEEDS_MENTEE_PROFILE)
        if mentee.is_group and not programme.groups_may_apply:
            return str(NO_GROUPS)
        stages = programme.mentee_stages
    stage = profile.organisation.stage if profile.organisation else None
    if stages and stage not in stages:
        return str(WRONG_STAGE)
    return None


@transaction.atomic
def enrolment_apply(
    *,
    member: User,
    cohort_id: int,
    side: str,
    answers: dict[str, str] | None = None,
    source: str = Enrolment.Source.APPLICATION,
) -> Enrolment:
    """Apply to a cohort on one side; a mentee applies as their own or their group's profile."""
    cohort = Cohort.objects.select_related("programme").get(pk=cohort_id)
    programme = cohort.programme
    if programme.admission == Programme.Admission.ALL_MEMBERS:
        raise MentorshipError(EVERYONE_IS_IN)
    if programme.status not in Programme.APPLYING_STATUSES:
        raise MentorshipError(NOT_OPEN)
    if not cohort.takes_applications(timezone.localdate()):
        raise MentorshipError(NOT_TAKING_APPLICATIONS)
    profile = (
        MemberProfile.objects.select_related("organisation", "mentee_profile")
        .filter(user=member)
        .first()
    )
    refusal = eligibility_refusal(cohort, profile, side)
    if refusal:
        raise MentorshipError(refusal)
    answers = {q: (answers or {}).get(q, "").strip() for q in programme.question_list}
    if source == Enrolment.Source.APPLICATION and not all(answers.values()):
        raise MentorshipError(ANSWER_REQUIRED)
    mentee = profile.mentee_profile if side == Side.MENTEE and profile else None
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                cohort=cohort,
                member=member,
                side=side,
                mentee=mentee,
                answers=answers,
                source=source,
            )
    except IntegrityError:
        pass
    reopened = _withdrawn_reopen(
        cohort, member, side, mentee=mentee, answers=answers, source=source
    )
    if reopened is None:
        raise MentorshipError(ALREADY_APPLIED)
    return reopened


def _withdrawn_reopen(
    cohort: Cohort, member: User, side: str, **fields: object
) -> Enrolment | None:
    """The member's withdrawn application on this side, applied for again with new answers.

    One row per (cohort, member, side) is kept, so applying again after withdrawing reopens the
    same row rather than adding one; an application still waiting or already decided is left."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(cohort=cohort, member=member, side=side, status=Enrolment.Status.WITHDRAWN)
        .first()
    )
    if enrolment is None:
        return None
    fields.update(
        status=Enrolment.Status.APPLIED,
        decided_at=None,
        decided_by=None,
        created_at=timezone.now(),  # the coordinators' list shows when it was applied for
    )
    for name, value in fields.items():
        setattr(enrolment, name, value)
    enrolment.save(update_fields=list(fields))
    return enrolment


@transaction.atomic
def enrolment_decide(*, enrolment_id: int, by: User, accept: bool) -> Enrolment:
    """A coordinator of the programme accepts or declines an application, once."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("cohort__programme", "member")
        .get(pk=enrolment_id)
    )
    if not scopes.runs_programme(by, enrolment.cohort.programme_id):
        raise MentorshipError(NOT_YOURS)
    if enrolment.status != Enrolment.Status.APPLIED:
        raise MentorshipError(ALREADY_DECIDED)
    enrolment.status = Enrolment.Status.ACCEPTED if accept else Enrolment.Status.DECLINED
    enrolment.decided_at, enrolment.decided_by = timezone.now(), by
    enrolment.save(update_fields=["status", "decided_at", "decided_by"])
    # Queued in this transaction, sent once it commits; keyed per application, so once.
    emails.notify_enrolment_decided(enrolment)
    return enrolment


def enrolment_withdraw(*, enrolment_id: int, by: User) -> None:
    """The member withdraws their own application while it still waits for a decision.

    A conditional update: a second call, or one racing a coordinator's decision, changes nothing
    and is refused, so a decided application is never withdrawn behind the coordinator's back."""
    withdrawn = Enrolment.objects.filter(
        pk=enrolment_id, member=by, status=Enrolment.Status.APPLIED
    ).update(status=Enrolment.Status.WITHDRAWN)
    if not withdrawn:
        raise MentorshipError(NOT_WAITING)
