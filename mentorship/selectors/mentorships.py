"""Reads of pairings a member may see (404 otherwise): the mentorship page, sessions, goals,
action items, the log form's initial values, the calendar feed; and the pair sets matching reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from accounts.models import MemberProfile, User
from mentorship.models import (
    ActionItem,
    CalendarFeed,
    Cohort,
    Feedback,
    FitCheck,
    Goal,
    GoalUpdate,
    Mentorship,
    MentorshipTransition,
    PrivateNote,
    Session,
    Side,
)
from mentorship.rules import feedback_moment_due, goal_key

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


def pairs_proposed_outside(cohort: Cohort | None) -> set[tuple[int, int]]:
    """(mentee profile id, mentor user id) pairs waiting for a decision in another cohort than
    `cohort` (in any cohort when None): a run must not propose them a second time."""
    proposed = Mentorship.objects.filter(status=Mentorship.Status.PROPOSED)
    if cohort is not None:
        proposed = proposed.exclude(cohort=cohort)
    return set(proposed.values_list("mentee_id", "mentor_id"))


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


def mentorship_for_member(user: User, pk: int) -> tuple[Mentorship, Side]:
    """One mentorship the member is a party to, with their side; 404 for anyone else."""
    mentorship = mentorships_for_member(user).filter(pk=pk).first()
    if mentorship is None:
        raise Http404("No such mentorship")
    side = Side.MENTOR if mentorship.mentor_id == user.pk else Side.MENTEE
    return mentorship, side


def session_for_member(user: User, pk: int) -> tuple[Session, Side]:
    session = Session.objects.select_related("mentorship").filter(pk=pk).first()
    if session is None:
        raise Http404("No such session")
    mentorship, side = mentorship_for_member(user, session.mentorship_id)
    session.mentorship = mentorship
    return session, side


def action_item_for_member(user: User, pk: int) -> tuple[ActionItem, Side]:
    """A next step of one of the member's mentorships, with their side; 404 for anyone else."""
    item = ActionItem.objects.select_related("session").filter(pk=pk).first()
    if item is None:
        raise Http404("No such next step")
    mentorship, side = mentorship_for_member(user, item.session.mentorship_id)
    item.session.mentorship = mentorship
    return item, side


def profile_goals_to_carry_over(mentorship: Mentorship) -> list[str]:
    """The goals typed in the mentee's profile that the mentorship does not have yet."""
    have = {goal_key(t) for t in mentorship.goals.values_list("title", flat=True)}
    return [g for g in mentorship.mentee.goal_list if goal_key(g) not in have]


def goal_for_member(user: User, pk: int) -> tuple[Goal, Side]:
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
    """What the mentorship page shows, and what the viewer may do there: the template asks the
    `can_*` flags rather than re-deriving the rules from statuses and sides.

    Each session also carries its own decisions for the viewer, set by `_session_flags`:
    `can_change` (calendar file, move, cancel), `can_log`, `waits_to_start`, `can_edit_log`
    (only the author edits their log), `can_confirm` and `can_reflect`.
    """

    mentorship: Mentorship
    side: Side
    timeline: list[MentorshipTransition]
    goals: list[Goal]
    sessions: list[Session]
    open_items: list[ActionItem]
    members: list[MemberProfile]
    # Empty once the pair has ended: contact details are for the people one is paired with.
    partners: list[Partner]
    fit_check_due: bool
    feedback_due: str | None
    is_mentor: bool = False
    # Sessions are scheduled, logged and changed, and goals updated, only while under way.
    takes_sessions: bool = False
    can_schedule: bool = False
    can_log: bool = False
    can_add_goals: bool = False
    can_update_goals: bool = False
    # The agreement: shown while approved; accepted once by each side; terms set by the first.
    shows_agreement: bool = False
    can_accept_agreement: bool = False
    can_set_terms: bool = False
    can_pause: bool = False
    can_resume: bool = False
    can_end: bool = False


def _page_flags(mentorship: Mentorship, side: Side) -> dict[str, bool]:
    """The page's `can_*` flags for one side, from the mentorship's own rules."""
    is_mentor = side == Side.MENTOR
    takes_sessions = mentorship.takes_sessions
    approved = mentorship.status == Mentorship.Status.APPROVED
    accepted_at = mentorship.mentor_accepted_at if is_mentor else mentorship.mentee_accepted_at
    return {
        "is_mentor": is_mentor,
        "takes_sessions": takes_sessions,
        "can_schedule": takes_sessions,
        "can_log": takes_sessions and is_mentor,
        "can_add_goals": takes_sessions and not is_mentor,
        "can_update_goals": takes_sessions,
        "shows_agreement": approved,
        "can_accept_agreement": approved and accepted_at is None,
        "can_set_terms": approved
        and mentorship.mentor_accepted_at is None
        and mentorship.mentee_accepted_at is None,
        "can_pause": mentorship.status == Mentorship.Status.ACTIVE,
        "can_resume": mentorship.status == Mentorship.Status.PAUSED,
        "can_end": mentorship.is_open,
    }


def _session_flags(session: Session, mentorship: Mentorship, side: Side, user: User) -> None:
    """Set on the session what the viewer may do with it (see `MentorshipPage`)."""
    is_mentor = side == Side.MENTOR
    scheduled = session.status == Session.Status.SCHEDULED
    under_way = mentorship.takes_sessions
    session.can_change = scheduled and under_way
    session.can_log = session.can_change and is_mentor and session.has_started
    session.waits_to_start = session.can_change and not session.has_started
    session.can_edit_log = (
        under_way and not scheduled and is_mentor and session.logged_by_id == user.pk
    )
    session.can_confirm = not is_mentor and session.status == Session.Status.LOGGED
    session.can_reflect = (
        not is_mentor
        and session.status == Session.Status.CONFIRMED
        and not session.mentee_reflection
    )


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
        _session_flags(session, mentorship, side, user)
    confirmed = sum(1 for s in sessions if s.status == Session.Status.CONFIRMED)
    answered_fit = FitCheck.objects.filter(mentorship=mentorship, side=side).exists()
    moment = feedback_moment_due(mentorship, confirmed=confirmed)
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
    mentor = [p for p in people if p.user_id == mentorship.mentor_id]
    other_side = members if side == Side.MENTOR else mentor
    return MentorshipPage(
        mentorship=mentorship,
        side=side,
        fit_check_due=mentorship.status == Mentorship.Status.ACTIVE
        and confirmed >= 1
        and not answered_fit,
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
        **_page_flags(mentorship, side),
    )


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
