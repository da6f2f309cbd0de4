"""Matching runs, coordinators' decisions on proposals, manual pairings and mentee requests.

A refusal by matching's own rules raises `MatchingError`; a refusal by the relationship's rules
(a full mentor, a pair already open) comes from `mentorship.services` as its `MentorshipError`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import Action, audit_record
from accounts.models import MemberProfile, MenteeProfile, User
from matching import engine, selectors
from matching.models import MatchPolicy, MatchRun, Proposal
from mentorship import emails as mentorship_emails
from mentorship.models import Cohort, Mentorship, MentorshipTransition
from mentorship.selectors import cohorts as mentorship_cohorts
from mentorship.selectors import scopes
from mentorship.services import relationship as mentorship_relationship
from mentorship.services.errors import MentorshipError

logger = logging.getLogger(__name__)

NO_DEFAULT_POLICY = _("There is no default matching policy: mark one as default first.")
RUN_SUPERSEDED = "A newer matching run replaced this proposal."
NOT_WAITING = _("You already have a mentor or a request waiting for a coordinator.")
NOT_SUGGESTED = _("That mentor is not among your suggestions any more.")
NOT_YOUR_REQUEST = _("This request is not addressed to you.")
NOT_YOUR_PROGRAMME = _(
    "You do not coordinate this pairing's programme: its own coordinators decide on it."
)
NOT_YOUR_COHORT = _("You do not coordinate this cohort's programme, so you cannot match it.")
NOT_MATCHABLE = _(
    "This cohort cannot be matched: it is closed, or its programme is a draft or closed."
)
RUN_ALREADY_ACTIVE = _(
    "Another matching run is queued or running: wait for it to finish (its page shows its "
    "progress). A run with no progress for %(minutes)s minutes is marked failed, and then a new "
    "one can start."
)
RUN_STALE = "No progress for {minutes} minutes: the worker running it probably stopped."

# Longer than a run's task may live (the worker's hard time limit), so only a dead run is stale.
RUN_STALE_AFTER = timedelta(minutes=30)

Status = Mentorship.Status


class MatchingError(Exception):
    """A matching step the rules do not allow, with a message for the person who asked."""


def default_policy() -> MatchPolicy:
    policy = MatchPolicy.objects.filter(is_default=True).first()
    if policy is None:
        raise MatchingError(NO_DEFAULT_POLICY)
    return policy


def policy_for(cohort: Cohort) -> MatchPolicy:
    """The policy a cohort's runs use: its programme's own, else the site's default."""
    own = MatchPolicy.objects.filter(programme_id=cohort.programme_id).first()
    return own or default_policy()


