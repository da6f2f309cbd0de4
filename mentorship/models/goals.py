"""The mentee's own goals and the progress and comments on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentorship.models.relationship import Mentorship


class Goal(models.Model):
    """A goal of the mentee's own: what, why, by when, and how they will know."""

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        UNDER_WAY = "under_way", _("Under way")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("what"), max_length=200)
    why = models.TextField(_("why it matters"), max_length=2000, blank=True)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    measure = models.TextField(_("how you will know"), max_length=2000, blank=True)
    progress = models.CharField(
        max_length=12, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["created_at"], name="goal_created_at"),
            models.Index(fields=["progress"], name="goal_progress"),
        ]

    def __str__(self) -> str:
        return self.title


class GoalUpdate(models.Model):
    """A progress change or a comment on a goal (a comment leaves the progress as it was)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    progress = models.CharField(max_length=12, choices=Goal.Progress.choices, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    session = models.ForeignKey(
        "Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="goal_updates"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.progress or 'Comment'} on goal {self.goal_id}"
