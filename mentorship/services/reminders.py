"""Periodic sweeps that find what is due and write outbox rows.

Each sweep walks its candidates in primary-key batches (keyset pagination), with a fixed number
of queries per batch, so memory stays flat however large the programme. Every email has an
idempotency key, so running a sweep twice, or two at once, queues nothing twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TypeVar, cast

from django.conf import settings
from django.db.models import Max, Model, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts import outbox
from accounts.coordinators import COORDINATORS_GROUP
from accounts.models import MemberProfile, MenteeProfile, OutboundEmail, User
from mentorship import emails
from mentorship.models import ActionItem, Enrolment, Mentorship, Programme, Session, Side
from mentorship.selectors import hours
from mentorship.selectors.scopes import coordinators_of, lead_ids, programmes_for

BATCH = 500
SESSION_REMINDER_HOURS = int(getattr(settings, "SESSION_REMINDER_HOURS", 24))
# Sessions and logs older than this are history: no reminder is worth sending about them.
STALE_AFTER = timedelta(days=30)

Row = TypeVar("Row", bound=Model)


def _members_prefetch() -> Prefetch[str, QuerySet[MemberProfile], str]:
    members = (
        MemberProfile.objects.filter(user__is_active=True).select_related("user").order_by("pk")
    )
    return Prefetch("mentorship__mentee__members", queryset=members, to_attr="active_members")


def _mentee_members() -> Prefetch[str, QuerySet[MemberProfile], str]:
    members = (
        MemberProfile.objects.filter(user__is_active=True)
        .select_related("user__profile")
        .order_by("pk")
    )
    return Prefetch("mentee__members", queryset=members, to_attr="active_members")


def _batches(queryset: QuerySet[Row]) -> Iterator[list[Row]]:
    """The queryset in primary-key order, BATCH rows at a time; the emails queued while a batch
    is handled are stored together when it is done."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        with outbox.collect():
            yield batch
        last = batch[-1].pk


def _mentees(mentorship: Mentorship) -> list[User]:
    """The mentee's active members, read by a Prefetch into `active_members`."""
    return [m.user for m in mentorship.mentee.active_members]  # type: ignore[attr-defined]


def _sessions(**filters: object) -> QuerySet[Session]:
    return (
        Session.objects.filter(mentorship__status__in=Mentorship.OPEN_STATUSES, **filters)
        .select_related("mentorship__mentor__profile", "mentorship__mentee")
        .prefetch_related(_members_prefetch())
    )


def _unsent(keys: list[str]) -> set[str]:
    """Which of these keys are not yet in the outbox (one query, instead of one failed insert each)."""
    return set(keys) - set(OutboundEmail.objects.filter(key__in=keys).values_list("key", flat=True))


def session_reminders(now: datetime) -> int:
    """Remind both sides of a session starting within SESSION_REMINDER_HOURS, with its .ics."""
    queued = 0
    due = _sessions(
        status=Session.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=SESSION_REMINDER_HOURS),
    )
    for batch in _batches(due):
        candidates = {
            (s.pk, u.pk): (s, u)
            for s in batch
            for u in [s.mentorship.mentor, *_mentees(s.mentorship)]
        }
        fresh = _unsent([f"session-reminder:{sid}:{uid}" for sid, uid in candidates])
        by_session: dict[int, list[User]] = defaultdict(list)
        for (sid, uid), (_session, user) in candidates.items():
            if f"session-reminder:{sid}:{uid}" in fresh:
                by_session[sid].append(user)
        for session in batch:
            if by_session.get(session.pk):
                emails.notify_session_reminder(session, by_session[session.pk])
                queued += len(by_session[session.pk])
    return queued


def log_reminders(now: datetime) -> int:
    """Ask the mentor to log a session 24 hours after it, and a last time after 72 hours."""
    queued = 0
    for final, age in ((False, timedelta(hours=24)), (True, timedelta(hours=72))):
        # A session ends at starts_at + duration; at most 10 hours, hence the margin.
        due = _sessions(
            status=Session.Status.SCHEDULED,
            starts_at__lt=now - age,
            starts_at__gte=now - STALE_AFTER,
        )
        for batch in _batches(due):
            ended = [
                s for s in batch if s.starts_at + timedelta(minutes=s.duration_minutes) <= now - age
            ]
            fresh = _unsent([f"log-reminder-{2 if final else 1}:{s.pk}" for s in ended])
            for session in ended:
                if f"log-reminder-{2 if final else 1}:{session.pk}" in fresh:
                    emails.notify_log_reminder(session, final=final)
                    queued += 1
    return queued


