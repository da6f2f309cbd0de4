"""A cohort's report for its coordinators: applications, pairs, sessions, money, endings, outcomes.

The report is a plain dict of JSON values (numbers, strings, lists) keyed by codes, never by
translated labels: closing a cohort stores it as it is in `Cohort.report`, and the page and the
CSV read a stored report exactly as a live one, in whatever language the reader has. Decimals
are kept as strings ("12.50") so nothing is lost to floats. It takes the same handful of
queries whatever the cohort's size.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any, TypedDict

from django.db.models import Count, DateTimeField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from mentorship.models import (
    ClaimApproval,
    Cohort,
    Enrolment,
    Feedback,
    Mentorship,
    MentorshipTransition,
    Programme,
    Session,
    Side,
)
from mentorship.rules import MENTEE_BENEFITS, MENTOR_BENEFITS
from mentorship.selectors import scopes
from mentorship.selectors.hours import hours_from_minutes, money

# Bump when the shape changes: a report frozen under an older shape says which it has.
REPORT_VERSION = 1

# Sessions the mentor has logged as having happened, whatever the mentee answered since.
HELD_STATUSES = (Session.Status.LOGGED, Session.Status.CONFIRMED, Session.Status.DISPUTED)

BENEFITS_BY_SIDE = {Side.MENTOR.value: MENTOR_BENEFITS, Side.MENTEE.value: MENTEE_BENEFITS}


class TimeToMatch(TypedDict):
    pairs: int  # pairs with a known starting point
    median_days: str | None
    mean_days: str | None
    starts_from: str  # "enrolment" (acceptance, else application) or "joining"


class Claims(TypedDict):
    approved_claims: int  # mentor-months with a line for a pair of this cohort
    hours: str
    expenses: str
    hourly_rate: str
    support: str  # hours at the programme's hourly rate
    total: str


class Ending(TypedDict):
    on: str  # ISO date
    reason: str


class Endings(TypedDict):
    completed: int
    ended_early: int
    completion_rate: str | None  # percent of matched pairs
    early_ending_rate: str | None
    reasons: list[Ending]


class Outcome(TypedDict):
    side: str
    benefit: str
    average: str | None
    answers: int


class Report(TypedDict):
    version: int
    computed_at: str  # ISO datetime
    applications: dict[str, dict[str, int]]  # side -> status -> count
    pairs: dict[str, int]  # mentorship status -> count
    matched: int
    time_to_match: TimeToMatch
    sessions: dict[str, Any]  # held, confirmed (counts), confirmed_hours (decimal string)
    claims: Claims
    endings: Endings
    outcomes: list[Outcome]


def cohort_for_coordinator(user: User, pk: int) -> Cohort:
    """A cohort of a programme this coordinator runs; 404 for any other, as if it did not exist."""
    queryset = scopes.scoped(Cohort.objects.select_related("programme"), user, "programme")
    cohort = queryset.filter(pk=pk).first()
    if cohort is None:
        raise Http404("No such cohort")
    return cohort


def cohort_report(cohort: Cohort, now: datetime | None = None) -> Report:
    """The cohort's figures as they are now (the cohort must come with its programme)."""
    now = now or timezone.now()
    pairs = list(_pairs(cohort))
    matched = [pair for pair in pairs if pair["approved_at"] is not None]
    states = Counter(pair["status"] for pair in pairs)
    return Report(
        version=REPORT_VERSION,
        computed_at=now.isoformat(),
        applications=_applications(cohort),
        pairs={status: states.get(status, 0) for status in Mentorship.Status.values},
        matched=len(matched),
        time_to_match=_time_to_match(cohort.programme, matched),
        sessions=_sessions(cohort),
        claims=claims_paid(cohort, {pair["pk"] for pair in pairs}),
        endings=_endings(cohort, states, len(matched)),
        outcomes=_outcomes(cohort),
    )


def is_frozen(cohort: Cohort) -> bool:
    """Closed with its report stored (a cohort closed some other way has none until it is
    closed through `cohort_close`, and shows live figures meanwhile)."""
    return cohort.closed_at is not None and bool(cohort.report)


def report_shown(cohort: Cohort) -> Report:
    """What the page and the CSV show: the stored report once the cohort is closed, else live."""
    if is_frozen(cohort):
        return cohort.report  # type: ignore[return-value]
    return cohort_report(cohort)


def _applications(cohort: Cohort) -> dict[str, dict[str, int]]:
    counts = dict(
        ((side, status), n)
        for side, status, n in Enrolment.objects.filter(cohort=cohort)
        .order_by()
        .values("side", "status")
        .annotate(n=Count("pk"))
        .values_list("side", "status", "n")
    )
    return {
        side: {status: counts.get((side, status), 0) for status in Enrolment.Status.values}
        for side in (Side.MENTOR.value, Side.MENTEE.value)
    }


