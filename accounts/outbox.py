"""The notification outbox: every email is a row first, sent by a worker after the commit.

An email is rendered and stored in the same transaction as the event that causes it, under a
unique idempotency key, so it is never lost (a sweep sends whatever is still pending, e.g.
after Redis or a worker was down) and never sent twice (the key is unique, and a row is
claimed with SELECT ... FOR UPDATE SKIP LOCKED before it is sent).
"""

from __future__ import annotations

import enum
import hashlib
import logging
import smtplib
import zoneinfo
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberProfile, OutboundEmail, User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 30  # 30 s, 1 min, 2 min, 4 min, 8 min between attempts
UNSUBSCRIBE_SALT = "accounts.outbox.unsubscribe"


class Audience(enum.Flag):
    """Who a kind of email is for: the email preferences offer a member only their own kinds."""

    MENTOR = enum.auto()
    MENTEE = enum.auto()
    COORDINATOR = enum.auto()
    PAIR = MENTOR | MENTEE


# Every kind of email: its label, whether a member may switch it off (account and safety mails:
# never) and who gets it.
KINDS: dict[str, tuple[str, bool, Audience]] = {
    "group-invitation": (_("Invitations to join an enterprise group"), False, Audience.MENTEE),
    "coordinator-alert": (_("Alerts for coordinators"), False, Audience.COORDINATOR),
    "introduction-mentor": (_("Introductions to a new mentee"), False, Audience.MENTOR),
    "introduction-mentee": (_("Introductions to a new mentor"), False, Audience.MENTEE),
    "partner-left": (
        _("Notice that a mentorship ended because a member left"),
        False,
        Audience.PAIR,
    ),
    "session-change": (
        _("Sessions scheduled, moved or cancelled by the other side"),
        False,
        Audience.PAIR,
    ),
    "mentorship-ended": (
        _("Notice that a mentorship ended or was paused, and why"),
        False,
        Audience.PAIR,
    ),
    "mentor-request": (
        _("Requests from mentees for you as their mentor (mentors)"),
        False,
        Audience.MENTOR,
    ),
    "session-reminder": (_("Reminders of upcoming sessions"), True, Audience.PAIR),
    "conversation": (_("New messages from the people you are paired with"), True, Audience.PAIR),
    "log-reminder": (_("Reminders to log a session (mentors)"), True, Audience.MENTOR),
    "session-log": (_("Session summaries from your mentor"), True, Audience.MENTEE),
    "confirm-reminder": (_("Reminders to confirm a session (mentees)"), True, Audience.MENTEE),
    "inactivity": (_("Nudges when a pair has not met for a while"), True, Audience.PAIR),
    "feedback-due": (_("Requests for short feedback"), True, Audience.PAIR),
    "ending-soon": (_("Notice that a mentorship ends soon"), True, Audience.PAIR),
    "action-items-due": (_("Next steps due tomorrow"), True, Audience.PAIR),
    "coordinator-digest": (_("Weekly digest (coordinators)"), True, Audience.COORDINATOR),
    "hours-statement": (_("Monthly hours statement (mentors)"), True, Audience.MENTOR),
}

# Kinds whose body carries members' own words to each other: coordinators see that such an email
# was sent and whether it arrived, never what it says (they do not read conversations).
PRIVATE_KINDS = frozenset({"conversation"})

ATTEMPTS_UNFINISHED = "every attempt stopped before it finished (was the worker killed?)"


def audience_of(user: User) -> Audience:
    """The roles a user gets email in. A member who has not chosen a role yet may get either
    side's; a coordinator who is also a member gets both theirs and a coordinator's."""
    audience = Audience.COORDINATOR if user.is_staff else Audience(0)
    profile = MemberProfile.objects.filter(user=user).first()
    if profile is None:
        return audience or Audience.PAIR
    if profile.is_mentor:
        audience |= Audience.MENTOR
    if profile.is_mentee:
        audience |= Audience.MENTEE
    return audience


