"""Who is in a cohort's pool: the members its matching runs may pair."""

from __future__ import annotations

from django.db.models import QuerySet

from mentorship.models import Cohort, Enrolment, Programme, Side


def pool_ids(cohort: Cohort, side: Side) -> QuerySet[Enrolment, int] | None:
    """The ids matching may use on one side (user ids of mentors, mentee profile ids), or None
    when the programme takes every member as their profile's role says."""
    if cohort.programme.admission == Programme.Admission.ALL_MEMBERS:
        return None
    accepted = Enrolment.objects.filter(cohort=cohort, side=side, status=Enrolment.Status.ACCEPTED)
    if side == Side.MENTOR:
        return accepted.values_list("member_id", flat=True)
    return accepted.values_list("mentee_id", flat=True)
