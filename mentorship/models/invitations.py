"""Invitations to a cohort, sent in bulk by its programme's coordinators to people with no account.

A row is one person invited on one side of one cohort. It is open until it is accepted (it then
names the enrolment it became) or `expires_at` passes. Addresses are kept in lower case, so the
unique constraint treats "Ann@Example.org" and "ann@example.org" as one person.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.models.programmes import Cohort, Enrolment
from mentorship.models.relationship import Side

# How long an invitation may be accepted: long enough to span a cohort's application window.
COHORT_INVITATION_LIFETIME = timedelta(days=30)


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class CohortInvitation(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    name = models.CharField(max_length=150)
    side = models.CharField(max_length=6, choices=Side.choices)
    co_op = models.CharField(_("co-op"), max_length=200, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "email", "side"], name="one_invitation_per_cohort_email_side"
            ),
        ]
        indexes = [models.Index(fields=["-created_at"], name="cohort_invitation_newest")]

    def __str__(self) -> str:
        return f"{self.email} · {self.cohort} · {self.side}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
