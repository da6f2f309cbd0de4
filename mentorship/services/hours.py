"""Writes on hours and claims: expenses, approving a month (then frozen), adjustments, the
record of changes refused because their month was approved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import wraps
from typing import ParamSpec, TypeVar

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from accounts.audit import Action, audit_record
from accounts.models import User
from mentorship.models import (
    ClaimAdjustment,
    ClaimApproval,
    Expense,
    Programme,
    RefusedClaimChange,
    Session,
)
from mentorship.selectors.hours import (
    EXPENSE_STATUSES,
    MentorClaim,
    month_bounds,
    month_claims,
    month_has_ended,
    month_is_approved,
    month_label,
    month_of,
    only_programme_of,
)
from mentorship.selectors.scopes import runs_programme
from mentorship.services.errors import MentorshipError

ONLY_THE_MENTOR = _("Only the mentor claims expenses for a session.")


SESSION_NOT_LOGGED = _("Expenses can only be added to a session that has been logged.")


MONTH_APPROVED = _(
    "The claim for {month} has been approved for payment: its sessions and expenses can no "
    "longer be logged, changed, confirmed or disputed. A coordinator can correct it with an "
    "adjustment in a later month."
)


NOTHING_TO_APPROVE = _("{mentor} has no confirmed hours or expenses in {month}.")


MONTH_NOT_ENDED = _("{month} has not ended yet: its claims can be approved once it has.")


NOT_YOUR_PROGRAMME = _("Only a coordinator of {programme} approves or adjusts its claims.")


WHICH_PROGRAMME = _("{mentor} mentors in more than one programme: say which programme's claim.")


TRAVEL_CAP = _(
    "{programme} pays at most £{cap} of travel a month. With this amount your travel for "
    "{month} would come to £{total}."
)


ADJUSTMENT_EMPTY = _("An adjustment changes the hours, the expenses or both.")


ADJUSTMENT_REASON = _("Say why the claim is adjusted.")


Change = RefusedClaimChange.Change


P = ParamSpec("P")


R = TypeVar("R")


class MonthApproved(MentorshipError):
    """A write refused because its month's claim is approved; says who tried what, for the record."""

    def __init__(
        self, *, mentor_id: int, month: date, programme_id: int, change: str, by: User | None
    ) -> None:
        super().__init__(MONTH_APPROVED.format(month=month_label(month)))
        self.mentor_id, self.month, self.change, self.by = mentor_id, month, change, by
        self.programme_id = programme_id


class TravelCapExceeded(MentorshipError):
    """An expense that would take a mentor's travel in a month past the programme's cap."""


def month_check_open(
    *, mentor_id: int, month: date, programme_id: int, change: str, by: User | None
) -> None:
    """The one check every write that changes a mentor's hours or expenses in a month makes.

    A claim is a mentor's month in one programme, so only the programme's part of the month
    freezes: a session in another programme the mentor also mentors in stays open.

    It locks the mentor's row, as `claim_approve` does, so a write and the approval of its month
    are serialised: the write lands before the approval reads the totals, or waits and is refused
    (raising `MonthApproved`). Call it inside the write's transaction, before writing.
    """
    _lock_mentor(mentor_id)
    if month_is_approved(mentor_id=mentor_id, month=month, programme_id=programme_id):
        raise MonthApproved(
            mentor_id=mentor_id, month=month, programme_id=programme_id, change=change, by=by
        )


def refusals_recorded(service: Callable[P, R]) -> Callable[P, R]:
    """Wrap a write service so a change refused by `month_check_open` is kept for coordinators.

    Goes outside the service's `transaction.atomic`: the record is written once the refused
    write has rolled back, so it is not rolled back with it.
    """

    @wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return service(*args, **kwargs)
        except MonthApproved as refused:
            RefusedClaimChange.objects.create(
                mentor_id=refused.mentor_id,
                programme_id=refused.programme_id,
                month=refused.month,
                change=refused.change,
                by=refused.by,
            )
            raise

    return wrapper


