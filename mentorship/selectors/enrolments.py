"""Reads for a member's side of programmes: the programmes they may read about and apply to,
their own applications, and what each programme they are in expects next."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import F, FilteredRelation, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import MemberProfile, Organisation, User
from mentorship.models import Cohort, Enrolment, Mentorship, Programme, Side

# An application that still counts: one the member has withdrawn leaves the side free again.
LIVE = (Enrolment.Status.APPLIED, Enrolment.Status.ACCEPTED, Enrolment.Status.DECLINED)


def visible_programmes() -> QuerySet[Programme]:
    """Every programme members may read about: all but drafts."""
    return Programme.objects.exclude(status=Programme.Status.DRAFT)


def sides_of(profile: MemberProfile | None) -> list[str]:
    """The sides a member may apply on, as their profile's role says. Without a role, both are
    offered: the service then says what to add to the profile."""
    if profile is None:
        return [Side.MENTOR, Side.MENTEE]
    sides = [
        side
        for side, ok in ((Side.MENTOR, profile.is_mentor), (Side.MENTEE, profile.is_mentee))
        if ok
    ]
    return sides or [Side.MENTOR, Side.MENTEE]


def stage_labels(stages: list[str]) -> list[str]:
    return [str(Organisation.Stage(s).label) for s in stages if s in Organisation.Stage.values]


@dataclass
class CohortOffer:
    """One cohort as a member sees it: its dates, their own applications to it, and the sides
    they may still apply on (none when it takes no applications)."""

    cohort: Cohort
    taking: bool
    applications: list[Enrolment]
    sides_left: list[str]
    form: Any = None  # the apply form, set by the view


@dataclass
class ProgrammeCard:
    programme: Programme
    mentor_stages: list[str]
    mentee_stages: list[str]
    offers: list[CohortOffer] = field(default_factory=list)


def _offer(cohort: Cohort, mine: list[Enrolment], sides: list[str], today: date) -> CohortOffer:
    taking = cohort.programme.takes_applications and cohort.takes_applications(today)
    taken = {e.side for e in mine if e.status in LIVE}
    left = [side for side in sides if side not in taken] if taking else []
    return CohortOffer(cohort, taking, mine, left)


def programme_cards(user: User) -> list[ProgrammeCard]:
    """Every programme but drafts with its cohorts (newest first) and the member's own
    applications to each: four queries, however many programmes and cohorts there are."""
    today = timezone.localdate()
    profile = MemberProfile.objects.filter(user=user).first()
    sides = sides_of(profile)
    mine: dict[int, list[Enrolment]] = defaultdict(list)
    for enrolment in Enrolment.objects.filter(member=user).order_by("side"):
        mine[enrolment.cohort_id].append(enrolment)
    programmes = visible_programmes().prefetch_related(
        Prefetch("cohorts", queryset=Cohort.objects.order_by("-applications_open_on", "-pk"))
    )
    cards = []
    for programme in programmes:
        card = ProgrammeCard(
            programme,
            stage_labels(programme.mentor_stages),
            stage_labels(programme.mentee_stages),
        )
        for cohort in programme.cohorts.all():
            cohort.programme = programme  # spares takes_applications a query per cohort
            card.offers.append(_offer(cohort, mine[cohort.pk], sides, today))
        cards.append(card)
    return cards


def cohort_to_apply(user: User, cohort_pk: int) -> tuple[Cohort, list[str]]:
    """A cohort of a programme members may see, with the sides this member may apply on; 404
    for a cohort of a draft programme or none at all."""
    cohort = (
        Cohort.objects.select_related("programme")
        .filter(pk=cohort_pk, programme__in=visible_programmes())
        .first()
    )
    if cohort is None:
        raise Http404("No such cohort")
    profile = MemberProfile.objects.filter(user=user).first()
    return cohort, sides_of(profile)


def application_for_member(user: User, pk: int) -> Enrolment:
    """One of the member's own applications; 404 for anyone else's."""
    enrolment = Enrolment.objects.filter(pk=pk, member=user).first()
    if enrolment is None:
        raise Http404("No such application")
    return enrolment


@dataclass
class ProgrammeEntry:
    """A programme on the member's dashboard: how they are in it and what comes next."""

    programme: Programme
    sides: list[str]
    cohort: Cohort | None = None  # None for a programme every member is in
    status: str = ""  # the application's Enrolment.Status; empty for an every-member programme
    mentorships: list[Mentorship] = field(default_factory=list)

    @property
    def rolling(self) -> bool:
        return self.programme.intake == Programme.Intake.ROLLING


