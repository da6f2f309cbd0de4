"""Mentors' time: confirmed hours, travel expenses, monthly claims and the CPD record.

Only confirmed sessions count: a session the mentor logged but the mentee has not confirmed
(or disputed) adds no hours and no expenses to a claim. A session belongs to the calendar month
in which it started, in the programme's time zone (not each member's), so a mentor and the
coordinators always see the same months. Once a coordinator approves a mentor's claim for a
month, that month's expenses are frozen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, DateField, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import Action, audit_record
from accounts.models import User
from mentorship.models import ActionItem, ClaimApproval, Expense, Feedback, Mentorship, Session
from mentorship.services import MentorshipError

COUNTED = Session.Status.CONFIRMED
# A mentor may claim travel for a session once it is logged, before the mentee confirms it.
EXPENSE_STATUSES = (Session.Status.LOGGED, Session.Status.CONFIRMED)

ONLY_THE_MENTOR = _("Only the mentor claims expenses for a session.")
SESSION_NOT_LOGGED = _("Expenses can only be added to a session that has been logged.")
MONTH_APPROVED = _(
    "The claim for {month} has been approved for payment: "
    "its expenses can no longer be added, changed or deleted."
)
NOTHING_TO_APPROVE = _("{mentor} has no confirmed hours or expenses in {month}.")


# -- months and hours --------------------------------------------------------------------


def programme_timezone() -> tzinfo:
    return timezone.get_default_timezone()


def month_of(moment: datetime) -> date:
    """The first day of the month in which a moment falls, in the programme's time zone."""
    return timezone.localtime(moment, programme_timezone()).date().replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The first moment of a month and of the next one, in the programme's time zone."""
    start = datetime(month.year, month.month, 1, tzinfo=programme_timezone())
    after = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return start, datetime(after.year, after.month, 1, tzinfo=programme_timezone())


def month_label(month: date) -> str:
    """The month as "March 2025", in the reader's language (strftime would always be English)."""
    return dateformat.format(month, "F Y")


def hours_from_minutes(minutes: int | None) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.01"))


def money(amount: Decimal | None) -> Decimal:
    """Pounds and pence; SQLite's sums of decimals come back with float noise (15.7000000000000)."""
    return (amount or Decimal(0)).quantize(Decimal("0.01"))


def _by_month(field_name: str) -> TruncMonth:
    return TruncMonth(field_name, output_field=DateField(), tzinfo=programme_timezone())


def _confirmed_sessions_of(mentor: User) -> QuerySet[Session]:
    # order_by() drops the model's default ordering, which would otherwise split the GROUP BY.
    return Session.objects.filter(mentorship__mentor=mentor, status=COUNTED).order_by()


def _confirmed_expenses_of(mentor: User) -> QuerySet[Expense]:
    return Expense.objects.filter(
        session__mentorship__mentor=mentor, session__status=COUNTED
    ).order_by()


# -- the mentor's own sessions and expenses ----------------------------------------------


def mentor_session(user: User, pk: int) -> Session:
    """One session of a mentorship the user mentors; 404 for anyone else (the mentee too)."""
    session = (
        Session.objects.select_related("mentorship__mentee")
        .filter(pk=pk, mentorship__mentor=user)
        .first()
    )
    if session is None:
        raise Http404("No such session")
    return session


def mentor_expense(user: User, pk: int) -> Expense:
    """One of the user's own expenses; 404 for anyone else."""
    expense = (
        Expense.objects.select_related("session__mentorship__mentee")
        .filter(pk=pk, session__mentorship__mentor=user)
        .first()
    )
    if expense is None:
        raise Http404("No such expense")
    return expense


@dataclass
class MonthHours:
    month: date
    sessions: int = 0
    hours: Decimal = Decimal("0.00")
    expenses: Decimal = Decimal("0.00")
    approved: bool = False


@dataclass
class MentorshipHours:
    mentorship: Mentorship
    sessions: int
    hours: Decimal


@dataclass
class HoursPage:
    months: list[MonthHours]
    mentorships: list[MentorshipHours]
    sessions: list[Session]
    total_hours: Decimal
    approved_months: set[date] = field(default_factory=set)


