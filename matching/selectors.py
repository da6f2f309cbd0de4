"""Turn the database's members and mentorships into the matching engine's plain input."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import get_language_info, gettext

from accounts.models import MemberBlock, MemberProfile, MenteeProfile, Organisation, Skill, User
from matching import engine
from matching.models import MatchPolicy
from mentorship.models import Cohort, Mentorship, Side
from mentorship.selectors import cohorts as mentorship_cohorts
from mentorship.selectors import mentorships as mentorship_mentorships

# Above this many mentee-by-mentor pairs, a run goes to a Celery worker instead of the request.
SYNC_PAIR_LIMIT = 40_000
# Up to this many pairs every feasible pair reaches the solver (an exact optimum over all);
# beyond it, each mentee's best candidates do (see engine.Policy.max_candidates).
ALL_PAIRS_LIMIT = 2_000_000


@dataclass
class EngineInput:
    mentors: list[engine.MentorProfile]
    mentees: list[engine.MenteeProfile]
    exclusions: set[tuple[str, str]]
    taxonomy: engine.Taxonomy
    names: dict[str, str] = field(default_factory=dict)  # mentee id → a name coordinators know


def taxonomy() -> engine.Taxonomy:
    return engine.Taxonomy(
        (s.name, s.category, s.synonym_list) for s in Skill.objects.order_by("pk")
    )


def engine_policy(policy: MatchPolicy, *, pairs: int) -> engine.Policy:
    numbers = policy.as_dict()
    return engine.Policy(
        weights=engine.Weights(**{part: numbers[part] for part in engine.PARTS}),
        min_score=numbers["min_score"],
        same_category_credit=numbers["same_category_credit"],
        max_candidates=None if pairs <= ALL_PAIRS_LIMIT else engine.Policy().max_candidates,
    )


def _formats(profile: MemberProfile) -> frozenset[str]:
    formats = set()
    if profile.meets_in_person:
        formats.add(engine.IN_PERSON)
    if profile.meets_remotely:
        formats.add(engine.REMOTE)
    return frozenset(formats)


def mentors_with_room(cohort: Cohort | None = None) -> list[MemberProfile]:
    """Mentor profiles in the cohort's pool with their remaining capacity as `room`, fullest
    left out. A mentor's capacity is theirs across programmes: every open pairing counts."""
    open_counts = mentorship_mentorships.open_counts_by_mentor()
    profiles = MemberProfile.objects.filter(
        role__in=MemberProfile.MENTOR_ROLES, user__is_active=True
    )
    in_pool = mentorship_cohorts.pool_ids(cohort, Side.MENTOR) if cohort else None
    if in_pool is not None:
        profiles = profiles.filter(user_id__in=in_pool)
    profiles = (
        profiles.select_related("user", "organisation")
        .prefetch_related("languages", "skills_offered", "conflicts")
        .order_by("user_id")
    )
    result = []
    for profile in profiles:
        profile.room = profile.capacity - open_counts.get(profile.user_id, 0)
        if profile.room > 0:
            result.append(profile)
    return result


def mentees_waiting(cohort: Cohort | None = None) -> list[MenteeProfile]:
    """Mentee profiles in the cohort's pool with at least one active member, no mentor and no
    request pending."""
    taken = mentorship_mentorships.mentee_ids_with_mentor_or_request()
    waiting = MenteeProfile.objects.exclude(pk__in=taken)
    in_pool = mentorship_cohorts.pool_ids(cohort, Side.MENTEE) if cohort else None
    if in_pool is not None:
        waiting = waiting.filter(pk__in=in_pool)
    members = (
        MemberProfile.objects.filter(user__is_active=True)
        .select_related("user", "organisation")
        .prefetch_related("languages", "conflicts")
        .order_by("created_at", "pk")
    )
    return [
        mentee
        for mentee in waiting.prefetch_related(
            "skills_wanted", Prefetch("members", queryset=members, to_attr="active_members")
        ).order_by("pk")
        if mentee.active_members
    ]


