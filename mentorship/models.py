"""The mentoring relationship between a mentor and a mentee (a person or an enterprise group).

A pairing has one history, from proposed to completed (or ended early, or rejected), kept as
a row per transition so the pair and the coordinators see who did what, when and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import MenteeProfile


class Mentorship(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        COMPLETED = "completed", _("Completed")
        ENDED = "ended", _("Ended early")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Origin(models.TextChoices):
        ENGINE = "engine", _("Matching run")
        MANUAL = "manual", _("Paired by a coordinator")
        REQUEST = "request", _("Requested by the mentee")

    # A mentee "has a mentor", and the mentor's capacity is used, in these states.
    OPEN_STATUSES = (Status.APPROVED, Status.ACTIVE, Status.PAUSED)

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentorships_as_mentor"
    )
    mentee = models.ForeignKey(MenteeProfile, on_delete=models.PROTECT, related_name="mentorships")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.ENGINE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "mentor"]),
            models.Index(fields=["status", "mentee"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=models.Q(status__in=["approved", "active", "paused"]),
                name="one_open_mentorship_per_pair",
            ),
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=models.Q(status="proposed"),
                name="one_pending_proposal_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentoring {self.mentee}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class MentorshipTransition(models.Model):
    """One step in a mentorship's history: who moved it from which state to which, and why."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=Mentorship.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Mentorship.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True, max_length=2000)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
