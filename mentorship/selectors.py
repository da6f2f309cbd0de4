"""Reads of mentorships shared by several callers."""

from __future__ import annotations

from django.db.models import Count, Q

from mentorship.models import Mentorship


def rejected_pairs() -> set[tuple[int, int]]:
    """(mentee profile id, mentor user id) pairs that must never be proposed again."""
    return set(
        Mentorship.objects.filter(status=Mentorship.Status.REJECTED).values_list(
            "mentee_id", "mentor_id"
        )
    )


def open_counts_by_mentor() -> dict[int, int]:
    """How many open mentorships each mentor (by user id) has."""
    rows = (
        Mentorship.objects.filter(status__in=Mentorship.OPEN_STATUSES)
        .values("mentor_id")
        .annotate(n=Count("pk"))
    )
    return {row["mentor_id"]: row["n"] for row in rows}


def mentee_ids_with_mentor_or_request() -> set[int]:
    """Mentee profiles that have a mentor, or a mentee request waiting: not for a matching run."""
    return set(
        Mentorship.objects.filter(
            Q(status__in=Mentorship.OPEN_STATUSES)
            | Q(status=Mentorship.Status.PROPOSED, origin=Mentorship.Origin.REQUEST)
        ).values_list("mentee_id", flat=True)
    )