def mentor_profile(profile: MemberProfile, *, room: int) -> engine.MentorProfile:
    return engine.MentorProfile(
        id=str(profile.user_id),
        skills=frozenset(s.name for s in profile.skills_offered.all()),
        sectors=frozenset(
            [profile.sector, *profile.sector_list] if profile.sector else profile.sector_list
        ),
        languages=frozenset(lang.code for lang in profile.languages.all()),
        region=profile.region,
        formats=_formats(profile),
        capacity=max(room, 0),
        bio=profile.bio,
        organisation=profile.organisation.name if profile.organisation else None,
        person=str(profile.user_id),
        years_experience=profile.years_experience,
        hours_per_month=profile.hours_per_month,
    )


def mentee_profile(mentee: MenteeProfile) -> engine.MenteeProfile:
    """A mentee as the engine sees it; a group speaks every language any co-founder speaks."""
    members = mentee.active_members
    lead = next((m for m in members if m.user_id == mentee.created_by_id), members[0])
    return engine.MenteeProfile(
        id=str(mentee.pk),
        goals=tuple(mentee.goal_list),
        skills_wanted=tuple(s.name for s in mentee.skills_wanted.all()),
        sector=lead.sector,
        languages=frozenset(lang.code for m in members for lang in m.languages.all()),
        region=lead.region,
        formats=frozenset().union(*(_formats(m) for m in members)),
        organisation=lead.organisation.name if lead.organisation else None,
        person=str(lead.user_id) if len(members) == 1 else None,
        stage=lead.organisation.stage if lead.organisation else None,
        # Mentees are no longer asked how many hours they want (the field is a mentor's offer),
        # so the engine leaves availability out of their score rather than trust a default.
        hours_per_month=None,
    )


def exclusions(mentees: list[MenteeProfile], mentors: list[MemberProfile]) -> set[tuple[str, str]]:
    """(mentee id, mentor id) pairs never to propose: rejected before, paired before (an ended
    or completed mentorship: a coordinator may still pair them by hand), conflicts of interest
    either way, blocks either way, and a mentor who is in the mentee's own group.

    Built from indexes rather than by trying every pair, so it stays fast for big programmes.
    """
    before = mentorship_mentorships.rejected_pairs() | mentorship_mentorships.finished_pairs()
    excluded = {(str(mentee), str(mentor)) for mentee, mentor in before}
    mentor_ids = {m.user_id for m in mentors}
    mentors_by_org: dict[int, set[int]] = defaultdict(set)
    for mentor in mentors:
        if mentor.organisation_id:
            mentors_by_org[mentor.organisation_id].add(mentor.user_id)
    blocks: dict[int, set[int]] = defaultdict(set)
    for blocker, blocked in MemberBlock.objects.values_list("blocker_id", "blocked_id"):
        blocks[blocker].add(blocked)
        blocks[blocked].add(blocker)
    mentees_by_org: dict[int, set[int]] = defaultdict(set)
    for mentee in mentees:
        unwanted: set[int] = set()
        for member in mentee.active_members:
            if member.organisation_id:
                mentees_by_org[member.organisation_id].add(mentee.pk)
            unwanted.add(member.user_id)
            unwanted |= blocks[member.user_id]
            for org in member.conflicts.all():
                unwanted |= mentors_by_org[org.pk]
        excluded.update((str(mentee.pk), str(mentor)) for mentor in unwanted & mentor_ids)
    for mentor in mentors:
        for org in mentor.conflicts.all():
            excluded.update((str(mentee), str(mentor.user_id)) for mentee in mentees_by_org[org.pk])
    return excluded


def engine_input(cohort: Cohort | None = None) -> EngineInput:
    mentors = mentors_with_room(cohort)
    mentees = mentees_waiting(cohort)
    excluded = exclusions(mentees, mentors)
    # This cohort's own proposals give way to the run's, so only other cohorts' are excluded.
    excluded.update(
        (str(mentee), str(mentor))
        for mentee, mentor in mentorship_mentorships.pairs_proposed_outside(cohort)
    )
    return EngineInput(
        mentors=[mentor_profile(m, room=m.room) for m in mentors],
        mentees=[mentee_profile(m) for m in mentees],
        exclusions=excluded,
        taxonomy=taxonomy(),
        names={str(m.pk): mentee_display_name(m) for m in mentees},
    )


