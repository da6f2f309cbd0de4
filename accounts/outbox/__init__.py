"""The notification outbox: every email is a row first, sent by a worker after the commit.

It lives in accounts because every email goes to a member (or a coordinator) and answers to
their choices: their language, their time zone, the kinds they switched off. The apps above
write their emails through `email_enqueue`, each kind behind a named wrapper in their own
`emails` module.

An email is rendered and stored in the same transaction as the event that causes it, under a
unique idempotency key, so it is never lost (a sweep sends whatever is still pending, e.g.
after Redis or a worker was down) and never sent twice (the key is unique, and a row is
claimed with SELECT ... FOR UPDATE SKIP LOCKED before it is sent).

kinds    the kinds of email, who gets each, which a member may switch off, unsubscribe tokens
enqueue  storing an email (`email_enqueue`, `email_enqueue_each`, `collect` for a sweep's batch)
rendering  writing an email from its templates, sharing what a batch's emails have in common
sending  sending one row with retries, the sweep's due list, a coordinator's retry

This module is the outbox's front door: callers write `from accounts import outbox` and use
the names below.
"""

from accounts.outbox.enqueue import collect, email_enqueue, email_enqueue_each
from accounts.outbox.kinds import (
    KINDS,
    PRIVATE_KINDS,
    Audience,
    audience_of,
    notification_mute,
    switchable_kinds,
    unsubscribe_read,
    unsubscribe_token,
)
from accounts.outbox.sending import (
    ATTEMPTS_UNFINISHED,
    BACKOFF_SECONDS,
    MAX_ATTEMPTS,
    SendFailure,
    SendOutcome,
    email_send,
    emails_retry,
    outbox_due_ids,
    send_error_classify,
)

__all__ = [
    "ATTEMPTS_UNFINISHED",
    "BACKOFF_SECONDS",
    "KINDS",
    "MAX_ATTEMPTS",
    "PRIVATE_KINDS",
    "Audience",
    "SendFailure",
    "SendOutcome",
    "audience_of",
    "collect",
    "email_enqueue",
    "email_enqueue_each",
    "email_send",
    "emails_retry",
    "notification_mute",
    "outbox_due_ids",
    "send_error_classify",
    "switchable_kinds",
    "unsubscribe_read",
    "unsubscribe_token",
]