def hours_page(user: User) -> HoursPage:
    """The mentor's confirmed hours by month and by mentorship, and their logged sessions.

    Each session in the list carries `frozen` (its month's claim is approved) and its expenses.
    """
    approved = set(ClaimApproval.objects.filter(mentor=user).values_list("month", flat=True))
    sessions = list(
        Session.objects.filter(mentorship__mentor=user, logged_at__isnull=False)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("mentorship__mentee")
        .prefetch_related("expenses")
        .order_by("-starts_at", "-pk")
    )
    for session in sessions:
        session.frozen = month_of(session.starts_at) in approved
        session.takes_expenses = session.status in EXPENSE_STATUSES and not session.frozen
    by_mentorship = _hours_by_mentorship(user)
    return HoursPage(
        months=_hours_by_month(user, approved),
        mentorships=by_mentorship,
        sessions=sessions,
        total_hours=sum((row.hours for row in by_mentorship), Decimal("0.00")),
        approved_months=approved,
    )


def _hours_by_month(user: User, approved: set[date]) -> list[MonthHours]:
    months: dict[date, MonthHours] = {}
    rows = (
        _confirmed_sessions_of(user)
        .annotate(month=_by_month("starts_at"))
        .values("month")
        .annotate(sessions=Count("pk"), minutes=Sum("duration_minutes"))
    )
    for row in rows:
        months[row["month"]] = MonthHours(
            month=row["month"],
            sessions=row["sessions"],
            hours=hours_from_minutes(row["minutes"]),
            approved=row["month"] in approved,
        )
    expenses = (
        _confirmed_expenses_of(user)
        .annotate(month=_by_month("session__starts_at"))
        .values("month")
        .annotate(total=Sum("amount"))
    )
    for row in expenses:
        months.setdefault(row["month"], MonthHours(month=row["month"])).expenses = money(
            row["total"]
        )
    return sorted(months.values(), key=lambda m: m.month, reverse=True)


def _hours_by_mentorship(user: User) -> list[MentorshipHours]:
    rows = {
        row["mentorship_id"]: row
        for row in _confirmed_sessions_of(user)
        .values("mentorship_id")
        .annotate(sessions=Count("pk"), minutes=Sum("duration_minutes"))
    }
    mentorships = Mentorship.objects.filter(pk__in=rows).select_related("mentee")
    return [
        MentorshipHours(
            mentorship=m,
            sessions=rows[m.pk]["sessions"],
            hours=hours_from_minutes(rows[m.pk]["minutes"]),
        )
        for m in mentorships
    ]


# -- expenses ----------------------------------------------------------------------------


def expenses_check_open(session: Session) -> None:
    """Refuse with a clear message if the session's month has an approved claim."""
    month = month_of(session.starts_at)
    if ClaimApproval.objects.filter(mentor_id=session.mentorship.mentor_id, month=month).exists():
        raise MentorshipError(MONTH_APPROVED.format(month=month_label(month)))


def _lock_mentor(mentor_id: int) -> None:
    """Serialise expense changes and claim approvals for one mentor.

    Without it, an expense could be added between a coordinator reading a month's totals and
    recording the approval, and would then sit unpaid in a frozen month.
    """
    list(User.objects.select_for_update().filter(pk=mentor_id).values_list("pk", flat=True))


def _check_can_change(session: Session, by: User) -> None:
    if session.mentorship.mentor_id != by.pk:
        raise MentorshipError(ONLY_THE_MENTOR)
    _lock_mentor(by.pk)
    expenses_check_open(session)


@transaction.atomic
def expense_add(*, session: Session, by: User, description: str, amount: Decimal) -> Expense:
    """The mentor claims a travel cost for a logged or confirmed session in an open month."""
    _check_can_change(session, by)
    if session.status not in EXPENSE_STATUSES:
        raise MentorshipError(SESSION_NOT_LOGGED)
    return Expense.objects.create(session=session, description=description, amount=amount)


@transaction.atomic
def expense_change(*, expense: Expense, by: User, description: str, amount: Decimal) -> Expense:
    _check_can_change(expense.session, by)
    expense.description, expense.amount = description, amount
    expense.save(update_fields=["description", "amount"])
    return expense


@transaction.atomic
def expense_delete(*, expense: Expense, by: User) -> None:
    _check_can_change(expense.session, by)
    expense.delete()


# -- coordinators: monthly claims --------------------------------------------------------


@dataclass
class ClaimLine:
    """One mentorship's confirmed sessions, hours and expenses in a month."""

    mentorship: Mentorship
    sessions: int
    hours: Decimal
    expenses: Decimal


