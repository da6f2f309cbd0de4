"""The mentoring relationship between a mentor and a mentee (a person or an enterprise group).

A pairing has one history, from proposed to completed (or ended early, or rejected), kept as
a row per transition so the pair and the coordinators see who did what, when and why.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import MenteeProfile


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote (video or phone)")
    MIXED = "mixed", _("A mix of both")


# Members whose role lets them mentor: the only users a mentorship's mentor may be chosen from.
MENTOR_ROLES = ("mentor", "both")


def pair_label(mentor: object, mentee: object) -> str:
    """How a pair is named on pages, in the admin and in emails, in the reader's language."""
    return gettext("%(mentor)s mentoring %(mentee)s") % {"mentor": mentor, "mentee": mentee}


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
        limit_choices_to={"profile__role__in": MENTOR_ROLES},
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
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["mentorship", "at"], name="transition_timeline")]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class Programme(models.Model):
    """Settings of the programme that coordinators change in the admin (one row)."""

    name = models.CharField(max_length=200, default="Co-op peer mentoring")
    default_length_months = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    log_edit_days = models.PositiveSmallIntegerField(
        default=14, help_text=_("How long the author of a session log may still edit it.")
    )

    def __str__(self) -> str:
        return self.name


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
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.progress or 'Comment'} on goal {self.goal_id}"


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

    class Owner(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="action_items")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=6, choices=Owner.choices)
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


class FitCheck(models.Model):
    """After the first confirmed session each side says whether the pairing fits."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="fit_checks")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=6, choices=ActionItem.Owner.choices)
    good_fit = models.BooleanField()
    comment = models.TextField(max_length=2000, blank=True)
    at = models.DateTimeField(auto_now_add=True)

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
    at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["-at"], name="concern_newest"),
            models.Index(
                fields=["-at"], condition=models.Q(handled_at__isnull=True), name="concern_open"
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
    side = models.CharField(max_length=6, choices=ActionItem.Owner.choices)
    moment = models.CharField(max_length=6, choices=Moment.choices)
    ratings = models.JSONField(default=dict, help_text=_("Each benefit rated 1 to 5."))
    learned = models.TextField(_("what did you learn from the other?"), max_length=4000)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "side", "moment"], name="one_feedback_per_side_and_moment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.side} feedback ({self.moment})"


class Expense(models.Model):
    """Travel costs a mentor claims for a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="expenses")
    description = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="expense_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class ClaimApproval(models.Model):
    """A coordinator's approval of a mentor's hours and expenses for one month: then frozen."""

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claim_approvals"
    )
    month = models.DateField(help_text=_("The first day of the month."))
    hours = models.DecimalField(max_digits=7, decimal_places=2)
    expenses = models.DecimalField(max_digits=9, decimal_places=2)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)
    # What was approved, mentorship by mentorship: [{"mentorship": id, "sessions": n,
    # "hours": "1.50", "expenses": "12.50"}], so the claims page shows the approved lines.
    lines = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentor", "month"], name="one_claim_per_mentor_month")
        ]
        # The claims page reads one month for every mentor.
        indexes = [models.Index(fields=["month"], name="claim_month")]

    def __str__(self) -> str:
        return f"{self.mentor} {self.month:%Y-%m}"


class ClaimAdjustment(models.Model):
    """A coordinator's correction to a mentor's pay, counted in an open month's claim.

    An approved month never changes: a correction found later is paid (or taken back) in the
    month the adjustment is made for, and is frozen with that month's approval."""

    # Money paid: a member's row outlives their account (deletion empties it), so PROTECT.
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="claim_adjustments",
        limit_choices_to={"profile__role__in": MENTOR_ROLES},
    )
    month = models.DateField(
        help_text=_("The month it is paid in: the first day of an open month.")
    )
    hours = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    expenses = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    reason = models.TextField(max_length=2000)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at", "pk"]
        indexes = [
            models.Index(fields=["month"], name="claim_adjustment_month"),
            models.Index(fields=["made_at"], name="claim_adjustment_made_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(hours=0, expenses=0), name="claim_adjustment_not_empty"
            )
        ]

    def __str__(self) -> str:
        return f"Adjustment for {self.mentor} {self.month:%Y-%m}"


class RefusedClaimChange(models.Model):
    """A change to a month's hours or expenses refused because its claim was already approved.

    Kept so coordinators see, on the claims page, what was tried after they approved."""

    class Change(models.TextChoices):
        SESSION_LOGGED = "session_logged", _("a session logged")
        LOG_EDITED = "log_edited", _("a session log edited")
        SESSION_CONFIRMED = "session_confirmed", _("a session confirmed")
        SESSION_DISPUTED = "session_disputed", _("a confirmed session disputed")
        EXPENSE_ADDED = "expense_added", _("an expense added")
        EXPENSE_CHANGED = "expense_changed", _("an expense changed")
        EXPENSE_DELETED = "expense_deleted", _("an expense deleted")
        ADJUSTMENT_ADDED = "adjustment_added", _("an adjustment added")

    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    change = models.CharField(max_length=20, choices=Change.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["month"], name="refused_claim_change_month"),
            models.Index(fields=["at"], name="refused_claim_change_at"),
            models.Index(fields=["change"], name="refused_claim_change_change"),
        ]

    def __str__(self) -> str:
        return f"{self.get_change_display()} for {self.mentor_id} {self.month:%Y-%m}"


class CalendarFeed(models.Model):
    """A member's private calendar address; resetting the token retires the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar of member {self.user_id}"


class Heartbeat(models.Model):
    """When a background process last showed it was running (a worker stamps this every minute).

    It is in the database, not the cache, so the site sees the worker's stamp in every setup,
    including `make run`, whose cache is local to each process."""

    name = models.CharField(max_length=50, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} seen {self.seen_at:%Y-%m-%d %H:%M:%S}"


class Message(models.Model):
    """One message in a mentorship's conversation, read by every member of the pair only.

    Plain text; links are made clickable when shown. When its author deletes their account the
    row stays (so the others' conversation keeps its shape) but its text is emptied."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages_written"
    )
    text = models.TextField(_("message"), max_length=4000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["mentorship", "-id"], name="message_newest_per_pair")]

    def __str__(self) -> str:
        return f"Message {self.pk} in {self.mentorship_id}"


class ConversationMember(models.Model):
    """Where one member is in one mentorship's conversation: the last message they read, and
    the last one already emailed to them (so a batched email never repeats or skips one)."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="conversation_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations"
    )
    last_read_id = models.PositiveBigIntegerField(default=0)
    last_emailed_id = models.PositiveBigIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "user"], name="one_conversation_row_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"Member {self.user_id} in conversation {self.mentorship_id}"
