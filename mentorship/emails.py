"""Emails about mentorships, each from three templates (subject, text, HTML)."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse

from accounts.coordinators import COORDINATORS_GROUP
from accounts.emails import send_templated
from accounts.models import User
from mentorship.models import Mentorship


def send_introduction(mentorship_id: int, reasons: Sequence[str]) -> None:
    """Introduce an approved pair to each other: the mentor and every member of the mentee."""
    mentorship = Mentorship.objects.select_related("mentor", "mentee").get(pk=mentorship_id)
    members = [m.user for m in mentorship.mentee.members.select_related("user")]
    url = settings.SITE_URL + reverse("mentorship:dashboard")
    context = {"mentorship": mentorship, "reasons": list(reasons), "dashboard_url": url}
    send_templated(
        kind="introduction-mentor",
        to=mentorship.mentor.email,
        context={**context, "recipient": mentorship.mentor, "mentees": members},
    )
    for member in members:
        send_templated(
            kind="introduction-mentee",
            to=member.email,
            context={**context, "recipient": member, "mentor": mentorship.mentor},
        )


def send_coordinator_alert(*, subject: str, text: str) -> None:
    """Tell every active coordinator about something that needs a person (no member data beyond
    what the subject names: details stay in the admin)."""
    coordinators = User.objects.filter(
        is_active=True, is_staff=True, groups__name=COORDINATORS_GROUP
    ).distinct()
    url = settings.SITE_URL + reverse("admin:index")
    for coordinator in coordinators:
        send_templated(
            kind="coordinator-alert",
            to=coordinator.email,
            context={"subject": subject, "text": text, "admin_url": url, "recipient": coordinator},
        )
