"""Meetings of the pair: sessions, their log history, action items, private notes and the
member's calendar feed."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.models.relationship import Mentorship, Side


class Session(models.Model):
    """A meeting of the pair: scheduled, then logged by the mentor, then confirmed by the mentee."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        LOGGED = "logged", _("Logged, waiting for the mentee")
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Not as logged")
        CANCELLED = "cancelled", _("Cancelled")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        REMOTE = "remote", _("Remote")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sessions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    format = models.CharField(max_length=10, choices=Format.choices)
    place = models.CharField(max_length=200, blank=True)
    link = models.URLField(max_length=500, blank=True)
    agenda = models.TextField(max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The log, shared with the mentee (private notes live apart, see PrivateNote).
    topics = models.ManyToManyField("accounts.Skill", blank=True, related_name="sessions")
    summary = models.TextField(max_length=8000, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    logged_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    dispute_note = models.TextField(max_length=2000, blank=True)
    mentee_reflection = models.TextField(max_length=4000, blank=True)
    # The one-time key of the log form last saved for this session: a second submit of the same
    # form (a double click, a resend) finds it and changes nothing.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    # iCalendar's SEQUENCE: bumped on each move or cancellation, so a calendar that has the
    # event (same UID) replaces it rather than adding a second.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["mentorship", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
            # The admin's list and date drill-down, and each month's figures, span all pairs.
            models.Index(fields=["starts_at"], name="session_starts_at"),
            # The confirmation sweep walks the sessions waiting for their mentee in key order,
            # a few among all the programme's.
            models.Index(fields=["id"], condition=models.Q(status="logged"), name="session_logged"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=600),
                name="session_duration_5_to_600",
            ),
            models.UniqueConstraint(
                fields=["submission_key"], name="one_session_per_log_submission"
            ),
        ]

    def __str__(self) -> str:
        return f"Session on {self.starts_at:%Y-%m-%d}"

    @property
    def hours(self) -> float:
        return round(self.duration_minutes / 60, 2)

    @property
    def has_started(self) -> bool:
        """A session can be logged only once it has started."""
        return self.starts_at <= timezone.now()


class SessionLogVersion(models.Model):
    """The log as it was before an edit: kept so an edit never loses what was written."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="log_versions")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=10, choices=Session.Format.choices)
    summary = models.TextField(max_length=8000, blank=True)
    topics = models.JSONField(default=list)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["replaced_at", "pk"]

    def __str__(self) -> str:
        return f"Log of session {self.session_id} before {self.replaced_at:%Y-%m-%d}"


class ActionItem(models.Model):
    """A next step agreed in a session, with an owner and a due date."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="action_items")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=6, choices=Side.choices)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            # The daily reminder looks for open items due tomorrow.
            models.Index(
                fields=["due_on"],
                condition=models.Q(done_at__isnull=True),
                name="action_item_open_due",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class PrivateNote(models.Model):
    """A note on a session that only its author ever sees: not the other party, not coordinators."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=8000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "author"], name="one_private_note_per_author"
            )
        ]

    def __str__(self) -> str:
        return f"Private note {self.pk}"


class CalendarFeed(models.Model):
    """A member's private calendar address; resetting the token retires the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    # When the current token was made: first use, then each reset (set by the reset service).
    issued_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar of member {self.user_id}"
