"""Every email about mentorships, one named function per kind; each writes an outbox row in
the caller's transaction (see accounts.outbox), so none is lost and none is sent twice."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse

from accounts.coordinators import COORDINATORS_GROUP
from accounts.models import User
from accounts.outbox import email_enqueue
from mentorship.models import Mentorship


def _url(name: str, *args: object) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def mentee_members(mentorship: Mentorship) -> list[User]:
    """Every member of the mentee: one person, or each co-founder of an enterprise group."""
    return [
        m.user
        for m in mentorship.mentee.members.select_related("user").filter(user__is_active=True)
    ]


def notify_introduction(mentorship: Mentorship, reasons: Sequence[str]) -> None:
    """Introduce an approved pair to each other: the mentor and every member of the mentee."""
    members = mentee_members(mentorship)
    context = {
        "mentorship": mentorship,
        "reasons": list(reasons),
        "mentorship_url": _url("mentorship:detail", mentorship.pk),
    }
    email_enqueue(
        key=f"introduction:{mentorship.pk}:{mentorship.mentor_id}", kind="introduction-mentor",
        recipient=mentorship.mentor, about=f"mentorship:{mentorship.pk}",
        context={**context, "mentees": members},
    )  # fmt: skip
    for member in members:
        email_enqueue(
            key=f"introduction:{mentorship.pk}:{member.pk}", kind="introduction-mentee",
            recipient=member, about=f"mentorship:{mentorship.pk}",
            context={**context, "mentor": mentorship.mentor},
        )  # fmt: skip


def notify_coordinators(*, topic: str, subject: str, text: str) -> None:
    """Tell every active coordinator about something that needs a person. Details stay in the
    admin: the email names only what happened."""
    coordinators = User.objects.filter(
        is_active=True, is_staff=True, groups__name=COORDINATORS_GROUP
    ).distinct()
    for coordinator in coordinators:
        email_enqueue(
            key=f"coordinator-alert:{topic}:{coordinator.pk}", kind="coordinator-alert", recipient=coordinator,
            about=topic, context={"subject": subject, "text": text, "admin_url": _url("admin:index")},
        )  # fmt: skip
