"""Reads of hours and claims: months in the programme's time zone, a mentor's hours page, a
month's claims, the CPD record; and the mentor-only lookups of sessions and expenses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import Decimal

from django.db.models import Count, DateField, DecimalField, OuterRef, QuerySet, Subquery, Sum
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
    Programme,
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
        Session.objects.select_related("mentorship__mentee", "mentorship__cohort__programme")
        .filter(pk=pk, mentorship__mentor=user)
        .first()
    )
    if session is None:
        raise Http404("No such session")
    return session


def mentor_expense(user: User, pk: int) -> Expense:
    """One of the user's own expenses; 404 for anyone else."""
    expense = (
        Expense.objects.select_related(
            "session__mentorship__mentee", "session__mentorship__cohort__programme"
        )
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
    # The expenses policy of each programme the mentor mentors in, for the page to show.
    programmes: list[Programme] = field(default_factory=list)


def hours_page(user: User) -> HoursPage:
    """The mentor's confirmed hours by month and by mentorship, and their logged sessions.

    Each session in the list carries `frozen` (its programme's claim for its month is approved)
    and its expenses. A month counts as approved in the summary once every programme's claim
    the mentor has in it is approved.
    """
    approved = set(ClaimApproval.objects.filter(mentor=user).values_list("month", "programme_id"))
    sessions = list(
        Session.objects.filter(mentorship__mentor=user, logged_at__isnull=False)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("mentorship__mentee", "mentorship__cohort")
        .prefetch_related("expenses")
        .order_by("-starts_at", "-pk")
    )
    for session in sessions:
        programme_id = session.mentorship.cohort.programme_id
        session.frozen = (month_of(session.starts_at), programme_id) in approved
        session.takes_expenses = session.status in EXPENSE_STATUSES and not session.frozen
    by_mentorship = _hours_by_mentorship(user)
    return HoursPage(
        months=_hours_by_month(user, approved),
        mentorships=by_mentorship,
        sessions=sessions,
        total_hours=sum((row.hours for row in by_mentorship), Decimal("0.00")),
        approved_months={month for month, _programme in approved},
        programmes=list(
            Programme.objects.filter(cohorts__mentorships__mentor=user).distinct().order_by("name")
        ),
    )


def _hours_by_month(user: User, approved: set[tuple[date, int]]) -> list[MonthHours]:
    months: dict[date, MonthHours] = {}
    rows = (
        _confirmed_sessions_of(user)
        .annotate(month=_by_month("starts_at"))
        .values("month", "mentorship__cohort__programme_id")
        .annotate(sessions=Count("pk"), minutes=Sum("duration_minutes"))
    )
    for row in rows:
        month = months.setdefault(row["month"], MonthHours(month=row["month"], approved=True))
        month.sessions += row["sessions"]
        month.hours += hours_from_minutes(row["minutes"])
        month.approved &= (row["month"], row["mentorship__cohort__programme_id"]) in approved
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


def only_programme_of(mentor: User) -> Programme | None:
    """The programme a mentor mentors in, if there is exactly one (as on a one-programme site);
    None for a mentor in several, or in none."""
    mentored = list(Programme.objects.filter(cohorts__mentorships__mentor=mentor).distinct()[:2])
    return mentored[0] if len(mentored) == 1 else None


def month_is_approved(*, mentor_id: int, month: date, programme_id: int) -> bool:
    """Whether the mentor's claim in the programme for the month is approved (then that part
    of the month is frozen); a read for pages, with no lock."""
    return ClaimApproval.objects.filter(
        mentor_id=mentor_id, month=month, programme_id=programme_id
    ).exists()


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
    """A mentor's claim for a month in one programme: its lines, its adjustments and its
    approval if any.

    Once approved, its figures are those approved (lines and totals as they were then); the
    changes refused since are listed beside it."""

    mentor: User
    programme: Programme
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

    @property
    def support(self) -> Decimal | None:
        """The programme's hourly support for these hours; None where hours are not claimable."""
        return support_owed(self.programme, self.hours)


def support_owed(programme: Programme, hours: Decimal) -> Decimal | None:
    """Hours times the programme's hourly rate, or None if its mentors do not claim hours."""
    if not programme.hours_claimable:
        return None
    return money(hours * programme.hourly_rate)


ClaimKey = tuple[int, int]  # (mentor id, programme id)


def month_claims(
    month: date, *, mentor_id: int | None = None, programme_ids: list[int] | None = None
) -> list[MentorClaim]:
    """Every mentor's claim in each programme for a month, in six queries: approved ones as
    they were approved. `programme_ids` narrows them to those programmes (None: every one)."""
    approvals_of = ClaimApproval.objects.filter(month=month)
    adjustments = ClaimAdjustment.objects.filter(month=month)
    refused = RefusedClaimChange.objects.filter(month=month)
    if mentor_id is not None:
        approvals_of, adjustments, refused = (
            rows.filter(mentor_id=mentor_id) for rows in (approvals_of, adjustments, refused)
        )
    if programme_ids is not None:
        approvals_of, adjustments, refused = (
            rows.filter(programme_id__in=programme_ids)
            for rows in (approvals_of, adjustments, refused)
        )
    approvals = {
        (a.mentor_id, a.programme_id): a
        for a in approvals_of.select_related("mentor", "approved_by", "programme")
    }
    rows = [
        *_live_lines(month, mentor_id, programme_ids, approved=approvals),
        *_approved_lines(approvals),
    ]
    found = Mentorship.objects.filter(pk__in={row[1] for row in rows}).select_related(
        "mentor", "mentee", "cohort__programme"
    )
    by_pk = {m.pk: m for m in found}
    claims: dict[ClaimKey, MentorClaim] = {}

    def claim_of(mentor: User, programme: Programme) -> MentorClaim:
        key = (mentor.pk, programme.pk)
        return claims.setdefault(
            key,
            MentorClaim(mentor=mentor, programme=programme, lines=[], approval=approvals.get(key)),
        )

    for approval in approvals.values():
        claim_of(approval.mentor, approval.programme)
    for key, mentorship_pk, line in sorted(rows, key=lambda row: row[1]):
        mentorship = by_pk.get(mentorship_pk)
        line.mentorship, line.mentorship_id = mentorship, mentorship_pk
        if key in claims:
            claims[key].lines.append(line)
        elif mentorship is not None:
            claim_of(mentorship.mentor, mentorship.cohort.programme).lines.append(line)
    for adjustment in adjustments.select_related("mentor", "made_by", "programme"):
        claim_of(adjustment.mentor, adjustment.programme).adjustments.append(adjustment)
    for change in refused.filter(programme__isnull=False).select_related(
        "mentor", "by", "programme"
    ):
        claim_of(change.mentor, change.programme).refused.append(change)
    return sorted(
        claims.values(),
        key=lambda c: (c.mentor.name.lower(), c.mentor.email, c.programme.name, c.programme.pk),
    )


def _live_lines(
    month: date,
    mentor_id: int | None,
    programme_ids: list[int] | None,
    *,
    approved: dict[ClaimKey, ClaimApproval],
) -> list[tuple[ClaimKey, int, ClaimLine]]:
    """((mentor id, programme id), mentorship id, line) for each mentorship with confirmed time,
    from the sessions as they are now; claims already approved are left out."""
    start, end = month_bounds(month)
    sessions = Session.objects.filter(status=COUNTED, starts_at__gte=start, starts_at__lt=end)
    if mentor_id is not None:
        sessions = sessions.filter(mentorship__mentor_id=mentor_id)
    if programme_ids is not None:
        sessions = sessions.filter(mentorship__cohort__programme_id__in=programme_ids)
    # Each mentorship's expenses in the month come in the same query, as a subquery.
    expenses = (
        Expense.objects.filter(
            session__mentorship_id=OuterRef("mentorship_id"),
            session__status=COUNTED,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
        )
        .order_by()
        .values("session__mentorship_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    counts = (
        sessions.order_by()
        .values("mentorship_id", "mentorship__mentor_id", "mentorship__cohort__programme_id")
        .annotate(
            sessions=Count("pk"),
            minutes=Sum("duration_minutes"),
            expenses=Subquery(expenses, output_field=DecimalField()),
        )
    )
    lines = []
    for row in counts:
        key = (row["mentorship__mentor_id"], row["mentorship__cohort__programme_id"])
        if key in approved:
            continue  # its lines are those approved
        line = ClaimLine(
            mentorship=None,
            sessions=row["sessions"],
            hours=hours_from_minutes(row["minutes"]),
            expenses=money(row["expenses"]),
        )
        lines.append((key, row["mentorship_id"], line))
    return lines


def _approved_lines(
    approvals: dict[ClaimKey, ClaimApproval],
) -> list[tuple[ClaimKey, int, ClaimLine]]:
    return [
        (
            key,
            line["mentorship"],
            ClaimLine(
                mentorship=None,
                sessions=line["sessions"],
                hours=Decimal(line["hours"]),
                expenses=Decimal(line["expenses"]),
            ),
        )
        for key, approval in approvals.items()
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