def switchable_kinds(user: User | None = None) -> list[tuple[str, str]]:
    """The kinds a member may switch off; given a user, only those sent to someone in their roles."""
    audience = audience_of(user) if user is not None else ~Audience(0)
    return [
        (kind, label)
        for kind, (label, switchable, audience_of_kind) in KINDS.items()
        if switchable and audience_of_kind & audience
    ]


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[int, str]:
    """The (user id, kind) a one-click unsubscribe link stands for; raises BadSignature."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["u"]), str(data["k"])


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
def collect() -> Iterator[list[OutboundEmail]]:
    """Within this block, emails are gathered and stored together at the end, in one insert.

    Sweeps use it per batch, so the number of queries does not grow with the emails queued.
    Rows whose key already exists are skipped by the insert, as a single insert would.
    """
    gathered: list[OutboundEmail] = []
    token = _collector.set(gathered)
    try:
        yield gathered
    finally:
        _collector.reset(token)
    if gathered:
        OutboundEmail.objects.bulk_create(gathered, ignore_conflicts=True, batch_size=500)
        keys = [e.key for e in gathered if e.status == OutboundEmail.Status.PENDING]
        ids = list(
            OutboundEmail.objects.filter(
                key__in=keys, status=OutboundEmail.Status.PENDING, attempts=0
            ).values_list("pk", flat=True)
        )
        for email_id in ids:
            transaction.on_commit(lambda email_id=email_id: _queue(email_id))


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
    site = settings.SITE_URL
    context = {"site_url": site, "recipient": recipient, "kind_label": label, **context}
    headers: dict[str, str] = {
        "Message-ID": f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@mentoring>"
    }
    if recipient is not None and switchable:
        unsubscribe = site + reverse(
            "accounts:unsubscribe", args=[unsubscribe_token(recipient, kind)]
        )
        context.update(
            unsubscribe_url=unsubscribe, preferences_url=site + reverse("accounts:notifications")
        )
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    muted = recipient is not None and switchable and kind in (recipient.muted_notifications or [])
    language = recipient.language_or_default if recipient else settings.LANGUAGE_CODE
    subject, text, html = _render(kind, context, _time_zone(recipient), language)
    email = OutboundEmail(
        key=key, kind=kind, recipient=recipient, to=address, subject=subject[:300],
        body_text=text, body_html=html, headers=headers, about=about,
        attachments=[list(a) for a in attachments],
        status=OutboundEmail.Status.SKIPPED if muted else OutboundEmail.Status.PENDING,
    )  # fmt: skip
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
        transaction.on_commit(lambda: _queue(email.pk))
    return email


def _queue(email_id: int) -> None:
    from accounts import tasks  # the task module imports this one

    try:
        tasks.send_email.delay(email_id)
    except Exception:
        logger.warning(
            "Could not queue email %s now; the outbox sweep will send it", email_id, exc_info=True
        )


@dataclass(frozen=True)
class SendOutcome:
    status: str
    retry_in: int | None = None


def email_send(email_id: int) -> SendOutcome:
    """Send one pending email, holding its row locked so no other worker can send it too.

    The attempt is counted and committed before the send, so nothing that happens during it (an
    unexpected exception, a worker killed mid-send) can undo the count. A transient error
    schedules another attempt with exponential backoff; a permanent one, or the last attempt,
    marks the row failed, with the error kept on it for coordinators to see and retry.
    """
    attempt = _attempt_begin(email_id)
    if isinstance(attempt, SendOutcome):
        return attempt
    with transaction.atomic():
        # Still this attempt's: a duplicate delivery that claimed a later attempt sends instead.
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutboundEmail.Status.PENDING, attempts=attempt)
            .first()
        )
        if email is None:
            return SendOutcome("not-pending")
        try:
            _deliver(email)
        except Exception as error:
            return _failed_attempt(email, send_error_classify(error))
        email.status, email.sent_at, email.last_error = (
            OutboundEmail.Status.SENT,
            timezone.now(),
            "",
        )
        email.save(update_fields=["status", "sent_at", "last_error"])
        return SendOutcome("sent")


def _attempt_begin(email_id: int) -> int | SendOutcome:
    """Claim the row and count the attempt, committed before anything is sent."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutboundEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return SendOutcome("not-pending")
        if email.next_attempt_at > timezone.now():
            return SendOutcome(
                "not-due",
                retry_in=int((email.next_attempt_at - timezone.now()).total_seconds()) + 1,
            )
        if email.attempts >= MAX_ATTEMPTS:
            # Every attempt was counted but none recorded an outcome: each one died mid-send.
            return _failed_attempt(email, SendFailure(ATTEMPTS_UNFINISHED, transient=False))
        email.attempts += 1
        email.save(update_fields=["attempts"])
        return email.attempts


