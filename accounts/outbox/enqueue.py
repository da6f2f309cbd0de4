"""Writing an email into the outbox: rendered from its three templates in the recipient's
language and time zone, stored under its unique key, and queued for sending after the commit."""

from __future__ import annotations

import hashlib
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import MemberProfile, OutboundEmail, User
from accounts.outbox import rendering
from accounts.outbox.kinds import KINDS, unsubscribe_token
from accounts.outbox.sending import send_many_on_commit, send_on_commit


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


@dataclass
class _Batch:
    """The emails a collect() block gathers, and what they share: footers (see rendering) and
    the paths of the links every email carries."""

    emails: list[OutboundEmail] = field(default_factory=list)
    footers: rendering.FooterCache = field(default_factory=dict)
    paths: dict[str, tuple[str, str]] = field(default_factory=dict)


_collector: ContextVar[_Batch | None] = ContextVar("outbox_collector", default=None)


@contextmanager
def collect(*, queue: bool = True) -> Iterator[list[OutboundEmail]]:
    """Within this block, emails are gathered and stored together at the end, in one insert.

    Sweeps use it per batch, so the number of queries does not grow with the emails queued, and
    the sending tasks are queued by one task for the batch. Rows whose key already exists are
    skipped by the insert, as a single insert would. With `queue=False` nothing is queued after
    the commit: the outbox's sweep sends each row once its `next_attempt_at` comes (a caller may
    move it later, within the block, to pace a large batch).
    """
    batch = _Batch()
    token = _collector.set(batch)
    try:
        yield batch.emails
    finally:
        _collector.reset(token)
    gathered = batch.emails
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
        send_many_on_commit(ids)


def _path(name: str, arg: str) -> str:
    """reverse(name, args=[arg]), reversed once per batch: the path around the argument is the
    same for every email. `arg` is a signed token, whose characters need no quoting in a URL."""
    batch = _collector.get()
    if batch is None:
        return reverse(name, args=[arg])
    if name not in batch.paths:
        before, _, after = reverse(name, args=["-"]).rpartition("-")
        batch.paths[name] = before, after
    before, after = batch.paths[name]
    return before + arg + after


def _unsubscribe_links_add(
    recipient: User, kind: str, *, context: dict[str, object], headers: dict[str, str]
) -> None:
    """A kind the member may switch off carries a one-click unsubscribe (RFC 8058) and a link
    to their email choices."""
    site = settings.SITE_URL
    unsubscribe = site + _path("accounts:unsubscribe", unsubscribe_token(recipient, kind))
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
    return _enqueue(
        key=key,
        kind=kind,
        context=context,
        recipient=recipient,
        to=to,
        about=about,
        attachments=attachments,
    )


def email_enqueue_each(
    recipients: Iterable[User],
    *,
    key: str,
    kind: str,
    context: dict[str, object],
    about: str = "",
    attachment: Callable[[User], tuple[str, str, str]] | None = None,
) -> None:
    """`email_enqueue` for each recipient, from the same context, keyed `<key>:<recipient's pk>`,
    with `attachment(recipient)` if given. The templates are rendered once per language and time
    zone for all of them when they can be (see rendering)."""
    shared: dict[tuple[str, zoneinfo.ZoneInfo], rendering.Rendered | None] = {}
    for user in recipients:
        _enqueue(
            key=f"{key}:{user.pk}",
            kind=kind,
            context=context,
            recipient=user,
            about=about,
            attachments=[attachment(user)] if attachment else (),
            shared=shared,
        )


def _enqueue(
    *,
    key: str,
    kind: str,
    context: dict[str, object],
    recipient: User | None,
    to: str = "",
    about: str = "",
    attachments: Iterable[tuple[str, str, str]] = (),
    shared: dict[tuple[str, zoneinfo.ZoneInfo], rendering.Rendered | None] | None = None,
) -> OutboundEmail | None:
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
    subject, text, html = _render(
        kind, context, time_zone=_time_zone(recipient), language=language, shared=shared
    )
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
    batch = _collector.get()
    if batch is not None:
        batch.emails.append(email)
        return email
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        return None
    if not muted:
        send_on_commit(email.pk)
    return email


def _render(
    kind: str,
    context: dict[str, object],
    *,
    time_zone: zoneinfo.ZoneInfo,
    language: str,
    shared: dict[tuple[str, zoneinfo.ZoneInfo], rendering.Rendered | None] | None,
) -> rendering.Rendered:
    """The email written in the recipient's language, with dates in their own time zone."""
    recipient = context["recipient"]
    unsubscribe_url = cast(str | None, context.get("unsubscribe_url"))
    preferences_url = cast(str | None, context.get("preferences_url"))
    rendered = None
    if shared is not None and isinstance(recipient, User):
        if (language, time_zone) not in shared:
            shared[language, time_zone] = rendering.render_shared(
                kind, context, time_zone=time_zone, language=language
            )
        if (once := shared[language, time_zone]) is not None:
            rendered = rendering.personalise(
                once, name=recipient.get_short_name(), unsubscribe_url=unsubscribe_url
            )
    if rendered is None:
        rendered = rendering.render(kind, context, time_zone=time_zone, language=language)
    batch = _collector.get()
    return rendering.finish(
        rendered,
        kind=kind,
        language=language,
        unsubscribe_url=unsubscribe_url,
        preferences_url=preferences_url,
        footers=batch.footers if batch is not None else {},
    )
