"""Emails about members' accounts, each built from three templates (subject, text, HTML)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import GroupInvitation


def send_templated(*, kind: str, to: str, context: dict[str, object]) -> None:
    """Render emails/<kind>-subject.txt, -body.txt and -body.html and send them to one address."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{kind}-subject.txt", context).split())
    text = render_to_string(f"emails/{kind}-body.txt", context)
    html = render_to_string(f"emails/{kind}-body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def send_group_invitation(invitation: GroupInvitation) -> None:
    url = settings.SITE_URL + reverse("accounts:invitation", args=[invitation.token])
    send_templated(
        kind="group-invitation",
        to=invitation.email,
        context={"invitation": invitation, "accept_url": url},
    )
