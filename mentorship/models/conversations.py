"""A pair's conversation: its messages and where each member is in it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.models.relationship import Mentorship


class Message(models.Model):
    """One message in a mentorship's conversation, read by every member of the pair only.

    Plain text; links are made clickable when shown. When its author deletes their account the
    row stays (so the others' conversation keeps its shape) but its text is emptied."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages_written"
    )
    text = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

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
