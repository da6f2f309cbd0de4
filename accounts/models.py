"""Members of the programme: who they are, their co-op, and what they offer or seek."""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_CAPACITY = 5
# How a member who deleted their account appears wherever their records remain.
FORMER_MEMBER = _("former member")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in by email; there are no usernames."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    is_staff = models.BooleanField(_("coordinator or staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    muted_notifications = models.JSONField(
        default=list, blank=True, help_text=_("Kinds of email this member has switched off.")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_(
            "The language of this member's pages and emails: the one they chose, or the one "
            "they first signed in in."
        ),
    )
    erased_at = models.DateTimeField(
        _("account deleted at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the member deleted their account; the row stays for the records."),
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_any_case"),
        ]
        indexes = [models.Index(fields=["-date_joined"], name="user_newest")]

    def __str__(self) -> str:
        return self.get_full_name()

    @property
    def language_or_default(self) -> str:
        """The language to write to this member in when no request says otherwise."""
        return self.language or settings.LANGUAGE_CODE

    def get_full_name(self) -> str:
        if self.is_erased:
            return str(FORMER_MEMBER)
        return self.name or self.email

    def get_short_name(self) -> str:
        if self.is_erased:
            return str(FORMER_MEMBER)
        return (self.name.split() or [self.email])[0]

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class Language(models.Model):
    """A language members can meet in, by its ISO 639 code."""

    code = models.CharField(max_length=12, primary_key=True)
    name = models.CharField(max_length=60)
    native_name = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        if self.native_name and self.native_name != self.name:
            return f"{self.name} ({self.native_name})"
        return self.name