def match_run_create(
    *, by: User, policy: MatchPolicy | None = None, cohort: Cohort | None = None
) -> MatchRun:
    """Queue a run for a cohort (the site's default one unless named), with its programme's
    policy unless one is named, unless another run is queued or running for it (a database
    constraint decides). Only a coordinator of the cohort's programme may, and only while the
    cohort can be matched.

    A stale run is failed first, so a run whose worker died does not block the next one.
    """
    cohort = cohort or Cohort.default()
    policy = policy or policy_for(cohort)
    if not scopes.runs_programme(by, cohort.programme_id):
        raise MatchingError(NOT_YOUR_COHORT)
    if not mentorship_cohorts.matchable(by).filter(pk=cohort.pk).exists():
        raise MatchingError(NOT_MATCHABLE)
    match_runs_fail_stale()
    try:
        with transaction.atomic():
            return MatchRun.objects.create(
                started_by=by, cohort=cohort, policy=policy, policy_used=policy.as_dict()
            )
    except IntegrityError:
        minutes = int(RUN_STALE_AFTER.total_seconds() // 60)
        raise MatchingError(RUN_ALREADY_ACTIVE % {"minutes": minutes}) from None


def match_runs_fail_stale(*, now: datetime | None = None) -> int:
    """Mark failed every queued or running run with no progress for RUN_STALE_AFTER.

    One conditional UPDATE: running it twice, or beside a run that finishes, does no harm.
    """
    now = now or timezone.now()
    minutes = int(RUN_STALE_AFTER.total_seconds() // 60)
    failed = MatchRun.objects.filter(
        status__in=MatchRun.ACTIVE_STATUSES, progress_at__lt=now - RUN_STALE_AFTER
    ).update(
        status=MatchRun.Status.FAILED, error=RUN_STALE.format(minutes=minutes), finished_at=now
    )
    if failed:
        logger.warning("Marked %s stale matching run(s) failed", failed)
    return failed


def match_run_progress(run_id: int, percent: int, note: str) -> None:
    # Written outside the run's transaction so the admin page can show it while it runs.
    MatchRun.objects.filter(pk=run_id, status=MatchRun.Status.RUNNING).update(
        progress=percent, progress_note=note, progress_at=timezone.now()
    )


def match_run_execute(run_id: int) -> MatchRun | None:
    """Run the engine for a queued run and save its proposals; does nothing if already claimed."""
    claimed = MatchRun.objects.filter(pk=run_id, status=MatchRun.Status.QUEUED).update(
        status=MatchRun.Status.RUNNING,
        progress=5,
        progress_note="Loading members",
        progress_at=timezone.now(),
    )
    if not claimed:
        return None
    run = MatchRun.objects.select_related("policy", "cohort__programme").get(pk=run_id)
    started = time.perf_counter()
    try:
        data = selectors.engine_input(run.cohort)
        match_run_progress(
            run_id, 25, f"Scoring {len(data.mentees)} mentees against {len(data.mentors)} mentors"
        )
        policy = selectors.engine_policy(run.policy, pairs=len(data.mentees) * len(data.mentors))
        result = engine.match(data.mentors, data.mentees, data.taxonomy, policy, data.exclusions)
        match_run_progress(run_id, 80, f"Saving {len(result.assignments)} proposals")
        saved = _save_result(run, data, result, seconds=time.perf_counter() - started)
    except Exception as error:
        logger.exception("Matching run %s failed", run_id)
        MatchRun.objects.filter(pk=run_id, status=MatchRun.Status.RUNNING).update(
            status=MatchRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    if not saved:
        logger.warning("Matching run %s was marked failed while it ran: result dropped", run_id)
    run.refresh_from_db()
    return run


@transaction.atomic
def _save_result(
    run: MatchRun, data: selectors.EngineInput, result: engine.MatchResult, *, seconds: float
) -> bool:
    """Save the proposals and finish the run; False if the run is no longer running."""
    # Locked, and still running: a run the sweep failed meanwhile must not save proposals.
    if (
        not MatchRun.objects.select_for_update()
        .filter(pk=run.pk, status=MatchRun.Status.RUNNING)
        .exists()
    ):
        return False
    # The cohort's earlier proposals give way; approved pairs and other cohorts are untouched.
    mentorship_relationship.mentorships_withdraw(
        Mentorship.objects.filter(
            cohort=run.cohort, status=Status.PROPOSED, origin=Mentorship.Origin.ENGINE
        ),
        by=run.started_by,
        reason=RUN_SUPERSEDED,
    )
    mentorships = Mentorship.objects.bulk_create(
        Mentorship(
            cohort_id=run.cohort_id,
            mentor_id=int(a.mentor),
            mentee_id=int(a.mentee),
            origin=Mentorship.Origin.ENGINE,
        )
        for a in result.assignments
    )
    MentorshipTransition.objects.bulk_create(
        MentorshipTransition(
            mentorship=m,
            to_status=Status.PROPOSED,
            by=run.started_by,
            reason=f"Matching run {run.pk}",
        )
        for m in mentorships
    )
    Proposal.objects.bulk_create(
        Proposal(
            mentorship=m,
            run=run,
            score=round(a.score, 4),
            breakdown={part: round(value, 4) for part, value in a.breakdown.parts.items()},
            reasons=list(a.reasons),
        )
        for m, a in zip(mentorships, result.assignments, strict=True)
    )
    matched = len(result.assignments)
    run.status = MatchRun.Status.FINISHED
    run.progress, run.progress_note = 100, "Done"
    run.finished_at = timezone.now()
    run.mentees_considered = result.stats.mentees
    run.mentors_considered = result.stats.mentors
    run.matched = matched
    run.average_score = round(result.stats.total_score / matched, 4) if matched else None
    run.seconds = round(seconds, 3)
    run.unmatched = [
        {"mentee": int(u.mentee), "name": data.names.get(u.mentee, u.mentee), "reason": u.reason}
        for u in result.unmatched
    ]
    run.save()
    return True


def match_run_should_queue(cohort: Cohort | None = None) -> bool:
    """Whether a run is big enough to go to a worker rather than finish in the request."""
    pairs = len(selectors.mentees_waiting(cohort)) * len(selectors.mentors_with_room(cohort))
    return pairs > selectors.SYNC_PAIR_LIMIT


@dataclass(frozen=True)
class Decision:
    approved: list[Mentorship]
    refused: list[tuple[Mentorship, str]]


def proposals_approve(*, mentorship_ids: list[int], by: User) -> Decision:
    """Approve each pairing on its own, so one full mentor does not stop the others."""
    approved, refused = [], []
    for mentorship_id in sorted(mentorship_ids):
        try:
            approved.append(proposal_approve(mentorship_id=mentorship_id, by=by))
        except (MatchingError, MentorshipError) as error:
            refused.append((Mentorship.objects.get(pk=mentorship_id), str(error)))
    return Decision(approved, refused)


@transaction.atomic
def proposal_approve(*, mentorship_id: int, by: User) -> Mentorship:
    """Approve a pairing and, in the same transaction, queue the introductions."""
    mentorship, approved_now = _approve(mentorship_id=mentorship_id, by=by)
    if approved_now:
        audit_record(actor=by, action=Action.PAIRING_APPROVED, target=mentorship)
    return mentorship


def _check_runs_programme(*, mentorship_id: int, by: User) -> None:
    """Refuse a coordinator a pairing of a programme they do not run (every path asks here)."""
    programme_id = (
        Mentorship.objects.filter(pk=mentorship_id)
        .values_list("cohort__programme_id", flat=True)
        .first()
    )
    if programme_id is not None and not scopes.runs_programme(by, programme_id):
        raise MatchingError(NOT_YOUR_PROGRAMME)


def _approve(*, mentorship_id: int, by: User) -> tuple[Mentorship, bool]:
    _check_runs_programme(mentorship_id=mentorship_id, by=by)
    # Whether this call approved it is decided under mentorship_approve's lock: a double submit
    # waits there, finds the pairing approved, and introduces nobody.
    mentorship, approved_now = mentorship_relationship.mentorship_approve(
        mentorship_id=mentorship_id, by=by
    )
    if approved_now:
        proposal = Proposal.objects.filter(mentorship_id=mentorship_id).first()
        mentorship_emails.notify_introduction(mentorship, proposal.reasons if proposal else [])
    return mentorship, approved_now


@transaction.atomic
def proposal_reject(*, mentorship_id: int, by: User, reason: str) -> Mentorship:
    """A coordinator rejects a proposed pairing; the pair is never proposed again."""
    _check_runs_programme(mentorship_id=mentorship_id, by=by)
    already = Mentorship.objects.filter(pk=mentorship_id, status=Status.REJECTED).exists()
    mentorship = mentorship_relationship.mentorship_reject(
        mentorship_id=mentorship_id, by=by, reason=reason
    )
    if not already:
        audit_record(
            actor=by, action=Action.PAIRING_REJECTED, target=mentorship, details={"reason": reason}
        )
    return mentorship


@dataclass(frozen=True)
class PairEvaluation:
    score: float
    breakdown: dict[str, float]
    reasons: list[str]
    warnings: list[str]


def pair_evaluate(
    *, mentor: User, mentee: MenteeProfile, policy: MatchPolicy | None = None
) -> PairEvaluation:
    """The engine's view of one pair, with every hard constraint it breaks as a warning."""
    policy = policy or default_policy()
    mentor_profile = (
        MemberProfile.objects.prefetch_related("languages", "skills_offered", "conflicts")
        .select_related("organisation")
        .get(user=mentor)
    )
    room = mentor_profile.capacity - mentorship_relationship.mentor_open_count(mentor.pk)
    waiting = selectors.mentee_with_members(mentee.pk)
    engine_mentor = selectors.mentor_profile(mentor_profile, room=room)
    engine_mentee = selectors.mentee_profile(waiting)
    excluded = selectors.exclusions([waiting], [mentor_profile])
    result = engine.evaluate_pair(
        engine_mentee,
        engine_mentor,
        taxonomy=selectors.taxonomy(),
        policy=selectors.engine_policy(policy, pairs=1),
        excluded=(engine_mentee.id, engine_mentor.id) in excluded,
    )
    return PairEvaluation(
        score=round(result.breakdown.total, 4),
        breakdown={part: round(v, 4) for part, v in result.breakdown.parts.items()},
        reasons=list(result.breakdown.reasons),
        warnings=list(result.broken),
    )


@transaction.atomic
def pairing_create_by_hand(
    *, mentor: User, mentee: MenteeProfile, by: User, cohort: Cohort | None = None
) -> Mentorship:
    """A coordinator pairs two members directly in a cohort (the site's default one unless
    named): proposed and approved in one step, under the cohort's programme's policy."""
    cohort = cohort or Cohort.default()
    if not scopes.runs_programme(by, cohort.programme_id):
        raise MatchingError(NOT_YOUR_COHORT)
    if not mentorship_cohorts.matchable(by).filter(pk=cohort.pk).exists():
        raise MatchingError(NOT_MATCHABLE)
    evaluation = pair_evaluate(mentor=mentor, mentee=mentee, policy=policy_for(cohort))
    mentorship = mentorship_relationship.mentorship_propose(
        mentor=mentor,
        mentee=mentee,
        origin=Mentorship.Origin.MANUAL,
        by=by,
        reason="Paired by hand",
        cohort=cohort,
    )
    Proposal.objects.create(
        mentorship=mentorship,
        score=evaluation.score,
        breakdown=evaluation.breakdown,
        reasons=evaluation.reasons,
        warnings=evaluation.warnings,
    )
    mentorship, _approved_now = _approve(mentorship_id=mentorship.pk, by=by)
    # One entry for the whole act: the approval is part of pairing by hand.
    audit_record(
        actor=by,
        action=Action.PAIRING_MADE_BY_HAND,
        target=mentorship,
        details={"score": evaluation.score, "warnings": evaluation.warnings},
    )
    return mentorship


@transaction.atomic
def mentor_request(*, member: User, mentor_id: int) -> Mentorship:
    """A mentee asks for one of their suggested mentors; coordinators approve it like any proposal."""
    # A coordinator, or a member who has not filled in a profile yet, has none: no crash.
    profile = MemberProfile.objects.select_related("mentee_profile").filter(user=member).first()
    mentee = profile.mentee_profile if profile else None
    if mentee is None or mentee.pk in selectors.mentee_ids_not_waiting():
        raise MatchingError(NOT_WAITING)
    suggestion = next(
        (
            s
            for s in selectors.suggestions_for(mentee, policy=default_policy())
            if s.mentor.user_id == mentor_id
        ),
        None,
    )
    if suggestion is None:
        raise MatchingError(NOT_SUGGESTED)
    mentorship_relationship.mentorships_withdraw(
        Mentorship.objects.filter(
            mentee=mentee, status=Status.PROPOSED, origin=Mentorship.Origin.ENGINE
        ),
        by=member,
        reason="The mentee asked for another mentor.",
    )
    mentorship = mentorship_relationship.mentorship_propose(
        mentor=suggestion.mentor.user,
        mentee=mentee,
        origin=Mentorship.Origin.REQUEST,
        by=member,
        reason="Requested by the mentee",
    )
    Proposal.objects.create(
        mentorship=mentorship, score=suggestion.score, reasons=list(suggestion.reasons)
    )
    mentorship_emails.notify_mentor_request(mentorship, reasons=suggestion.reasons)
    return mentorship


@transaction.atomic
def request_accept(*, mentor: User, mentorship_id: int) -> Mentorship:
    """The requested mentor says yes: the request stays the proposal it is, marked accepted,
    for the coordinators to approve. Accepting again keeps the first answer."""
    mentorship = (
        _waiting_request(mentor=mentor, mentorship_id=mentorship_id).select_for_update().first()
    )
    if mentorship is None:
        raise MatchingError(NOT_YOUR_REQUEST)
    Proposal.objects.filter(mentorship=mentorship, mentor_accepted_at__isnull=True).update(
        mentor_accepted_at=timezone.now()
    )
    return mentorship


def request_decline(*, mentor: User, mentorship_id: int, reason: str) -> Mentorship:
    """The requested mentor says no, with a reason; the pair is not proposed again."""
    if not _waiting_request(mentor=mentor, mentorship_id=mentorship_id).exists():
        raise MatchingError(NOT_YOUR_REQUEST)
    return mentorship_relationship.mentorship_reject(
        mentorship_id=mentorship_id, by=mentor, reason=reason
    )


def _waiting_request(*, mentor: User, mentorship_id: int) -> QuerySet[Mentorship]:
    """The mentee's request with this id, if it is addressed to this mentor and still waiting."""
    return Mentorship.objects.filter(
        pk=mentorship_id, mentor=mentor, status=Status.PROPOSED, origin=Mentorship.Origin.REQUEST
    )
