"""Reads for the member's dashboard: each pairing with what the member should do next."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, F, Func, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from mentorship.models import (
    ActionItem,
    ConversationMember,
    Feedback,
    Mentorship,
    Message,
    Session,
    Side,
)
from mentorship.rules import feedback_moment_due
from mentorship.selectors.mentorships import mentorships_for_member

# What the dashboard asks of a member, per mentorship.
NEED_ACCEPT = _("accept the agreement")


NEED_PARTNER_ACCEPTS = _("wait for the other side to accept the agreement")


NEED_CONFIRM = _("confirm a logged session")


NEED_LOG = _("log a session that has taken place")


NEED_FEEDBACK = _("give your short feedback")


@dataclass
class DashboardEntry:
    mentorship: Mentorship
    side: str
    next_session_at: datetime | None
    open_items: int
    needs: list[str]
    unread_messages: int = 0


def _count(queryset: QuerySet) -> Subquery:
    """How many rows `queryset` (filtered on an OuterRef) has, as a subquery: COUNT without
    GROUP BY, so it answers 0 rather than nothing."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


# The sessions whose status the figures read: cancelled and disputed ones count for nothing here.
FIGURED = (Session.Status.SCHEDULED, Session.Status.LOGGED, Session.Status.CONFIRMED)


@dataclass
class SessionFigures:
    """What the dashboard needs of one pair's sessions."""

    next_session_at: datetime | None = None  # the next scheduled one
    to_log: bool = False  # a scheduled one has taken place
    to_confirm: bool = False  # a logged one waits for the mentee
    confirmed: int = 0


def session_figures(mentorship_ids: list[int], now: datetime) -> dict[int, SessionFigures]:
    """Each pair's session figures from one read of its sessions' status and start.

    As subqueries of the pairs' query these were four, whose SQL Django builds and compiles on
    every request: that cost more than reading the rows, which are few (a pair meets every
    few weeks for a term or two)."""
    figures: dict[int, SessionFigures] = defaultdict(SessionFigures)
    rows = (
        Session.objects.filter(mentorship__in=mentorship_ids, status__in=FIGURED)
        .order_by()
        .values_list("mentorship_id", "status", "starts_at")
    )
    for mentorship_id, status, starts_at in rows:
        found = figures[mentorship_id]
        if status == Session.Status.CONFIRMED:
            found.confirmed += 1
        elif status == Session.Status.LOGGED:
            found.to_confirm = True
        elif starts_at < now:
            found.to_log = True
        elif found.next_session_at is None or starts_at < found.next_session_at:
            found.next_session_at = starts_at
    return figures


def dashboard_entries(user: User) -> list[DashboardEntry]:
    """Each of the member's mentorships with its next session and what needs their attention.

    Three queries however many mentorships there are: the mentorships (with their open next
    steps and unread messages as subqueries), their sessions' figures and the feedback given."""
    now = timezone.now()
    mentorships = list(
        mentorships_for_member(user).annotate(
            open_items=_count(
                ActionItem.objects.filter(session__mentorship=OuterRef("pk"), done_at__isnull=True)
            ),
            unread_messages=_count(unread_messages(user).filter(mentorship=OuterRef("pk"))),
        )
    )
    ids = [m.pk for m in mentorships]
    sessions = session_figures(ids, now)
    given = set(
        Feedback.objects.filter(mentorship__in=ids).values_list("mentorship_id", "side", "moment")
    )
    entries = []
    for mentorship in mentorships:
        side = "mentor" if mentorship.mentor_id == user.pk else "mentee"
        figures = sessions[mentorship.pk]
        needs: list[str] = []
        if mentorship.status == Mentorship.Status.APPROVED:
            accepted = (
                mentorship.mentor_accepted_at
                if side == Side.MENTOR
                else mentorship.mentee_accepted_at
            )
            needs.append(NEED_PARTNER_ACCEPTS if accepted else NEED_ACCEPT)
        if side == Side.MENTEE and figures.to_confirm:
            needs.append(NEED_CONFIRM)
        if side == Side.MENTOR and figures.to_log and mentorship.takes_sessions:
            needs.append(NEED_LOG)
        moment = feedback_moment_due(mentorship, confirmed=figures.confirmed)
        if moment and (mentorship.pk, side, moment) not in given:
            needs.append(NEED_FEEDBACK)
        entries.append(
            DashboardEntry(
                mentorship,
                side,
                figures.next_session_at if mentorship.takes_sessions else None,
                mentorship.open_items,
                needs,
                unread_messages=mentorship.unread_messages,
            )
        )
    return entries


def unread_messages(user: User) -> QuerySet[Message]:
    """Messages from the others that `user` has not yet seen, in any of their conversations."""
    seen = ConversationMember.objects.filter(
        mentorship=OuterRef("mentorship"), user=user, last_read_id__gte=OuterRef("pk")
    )
    return Message.objects.exclude(author=user).filter(~Exists(seen))
