"""Cohort invitations as the invited person's page reads them: by their secret token."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from mentorship.models import CohortInvitation


def invitation_by_token(token: str) -> CohortInvitation:
    """The invitation this link names, with its cohort and programme; 404 for any other token.

    The token is the only key: whoever holds the emailed link may read what it invites to."""
    return get_object_or_404(
        CohortInvitation.objects.select_related("cohort__programme"), token=token
    )