@dataclass
class MentorClaim:
    """A mentor's claim for a month: the sum of their lines, and its approval if any."""

    mentor: User
    lines: list[ClaimLine]
    approval: ClaimApproval | None = None

    @property
    def sessions(self) -> int:
        return sum(line.sessions for line in self.lines)

    @property
    def hours(self) -> Decimal:
        return sum((line.hours for line in self.lines), Decimal("0.00"))

    @property
    def expenses(self) -> Decimal:
        return sum((line.expenses for line in self.lines), Decimal("0.00"))


def month_claims(month: date, *, mentor_id: int | None = None) -> list[MentorClaim]:
    """Every mentor's confirmed hours and expenses in a month, in four queries."""
    approvals = {
        a.mentor_id: a
        for a in ClaimApproval.objects.filter(month=month).select_related("approved_by")
    }
    claims: dict[int, MentorClaim] = {}
    for line in _month_lines(month, mentor_id):
        mentor = line.mentorship.mentor
        claims.setdefault(
            mentor.pk, MentorClaim(mentor=mentor, lines=[], approval=approvals.get(mentor.pk))
        ).lines.append(line)
    return sorted(claims.values(), key=lambda c: (c.mentor.name.lower(), c.mentor.email))


def _month_lines(month: date, mentor_id: int | None) -> list[ClaimLine]:
    start, end = month_bounds(month)
    sessions = Session.objects.filter(status=COUNTED, starts_at__gte=start, starts_at__lt=end)
    if mentor_id is not None:
        sessions = sessions.filter(mentorship__mentor_id=mentor_id)
    counts = {
        row["mentorship_id"]: row
        for row in sessions.order_by()
        .values("mentorship_id")
        .annotate(sessions=Count("pk"), minutes=Sum("duration_minutes"))
    }
    expenses = dict(
        Expense.objects.filter(session__in=sessions)
        .order_by()
        .values("session__mentorship_id")
        .annotate(total=Sum("amount"))
        .values_list("session__mentorship_id", "total")
    )
    mentorships = Mentorship.objects.filter(pk__in=counts).select_related("mentor", "mentee")
    return [
        ClaimLine(
            mentorship=m,
            sessions=counts[m.pk]["sessions"],
            hours=hours_from_minutes(counts[m.pk]["minutes"]),
            expenses=money(expenses.get(m.pk)),
        )
        for m in mentorships.order_by("pk")
    ]


@transaction.atomic
def claim_approve(*, mentor: User, month: date, by: User) -> tuple[ClaimApproval, bool]:
    """Approve a mentor's claim for a month with its totals as they are now; the month freezes.

    Approving a month already approved changes nothing and returns the first approval
    (with False: nothing new was created).
    """
    month = month.replace(day=1)
    _lock_mentor(mentor.pk)
    approval = ClaimApproval.objects.filter(mentor=mentor, month=month).first()
    if approval is not None:
        return approval, False
    claims = month_claims(month, mentor_id=mentor.pk)
    if not claims:
        raise MentorshipError(NOTHING_TO_APPROVE.format(mentor=mentor, month=month_label(month)))
    approval = ClaimApproval.objects.create(
        mentor=mentor,
        month=month,
        hours=claims[0].hours,
        expenses=claims[0].expenses,
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


@transaction.atomic
def claims_export(*, month: date, by: User) -> list[MentorClaim]:
    """Every mentor's claim for a month, for a coordinator's download; the export is audited."""
    claims = month_claims(month)
    audit_record(
        actor=by,
        action=Action.CLAIMS_EXPORTED,
        target_label=f"{month:%Y-%m}",
        details={"month": f"{month:%Y-%m}", "mentors": len(claims)},
    )
    return claims


# -- CPD record --------------------------------------------------------------------------


@dataclass
class CpdRecord:
    mentor: User
    sessions: list[Session]
    total_hours: Decimal
    learned: list[Feedback]


def cpd_record(mentor: User) -> CpdRecord:
    """The mentor's confirmed sessions with the skills practised, and what they learned."""
    sessions = list(
        Session.objects.filter(mentorship__mentor=mentor, status=COUNTED)
        .select_related("mentorship__mentee")
        .prefetch_related("topics")
        .order_by("starts_at", "pk")
    )
    learned = list(
        Feedback.objects.filter(mentorship__mentor=mentor, side=ActionItem.Owner.MENTOR)
        .exclude(learned="")
        .select_related("mentorship__mentee")
        .order_by("at", "pk")
    )
    return CpdRecord(
        mentor=mentor,
        sessions=sessions,
        total_hours=hours_from_minutes(sum(s.duration_minutes for s in sessions)),
        learned=learned,
    )
