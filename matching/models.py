"""Matching runs, the policy they follow, and the scores behind each proposed pairing."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.models import Cohort, Mentorship
from mentorship.models.relationship import default_cohort_id

WEIGHT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]


class MatchPolicy(models.Model):
    """The weights and limits a matching run uses; coordinators tune them in the admin."""

    name = models.CharField(max_length=100, unique=True)
    is_default = models.BooleanField(
        _("use by default"),
        default=False,
        help_text=_("Runs use this policy unless told otherwise."),
    )
    weight_skills = models.FloatField(default=0.40, validators=WEIGHT_VALIDATORS)
    weight_goals = models.FloatField(default=0.25, validators=WEIGHT_VALIDATORS)
    weight_experience = models.FloatField(
        default=0.10,
        validators=WEIGHT_VALIDATORS,
        help_text=_("Co-op stage and years of experience."),
    )
    weight_region = models.FloatField(
        default=0.10,
        validators=WEIGHT_VALIDATORS,
        help_text=_("Counts only when the pair can meet only in person."),
    )
    weight_availability = models.FloatField(default=0.10, validators=WEIGHT_VALIDATORS)
    weight_sector = models.FloatField(
        default=0.05,
        validators=WEIGHT_VALIDATORS,
        help_text=_("Keep small: mentoring works across sectors."),
    )
    min_score = models.FloatField(
        _("minimum score"),
        default=0.15,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Pairs scoring below this (0 to 1) are never proposed."),
    )
    programme = models.OneToOneField(
        "mentorship.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="match_policy",
        help_text=_("A programme's own policy: its runs use it. Empty for a policy of the site."),
    )
    same_category_credit = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Credit for a mentor offering a related skill of the same category."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("match policies")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_policy",
            ),
            # The site's default serves every programme without a policy of its own.
            models.CheckConstraint(
                condition=models.Q(is_default=False) | models.Q(programme=None),
                name="default_policy_is_the_sites",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def as_dict(self) -> dict[str, float]:
        """The policy's numbers, kept with each run so later edits do not rewrite history."""
        return {
            "skills": self.weight_skills,
            "goals": self.weight_goals,
            "experience": self.weight_experience,
            "region": self.weight_region,
            "availability": self.weight_availability,
            "sector": self.weight_sector,
            "min_score": self.min_score,
            "same_category_credit": self.same_category_credit,
        }


class MatchRun(models.Model):
    """One run of the engine over a cohort's mentees waiting and its mentors with room."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The run matches this cohort's pool; its proposals join the cohort.
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="match_runs", default=default_cohort_id
    )
    policy = models.ForeignKey(MatchPolicy, on_delete=models.PROTECT, related_name="runs")
    policy_used = models.JSONField(default=dict, editable=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("Percent done."))
    progress_note = models.CharField(max_length=200, blank=True)
    progress_at = models.DateTimeField(
        _("last progress"),
        default=timezone.now,
        help_text=_("A queued or running run with no progress for too long is marked failed."),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    mentees_considered = models.PositiveIntegerField(default=0)
    mentors_considered = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    average_score = models.FloatField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    unmatched = models.JSONField(
        default=list, blank=True, help_text=_("Mentees left unmatched, with reasons.")
    )
    error = models.TextField(blank=True)

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # At most one run at a time for a cohort: two would propose the same mentees twice.
            models.UniqueConstraint(
                fields=["cohort"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_match_run_per_cohort",
            ),
        ]

    def __str__(self) -> str:
        return f"Matching run {self.pk} ({self.get_status_display()})"


class Proposal(models.Model):
    """Why the engine (or a coordinator) proposed a pairing: its score, parts and reasons."""

    mentorship = models.OneToOneField(Mentorship, on_delete=models.CASCADE, related_name="proposal")
    run = models.ForeignKey(
        MatchRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    score = models.FloatField(db_index=True)
    breakdown = models.JSONField(default=dict, help_text=_("Each part of the score, 0 to 1."))
    reasons = models.JSONField(default=list)
    warnings = models.JSONField(
        default=list, help_text=_("Hard constraints the pairing breaks, if paired by hand.")
    )
    # A mentee's request: when the requested mentor said yes (coordinators then approve it).
    mentor_accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score"]

    def __str__(self) -> str:
        return f"{self.mentorship} ({self.score:.2f})"
