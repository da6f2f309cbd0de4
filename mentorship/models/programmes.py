"""Programmes, their cohorts and who is enrolled in them.

A site runs several programmes at once (a start-up programme for groups forming a co-op, a peer
programme, a reverse-mentoring programme...). Each runs in cohorts with their own dates; every
mentorship belongs to one cohort. Members keep one profile and are enrolled in a cohort on one
side: a mentor in one programme may be a mentee in another.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import MenteeProfile
from mentorship.models.relationship import Side

# What a site upgraded from one programme, or a new site, calls its first programme's cohort.
DEFAULT_PROGRAMME_SLUG = "mentoring"
DEFAULT_COHORT_NAME = "Members"


class Programme(models.Model):
    """A mentoring programme: who it is for, its rules, its money and its coordinators."""

    class Kind(models.TextChoices):
        START_UP = "start_up", _("Start-up: groups forming a new co-op")
        PEER = "peer", _("Peer mentoring between co-ops")
        REVERSE = "reverse", _("Reverse mentoring")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        MATCHING = "matching", _("Matching")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    class Admission(models.TextChoices):
        # A site with one programme needs no applications: its members are its pool.
        ALL_MEMBERS = "all", _("Every member, as their profile's role says")
        APPLICATION = "application", _("Members apply and coordinators accept them")

    class Intake(models.TextChoices):
        COHORTS = "cohorts", _("In cohorts with set dates")
        ROLLING = "rolling", _("Rolling: newcomers are matched as they arrive")

    # Statuses in which members may still apply (to a cohort whose window is open).
    APPLYING_STATUSES = (Status.OPEN, Status.MATCHING, Status.RUNNING)

    name = models.CharField(max_length=200, default="Co-op peer mentoring")
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(
        blank=True, max_length=4000, help_text=_("What members read before they apply.")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    admission = models.CharField(
        max_length=12, choices=Admission.choices, default=Admission.APPLICATION
    )
    intake = models.CharField(max_length=8, choices=Intake.choices, default=Intake.COHORTS)
    mentor_stages = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Co-op stages a mentor's co-op may be at (empty: any)."),
    )
    mentee_stages = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Co-op stages a mentee's co-op may be at (empty: any)."),
    )
    groups_may_apply = models.BooleanField(
        default=True, help_text=_("Enterprise groups may apply as mentees.")
    )
    questions = models.TextField(
        blank=True,
        max_length=2000,
        help_text=_("Extra questions for applicants, one a line (optional)."),
    )
    default_length_months = models.PositiveSmallIntegerField(
        _("term length in months"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("Used when a cohort has no end date."),
    )
    agreement_text = models.TextField(
        blank=True, max_length=8000, help_text=_("What both sides agree to when they start.")
    )
    sessions_expected = models.PositiveSmallIntegerField(
        default=6, validators=[MaxValueValidator(100)]
    )
    hourly_rate = models.DecimalField(
        _("hourly support rate"),
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    travel_cap = models.DecimalField(
        _("travel cap a month"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The most a mentor may claim for travel in a month (empty: no cap)."),
    )
    hours_claimable = models.BooleanField(
        default=True, help_text=_("Mentors may claim support for their hours.")
    )
    mentees_may_pick = models.BooleanField(
        default=True, help_text=_("Mentees may ask a suggested mentor themselves.")
    )
    log_edit_days = models.PositiveSmallIntegerField(
        default=14, help_text=_("How long the author of a session log may still edit it.")
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_programmes",
        limit_choices_to={"is_staff": True},
        help_text=_("They see and run this programme only; lead coordinators see every one."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        permissions = [("coordinate_all_programmes", "Can see and run every programme")]

    def __str__(self) -> str:
        return self.name

    @property
    def takes_applications(self) -> bool:
        return (
            self.admission == self.Admission.APPLICATION and self.status in self.APPLYING_STATUSES
        )

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class Cohort(models.Model):
    """One intake of a programme, with its application window, matching date and end."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=100, help_text=_("For example: Spring 2027."))
    applications_open_on = models.DateField(null=True, blank=True)
    applications_close_on = models.DateField(
        null=True, blank=True, help_text=_("Empty: open until the cohort closes.")
    )
    matching_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(
        null=True, blank=True, help_text=_("Pairs' terms end on this date (empty: term length).")
    )
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Once closed, the cohort's report is frozen.")
    )
    report = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "-applications_open_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_name_in_programme")
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.name}"

    @classmethod
    def default(cls) -> Cohort:
        """The site's first programme's newest open cohort, made on a site that has none yet.

        A one-programme site never has to think about cohorts: its pairs land here.
        """
        found = (
            cls.objects.filter(closed_at__isnull=True)
            .order_by("programme_id", "-pk")
            .select_related("programme")
            .first()
        )
        if found is not None:
            return found
        programme, _created = Programme.objects.get_or_create(
            slug=DEFAULT_PROGRAMME_SLUG,
            defaults={
                "admission": Programme.Admission.ALL_MEMBERS,
                "status": Programme.Status.RUNNING,
                "intake": Programme.Intake.ROLLING,
            },
        )
        cohort, _created = cls.objects.get_or_create(programme=programme, name=DEFAULT_COHORT_NAME)
        return cohort

    def takes_applications(self, today: date) -> bool:
        if self.closed_at is not None:
            return False
        if self.applications_open_on and today < self.applications_open_on:
            return False
        return not (self.applications_close_on and today > self.applications_close_on)


class Enrolment(models.Model):
    """A member in a cohort on one side: applied, then accepted or declined by a coordinator."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        APPLICATION = "application", _("Applied")
        INVITATION = "invitation", _("Invited by a coordinator")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    side = models.CharField(max_length=6, choices=Side.choices)
    # A mentee enrols as the profile they are matched as: their own, or their group's.
    mentee = models.ForeignKey(
        MenteeProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="enrolments"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.APPLICATION)
    answers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "member", "side"], name="one_enrolment_per_side_in_cohort"
            ),
            models.CheckConstraint(
                condition=models.Q(side="mentor") | models.Q(mentee__isnull=False),
                name="mentee_enrolment_names_its_profile",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "side", "status"], name="enrolment_pool"),
            # The admin's list: newest first, and the applications waiting for a decision.
            models.Index(fields=["-created_at"], name="enrolment_newest"),
            models.Index(fields=["status", "-created_at"], name="enrolment_by_status"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.cohort} · {self.side}"