def mentee_display_name(mentee: MenteeProfile) -> str:
    if mentee.group_name:
        return mentee.group_name
    members = getattr(mentee, "active_members", None) or list(mentee.members.select_related("user"))
    return str(members[0].user) if members else str(mentee)


def mentee_with_members(mentee_id: int) -> MenteeProfile:
    members = (
        MemberProfile.objects.filter(user__is_active=True)
        .select_related("user", "organisation")
        .prefetch_related("languages", "conflicts")
        .order_by("created_at", "pk")
    )
    return MenteeProfile.objects.prefetch_related(
        "skills_wanted", Prefetch("members", queryset=members, to_attr="active_members")
    ).get(pk=mentee_id)


# Made once (the labels are lazy, so still in the reader's language), not per reason.
STAGE_LABELS = dict(Organisation.Stage.choices)


class ReaderWording(engine.Wording):
    """A pair's reasons as a member reads them: in their language, with languages named rather
    than given by code, and the skills taxonomy and co-op stages as the site shows them."""

    def __init__(self, language_names: dict[str, str]) -> None:
        super().__init__(language_names)

    def translate(self, text: str) -> str:
        return gettext(text)

    def language(self, code: str) -> str:
        try:
            return str(get_language_info(code)["name_translated"])
        except KeyError:  # a language Django does not know, such as BSL: as the site names it
            return self.language_names.get(code, code)

    def stage(self, stage: str) -> str:
        return str(STAGE_LABELS[stage]).lower() if stage in STAGE_LABELS else stage

    def skill(self, name: str) -> str:
        return gettext(name)

    def category(self, name: str) -> str:
        return gettext(name)


@dataclass(frozen=True)
class Suggestion:
    mentor: MemberProfile
    score: float
    reasons: tuple[str, ...]


def suggestions_for(
    mentee: MenteeProfile, *, policy: MatchPolicy, limit: int = 3
) -> list[Suggestion]:
    """The best few mentors with room for one mentee, as a run would score them."""
    waiting = mentee_with_members(mentee.pk)
    if not waiting.active_members:
        return []
    mentors = mentors_with_room()
    by_id = {str(m.user_id): m for m in mentors}
    engine_mentors = {str(m.user_id): mentor_profile(m, room=m.room) for m in mentors}
    engine_mentee = mentee_profile(waiting)
    skills = taxonomy()
    pairs = engine.candidate_pairs(
        list(engine_mentors.values()),
        [engine_mentee],
        skills,
        engine_policy(policy, pairs=len(mentors)),
        exclusions([waiting], mentors),
    )
    best = sorted(pairs, key=lambda pair: (-pair[2], pair[1]))[:limit]
    single = engine_policy(policy, pairs=1)
    # Names of the languages in play, from rows already read: the page's queries stay the same.
    people = [*waiting.active_members, *(by_id[mentor_id] for _, mentor_id, _ in best)]
    wording = ReaderWording(
        {lang.code: lang.name for person in people for lang in person.languages.all()}
    )
    return [
        Suggestion(
            by_id[mentor_id],
            round(score, 4),
            engine.evaluate_pair(
                engine_mentee,
                engine_mentors[mentor_id],
                taxonomy=skills,
                policy=single,
                wording=wording,
            ).breakdown.reasons,
        )
        for _, mentor_id, score in best
    ]


def mentee_ids_not_waiting() -> set[int]:
    return mentorship_mentorships.mentee_ids_with_mentor_or_request()


def request_for_mentor(user: User, pk: int) -> Mentorship:
    """A mentee's request addressed to this mentor, whatever became of it; 404 for anyone else."""
    found = Mentorship.objects.filter(pk=pk, mentor=user, origin=Mentorship.Origin.REQUEST).first()
    if found is None:
        raise Http404("No such request")
    return found


def requests_for_mentor(mentor_id: int) -> list[Mentorship]:
    """Mentees' requests addressed to this mentor and still waiting."""
    return list(
        Mentorship.objects.filter(
            mentor_id=mentor_id, status=Mentorship.Status.PROPOSED, origin=Mentorship.Origin.REQUEST
        )
        .select_related("mentee", "proposal")
        .order_by("created_at")
    )