class Skill(models.Model):
    """One entry of the skills taxonomy that coordinators manage."""

    name = models.CharField(max_length=80, unique=True)
    category = models.CharField(max_length=60, db_index=True)
    synonyms = models.CharField(
        max_length=400, blank=True, help_text=_("Other names for this skill, separated by commas.")
    )

    class Meta:
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language. The seeded taxonomy's names are in the Welsh
        catalogue; a skill a coordinator adds shows as they typed it."""
        return gettext(self.name)

    @property
    def category_label(self) -> str:
        return gettext(self.category)

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.split(",") if s.strip()]


class Organisation(models.Model):
    """A co-op or other organisation members belong to."""

    class Kind(models.TextChoices):
        WORKER = "worker", _("Worker co-op")
        HOUSING = "housing", _("Housing co-op")
        CONSUMER = "consumer", _("Consumer co-op")
        COMMUNITY_BENEFIT = "community_benefit", _("Community benefit society")
        MULTI_STAKEHOLDER = "multi_stakeholder", _("Multi-stakeholder co-op")
        OTHER = "other", _("Other")

    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        FORMING = "forming", _("Forming")
        TRADING = "trading", _("Trading")
        ESTABLISHED = "established", _("Established")

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.IDEA)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_name_unique_any_case"),
        ]
        indexes = [
            models.Index(fields=["name"], name="organisation_name"),
            models.Index(fields=["kind"], name="organisation_kind"),
            models.Index(fields=["stage"], name="organisation_stage"),
        ]

    def __str__(self) -> str:
        return self.name


class MenteeProfile(models.Model):
    """What a mentee wants from the programme.

    A mentee may be one person or an enterprise group (people forming a co-op);
    every member of the group points at the same profile and shares it.
    """

    group_name = models.CharField(
        _("enterprise group name"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty if you are joining on your own."),
    )
    display_name = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("The group's name, or its member's: kept here so lists need no extra query."),
    )
    goals = models.TextField(
        _("goals"),
        max_length=4000,
        help_text=_("What you want to achieve with a mentor. One goal per line."),
    )
    skills_wanted = models.ManyToManyField(Skill, related_name="wanted_by", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mentee profile")
        indexes = [models.Index(fields=["display_name"], name="mentee_display_name")]

    def __str__(self) -> str:
        # Empty only once its last member deleted their account.
        return self.group_name or self.display_name or str(FORMER_MEMBER)

    @property
    def is_group(self) -> bool:
        return bool(self.group_name)

    @property
    def goal_list(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]


PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9 ()\-]{6,40}$",
    _("Enter a phone number: digits, spaces, brackets and dashes, optionally starting with +."),
)


def _timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class MemberProfile(models.Model):
    """A member's own profile: the person, their co-op, and what they offer as a mentor."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")
        BOTH = "both", _("Both mentor and mentee")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("I want to join as"), max_length=8, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    sector = models.CharField(max_length=100, blank=True, db_index=True)
    region = models.CharField(max_length=100, blank=True, db_index=True)
    languages = models.ManyToManyField(Language, related_name="speakers")
    meets_in_person = models.BooleanField(_("in person"), default=False)
    meets_remotely = models.BooleanField(_("remotely"), default=True)
    time_zone = models.CharField(max_length=64, default="Europe/London", choices=_timezone_choices)
    hours_per_month = models.PositiveSmallIntegerField(
        _("hours a month available"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    # Contact details shown only to the people the member is paired with, and only if they choose.
    phone = models.CharField(
        _("phone number"), max_length=40, blank=True, validators=[PHONE_VALIDATOR]
    )
    show_email = models.BooleanField(
        _("show my email address to the people I am paired with"), default=False
    )
    show_phone = models.BooleanField(
        _("show my phone number to the people I am paired with"), default=False
    )

    # As a mentor.
    skills_offered = models.ManyToManyField(Skill, related_name="offered_by", blank=True)
    years_experience = models.PositiveSmallIntegerField(
        _("years of co-op experience"), null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    sectors_known = models.CharField(
        _("sectors you know"),
        max_length=300,
        blank=True,
        help_text=_("Separate sectors with commas, e.g. food retail, housing."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("how many mentees at once"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )

    # As a mentee (possibly shared with co-founders of an enterprise group).
    mentee_profile = models.ForeignKey(
        MenteeProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )

    conflicts = models.ManyToManyField(
        Organisation,
        related_name="conflicted_members",
        blank=True,
        verbose_name=_("conflicts of interest"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="profile_capacity_between_1_and_5",
            ),
            models.CheckConstraint(
                condition=models.Q(meets_in_person=True) | models.Q(meets_remotely=True),
                name="profile_meets_in_some_format",
            ),
        ]
        indexes = [models.Index(fields=["role"])]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_mentor(self) -> bool:
        return self.role in {self.Role.MENTOR, self.Role.BOTH}

    @property
    def is_mentee(self) -> bool:
        return self.role in {self.Role.MENTEE, self.Role.BOTH}

    @property
    def sector_list(self) -> list[str]:
        return [s.strip() for s in self.sectors_known.split(",") if s.strip()]


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


# How long an invitation can be accepted for after it is sent.
INVITATION_LIFETIME = timedelta(days=14)


class GroupInvitationQuerySet(models.QuerySet["GroupInvitation"]):
    def open(self) -> GroupInvitationQuerySet:
        """Invitations that can still be accepted: not accepted, revoked or expired."""
        return self.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            created_at__gt=timezone.now() - INVITATION_LIFETIME,
        )


class GroupInvitation(models.Model):
    """An invitation, by email, to share an enterprise group's mentee profile.

    It is open until it is accepted, revoked by a member of the group, or INVITATION_LIFETIME
    has passed since it was sent."""

    mentee_profile = models.ForeignKey(
        MenteeProfile, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(max_length=254)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "Set when a member of the group withdrew it, or when it had expired and "
            "the address was invited again."
        ),
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = GroupInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "mentee_profile",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_group_and_email",
            ),
        ]
        indexes = [models.Index(fields=["-created_at"], name="invitation_newest")]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def expires_at(self) -> datetime:
        return self.created_at + INVITATION_LIFETIME

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class MemberBlock(models.Model):
    """A member who must never be paired with another, at the first member's wish."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocked_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"Member {self.blocker_id} blocks member {self.blocked_id}"


class OutboundEmail(models.Model):
    """One email to send: a row in the outbox, written in the same transaction as its cause.

    The idempotency key (e.g. ``session-reminder:<session>:<recipient>``) is unique, so the same
    email can never be queued twice, however often a sweep or an event runs.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent (switched off)")

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
    )
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text=_("[filename, mimetype, text]")
    )
    about = models.CharField(
        max_length=100, blank=True, help_text=_("What the email is about, e.g. session:12.")
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["-created_at"], name="outbox_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.status})"


class AuditEntry(models.Model):
    """One coordinator action (or a member's data request), written once and never changed.

    The actor's label is copied so the entry still says who acted after their account is gone;
    the target is kept as a content type, id and label for the same reason.
    """

    class Action(models.TextChoices):
        PAIRING_APPROVED = "pairing_approved", _("Pairing approved")
        PAIRING_REJECTED = "pairing_rejected", _("Pairing rejected")
        PAIRING_MADE_BY_HAND = "pairing_manual", _("Pairing made by hand")
        CLAIM_APPROVED = "claim_approved", _("Hours claim approved")
        CLAIMS_EXPORTED = "claims_exported", _("Claims exported")
        DATA_EXPORTED = "data_exported", _("Member data exported")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=300, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices, db_index=True)
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.target_label}"
