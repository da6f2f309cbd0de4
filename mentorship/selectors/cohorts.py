"""Who is in a cohort's pool, and which cohorts a coordinator may run matching for."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from mentorship.models import Cohort, Enrolment, Programme, Side
from mentorship.selectors import scopes

# A draft programme is not ready to pair anyone; a closed one has finished.
UNMATCHABLE_STATUSES = (Programme.Status.DRAFT, Programme.Status.CLOSED)


def matchable(user: User) -> QuerySet[Cohort]:
    """The cohorts this coordinator may run matching for: open, of their programmes that are
    neither drafts nor closed."""
    cohorts = (
        Cohort.objects.filter(closed_at__isnull=True)
        .exclude(programme__status__in=UNMATCHABLE_STATUSES)
        .select_related("programme")
        .order_by("programme__name", "programme_id", "-pk")
    )
    return scopes.scoped(cohorts, user, "programme")


def pool_ids(cohort: Cohort, side: Side) -> QuerySet[Enrolment, int] | None:
    """The ids matching may use on one side (user ids of mentors, mentee profile ids), or None
    when the programme takes every member as their profile's role says."""
    if cohort.programme.admission == Programme.Admission.ALL_MEMBERS:
        return None
    accepted = Enrolment.objects.filter(cohort=cohort, side=side, status=Enrolment.Status.ACCEPTED)
    if side == Side.MENTOR:
        return accepted.values_list("member_id", flat=True)
    return accepted.values_list("mentee_id", flat=True)
