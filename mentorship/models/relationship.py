"""The pairing itself: a mentorship, its history of transitions and its agreement.

A pairing has one history, from proposed to completed (or ended early, or rejected), kept as
a row per transition so the pair and the coordinators see who did what, when and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberProfile, MenteeProfile


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote (video or phone)")
    MIXED = "mixed", _("A mix of both")


def pair_label(mentor: object, mentee: object) -> str:
    """How a pair is named on pages, in the admin and in emails, in the reader's language."""
    return gettext("%(mentor)s mentoring %(mentee)s") % {"mentor": mentor, "mentee": mentee}


class Side(models.TextChoices):
    """Which side of a pairing a member is on (or an action item belongs to)."""

    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


def default_cohort_id() -> int:
    """The cohort a pairing made without naming one joins: on a one-programme site, its cohort.

    The services name the cohort; this is for the admin's forms and for rows made directly.
    """
    from mentorship.models.programmes import Cohort  # programmes imports this module

    return Cohort.default().pk


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
    SESSION_STATUSES = (Status.ACTIVE, Status.PAUSED)

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentorships_as_mentor",
        limit_choices_to={"profile__role__in": MemberProfile.MENTOR_ROLES},
    )
    mentee = models.ForeignKey(MenteeProfile, on_delete=models.PROTECT, related_name="mentorships")
    cohort = models.ForeignKey(
        "mentorship.Cohort",
        on_delete=models.PROTECT,
        related_name="mentorships",
        default=default_cohort_id,
    )
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
    ends_on = models.DateField(
        null=True, blank=True, help_text=_("Planned end, set when it starts.")
    )

    # The agreement: both sides accept it online; one acceptance speaks for a group mentee.
    meeting_frequency = models.CharField(
        max_length=12, choices=MeetingFrequency.choices, default=MeetingFrequency.MONTHLY
    )
    meeting_format = models.CharField(
        max_length=10, choices=MeetingFormat.choices, default=MeetingFormat.REMOTE
    )
    mentor_accepted_at = models.DateTimeField(null=True, blank=True)
    mentee_accepted_at = models.DateTimeField(null=True, blank=True)
    mentee_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "mentor"]),
            models.Index(fields=["status", "mentee"]),
            models.Index(fields=["-created_at"], name="mentorship_newest"),
            # Mentees' requests and engine proposals are found by origin and status.
            models.Index(fields=["origin", "status"], name="mentorship_origin_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=models.Q(status__in=["approved", "active", "paused"]),
                name="one_open_mentorship_per_pair",
            ),
            # A mentee (a person or a group) has one mentor at a time, whatever path pairs them.
            models.UniqueConstraint(
                fields=["mentee"],
                condition=models.Q(status__in=["approved", "active", "paused"]),
                name="one_open_mentorship_per_mentee",
            ),
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=models.Q(status="proposed"),
                name="one_pending_proposal_per_pair",
            ),
        ]

    def __str__(self) -> str:
        # Reads the mentor and the mentee: every list of mentorships selects them with the rows.
        return pair_label(self.mentor, self.mentee)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def takes_sessions(self) -> bool:
        """Sessions are scheduled, logged, moved and cancelled only while the pair is under way."""
        return self.status in self.SESSION_STATUSES


class MentorshipTransition(models.Model):
    """One step in a mentorship's history: who moved it from which state to which, and why."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=Mentorship.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Mentorship.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["mentorship", "created_at"], name="transition_timeline")]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