def confirm_reminders(now: datetime) -> int:
    """Ask the mentee to confirm a session logged three days ago and still unconfirmed."""
    queued = 0
    due = _sessions(
        status=Session.Status.LOGGED,
        logged_at__lt=now - timedelta(days=3),
        logged_at__gte=now - STALE_AFTER,
    )
    for batch in _batches(due):
        pairs = [(s, u) for s in batch for u in _mentees(s.mentorship)]
        fresh = _unsent([f"confirm-reminder:{s.pk}:{u.pk}" for s, u in pairs])
        # Each session's emails in one call, which renders them once per language.
        by_session: dict[int, tuple[Session, list[User]]] = {}
        for session, user in pairs:
            if f"confirm-reminder:{session.pk}:{user.pk}" in fresh:
                by_session.setdefault(session.pk, (session, []))[1].append(user)
        for session, users in by_session.values():
            emails.notify_confirm_reminder(session, users)
            queued += len(users)
    return queued


def inactivity(now: datetime) -> int:
    """Nudge both sides of an active pair that has not met for 30 days; alert coordinators at 45."""
    queued = 0
    cutoff_30 = now - timedelta(days=30)
    # The latest session that was not cancelled: one index lookup per pair, where Max() would
    # join and group every session of every pair the batch passes over.
    latest = (
        Session.objects.filter(mentorship=OuterRef("pk"))
        .exclude(status=Session.Status.CANCELLED)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    active = (
        Mentorship.objects.filter(status=Mentorship.Status.ACTIVE)
        .annotate(last_met=Subquery(latest))
        .filter(Q(last_met__lt=cutoff_30) | Q(last_met__isnull=True, approved_at__lt=cutoff_30))
        .select_related("mentor__profile", "mentee", "cohort")
        .prefetch_related(_mentee_members())
    )
    # Each pair's alert goes to its programme's coordinators and the leads: one read a programme.
    coordinators_by_programme: dict[int, list[User]] = {}

    def coordinators_for(mentorship: Mentorship) -> list[User]:
        programme_id = mentorship.cohort.programme_id
        if programme_id not in coordinators_by_programme:
            coordinators_by_programme[programme_id] = list(coordinators_of(programme_id))
        return coordinators_by_programme[programme_id]

    for batch in _batches(active):
        nudges, alerts = [], []
        for mentorship in batch:
            last_met = mentorship.last_met  # type: ignore[attr-defined]  # annotated above
            # An active pair was approved, so one of the two is set.
            last = cast(datetime, last_met or mentorship.approved_at)
            since = last.date()
            users = [mentorship.mentor, *_mentees(mentorship)]
            nudges += [
                (f"inactivity:{mentorship.pk}:{since}:{u.pk}", mentorship, since, u) for u in users
            ]
            if last < now - timedelta(days=45):
                topic = f"inactive-45:{mentorship.pk}:{since}"
                alerts += [
                    (f"coordinator-alert:{topic}:{c.pk}", mentorship, since, c)
                    for c in coordinators_for(mentorship)
                ]
        fresh = _unsent([key for key, *_ in nudges + alerts])
        # Each pair's nudges, and each pair's alerts, in one call: rendered once per language.
        for pair, since, users in _by_pair(nudges, fresh):
            emails.notify_inactivity(pair, since=since, recipients=users)
            queued += len(users)
        for pair, since, coordinators in _by_pair(alerts, fresh):
            emails.notify_coordinators(
                alert=emails.CoordinatorAlert.INACTIVE,
                topic=f"inactive-45:{pair.pk}:{since}",
                mentorship=pair,
                since=since,
                coordinators=coordinators,
            )
    return queued


def _by_pair(
    due: Sequence[tuple[str, Mentorship, date, User]], fresh: set[str]
) -> list[tuple[Mentorship, date, list[User]]]:
    """The recipients of the emails not yet queued, gathered by pair, in the order given."""
    by_pair: dict[int, tuple[Mentorship, date, list[User]]] = {}
    for key, mentorship, since, user in due:
        if key in fresh:
            by_pair.setdefault(mentorship.pk, (mentorship, since, []))[2].append(user)
    return list(by_pair.values())


def ending_soon(today: date) -> int:
    """Both sides hear 14 days before the planned end."""
    queued = 0
    due = (
        Mentorship.objects.filter(
            status=Mentorship.Status.ACTIVE, ends_on=today + timedelta(days=14)
        )
        .select_related("mentor__profile", "mentee")
        .prefetch_related(_mentee_members())
    )
    for batch in _batches(due):
        for mentorship in batch:
            users = [mentorship.mentor, *_mentees(mentorship)]
            emails.notify_ending_soon(mentorship, users)
            queued += len(users)
    return queued


def action_items_due(today: date) -> int:
    """One email per member listing their next steps due tomorrow."""
    tomorrow = today + timedelta(days=1)
    items = (
        ActionItem.objects.filter(
            due_on=tomorrow,
            done_at__isnull=True,
            session__mentorship__status__in=Mentorship.OPEN_STATUSES,
        )
        .select_related("session__mentorship__mentor")
        .prefetch_related(
            Prefetch(
                "session__mentorship__mentee__members",
                queryset=MemberProfile.objects.filter(user__is_active=True).select_related("user"),
                to_attr="active_members",
            )
        )
    )
    per_user: dict[int, tuple[User, list[ActionItem]]] = {}
    for batch in _batches(items):
        for item in batch:
            mentorship = item.session.mentorship
            owners = [mentorship.mentor] if item.owner == Side.MENTOR else _mentees(mentorship)
            for user in owners:
                per_user.setdefault(user.pk, (user, []))[1].append(item)
    with outbox.collect():
        for user, user_items in per_user.values():
            emails.notify_action_items_due(user, user_items, due_on=tomorrow)
    return len(per_user)


def coordinator_digest(now: datetime) -> int:
    """Monday's digest: who is waiting, what needs approving, who has gone quiet, failed emails."""
    from mentorship.selectors.mentorships import mentee_ids_with_mentor_or_request

    week = now.strftime("%G-W%V")
    coordinators = list(
        User.objects.filter(is_active=True, is_staff=True, groups__name=COORDINATORS_GROUP)
        .order_by("pk")
        .distinct()
    )
    leads = lead_ids(coordinators)
    taken = mentee_ids_with_mentor_or_request()
    by_scope: dict[tuple[int, ...] | None, dict[str, object]] = {}
    with outbox.collect():
        for user in coordinators:
            # A lead's digest covers the site; any other coordinator's, their programmes only.
            scope = (
                None
                if user.pk in leads
                else tuple(sorted(programmes_for(user).values_list("pk", flat=True)))
            )
            if scope not in by_scope:
                by_scope[scope] = _digest_figures(now, taken, scope)
            emails.notify_coordinator_digest(user, week=week, figures=by_scope[scope])
    return len(coordinators)


def _digest_figures(
    now: datetime, taken: set[int], programme_ids: tuple[int, ...] | None
) -> dict[str, object]:
    """The digest's counts over the programmes given (None: every programme, for leads)."""
    mentorships = Mentorship.objects.all()
    waiting = MenteeProfile.objects.exclude(pk__in=taken)
    programmes: list[str] = []
    if programme_ids is not None:
        mentorships = mentorships.filter(cohort__programme_id__in=programme_ids)
        runs = list(Programme.objects.filter(pk__in=programme_ids).order_by("name"))
        programmes = [p.name for p in runs]
        # A programme open to every member has every waiting mentee in its pool.
        if not any(p.admission == Programme.Admission.ALL_MEMBERS for p in runs):
            waiting = waiting.filter(
                enrolments__status=Enrolment.Status.ACCEPTED,
                enrolments__cohort__programme_id__in=programme_ids,
            ).distinct()
    requests = mentorships.filter(
        status=Mentorship.Status.PROPOSED, origin=Mentorship.Origin.REQUEST
    )
    return {
        "programmes": programmes,
        "waiting": waiting.count(),
        "proposals": mentorships.filter(status=Mentorship.Status.PROPOSED).count(),
        # Mentees' requests for a mentor: still with the mentor, or accepted and to approve.
        "requests_waiting": requests.filter(proposal__mentor_accepted_at__isnull=True).count(),
        "requests_accepted": requests.filter(proposal__mentor_accepted_at__isnull=False).count(),
        "inactive": mentorships.filter(status=Mentorship.Status.ACTIVE)
        .annotate(last_met=Max("sessions__starts_at"))
        .filter(
            Q(last_met__lt=now - timedelta(days=30))
            | Q(last_met__isnull=True, approved_at__lt=now - timedelta(days=30))
        )
        .count(),
        # Failed emails are the site's, not a programme's: the leads' to see to.
        "failed_emails": (
            OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED).count()
            if programme_ids is None
            else None
        ),
    }


def hours_statements(today: date) -> int:
    """On the first of the month, each mentor gets last month's confirmed hours: the same
    figures the coordinators' claims page pays from."""
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    # A mentor in two programmes has a claim in each; their statement is one email.
    by_mentor: dict[int, list[hours.MentorClaim]] = defaultdict(list)
    for claim in hours.month_claims(month):
        by_mentor[claim.mentor.pk].append(claim)
    with outbox.collect():
        for claims in by_mentor.values():
            rows = [
                {
                    "mentee": str(line.mentorship.mentee) if line.mentorship else line.label,
                    "sessions": line.sessions,
                    "hours": line.hours,
                }
                for claim in claims
                for line in claim.lines
            ]
            emails.notify_hours_statement(
                claims[0].mentor,
                month=month,
                rows=rows,
                total_hours=sum((claim.hours for claim in claims), Decimal("0.00")),
            )
    return len(by_mentor)


def sweep_all(now: datetime | None = None) -> dict[str, int]:
    """The frequent sweep: every reminder whose time has come."""
    now = now or timezone.now()
    return {
        "session_reminders": session_reminders(now),
        "log_reminders": log_reminders(now),
        "confirm_reminders": confirm_reminders(now),
        "inactivity": inactivity(now),
    }
