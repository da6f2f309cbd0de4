"""What the members say about the pairing: the fit check, feedback and concerns."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentorship.models.relationship import Mentorship, Side


class FitCheck(models.Model):
    """After the first confirmed session each side says whether the pairing fits."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="fit_checks")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=6, choices=Side.choices)
    good_fit = models.BooleanField()
    comment = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "side"], name="one_fit_check_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.side}: {'good fit' if self.good_fit else 'not a good fit'}"


class Concern(models.Model):
    """A concern about conduct, for coordinators only; the other party never sees it."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=4000)
    message = models.ForeignKey(
        "Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A message of the pair's conversation the member attached to the concern."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["-created_at"], name="concern_newest"),
            models.Index(
                fields=["-created_at"],
                condition=models.Q(handled_at__isnull=True),
                name="concern_open",
            ),
        ]

    def __str__(self) -> str:
        return f"Concern {self.pk} on {self.mentorship_id}"


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Feedback(models.Model):
    """Short feedback after the third confirmed session and at close.

    Mentees rate what a mentee gains, mentors what a mentor gains; both say what they learnt
    from the other (two-way learning). Coordinators see answers; nobody else does.
    """

    class Moment(models.TextChoices):
        MIDWAY = "midway", _("After the third session")
        CLOSE = "close", _("At the close")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="feedback")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    side = models.CharField(max_length=6, choices=Side.choices)
    moment = models.CharField(max_length=6, choices=Moment.choices)
    ratings = models.JSONField(default=dict, help_text=_("Each benefit rated 1 to 5."))
    learned = models.TextField(_("what did you learn from the other?"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "side", "moment"], name="one_feedback_per_side_and_moment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.side} feedback ({self.moment})"
