"""Figures about the programmes, for coordinators only; each read is one query.

Every read takes `programme_ids`: the programmes a coordinator chose among those they run
(see `programme_choice`, which asks `scopes`), or None for a lead looking at every programme.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from mentorship.models import Feedback, Mentorship, Programme, Session, pair_label
from mentorship.selectors.hours import hours_from_minutes, month_bounds, month_of
from mentorship.selectors.scopes import is_lead, programmes_for

QUIET_DAYS = 30
# The figures read every active mentorship and every feedback answer: on a programme of
# thousands that is most of a second, too much to repeat for each coordinator's visit.
FIGURES_CACHE_SECONDS = 60
# Named anew whenever what the cache holds changes shape, so that no page reads an old one.
FIGURES_CACHE_KEY = "programme-figures-2"


def can_coordinate(user: User) -> bool:
    """Coordinators are active staff who may view mentorships (the Coordinators group can)."""
    return user.is_active and user.is_staff and user.has_perm("mentorship.view_mentorship")


def can_approve_claims(user: User) -> bool:
    return can_coordinate(user) and user.has_perm("mentorship.change_mentorship")


class ProgrammeChoice:
    """Which programmes a coordinator's page covers: one they chose, or all they run.

    The list of their programmes (the chooser's options) is read only if a page shows it."""

    def __init__(self, user: User, *, chosen: Programme | None, lead: bool) -> None:
        self.user, self.chosen, self.lead = user, chosen, lead

    @cached_property
    def programmes(self) -> list[Programme]:
        return list(programmes_for(self.user).order_by("name", "pk"))

    @cached_property
    def options(self) -> list[tuple[str, str]]:
        """The chooser's options, (slug, name): from the programmes if they are read already,
        else on their own (a lead's page needs no more of them than this)."""
        if "programmes" in self.__dict__:
            return [(p.slug, p.name) for p in self.programmes]
        return list(programmes_for(self.user).order_by("name", "pk").values_list("slug", "name"))

    @property
    def ids(self) -> list[int] | None:
        """The programmes to read, or None for every programme (a lead who chose none)."""
        if self.chosen is not None:
            return [self.chosen.pk]
        return None if self.lead else [p.pk for p in self.programmes]

    @property
    def covered(self) -> list[Programme] | None:
        """The programmes read, or None for every programme."""
        if self.chosen is not None:
            return [self.chosen]
        return None if self.lead else self.programmes

    @property
    def slug(self) -> str:
        return self.chosen.slug if self.chosen else ""

    @property
    def scope_key(self) -> str:
        """Names the programmes read, for caches: "all", or their ids."""
        ids = self.ids
        return "all" if ids is None else ",".join(str(pk) for pk in sorted(ids)) or "none"


def programme_choice(user: User, slug: str | None) -> ProgrammeChoice:
    """The programme named by `slug` among those the coordinator runs (404 for any other), or
    all of theirs if none is named. A coordinator of one programme always gets that one."""
    lead = is_lead(user)
    if slug:
        chosen = programmes_for(user).filter(slug=slug).first()
        if chosen is None:
            raise Http404("No such programme")
        return ProgrammeChoice(user, chosen=chosen, lead=lead)
    choice = ProgrammeChoice(user, chosen=None, lead=lead)
    if not lead and len(choice.programmes) == 1:
        choice.chosen = choice.programmes[0]
    return choice


ProgrammeIds = list[int] | None


def _in_programmes(rows: QuerySet[Any], path: str, programme_ids: ProgrammeIds) -> QuerySet[Any]:
    """`rows` narrowed to the programmes, by the lookup `path` to their programme's id."""
    if programme_ids is None:
        return rows
    return rows.filter(**{f"{path}__in": programme_ids})


@dataclass
class BenefitAverage:
    side: str
    benefit: str
    average: Decimal
    answers: int


class QuietPair(NamedTuple):
    """A quiet mentorship as the page and the CSV show it: plain values, cheap to cache (a
    tuple reads back from the cache several times faster than a dataclass)."""

    pk: int
    mentor: str
    mentee: str
    last_session: datetime | None

    def __str__(self) -> str:
        return pair_label(self.mentor, self.mentee)


@dataclass
class ProgrammeFigures:
    month: date
    # (status, count) for every state; the labels are added as they are read, in the reader's
    # language, and not cached (a cached translatable label costs more to read back than a query).
    state_counts: list[tuple[str, int]]
    sessions_this_month: int
    confirmed_hours_this_month: Decimal
    quiet: list[QuietPair]
    feedback: list[BenefitAverage]
    computed_at: datetime

    @property
    def by_state(self) -> list[tuple[str, str, int]]:
        """(status, label, count) for every state, in the order of the lifecycle."""
        labels = dict(Mentorship.Status.choices)
        return [(status, labels[status], count) for status, count in self.state_counts]


def programme_figures(
    programme_ids: ProgrammeIds = None, now: datetime | None = None
) -> ProgrammeFigures:
    now = now or timezone.now()
    month = month_of(now)
    sessions, hours = _this_month(month, programme_ids)
    return ProgrammeFigures(
        month=month,
        state_counts=mentorships_by_state(programme_ids),
        sessions_this_month=sessions,
        confirmed_hours_this_month=hours,
        quiet=[
            QuietPair(m.pk, str(m.mentor), str(m.mentee), m.last_session)
            for m in quiet_mentorships(now, programme_ids)
        ],
        feedback=feedback_averages(programme_ids),
        computed_at=now,
    )


def figures_cache_key(programme_ids: ProgrammeIds) -> str:
    if programme_ids is None:
        return FIGURES_CACHE_KEY
    return f"{FIGURES_CACHE_KEY}:{','.join(str(pk) for pk in sorted(programme_ids)) or 'none'}"


def programme_figures_recent(programme_ids: ProgrammeIds = None) -> ProgrammeFigures:
    """The figures as computed at most FIGURES_CACHE_SECONDS ago (the page says when); each
    set of programmes has its own."""
    return cache.get_or_set(
        figures_cache_key(programme_ids),
        lambda: programme_figures(programme_ids),
        FIGURES_CACHE_SECONDS,
    )


def mentorships_by_state(programme_ids: ProgrammeIds = None) -> list[tuple[str, int]]:
    """(status, count) for every state, in the order of the lifecycle; zeros included."""
    counts = dict(
        _in_programmes(Mentorship.objects.order_by(), "cohort__programme_id", programme_ids)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(status, counts.get(status, 0)) for status in Mentorship.Status.values]


def _this_month(month: date, programme_ids: ProgrammeIds) -> tuple[int, Decimal]:
    """Sessions (not cancelled) that start this month, and the confirmed hours among them."""
    start, end = month_bounds(month)
    sessions = _in_programmes(
        Session.objects.all(), "mentorship__cohort__programme_id", programme_ids
    )
    totals = sessions.filter(starts_at__gte=start, starts_at__lt=end).aggregate(
        sessions=Count("pk", filter=~Q(status=Session.Status.CANCELLED)),
        minutes=Sum("duration_minutes", filter=Q(status=Session.Status.CONFIRMED)),
    )
    return totals["sessions"], hours_from_minutes(totals["minutes"])


def quiet_mentorships(now: datetime, programme_ids: ProgrammeIds = None) -> QuerySet[Mentorship]:
    """Active mentorships with no session (other than a cancelled one) in the last 30 days.

    Each carries `last_session`: when the pair last met, or None if they never have.
    """
    met = Q(sessions__starts_at__lte=now) & ~Q(sessions__status=Session.Status.CANCELLED)
    mentorships = _in_programmes(Mentorship.objects.all(), "cohort__programme_id", programme_ids)
    return (
        mentorships.filter(status=Mentorship.Status.ACTIVE)
        .annotate(last_session=Max("sessions__starts_at", filter=met))
        .filter(Q(last_session__isnull=True) | Q(last_session__lt=now - timedelta(days=QUIET_DAYS)))
        .select_related("mentor", "mentee")
        .order_by(F("last_session").asc(nulls_first=True), "pk")
    )


def feedback_averages(programme_ids: ProgrammeIds = None) -> list[BenefitAverage]:
    """The average rating of each benefit, per side, over every feedback answer given.

    Ratings are a JSON dict per answer, so they are averaged here rather than in SQL; a value
    outside 1 to 5 (which the form never sends) is left out.
    """
    totals: dict[tuple[str, str], list[int]] = defaultdict(list)
    answers = _in_programmes(
        Feedback.objects.all(), "mentorship__cohort__programme_id", programme_ids
    )
    for side, ratings in answers.values_list("side", "ratings"):
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
