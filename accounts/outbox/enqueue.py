"""Writing an email into the outbox: rendered from its three templates in the recipient's
language and time zone, stored under its unique key, and queued for sending after the commit."""

from __future__ import annotations

import hashlib
import zoneinfo
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import MemberProfile, OutboundEmail, User
from accounts.outbox.kinds import KINDS, unsubscribe_token
from accounts.outbox.sending import send_on_commit


def _time_zone(user: User | None) -> zoneinfo.ZoneInfo:
    if user is None:
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)
    # Sweeps load profiles with their users (select_related): no query per email then.
    cached = user._state.fields_cache.get("profile")
    name = (
        cached.time_zone
        if cached
        else (MemberProfile.objects.filter(user=user).values_list("time_zone", flat=True).first())
    )
    return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)


_collector: ContextVar[list[OutboundEmail] | None] = ContextVar("outbox_collector", default=None)


@contextmanager
def collect(*, queue: bool = True) -> Iterator[list[OutboundEmail]]:
    """Within this block, emails are gathered and stored together at the end, in one insert.

    Sweeps use it per batch, so the number of queries does not grow with the emails queued.
    Rows whose key already exists are skipped by the insert, as a single insert would. With
    `queue=False` nothing is queued after the commit: the outbox's sweep sends each row once its
    `next_attempt_at` comes (a caller may move it later, within the block, to pace a large batch).
    """
    gathered: list[OutboundEmail] = []
    token = _collector.set(gathered)
    try:
        yield gathered
    finally:
        _collector.reset(token)
    if gathered:
        OutboundEmail.objects.bulk_create(gathered, ignore_conflicts=True, batch_size=500)
        if not queue:
            return
        keys = [e.key for e in gathered if e.status == OutboundEmail.Status.PENDING]
        ids = list(
            OutboundEmail.objects.filter(
                key__in=keys, status=OutboundEmail.Status.PENDING, attempts=0
            ).values_list("pk", flat=True)
        )
        for email_id in ids:
            send_on_commit(email_id)


def _render_plain(name: str, context: dict[str, object]) -> str:
    # Plain text is not HTML: "O'Brien" must arrive as typed, not as O&#x27;Brien.
    return get_template(name).template.render(Context(context, autoescape=False))


def _render(
    kind: str, context: dict[str, object], time_zone: zoneinfo.ZoneInfo, language: str
) -> tuple[str, str, str]:
    # Written in the recipient's language, with dates in their own time zone.
    with timezone.override(time_zone), translation.override(language):
        subject = " ".join(_render_plain(f"emails/{kind}-subject.txt", context).split())
        text = _render_plain(f"emails/{kind}-body.txt", context)
        html = render_to_string(f"emails/{kind}-body.html", context)
        footer = _render_plain("emails/_footer.txt", context)
        footer_html = render_to_string("emails/_footer.html", context)
    html = (
        html.replace("</body>", footer_html + "</body>")
        if "</body>" in html
        else html + footer_html
    )
    return subject, text.rstrip() + "\n\n" + footer, html


def _unsubscribe_links_add(
    recipient: User, kind: str, *, context: dict[str, object], headers: dict[str, str]
) -> None:
    """A kind the member may switch off carries a one-click unsubscribe (RFC 8058) and a link
    to their email choices."""
    site = settings.SITE_URL
    unsubscribe = site + reverse("accounts:unsubscribe", args=[unsubscribe_token(recipient, kind)])
    context.update(
        unsubscribe_url=unsubscribe, preferences_url=site + reverse("accounts:notifications")
    )
    headers["List-Unsubscribe"] = f"<{unsubscribe}>"
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"


def email_enqueue(
    *,
    key: str,
    kind: str,
    context: dict[str, object],
    recipient: User | None = None,
    to: str = "",
    about: str = "",
    attachments: Iterable[tuple[str, str, str]] = (),
) -> OutboundEmail | None:
    """Store one email in the outbox and send it after the surrounding transaction commits.

    Returns None when an email with this key already exists: queuing is idempotent. A member
    who deleted their account gets nothing (None too).
    """
    if recipient is not None and recipient.is_erased:
        return None
    label, switchable, _audience = KINDS[kind]
    address = to or (recipient.email if recipient else "")
    context = {
        "site_url": settings.SITE_URL,
        "recipient": recipient,
        "kind_label": label,
        **context,
    }
    headers: dict[str, str] = {
        "Message-ID": f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@mentoring>"
    }
    if recipient is not None and switchable:
        _unsubscribe_links_add(recipient, kind, context=context, headers=headers)
    muted = recipient is not None and switchable and kind in (recipient.muted_notifications or [])
    language = recipient.language_or_default if recipient else settings.LANGUAGE_CODE
    subject, text, html = _render(kind, context, _time_zone(recipient), language)
    email = OutboundEmail(
        key=key,
        kind=kind,
        recipient=recipient,
        to=address,
        subject=subject[:300],
        body_text=text,
        body_html=html,
        headers=headers,
        about=about,
        attachments=[list(a) for a in attachments],
        status=OutboundEmail.Status.SKIPPED if muted else OutboundEmail.Status.PENDING,
    )
    gathering = _collector.get()
    if gathering is not None:
        gathering.append(email)
        return email
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        return None
    if not muted:
        send_on_commit(email.pk)
    return email
