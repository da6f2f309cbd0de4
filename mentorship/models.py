"""The mentoring relationship between a mentor and a mentee (a person or an enterprise group)."""

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

    # A mentee "has a mentor", and the mentor's capacity is used, in these states.
    OPEN_STATUSES = (Status.APPROVED, Status.ACTIVE, Status.PAUSED)

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentorships_as_mentor"
    )
    mentee = models.ForeignKey(MenteeProfile, on_delete=models.PROTECT, related_name="mentorships")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "mentor"])]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=models.Q(status__in=["approved", "active", "paused"]),
                name="one_open_mentorship_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentoring {self.mentee}"
