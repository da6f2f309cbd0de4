"""Figures about the whole programme, for coordinators only; each read is one query."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from mentorship.models import Feedback, Mentorship, Session, pair_label
from mentorship.selectors.hours import hours_from_minutes, month_bounds, month_of

QUIET_DAYS = 30
# The figures read every active mentorship and every feedback answer: on a programme of
# thousands that is most of a second, too much to repeat for each coordinator's visit.
FIGURES_CACHE_SECONDS = 60
FIGURES_CACHE_KEY = "programme-figures"


def can_coordinate(user: User) -> bool:
    """Coordinators are active staff who may view mentorships (the Coordinators group can)."""
    return user.is_active and user.is_staff and user.has_perm("mentorship.view_mentorship")


def can_approve_claims(user: User) -> bool:
    return can_coordinate(user) and user.has_perm("mentorship.change_mentorship")


@dataclass
class BenefitAverage:
    side: str
    benefit: str
    average: Decimal
    answers: int


@dataclass(frozen=True)
class QuietPair:
    """A quiet mentorship as the page and the CSV show it: plain values, cheap to cache."""

    pk: int
    mentor: str
    mentee: str
    last_session: datetime | None

    def __str__(self) -> str:
        return pair_label(self.mentor, self.mentee)


@dataclass
class ProgrammeFigures:
    month: date
    by_state: list[tuple[str, str, int]]
    sessions_this_month: int
    confirmed_hours_this_month: Decimal
    quiet: list[QuietPair]
    feedback: list[BenefitAverage]
    computed_at: datetime


def programme_figures(now: datetime | None = None) -> ProgrammeFigures:
    now = now or timezone.now()
    month = month_of(now)
    sessions, hours = _this_month(month)
    return ProgrammeFigures(
        month=month,
        by_state=mentorships_by_state(),
        sessions_this_month=sessions,
        confirmed_hours_this_month=hours,
        quiet=[
            QuietPair(m.pk, str(m.mentor), str(m.mentee), m.last_session)
            for m in quiet_mentorships(now)
        ],
        feedback=feedback_averages(),
        computed_at=now,
    )


def programme_figures_recent() -> ProgrammeFigures:
    """The figures as computed at most FIGURES_CACHE_SECONDS ago (the page says when)."""
    return cache.get_or_set(FIGURES_CACHE_KEY, programme_figures, FIGURES_CACHE_SECONDS)


def mentorships_by_state() -> list[tuple[str, str, int]]:
    """(status, label, count) for every state, in the order of the lifecycle; zeros included."""
    counts = dict(
        Mentorship.objects.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(status, label, counts.get(status, 0)) for status, label in Mentorship.Status.choices]


def _this_month(month: date) -> tuple[int, Decimal]:
    """Sessions (not cancelled) that start this month, and the confirmed hours among them."""
    start, end = month_bounds(month)
    totals = Session.objects.filter(starts_at__gte=start, starts_at__lt=end).aggregate(
        sessions=Count("pk", filter=~Q(status=Session.Status.CANCELLED)),
        minutes=Sum("duration_minutes", filter=Q(status=Session.Status.CONFIRMED)),
    )
    return totals["sessions"], hours_from_minutes(totals["minutes"])


def quiet_mentorships(now: datetime) -> QuerySet[Mentorship]:
    """Active mentorships with no session (other than a cancelled one) in the last 30 days.

    Each carries `last_session`: when the pair last met, or None if they never have.
    """
    met = Q(sessions__starts_at__lte=now) & ~Q(sessions__status=Session.Status.CANCELLED)
    return (
        Mentorship.objects.filter(status=Mentorship.Status.ACTIVE)
        .annotate(last_session=Max("sessions__starts_at", filter=met))
        .filter(Q(last_session__isnull=True) | Q(last_session__lt=now - timedelta(days=QUIET_DAYS)))
        .select_related("mentor", "mentee")
        .order_by(F("last_session").asc(nulls_first=True), "pk")
    )


def feedback_averages() -> list[BenefitAverage]:
    """The average rating of each benefit, per side, over every feedback answer given.

    Ratings are a JSON dict per answer, so they are averaged here rather than in SQL; a value
    outside 1 to 5 (which the form never sends) is left out.
    """
    totals: dict[tuple[str, str], list[int]] = defaultdict(list)
    for side, ratings in Feedback.objects.values_list("side", "ratings"):
        for benefit, value in (ratings or {}).items():
            if isinstance(value, int) and 1 <= value <= 5:
                totals[(side, benefit)].append(value)
    return [
        BenefitAverage(
            side=side,
            benefit=benefit,
            average=(Decimal(sum(values)) / len(values)).quantize(Decimal("0.1")),
            answers=len(values),
        )
        for (side, benefit), values in sorted(totals.items())
    ]
