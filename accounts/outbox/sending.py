"""Sending what the outbox holds: one row at a time under a lock, retried with backoff on a
transient failure, failed for good on a permanent one; the sweep's list of what is due; and a
coordinator's retry of failed emails."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from accounts.models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 30  # 30 s, 1 min, 2 min, 4 min, 8 min between attempts

ATTEMPTS_UNFINISHED = "every attempt stopped before it finished (was the worker killed?)"


def send_on_commit(email_id: int) -> None:
    """Queue the email's sending task once the surrounding transaction commits."""
    transaction.on_commit(lambda: _queue(email_id))


def send_many_on_commit(email_ids: list[int]) -> None:
    """Queue a batch's emails once the surrounding transaction commits: one task, which queues
    each email's sending task from a worker (publishing a task costs about a millisecond, which
    a sweep of thousands of emails would otherwise spend itself)."""
    if email_ids:
        transaction.on_commit(lambda: _queue_many(email_ids))


def _queue_many(email_ids: list[int]) -> None:
    from accounts import tasks  # the task module imports this one

    try:
        tasks.send_emails.delay(email_ids)
    except Exception:
        logger.warning(
            "Could not queue %s emails now; the outbox sweep will send them",
            len(email_ids),
            exc_info=True,
        )


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
        subject=email.subject,
        body=email.body_text,
        to=[email.to],
        headers=email.headers,
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )
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
        send_on_commit(email_id)
    return len(ids)
