"""Every attempt to send counts, whatever goes wrong; only transient failures are tried again."""

from __future__ import annotations

import datetime
import smtplib

import pytest
from django.core.mail.backends.smtp import EmailBackend
from django.template import TemplateSyntaxError
from django.urls import reverse
from django.utils import timezone

from accounts import outbox
from accounts.models import OutboundEmail
from mentorship.services import sessions


@pytest.fixture
def email(pair, bob) -> OutboundEmail:
    """The session summary bob's log sends alice."""
    sessions.session_log(
        mentorship=pair,
        by=bob,
        log=sessions.SessionLog(
            starts_at=timezone.now() - datetime.timedelta(hours=1),
            duration_minutes=60,
            format="remote",
            summary="Rules drafted",
        ),
    )
    return OutboundEmail.objects.get(to="alice@example.org", kind="session-log")


def _due(email: OutboundEmail) -> None:
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPDataError(451, b"4.3.0 Try again later"),
        smtplib.SMTPSenderRefused(421, b"4.7.0 Too busy", "site@example.org"),
        smtplib.SMTPConnectError(421, b"Service not available"),
        smtplib.SMTPRecipientsRefused({"alice@example.org": (450, b"4.2.1 Mailbox busy")}),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        TimeoutError("timed out"),
        OSError(101, "Network is unreachable"),
        ConnectionRefusedError(111, "Connection refused"),
    ],
    ids=repr,
)
def test_a_4xx_reply_a_disconnect_or_a_timeout_is_transient(error):
    assert outbox.send_error_classify(error).transient


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPDataError(554, b"5.7.1 Rejected as spam"),
        smtplib.SMTPAuthenticationError(535, b"5.7.8 Bad credentials"),
        smtplib.SMTPRecipientsRefused({"alice@example.org": (550, b"5.1.1 No such mailbox")}),
        smtplib.SMTPRecipientsRefused(
            {"a@example.org": (450, b"busy"), "b@example.org": (550, b"no such mailbox")}
        ),
        smtplib.SMTPNotSupportedError("SMTPUTF8 not supported"),
        ValueError("Header values can't contain newlines"),
        TemplateSyntaxError("Invalid block tag"),
        KeyError("recipient"),
    ],
    ids=repr,
)
def test_a_5xx_reply_or_anything_unexpected_is_permanent(error):
    assert not outbox.send_error_classify(error).transient


def test_the_classification_says_what_went_wrong():
    failure = outbox.send_error_classify(smtplib.SMTPDataError(550, b"5.1.1 No such mailbox"))
    assert failure.error == "SMTP 550 5.1.1 No such mailbox"
    assert outbox.send_error_classify(ValueError("bad")).error == "ValueError: bad"


def test_an_unexpected_exception_while_sending_counts_the_attempt_and_fails_the_row(
    email, smtp_server, coordinator_client
):
    # A header that cannot be sent (a newline in it) makes Django raise a ValueError, which is
    # neither an SMTP nor an OS error; it used to roll the attempt back, so it was tried forever.
    OutboundEmail.objects.filter(pk=email.pk).update(headers={"X-Note": "one\ntwo"})
    assert outbox.email_send(email.pk).status == "failed"
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1)
    assert email.last_error.startswith("permanent, attempt 1: BadHeaderError")
    assert email.pk not in outbox.outbox_due_ids(), "the sweep does not pick it up again"
    assert smtp_server.messages == []
    listing = coordinator_client.get(
        reverse("admin:accounts_outboundemail_changelist"), {"status__exact": "failed"}
    ).content.decode()
    assert "BadHeaderError" in listing


def test_an_attempt_that_never_finishes_still_counts(email, smtp_server, monkeypatch):
    def die(self, messages):
        raise SystemExit("the worker stopped mid-send")

    monkeypatch.setattr(EmailBackend, "send_messages", die)
    with pytest.raises(SystemExit):
        outbox.email_send(email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 1), "counted, and sent again later"


def test_a_row_whose_every_attempt_died_is_failed_instead_of_sent_again(email, smtp_server):
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=outbox.MAX_ATTEMPTS)
    assert outbox.email_send(email.pk).status == "failed"
    email.refresh_from_db()
    assert email.status == "failed" and outbox.ATTEMPTS_UNFINISHED in email.last_error
    assert smtp_server.messages == []


def test_a_recipient_refused_for_now_is_tried_again_and_then_delivered(email, smtp_server):
    smtp_server.hang_first = True
    smtp_server.release.set()  # the first RCPT is answered "451 try again later" at once
    assert outbox.email_send(email.pk).status == "retry"
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 1)
    assert email.last_error.startswith("transient, attempt 1: recipient refused: 451")
    _due(email)
    assert outbox.email_send(email.pk).status == "sent"
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 2, "")
    assert len(smtp_server.to("alice@example.org")) == 1


def test_a_5xx_reply_fails_the_row_at_the_first_attempt(email, smtp_server):
    smtp_server.refuse = ["554 5.7.1 Rejected as spam"]
    assert outbox.email_send(email.pk).status == "failed"
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1)
    assert email.last_error == "permanent, attempt 1: SMTP 554 5.7.1 Rejected as spam"


def test_a_4xx_reply_is_retried_with_a_growing_delay(email, smtp_server):
    smtp_server.refuse = ["421 4.3.2 Shutting down"] * 2
    delays = []
    for _ in range(2):
        _due(email)
        outcome = outbox.email_send(email.pk)
        assert outcome.status == "retry"
        delays.append(outcome.retry_in)
    assert delays == [outbox.BACKOFF_SECONDS, 2 * outbox.BACKOFF_SECONDS]
    _due(email)
    assert outbox.email_send(email.pk).status == "sent"
    email.refresh_from_db()
    assert email.attempts == 3
