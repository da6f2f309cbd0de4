"""Emails about members' accounts. Each is an outbox row (see accounts.outbox)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from accounts.models import GroupInvitation
from accounts.outbox import email_enqueue


def notify_group_invitation(invitation: GroupInvitation) -> None:
    url = settings.SITE_URL + reverse("accounts:invitation", args=[invitation.token])
    email_enqueue(
        key=f"group-invitation:{invitation.pk}",
        kind="group-invitation",
        to=invitation.email,
        about=f"invitation:{invitation.pk}",
        context={"invitation": invitation, "accept_url": url},
    )
