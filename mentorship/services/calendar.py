"""Writes on a member's private calendar feed."""

from __future__ import annotations

import secrets

from django.utils import timezone

from accounts.models import User
from mentorship.models import (
    CalendarFeed,
)


def calendar_feed_for(*, user: User) -> CalendarFeed:
    """The member's private calendar address, made the first time they ask for it."""
    feed, _ = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


def calendar_token_reset(*, user: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed = calendar_feed_for(user=user)
    feed.token, feed.issued_at = secrets.token_urlsafe(32), timezone.now()
    feed.save(update_fields=["token", "issued_at"])
    return feed
