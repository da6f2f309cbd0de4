"""Reads of mentorships shared by several callers; each enforces who may see what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, Func, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberProfile, User
from mentorship import services
from mentorship.models import (
    ActionItem,
    CalendarFeed,
    ConversationMember,
    Feedback,
    FitCheck,
    Goal,
    GoalUpdate,
    Mentorship,
    MentorshipTransition,
    Message,
    PrivateNote,
    Session,
)

VISIBLE_TO_MEMBERS = (
    Mentorship.Status.APPROVED,
    Mentorship.Status.ACTIVE,
    Mentorship.Status.PAUSED,
    Mentorship.Status.COMPLETED,
    Mentorship.Status.ENDED,
)


def rejected_pairs() -> set[tuple[int, int]]:
    """(mentee profile id, mentor user id) pairs that must never be proposed again."""
    return set(
        Mentorship.objects.filter(status=Mentorship.Status.REJECTED).values_list(
            "mentee_id", "mentor_id"
        )
    )


def finished_pairs() -> set[tuple[int, int]]:
    """(mentee profile id, mentor user id) pairs whose mentorship ended or completed: the
    mentee goes back to the pool, but not to the mentor they just finished with."""
    return set(
        Mentorship.objects.filter(
            status__in=(Mentorship.Status.ENDED, Mentorship.Status.COMPLETED)
        ).values_list("mentee_id", "mentor_id")
    )


def open_counts_by_mentor() -> dict[int, int]:
    """How many open mentorships each mentor (by user id) has."""
    rows = (
        Mentorship.objects.filter(status__in=Mentorship.OPEN_STATUSES)
        .values("mentor_id")
        .annotate(n=Count("pk"))
    )
    return {row["mentor_id"]: row["n"] for row in rows}


def mentee_ids_with_mentor_or_request() -> set[int]:
    """Mentee profiles that have a mentor, or a mentee request waiting: not for a matching run."""
    return set(
        Mentorship.objects.filter(
            Q(status__in=Mentorship.OPEN_STATUSES)
            | Q(status=Mentorship.Status.PROPOSED, origin=Mentorship.Origin.REQUEST)
        ).values_list("mentee_id", flat=True)
    )


def _member_filter(user: User) -> Q:
    # The member's group, if any, as a subquery: one query, and PostgreSQL still reads both
    # sides through their indexes.
    group = MemberProfile.objects.filter(user=user).values("mentee_profile_id")[:1]
    return Q(mentor=user) | Q(mentee_id=Subquery(group))


def mentorships_for_member(user: User) -> QuerySet[Mentorship]:
    """The member's own mentorships, as mentor or as (a co-founder of) the mentee."""
    return (
        Mentorship.objects.filter(_member_filter(user), status__in=VISIBLE_TO_MEMBERS)
        .select_related("mentor", "mentee")
        .order_by("-created_at")
    )


def mentorship_for_member(user: User, pk: int) -> tuple[Mentorship, str]:
    """One mentorship the member is a party to, with their side; 404 for anyone else."""
    mentorship = mentorships_for_member(user).filter(pk=pk).first()
    if mentorship is None:
        raise Http404("No such mentorship")
    side = "mentor" if mentorship.mentor_id == user.pk else "mentee"
    return mentorship, side


def session_for_member(user: User, pk: int) -> tuple[Session, str]:
    session = Session.objects.select_related("mentorship").filter(pk=pk).first()
    if session is None:
        raise Http404("No such session")
    mentorship, side = mentorship_for_member(user, session.mentorship_id)
    session.mentorship = mentorship
    return session, side


def action_item_for_member(user: User, pk: int) -> tuple[ActionItem, str]:
    """A next step of one of the member's mentorships, with their side; 404 for anyone else."""
    item = ActionItem.objects.select_related("session").filter(pk=pk).first()
    if item is None:
        raise Http404("No such next step")
    mentorship, side = mentorship_for_member(user, item.session.mentorship_id)
    item.session.mentorship = mentorship
    return item, side


def profile_goals_to_carry_over(mentorship: Mentorship) -> list[str]:
    """The goals typed in the mentee's profile that the mentorship does not have yet."""
    have = {services.goal_key(t) for t in mentorship.goals.values_list("title", flat=True)}
    return [g for g in mentorship.mentee.goal_list if services.goal_key(g) not in have]


def goal_for_member(user: User, pk: int) -> tuple[Goal, str]:
    goal = Goal.objects.filter(pk=pk).first()
    if goal is None:
        raise Http404("No such goal")
    mentorship, side = mentorship_for_member(user, goal.mentorship_id)
    goal.mentorship = mentorship
    return goal, side