def _pairs(cohort: Cohort) -> QuerySet[Mentorship, dict[str, Any]]:
    """Every pairing of the cohort, with when its mentee started waiting for a mentor.

    That is the mentee's enrolment in this cohort (accepted on, else applied on); on a programme
    of every member, where nobody applies, it is when the mentee profile was made."""
    enrolment = Enrolment.objects.filter(
        cohort_id=OuterRef("cohort_id"), side=Side.MENTEE, mentee_id=OuterRef("mentee_id")
    ).order_by("-created_at")
    return (
        Mentorship.objects.filter(cohort=cohort)
        .order_by()
        .annotate(
            enrolled_at=Subquery(
                enrolment.values(
                    started=Coalesce("decided_at", "created_at", output_field=DateTimeField())
                )[:1]
            )
        )
        .values("pk", "status", "approved_at", "enrolled_at", "mentee__created_at")
    )


def _time_to_match(programme: Programme, matched: list[dict[str, Any]]) -> TimeToMatch:
    every_member = programme.admission == Programme.Admission.ALL_MEMBERS
    start_key = "mentee__created_at" if every_member else "enrolled_at"
    # A pair made by hand for a mentee who never applied has no start: it is left out.
    days = [
        max((pair["approved_at"] - pair[start_key]).total_seconds(), 0) / 86400
        for pair in matched
        if pair[start_key] is not None
    ]
    return TimeToMatch(
        pairs=len(days),
        median_days=_one_place(statistics.median(days)) if days else None,
        mean_days=_one_place(statistics.fmean(days)) if days else None,
        starts_from="joining" if every_member else "enrolment",
    )


def _one_place(value: float | Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.1")))


def _sessions(cohort: Cohort) -> dict[str, Any]:
    totals = Session.objects.filter(mentorship__cohort=cohort).aggregate(
        held=Count("pk", filter=Q(status__in=HELD_STATUSES)),
        confirmed=Count("pk", filter=Q(status=Session.Status.CONFIRMED)),
        minutes=Sum("duration_minutes", filter=Q(status=Session.Status.CONFIRMED)),
    )
    return {
        "held": totals["held"],
        "confirmed": totals["confirmed"],
        "confirmed_hours": str(hours_from_minutes(totals["minutes"])),
    }


def claims_paid(cohort: Cohort, mentorship_ids: set[int]) -> Claims:
    """What coordinators approved for payment for this cohort's pairs: the lines of the
    programme's approved monthly claims that name one of its mentorships (a claim covers the
    programme's other cohorts too; adjustments name no pair, so they are not counted), with the
    hours priced at the programme's hourly rate. One query."""
    approvals = ClaimApproval.objects.filter(
        programme_id=cohort.programme_id,
        mentor_id__in=Mentorship.objects.filter(cohort=cohort).values("mentor_id"),
    ).values_list("lines", flat=True)
    claims, hours, expenses = 0, Decimal(0), Decimal(0)
    for lines in approvals:
        ours = [line for line in lines or [] if line.get("mentorship") in mentorship_ids]
        claims += bool(ours)
        hours += sum((Decimal(line["hours"]) for line in ours), Decimal(0))
        expenses += sum((Decimal(line["expenses"]) for line in ours), Decimal(0))
    rate = cohort.programme.hourly_rate if cohort.programme.hours_claimable else Decimal(0)
    support = money(hours * rate)
    return Claims(
        approved_claims=claims,
        hours=str(money(hours)),
        expenses=str(money(expenses)),
        hourly_rate=str(money(rate)),
        support=str(support),
        total=str(money(support + expenses)),
    )


def _endings(cohort: Cohort, states: Counter[str], matched: int) -> Endings:
    completed = states.get(Mentorship.Status.COMPLETED, 0)
    ended = states.get(Mentorship.Status.ENDED, 0)
    reasons = MentorshipTransition.objects.filter(
        mentorship__cohort=cohort, to_status=Mentorship.Status.ENDED
    ).values_list("created_at", "reason")
    return Endings(
        completed=completed,
        ended_early=ended,
        completion_rate=_percent(completed, matched),
        early_ending_rate=_percent(ended, matched),
        reasons=[
            Ending(on=timezone.localtime(at).date().isoformat(), reason=reason)
            for at, reason in reasons.order_by("created_at", "pk")
        ],
    )


def _percent(part: int, whole: int) -> str | None:
    return _one_place(Decimal(100 * part) / whole) if whole else None


def _outcomes(cohort: Cohort) -> list[Outcome]:
    """Each side's average rating of each of its benefits, over every feedback answer (midway and
    at the close); a value outside 1 to 5, which the form never sends, is left out."""
    ratings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for side, answers in Feedback.objects.filter(mentorship__cohort=cohort).values_list(
        "side", "ratings"
    ):
        for benefit, value in (answers or {}).items():
            if isinstance(value, int) and 1 <= value <= 5:
                ratings[(side, benefit)].append(value)
    return [
        Outcome(
            side=side,
            benefit=benefit,
            average=_one_place(Decimal(sum(values)) / len(values)) if values else None,
            answers=len(values),
        )
        for side, benefits in BENEFITS_BY_SIDE.items()
        for benefit in benefits
        for values in [ratings.get((side, benefit), [])]
    ]
