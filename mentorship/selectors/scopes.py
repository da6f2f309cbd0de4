"""Which programmes a coordinator runs: the one place every coordinator's list is narrowed.

Lead coordinators (and superusers) see every programme. Any other coordinator sees the
programmes they are named on and nothing of the rest: the admin's lists, the programme pages,
the exports and matching all narrow their querysets with `scoped`.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from accounts.models import User
from mentorship.models import Programme

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
    return programmes_for(user).filter(pk=programme_id).exists()