# Stands for the member in the dashboard's programmes query while it is compiled (see below).
_ANY_MEMBER = -7_294_613
# The programme's fields the dashboard shows, read beside each cohort (its id is the cohort's).
_ENTRY_PROGRAMME_FIELDS = ("name", "slug", "kind", "intake", "sessions_expected")


def _entry_cohorts(member_id: int) -> QuerySet[Cohort]:
    """The cohorts of every-member programmes and those the member applied to (but drafts), each
    with the member's live application beside it; a cohort applied to on both sides comes
    twice."""
    mine = FilteredRelation(
        "enrolments",
        condition=Q(enrolments__member_id=member_id)
        & ~Q(enrolments__status=Enrolment.Status.WITHDRAWN),
    )
    return (
        Cohort.objects.annotate(mine=mine)
        .exclude(programme__status=Programme.Status.DRAFT)  # visible_programmes(), as a join
        .filter(Q(mine__isnull=False) | Q(programme__admission=Programme.Admission.ALL_MEMBERS))
        .annotate(
            applied_side=F("mine__side"),
            applied_status=F("mine__status"),
            **{f"programme_{name}": F(f"programme__{name}") for name in _ENTRY_PROGRAMME_FIELDS},
        )
        .order_by("programme__name", "programme_id", "-pk", "applied_side")
    )


@cache
def _entry_cohorts_sql(vendor: str) -> tuple[str, tuple[Any, ...]]:
    """_entry_cohorts() as SQL, built and compiled once per process and database vendor.

    Django builds and compiles a query's SQL anew for every request, which was most of what the
    dashboard's "Your programmes" cost; only the member differs from one request to the next."""
    sql, params = _entry_cohorts(_ANY_MEMBER).query.sql_with_params()
    if list(params).count(_ANY_MEMBER) != 1:
        raise RuntimeError("The programmes query must name the member exactly once.")
    return sql, tuple(params)


def programme_entries(
    user: User, profile: MemberProfile | None, mentorships: list[tuple[Mentorship, str]]
) -> list[ProgrammeEntry]:
    """Each programme the member is in, on which side, with the pairings it holds for them.

    `mentorships` are the member's own with their side, as the dashboard has already loaded
    them. One query (`_entry_cohorts`)."""
    by_cohort: dict[tuple[int, str], list[Mentorship]] = defaultdict(list)
    for mentorship, side in mentorships:
        by_cohort[(mentorship.cohort_id, side)].append(mentorship)
    sql, params = _entry_cohorts_sql(connection.vendor)
    cohorts = Cohort.objects.raw(sql, [user.pk if p == _ANY_MEMBER else p for p in params])
    every_member_sides = (
        sides_of(profile) if profile and (profile.is_mentor or profile.is_mentee) else []
    )
    entries: list[ProgrammeEntry] = []
    every_member: dict[int, ProgrammeEntry] = {}
    for cohort in cohorts:
        if cohort.applied_side:
            side, status = cohort.applied_side, cohort.applied_status
            paired = (
                by_cohort.get((cohort.pk, side), []) if status == Enrolment.Status.ACCEPTED else []
            )
            entries.append(ProgrammeEntry(_programme_of(cohort), [side], cohort, status, paired))
        elif every_member_sides:
            entry = every_member.get(cohort.programme_id)
            if entry is None:
                entry = every_member[cohort.programme_id] = ProgrammeEntry(
                    _programme_of(cohort), every_member_sides
                )
                entries.append(entry)
            for side in every_member_sides:
                entry.mentorships.extend(by_cohort.get((cohort.pk, side), []))
    return entries


def _programme_of(cohort: Cohort) -> Programme:
    """The cohort's programme from the fields read beside it (any other is read if asked for)."""
    programme = Programme.from_db(
        Programme.objects.db,
        ["id", *_ENTRY_PROGRAMME_FIELDS],
        [
            cohort.programme_id,
            *(getattr(cohort, f"programme_{f}") for f in _ENTRY_PROGRAMME_FIELDS),
        ],
    )
    cohort.programme = programme
    return programme