@dataclass
class Partner:
    """Someone on the other side of an open pair, with only the contact details they chose."""

    pk: int
    name: str
    organisation: str
    bio: str
    email: str | None
    phone: str | None

    @classmethod
    def of(cls, profile: MemberProfile) -> Partner:
        return cls(
            pk=profile.pk,
            name=profile.user.get_full_name(),
            organisation=profile.organisation.name if profile.organisation else "",
            bio=profile.bio,
            email=profile.user.email if profile.show_email else None,
            phone=profile.phone if profile.show_phone and profile.phone else None,
        )


@dataclass
class MentorshipPage:
    mentorship: Mentorship
    side: str
    timeline: list[MentorshipTransition]
    goals: list[Goal]
    sessions: list[Session]
    open_items: list[ActionItem]
    members: list[MemberProfile]
    # Empty once the pair has ended: contact details are for the people one is paired with.
    partners: list[Partner]
    fit_check_due: bool
    feedback_due: str | None


def mentorship_page(user: User, pk: int) -> MentorshipPage:
    """Everything the mentorship page shows, in a fixed number of queries."""
    mentorship, side = mentorship_for_member(user, pk)
    sessions = list(
        Session.objects.filter(mentorship=mentorship)
        .prefetch_related(
            "topics",
            Prefetch("action_items", queryset=ActionItem.objects.select_related("done_by")),
        )
        .order_by("-starts_at", "-pk")
    )
    # Only the viewer's own private notes are ever read.
    notes = dict(
        PrivateNote.objects.filter(author=user, session__mentorship=mentorship).values_list(
            "session_id", "text"
        )
    )
    for session in sessions:
        session.my_note = notes.get(session.pk, "")
    confirmed = sum(1 for s in sessions if s.status == Session.Status.CONFIRMED)
    answered_fit = FitCheck.objects.filter(mentorship=mentorship, side=side).exists()
    moment = services.feedback_moment_due(mentorship, confirmed=confirmed)
    if moment and Feedback.objects.filter(mentorship=mentorship, side=side, moment=moment).exists():
        moment = None
    # The mentee's members and the mentor's profile in one query: the "Who" list and the cards.
    people = list(
        MemberProfile.objects.filter(
            Q(mentee_profile_id=mentorship.mentee_id) | Q(user_id=mentorship.mentor_id)
        )
        .select_related("user", "organisation")
        .order_by("pk")
    )
    members = [p for p in people if p.mentee_profile_id == mentorship.mentee_id]
    other_side = members if side == "mentor" else [p for p in people if p not in members]
    return MentorshipPage(
        mentorship=mentorship,
        side=side,
        fit_check_due=confirmed >= 1 and not answered_fit,
        feedback_due=moment,
        timeline=list(mentorship.transitions.select_related("by")),
        goals=list(
            mentorship.goals.prefetch_related(
                Prefetch("updates", queryset=GoalUpdate.objects.select_related("by"))
            ).order_by("created_at")
        ),
        sessions=sessions,
        open_items=[i for s in sessions for i in s.action_items.all() if i.done_at is None],
        members=members,
        partners=[Partner.of(p) for p in other_side if p.user.is_active]
        if mentorship.is_open
        else [],
    )


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
                mentorship.mentor_accepted_at if side == "mentor" else mentorship.mentee_accepted_at
            )
            needs.append(NEED_PARTNER_ACCEPTS if accepted else NEED_ACCEPT)
        if side == "mentee" and mentorship.to_confirm:
            needs.append(NEED_CONFIRM)
        if side == "mentor" and mentorship.to_log and mentorship.takes_sessions:
            needs.append(NEED_LOG)
        moment = services.feedback_moment_due(mentorship, confirmed=mentorship.confirmed)
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


def log_initial(session: Session, user: User) -> dict[str, object]:
    """The log form's starting values for a scheduled or already logged session."""
    note = (
        PrivateNote.objects.filter(session=session, author=user)
        .values_list("text", flat=True)
        .first()
    )
    return {
        "starts_at": timezone.localtime(session.starts_at).replace(tzinfo=None),
        "duration_minutes": session.duration_minutes,
        "format": session.format,
        "summary": session.summary,
        "topics": [s.pk for s in session.topics.all()],
        "private_note": note or "",
    }


def calendar_owner(token: str) -> User:
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar")
    return feed.user


def calendar_sessions(user: User) -> QuerySet[Session]:
    return Session.objects.filter(
        mentorship__in=mentorships_for_member(user).filter(status__in=Mentorship.OPEN_STATUSES)
    ).select_related("mentorship__mentor", "mentorship__mentee")
