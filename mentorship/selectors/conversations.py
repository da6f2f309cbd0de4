"""Reads of a pair's conversation: a page of messages, unread counts."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from mentorship.models import ConversationMember, Mentorship, Message
from mentorship.selectors import dashboard, mentorships

PAGE_SIZE = 50


@dataclass
class ConversationPage:
    mentorship: Mentorship
    side: str
    messages: list[Message]
    earlier_before: int | None  # the id to ask for the page before this one, if there is one
    last_read_id: int
    can_write: bool


def conversation_page(user: User, pk: int, *, before: int | None = None) -> ConversationPage:
    """The newest PAGE_SIZE messages (or those before `before`), oldest first; 404 to anyone
    outside the pair. A fixed number of queries, however long the conversation."""
    mentorship, side = mentorships.mentorship_for_member(user, pk)
    messages = Message.objects.filter(mentorship=mentorship).select_related("author")
    if before is not None:
        messages = messages.filter(pk__lt=before)
    newest = list(messages.order_by("-pk")[: PAGE_SIZE + 1])
    earlier = newest[PAGE_SIZE] if len(newest) > PAGE_SIZE else None
    shown = newest[:PAGE_SIZE][::-1]
    last_read = (
        ConversationMember.objects.filter(mentorship=mentorship, user=user)
        .values_list("last_read_id", flat=True)
        .first()
    )
    return ConversationPage(
        mentorship=mentorship,
        side=side,
        messages=shown,
        earlier_before=shown[0].pk if earlier is not None else None,
        last_read_id=last_read or 0,
        can_write=mentorship.status in Mentorship.OPEN_STATUSES,
    )


def unread_count(user: User, mentorship: Mentorship) -> int:
    """Messages from the others that `user` has not yet seen in this mentorship."""
    return dashboard.unread_messages(user).filter(mentorship=mentorship).count()
