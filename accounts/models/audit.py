"""The audit log's row: one coordinator action (the code that writes it is accounts.audit)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
