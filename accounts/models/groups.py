"""Mentees and enterprise groups: the mentee profile a group shares, and invitations to join it."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models.members import FORMER_MEMBER
from accounts.models.taxonomy import Skill


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