def _lock_mentor(mentor_id: int) -> None:
    """Serialise changes to a mentor's hours and expenses with approvals of their claims.

    Without it, a session or an expense could be added between a coordinator reading a month's
    totals and recording the approval, and would then sit unpaid in a frozen month.
    """
    list(User.objects.select_for_update().filter(pk=mentor_id).values_list("pk", flat=True))


def expenses_check_open(session: Session) -> None:
    """Refuse early, before a form is shown, if the session's month has an approved claim.

    Only a courtesy to the mentor: the write itself is checked by `month_check_open`."""
    month = month_of(session.starts_at)
    if month_is_approved(
        mentor_id=session.mentorship.mentor_id,
        month=month,
        programme_id=session.mentorship.cohort.programme_id,
    ):
        raise MentorshipError(MONTH_APPROVED.format(month=month_label(month)))


def _check_can_change(session: Session, by: User, change: str) -> None:
    if session.mentorship.mentor_id != by.pk:
        raise MentorshipError(ONLY_THE_MENTOR)
    month_check_open(
        mentor_id=by.pk,
        month=month_of(session.starts_at),
        programme_id=session.mentorship.cohort.programme_id,
        change=change,
        by=by,
    )


def _check_travel_cap(session: Session, amount: Decimal, *, instead_of: Expense | None) -> None:
    """Refuse an amount that would take the mentor's travel in the session's month, in its
    programme, past the programme's cap. Runs under `month_check_open`'s lock on the mentor,
    so two expenses added at once cannot both slip under the cap."""
    programme = session.mentorship.cohort.programme
    if programme.travel_cap is None:
        return
    month = month_of(session.starts_at)
    start, end = month_bounds(month)
    others = Expense.objects.filter(
        session__mentorship__mentor_id=session.mentorship.mentor_id,
        session__mentorship__cohort__programme=programme,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    ).exclude(session__status=Session.Status.CANCELLED)
    if instead_of is not None:
        others = others.exclude(pk=instead_of.pk)
    total = (others.aggregate(total=Sum("amount"))["total"] or Decimal(0)) + amount
    if total > programme.travel_cap:
        raise TravelCapExceeded(
            TRAVEL_CAP.format(
                programme=programme,
                cap=programme.travel_cap,
                month=month_label(month),
                total=total.quantize(Decimal("0.01")),
            )
        )


@refusals_recorded
@transaction.atomic
def expense_add(*, session: Session, by: User, description: str, amount: Decimal) -> Expense:
    """The mentor claims a travel cost for a logged or confirmed session in an open month,
    within the programme's travel cap."""
    _check_can_change(session, by, Change.EXPENSE_ADDED)
    if session.status not in EXPENSE_STATUSES:
        raise MentorshipError(SESSION_NOT_LOGGED)
    _check_travel_cap(session, amount, instead_of=None)
    return Expense.objects.create(session=session, description=description, amount=amount)


@refusals_recorded
@transaction.atomic
def expense_change(*, expense: Expense, by: User, description: str, amount: Decimal) -> Expense:
    _check_can_change(expense.session, by, Change.EXPENSE_CHANGED)
    _check_travel_cap(expense.session, amount, instead_of=expense)
    expense.description, expense.amount = description, amount
    expense.save(update_fields=["description", "amount"])
    return expense


@refusals_recorded
@transaction.atomic
def expense_delete(*, expense: Expense, by: User) -> None:
    _check_can_change(expense.session, by, Change.EXPENSE_DELETED)
    expense.delete()


def _claim_programme(mentor: User, programme: Programme | None, by: User) -> Programme:
    """The programme whose claim a coordinator acts on, if they run it.

    Without one named, a mentor who mentors in a single programme has that programme's claim
    (as on a one-programme site); a mentor in several must be told which."""
    programme = programme or only_programme_of(mentor)
    if programme is None:
        raise MentorshipError(WHICH_PROGRAMME.format(mentor=mentor))
    if not runs_programme(by, programme.pk):
        raise NotYourProgramme(NOT_YOUR_PROGRAMME.format(programme=programme))
    return programme


