"""Reads for the member's dashboard: each pairing with what the member should do next."""

from __future__ import annotations

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


def dashboard_entries(user: User) -> list[DashboardEntry]:
    """Each of the member's mentorships with its next session and what needs their attention.

    What the dashboard needs of each mentorship's sessions comes as subqueries of the one query
    for the mentorships, so the page's query count does not grow with them."""
    now = timezone.now()
    sessions = Session.objects.filter(mentorship=OuterRef("pk"))
    scheduled = sessions.filter(status=Session.Status.SCHEDULED)
    mentorships = list(
        mentorships_for_member(user).annotate(
            next_session_at=Subquery(
                scheduled.filter(starts_at__gte=now).order_by("starts_at").values("starts_at")[:1]
            ),
            to_confirm=Exists(sessions.filter(status=Session.Status.LOGGED)),
            to_log=Exists(scheduled.filter(starts_at__lt=now)),
            confirmed=_count(sessions.filter(status=Session.Status.CONFIRMED)),
            open_items=_count(
                ActionItem.objects.filter(session__mentorship=OuterRef("pk"), done_at__isnull=True)
            ),
            unread_messages=_count(unread_messages(user).filter(mentorship=OuterRef("pk"))),
        )
    )
    given = set(
        Feedback.objects.filter(mentorship__in=[m.pk for m in mentorships]).values_list(
            "mentorship_id", "side", "moment"
        )
    )
    entries = []
    for mentorship in mentorships:
        side = "mentor" if mentorship.mentor_id == user.pk else "mentee"
        needs: list[str] = []
        if mentorship.status == Mentorship.Status.APPROVED:
            accepted = (
                mentorship.mentor_accepted_at
                if side == Side.MENTOR
                else mentorship.mentee_accepted_at
            )
            needs.append(NEED_PARTNER_ACCEPTS if accepted else NEED_ACCEPT)
        if side == Side.MENTEE and mentorship.to_confirm:
            needs.append(NEED_CONFIRM)
        if side == Side.MENTOR and mentorship.to_log and mentorship.takes_sessions:
            needs.append(NEED_LOG)
        moment = feedback_moment_due(mentorship, confirmed=mentorship.confirmed)
        if moment and (mentorship.pk, side, moment) not in given:
            needs.append(NEED_FEEDBACK)
        entries.append(
            DashboardEntry(
                mentorship,
                side,
                mentorship.next_session_at if mentorship.takes_sessions else None,
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
