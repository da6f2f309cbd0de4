"""Which programmes a coordinator runs: the one place every coordinator's list is narrowed.

Lead coordinators (and superusers) see every programme. Any other coordinator sees the
programmes they are named on and nothing of the rest: the admin's lists, the programme pages,
the exports and matching all narrow their querysets with `scoped`.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from accounts.coordinators import COORDINATORS_GROUP
from accounts.models import User
from mentorship.models import Cohort, Enrolment, Mentorship, Programme

M = TypeVar("M", bound=Model)

LEAD_PERMISSION = "mentorship.coordinate_all_programmes"


def is_lead(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(LEAD_PERMISSION))


def programmes_for(user: User) -> QuerySet[Programme]:
    """The programmes this coordinator runs (every one for a lead; none for a member)."""
    if is_lead(user):
        return Programme.objects.all()
    if not (user.is_active and user.is_staff):
        return Programme.objects.none()
    return Programme.objects.filter(coordinators=user)


def scoped(queryset: QuerySet[M], user: User, programme_path: str) -> QuerySet[M]:
    """`queryset` narrowed to the rows of this coordinator's programmes.

    `programme_path` leads from the queryset's model to its programme, e.g. "cohort__programme"
    for a mentorship; "" when the queryset is of programmes. Leads get the queryset unchanged.
    """
    if is_lead(user):
        return queryset
    programme_ids = programmes_for(user).values("pk")
    lookup = f"{programme_path}__in" if programme_path else "pk__in"
    return queryset.filter(**{lookup: programme_ids})


def runs_programme(user: User, programme_id: int) -> bool:
    # A lead runs every programme: no query, which matters when a bulk action asks per row.
    return is_lead(user) or programmes_for(user).filter(pk=programme_id).exists()


def members(queryset: QuerySet[User], user: User) -> QuerySet[User]:
    """`queryset` of members narrowed to those in this coordinator's programmes: enrolled in one
    of their cohorts, or in a pairing of one (either side, a group's members with their group).

    A programme open to every member (ALL_MEMBERS) has every member in it, so its coordinators
    see everyone, as leads do. Coordinators also see themselves.
    """
    if is_lead(user):
        return queryset
    programmes = programmes_for(user)
    if programmes.filter(admission=Programme.Admission.ALL_MEMBERS).exists():
        return queryset
    cohorts = Cohort.objects.filter(programme__in=programmes.values("pk")).values("pk")
    enrolled = Enrolment.objects.filter(cohort__in=cohorts)
    paired = Mentorship.objects.filter(cohort__in=cohorts)
    return queryset.filter(
        Q(pk__in=enrolled.values("member_id"))
        | Q(pk__in=paired.values("mentor_id"))
        | Q(profile__mentee_profile__in=paired.values("mentee_id"))
        | Q(profile__mentee_profile__in=enrolled.exclude(mentee=None).values("mentee_id"))
        | Q(pk=user.pk)
    )


def _leads() -> Q:
    app_label, codename = LEAD_PERMISSION.split(".")
    return (
        Q(is_superuser=True)
        | Q(
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app_label,
        )
        | Q(
            user_permissions__codename=codename,
            user_permissions__content_type__app_label=app_label,
        )
    )


def coordinators_of(programme_id: int | None) -> QuerySet[User]:
    """Who hears about a programme's pairs: its own coordinators and every lead coordinator
    (active staff in the Coordinators group); None gives the leads only."""
    runs_it = Q(coordinated_programmes=programme_id) if programme_id is not None else None
    return _coordinators(runs_it)


def coordinators_of_cohort(cohort_id: int) -> QuerySet[User]:
    """`coordinators_of` the cohort's programme, without reading the cohort first."""
    return _coordinators(Q(coordinated_programmes__cohorts=cohort_id))


def _coordinators(runs_it: Q | None) -> QuerySet[User]:
    who = _leads() if runs_it is None else _leads() | runs_it
    return (
        User.objects.filter(is_active=True, is_staff=True, groups__name=COORDINATORS_GROUP)
        .filter(pk__in=User.objects.filter(who).values("pk"))
        .order_by("pk")
        .distinct()
    )


def lead_ids(users: list[User]) -> set[int]:
    """Which of these users are lead coordinators, in one query."""
    return set(
        User.objects.filter(_leads(), pk__in=[u.pk for u in users]).values_list("pk", flat=True)
    )