class NotYourProgramme(MentorshipError):
    """A coordinator acting on the claims of a programme they do not run."""


@transaction.atomic
def claim_approve(
    *, mentor: User, month: date, by: User, programme: Programme | None = None
) -> tuple[ClaimApproval, bool]:
    """Approve a mentor's claim in a programme for a month that has ended, as it is now; that
    programme's part of the month freezes. Only a coordinator of the programme (or a lead) may.

    The approval keeps the totals and each mentorship's line, and the claims page shows those
    from then on. Approving a claim already approved changes nothing and returns the first
    approval (with False: nothing new was created).
    """
    month = month.replace(day=1)
    programme = _claim_programme(mentor, programme, by)
    if not month_has_ended(month):
        raise MentorshipError(MONTH_NOT_ENDED.format(month=month_label(month)))
    _lock_mentor(mentor.pk)
    approval = ClaimApproval.objects.filter(mentor=mentor, month=month, programme=programme).first()
    if approval is not None:
        return approval, False
    claims = month_claims(month, mentor_id=mentor.pk, programme_ids=[programme.pk])
    if not claims:
        raise MentorshipError(NOTHING_TO_APPROVE.format(mentor=mentor, month=month_label(month)))
    claim = claims[0]
    approval = ClaimApproval.objects.create(
        mentor=mentor,
        programme=programme,
        month=month,
        hours=claim.hours,
        expenses=claim.expenses,
        lines=[
            {
                "mentorship": line.mentorship_id,
                "sessions": line.sessions,
                "hours": str(line.hours),
                "expenses": str(line.expenses),
            }
            for line in claim.lines
        ],
        approved_by=by,
    )
    audit_record(
        actor=by,
        action=Action.CLAIM_APPROVED,
        target=approval,
        target_label=f"{mentor} {month:%Y-%m}",
        details={"hours": str(approval.hours), "expenses": str(approval.expenses)},
    )
    return approval, True


@refusals_recorded
@transaction.atomic
def claim_adjustment_create(
    *,
    mentor: User,
    month: date,
    hours: Decimal,
    expenses: Decimal,
    reason: str,
    by: User,
    programme: Programme | None = None,
) -> ClaimAdjustment:
    """A coordinator corrects a mentor's pay in a month not yet approved (an approved month
    never changes): the adjustment is a line of that month's claim and freezes with it.

    Hours and expenses may be negative, to take back what was paid too much."""
    month = month.replace(day=1)
    if not reason.strip():
        raise MentorshipError(ADJUSTMENT_REASON)
    if not hours and not expenses:
        raise MentorshipError(ADJUSTMENT_EMPTY)
    programme = _claim_programme(mentor, programme, by)
    month_check_open(
        mentor_id=mentor.pk,
        month=month,
        programme_id=programme.pk,
        change=Change.ADJUSTMENT_ADDED,
        by=by,
    )
    return ClaimAdjustment.objects.create(
        mentor=mentor,
        programme=programme,
        month=month,
        hours=hours,
        expenses=expenses,
        reason=reason,
        made_by=by,
    )


@transaction.atomic
def claims_export(
    *, month: date, by: User, programmes: list[Programme] | None
) -> list[MentorClaim]:
    """The mentors' claims for a month in the given programmes (None: every one, for a lead),
    for a coordinator's download; the export is audited."""
    programme_ids = None if programmes is None else [p.pk for p in programmes]
    claims = month_claims(month, programme_ids=programme_ids)
    details: dict[str, object] = {"month": f"{month:%Y-%m}", "mentors": len(claims)}
    if programmes is not None:
        details["programmes"] = [p.slug for p in programmes]
    audit_record(
        actor=by, action=Action.CLAIMS_EXPORTED, target_label=f"{month:%Y-%m}", details=details
    )
    return claims
