"""Members: the person who signs in (User), their co-op, their profile and whom they block."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models.taxonomy import Language, Skill

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

    # The roles that take part as a mentor, and as a mentee: "both" is in each. Every list of
    # roles (queries, admin filters, other apps) is one of these, never spelled out by hand.
    MENTOR_ROLES = (Role.MENTOR, Role.BOTH)
    MENTEE_ROLES = (Role.MENTEE, Role.BOTH)

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
        "accounts.MenteeProfile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
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
        return self.role in self.MENTOR_ROLES

    @property
    def is_mentee(self) -> bool:
        return self.role in self.MENTEE_ROLES

    @property
    def sector_list(self) -> list[str]:
        return [s.strip() for s in self.sectors_known.split(",") if s.strip()]


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
