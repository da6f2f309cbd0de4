"""Writes on a pair's conversation: posting, marking read, the batched new-message emails, and
the member's export and erasure of their messages."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberProfile, OutboundEmail, User
from mentorship import emails
from mentorship.models import ConversationMember, Mentorship, Message
from mentorship.services.errors import MentorshipError
from mentorship.services.relationship import party_side

# At most one email per conversation per member in this time, carrying every message since.
EMAIL_BATCH_WINDOW = timedelta(minutes=15)


CONVERSATION_CLOSED = _("This mentorship has finished: its messages can be read but not added to.")


NOT_A_PARTY = _("Only the members of this mentorship can write in its conversation.")


def conversation_mark_read(*, mentorship: Mentorship, user: User, up_to: int) -> None:
    """Move the member's read marker forward to message `up_to` (never back)."""
    ConversationMember.objects.bulk_create(
        [ConversationMember(mentorship=mentorship, user=user)], ignore_conflicts=True
    )
    ConversationMember.objects.filter(
        mentorship=mentorship, user=user, last_read_id__lt=up_to
    ).update(last_read_id=up_to)


def message_post(*, mentorship: Mentorship, by: User, text: str) -> Message:
    """Add a message from a member of the pair; the others are emailed by the batched sweep
    (`conversation_emails_send`), not now, so a quick exchange makes one email."""
    party_side(mentorship, by, refusal=NOT_A_PARTY)
    if mentorship.status not in Mentorship.OPEN_STATUSES:
        raise MentorshipError(CONVERSATION_CLOSED)
    with transaction.atomic():
        message = Message.objects.create(mentorship=mentorship, author=by, text=text)
        # Everyone in the pair gets a row now, so the sweep finds who has unread messages.
        ConversationMember.objects.bulk_create(
            [
                ConversationMember(mentorship=mentorship, user=user)
                for user in emails.parties(mentorship)
            ],
            ignore_conflicts=True,
        )
        ConversationMember.objects.filter(mentorship=mentorship, user=by).update(
            last_read_id=message.pk
        )
    return message


def conversation_emails_send(*, now: datetime | None = None) -> int:
    """Email each member who has unread, un-emailed messages from the others, once the oldest
    of them is EMAIL_BATCH_WINDOW old and their last email for this conversation is too.

    Safe to run twice or at once: each member's row is locked (SKIP LOCKED) and moved on before
    its email is queued, in one transaction, under an outbox key naming the last message
    included. A message read on the site before then is not emailed. Members no longer in the
    pair are left out by the query that finds the rows, so each row costs the same queries."""
    now = now or timezone.now()
    due = now - EMAIL_BATCH_WINDOW
    waiting = Message.objects.filter(
        mentorship=OuterRef("mentorship"),
        pk__gt=OuterRef("last_read_id"),
        created_at__lte=due,
    ).exclude(author=OuterRef("user"))
    # Still in the pair: a co-founder who left the group is no longer emailed.
    in_pair = Q(user=F("mentorship__mentor")) | Exists(
        MemberProfile.objects.filter(
            user=OuterRef("user"), mentee_profile=OuterRef("mentorship__mentee")
        )
    )
    rows = list(
        ConversationMember.objects.filter(
            Q(emailed_at__isnull=True) | Q(emailed_at__lte=due),
            Exists(waiting.filter(pk__gt=OuterRef("last_emailed_id"))),
            in_pair,
            user__is_active=True,
        ).values_list("pk", flat=True)[:500]
    )
    return sum(_member_email(row_id, now=now, due=due) for row_id in rows)


def _member_email(row_id: int, *, now: datetime, due: datetime) -> int:
    with transaction.atomic():
        row = (
            # Only this row is locked; the profile (its time zone, for the email) may be absent.
            ConversationMember.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user__profile", "mentorship__mentor", "mentorship__mentee")
            .filter(pk=row_id)
            .first()
        )
        if row is None or (row.emailed_at is not None and row.emailed_at > due):
            return 0
        since = max(row.last_read_id, row.last_emailed_id)
        messages = list(
            Message.objects.filter(mentorship=row.mentorship_id, pk__gt=since)
            .exclude(author=row.user)
            .select_related("author")
            .order_by("pk")
        )
        if not messages or messages[0].created_at > due:
            return 0
        row.last_emailed_id, row.emailed_at = messages[-1].pk, now
        row.save(update_fields=["last_emailed_id", "emailed_at"])
        emails.notify_new_messages(row.mentorship, recipient=row.user, messages=messages)
    return 1


def concern_message(*, mentorship: Mentorship, message_id: object) -> Message | None:
    """The message of this mentorship a concern form refers to (an id as typed), if any."""
    text = str(message_id or "")
    if not text.isdigit() or len(text) > 18:
        return None
    return (
        Message.objects.filter(mentorship=mentorship, pk=int(text)).select_related("author").first()
    )


def member_export(user: User) -> list[dict[str, object]]:
    """The member's own messages, for their data export."""
    return [
        {**row, "created_at": row["created_at"].isoformat()}
        for row in Message.objects.filter(author=user)
        .order_by("pk")
        .values("mentorship_id", "text", "created_at")
    ]


def member_erase(user: User) -> None:
    """Empty the text of every message the member wrote; the rows stay, "former member"'s.

    The emails that carry their messages to the others go too: unsent ones are dropped, sent ones
    emptied (whole emails: one may hold several people's messages)."""
    written = Message.objects.filter(author=user)
    carried_in = {f"mentorship:{pk}" for pk in written.values_list("mentorship_id", flat=True)}
    carriers = OutboundEmail.objects.filter(kind="conversation", about__in=carried_in)
    carriers.filter(status=OutboundEmail.Status.PENDING).delete()
    carriers.update(body_text="", body_html="")
    written.exclude(text="").update(text="")