@dataclass(frozen=True)
class SendFailure:
    error: str
    transient: bool


def send_error_classify(error: BaseException) -> SendFailure:
    """Whether a failed send is worth trying again, and what to show coordinators.

    Transient: an SMTP 4xx reply, a dropped connection, a timeout, any other OSError. Permanent:
    an SMTP 5xx reply, a refused recipient (unless every refusal is 4xx), and anything
    unexpected (a bad header, a rendering error), since trying again would fail the same way.
    """
    if isinstance(error, smtplib.SMTPResponseException):
        reason = f"SMTP {error.smtp_code} {_text(error.smtp_error)}"
        return SendFailure(reason, transient=400 <= error.smtp_code < 500)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply in error.recipients.values()]
        replies = "; ".join(f"{code} {_text(reply)}" for code, reply in error.recipients.values())
        transient = bool(codes) and all(400 <= code < 500 for code in codes)
        return SendFailure(f"recipient refused: {replies}", transient=transient)
    if isinstance(error, smtplib.SMTPServerDisconnected | SoftTimeLimitExceeded) or (
        isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)
    ):
        return SendFailure(f"{type(error).__name__}: {error}", transient=True)
    return SendFailure(f"{type(error).__name__}: {error}", transient=False)


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def _deliver(email: OutboundEmail) -> None:
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body_text, to=[email.to], headers=email.headers,
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )  # fmt: skip
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for filename, mimetype, content in email.attachments:
        message.attach(filename, content, mimetype)
    message.send()


def _failed_attempt(email: OutboundEmail, failure: SendFailure) -> SendOutcome:
    kind = "transient" if failure.transient else "permanent"
    email.last_error = f"{kind}, attempt {email.attempts}: {failure.error}"[:2000]
    if failure.transient and email.attempts < MAX_ATTEMPTS:
        delay = BACKOFF_SECONDS * 2 ** (email.attempts - 1)
        email.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        email.save(update_fields=["last_error", "next_attempt_at"])
        return SendOutcome("retry", retry_in=delay)
    email.status = OutboundEmail.Status.FAILED
    email.save(update_fields=["last_error", "status"])
    logger.error("Email %s (%s) failed for good: %s", email.pk, email.kind, email.last_error)
    return SendOutcome("failed")


def outbox_due_ids(*, limit: int = 500) -> list[int]:
    """Pending emails whose next attempt is due, oldest first."""
    return list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def emails_retry(email_ids: Iterable[int]) -> int:
    """A coordinator sends failed emails again: back to pending, with fresh attempts."""
    ids = list(
        OutboundEmail.objects.filter(
            pk__in=list(email_ids), status=OutboundEmail.Status.FAILED
        ).values_list("pk", flat=True)
    )
    OutboundEmail.objects.filter(pk__in=ids).update(
        status=OutboundEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    for email_id in ids:
        transaction.on_commit(lambda email_id=email_id: _queue(email_id))
    return len(ids)


def notification_mute(*, user: User, kind: str, muted: bool = True) -> None:
    if kind not in KINDS or not KINDS[kind][1]:
        return
    kinds = set(user.muted_notifications or [])
    kinds = kinds | {kind} if muted else kinds - {kind}
    user.muted_notifications = sorted(kinds)
    user.save(update_fields=["muted_notifications"])
