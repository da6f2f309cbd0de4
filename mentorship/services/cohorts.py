"""Closing a cohort: its report is worked out one last time and kept as it was."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from mentorship.models import Cohort
from mentorship.selectors import scopes
from mentorship.selectors.cohort_report import cohort_report
from mentorship.services.errors import MentorshipError
from mentorship.services.programmes import NOT_YOURS


@transaction.atomic
def cohort_close(*, cohort_id: int, by: User) -> tuple[Cohort, bool]:
    """Close the cohort and freeze its report: the page and the CSV show the stored one from then
    on, whatever changes later (a late session, a claim approved after).

    The row is locked, so two coordinators closing at once store one report; closing a closed
    cohort changes nothing and returns it with False. A cohort closed without a report (by a
    script, or before reports were kept) gets one now, and keeps its closing time."""
    cohort = (
        Cohort.objects.select_for_update(of=("self",)).select_related("programme").get(pk=cohort_id)
    )
    if not scopes.runs_programme(by, cohort.programme_id):
        raise MentorshipError(NOT_YOURS)
    if cohort.closed_at is not None and cohort.report:
        return cohort, False
    now = timezone.now()
    cohort.report = dict(cohort_report(cohort, now=now))
    cohort.closed_at = cohort.closed_at or now
    cohort.save(update_fields=["report", "closed_at"])
    return cohort, True
