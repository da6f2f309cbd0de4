"""Reads of hours and claims: months in the programme's time zone, a mentor's hours page, a
month's claims, the CPD record; and the mentor-only lookups of sessions and expenses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import Decimal

from django.db.models import Count, DateField, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import dateformat, timezone

from accounts.models import User
from mentorship.models import (
    ClaimAdjustment,
    ClaimApproval,
    Expense,
    Feedback,
    Mentorship,
    RefusedClaimChange,
    Session,
    Side,
)

COUNTED = Session.Status.CONFIRMED


# A mentor may claim travel for a session once it is logged, before the mentee confirms it.
EXPENSE_STATUSES = (Session.Status.LOGGED, Session.Status.CONFIRMED)


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


def month_is_approved(*, mentor_id: int, month: date) -> bool:
    """Whether the mentor's claim for the month is approved; a read for pages, with no lock."""
    return ClaimApproval.objects.filter(mentor_id=mentor_id, month=month).exists()


@dataclass
class ClaimLine:
    """One mentorship's confirmed sessions, hours and expenses in a month."""

    mentorship: Mentorship | None
    sessions: int
    hours: Decimal
    expenses: Decimal
    mentorship_id: int = 0

    @property
    def label(self) -> str:
        """ "#12 Riverside founders", or "#12" for a mentorship no longer there."""
        if self.mentorship is None:
            return f"#{self.mentorship_id}"
        return f"#{self.mentorship.pk} {self.mentorship.mentee}"


@dataclass
class MentorClaim:
    """A mentor's claim for a month: its lines, its adjustments and its approval if any.

    Once approved, its figures are those approved (lines and totals as they were then); the
    changes refused since are listed beside it."""

    mentor: User
    lines: list[ClaimLine]
    approval: ClaimApproval | None = None
    adjustments: list[ClaimAdjustment] = field(default_factory=list)
    refused: list[RefusedClaimChange] = field(default_factory=list)

    @property
    def sessions(self) -> int:
        return sum(line.sessions for line in self.lines)

    @property
    def hours(self) -> Decimal:
        if self.approval is not None:
            return self.approval.hours
        return sum((x.hours for x in [*self.lines, *self.adjustments]), Decimal("0.00"))

    @property
    def expenses(self) -> Decimal:
        if self.approval is not None:
            return self.approval.expenses
        return sum((x.expenses for x in [*self.lines, *self.adjustments]), Decimal("0.00"))


def month_claims(month: date, *, mentor_id: int | None = None) -> list[MentorClaim]:
    """Every mentor's claim for a month, in six queries: approved ones as they were approved."""
    mentors = ClaimApproval.objects.filter(month=month)
    adjustments = ClaimAdjustment.objects.filter(month=month).select_related("mentor", "made_by")
    refused = RefusedClaimChange.objects.filter(month=month).select_related("mentor", "by")
    if mentor_id is not None:
        mentors, adjustments, refused = (
            rows.filter(mentor_id=mentor_id) for rows in (mentors, adjustments, refused)
        )
    approvals = {a.mentor_id: a for a in mentors.select_related("mentor", "approved_by")}
    rows = [*_live_lines(month, mentor_id, approved=approvals), *_approved_lines(approvals)]
    found = Mentorship.objects.filter(pk__in={row[1] for row in rows}).select_related(
        "mentor", "mentee"
    )
    by_pk = {m.pk: m for m in found}
    claims: dict[int, MentorClaim] = {}

    def claim_of(mentor: User) -> MentorClaim:
        return claims.setdefault(
            mentor.pk, MentorClaim(mentor=mentor, lines=[], approval=approvals.get(mentor.pk))
        )

    for approval in approvals.values():
        claim_of(approval.mentor)
    for mentor_pk, mentorship_pk, line in sorted(rows, key=lambda row: row[1]):
        mentorship = by_pk.get(mentorship_pk)
        line.mentorship, line.mentorship_id = mentorship, mentorship_pk
        mentor = claims[mentor_pk].mentor if mentor_pk in claims else mentorship.mentor
        claim_of(mentor).lines.append(line)
    for adjustment in adjustments:
        claim_of(adjustment.mentor).adjustments.append(adjustment)
    for change in refused:
        claim_of(change.mentor).refused.append(change)
    return sorted(claims.values(), key=lambda c: (c.mentor.name.lower(), c.mentor.email))


def _live_lines(
    month: date, mentor_id: int | None, *, approved: dict[int, ClaimApproval]
) -> list[tuple[int, int, ClaimLine]]:
    """(mentor id, mentorship id, line) for each mentorship with confirmed time, from the
    sessions as they are now; mentors whose month is approved are left out."""
    start, end = month_bounds(month)
    sessions = Session.objects.filter(status=COUNTED, starts_at__gte=start, starts_at__lt=end)
    if mentor_id is not None:
        sessions = sessions.filter(mentorship__mentor_id=mentor_id)
    sessions = sessions.exclude(mentorship__mentor_id__in=approved)
    counts = (
        sessions.order_by()
        .values("mentorship_id", "mentorship__mentor_id")
        .annotate(sessions=Count("pk"), minutes=Sum("duration_minutes"))
    )
    expenses = dict(
        Expense.objects.filter(session__in=sessions)
        .order_by()
        .values("session__mentorship_id")
        .annotate(total=Sum("amount"))
        .values_list("session__mentorship_id", "total")
    )
    return [
        (
            row["mentorship__mentor_id"],
            row["mentorship_id"],
            ClaimLine(
                mentorship=None,
                sessions=row["sessions"],
                hours=hours_from_minutes(row["minutes"]),
                expenses=money(expenses.get(row["mentorship_id"])),
            ),
        )
        for row in counts
    ]


def _approved_lines(approvals: dict[int, ClaimApproval]) -> list[tuple[int, int, ClaimLine]]:
    return [
        (
            approval.mentor_id,
            line["mentorship"],
            ClaimLine(
                mentorship=None,
                sessions=line["sessions"],
                hours=Decimal(line["hours"]),
                expenses=Decimal(line["expenses"]),
            ),
        )
        for approval in approvals.values()
        for line in approval.lines
    ]


def month_has_ended(month: date) -> bool:
    """Whether the month is over in the programme's time zone; only then can its claims be approved."""
    return month_bounds(month)[1] <= timezone.now()


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
        Feedback.objects.filter(mentorship__mentor=mentor, side=Side.MENTOR)
        .exclude(learned="")
        .select_related("mentorship__mentee")
        .order_by("created_at", "pk")
    )
    return CpdRecord(
        mentor=mentor,
        sessions=sessions,
        total_hours=hours_from_minutes(sum(s.duration_minutes for s in sessions)),
        learned=learned,
    )
