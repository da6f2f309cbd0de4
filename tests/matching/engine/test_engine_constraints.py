"""Hard constraints: each one keeps its pair from ever being proposed."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.skill_taxonomy import SKILLS
from matching.engine import (
    Infeasible,
    MenteeProfile,
    MentorProfile,
    Policy,
    infeasibility,
    match,
    solve,
)
from matching.engine.constraints import MentorIndex
from tests.matching.engine.engine_factories import TAXONOMY, mentee, mentor

CASES = [
    (mentee(languages={"pl"}), mentor(), {}, Infeasible.NO_SHARED_LANGUAGE),
    (mentee(formats={"in_person"}), mentor(formats={"remote"}), {}, Infeasible.NO_SHARED_FORMAT),
    (mentee(), mentor(capacity=0), {}, Infeasible.MENTOR_FULL),
    (mentee(person="p1"), mentor(person="p1"), {}, Infeasible.SAME_PERSON),
    (
        mentee(organisation="Leeds Bread Co-op"),
        mentor(organisation="leeds bread co-op"),
        {},
        Infeasible.SAME_ORGANISATION,
    ),
    (mentee(), mentor(), {"exclusions": {("e1", "m1")}}, Infeasible.EXCLUDED),
    (mentee(), mentor(), {"score": 0.2, "min_score": 0.5}, Infeasible.BELOW_MIN_SCORE),
]


@pytest.mark.parametrize(("the_mentee", "the_mentor", "extra", "reason"), CASES)
def test_each_hard_constraint_names_its_reason(the_mentee, the_mentor, extra, reason):
    assert infeasibility(the_mentee, the_mentor, **extra) == reason


def test_a_compatible_pair_breaks_no_constraint():
    assert infeasibility(mentee(), mentor(), exclusions={("e1", "m2")}, score=0.5) is None


@pytest.mark.parametrize(("the_mentee", "the_mentor", "extra", "reason"), CASES)
def test_match_never_proposes_a_pair_a_hard_constraint_forbids(
    the_mentee, the_mentor, extra, reason
):
    policy = Policy(min_score=0.99) if reason == Infeasible.BELOW_MIN_SCORE else Policy()
    # A weak mentee who only scores on a missing skill, so min_score rules them out.
    if reason == Infeasible.BELOW_MIN_SCORE:
        the_mentee = mentee(skills_wanted=("Payroll", "Bookkeeping"))
    result = match(
        [the_mentor], [the_mentee], TAXONOMY, policy, exclusions=extra.get("exclusions", ())
    )
    assert result.assignments == ()
    assert len(result.unmatched) == 1


def test_the_same_organisation_rule_ignores_mentees_without_one():
    assert infeasibility(mentee(), mentor(organisation="Acme Co-op")) is None


def test_the_index_finds_mentors_sharing_a_language_and_a_format():
    mentors = [
        mentor("m0", languages={"en"}, formats={"remote"}),
        mentor("m1", languages={"cy", "en"}, formats={"in_person"}),
        mentor("m2", languages={"cy"}, formats={"remote", "in_person"}),
    ]
    index = MentorIndex(mentors)
    found = index.compatible(frozenset({"cy"}), frozenset({"remote"}))
    assert found.share_language.tolist() == [False, True, True]
    assert found.share_format.tolist() == [False, False, True]


def random_programme(rng):
    mentors = [
        MentorProfile(
            id=f"m{i}",
            skills=set(rng.sample([s.name for s in SKILLS], 3)),
            languages=set(rng.sample(["en", "cy", "pl"], rng.randint(1, 2))),
            formats=rng.choice([{"remote"}, {"in_person"}, {"remote", "in_person"}]),
            capacity=rng.randint(0, 2),
            organisation=rng.choice([None, "a", "b"]),
            person=f"p{i}",
        )
        for i in range(rng.randint(0, 6))
    ]
    mentees = [
        MenteeProfile(
            id=f"e{i}",
            skills_wanted=tuple(rng.sample([s.name for s in SKILLS], 2)),
            languages=set(rng.sample(["en", "cy", "pl"], rng.randint(1, 2))),
            formats=rng.choice([{"remote"}, {"in_person"}, {"remote", "in_person"}]),
            organisation=rng.choice([None, "a", "b"]),
            person=rng.choice([None, "p0", "p1"]),
        )
        for i in range(rng.randint(0, 7))
    ]
    exclusions = {(e.id, m.id) for e in mentees for m in mentors if rng.random() < 0.15}
    return mentors, mentees, exclusions


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from([0.0, 0.3, 0.6]))
def test_match_respects_every_constraint_and_is_optimal_over_all_feasible_pairs(rng, least):
    mentors, mentees, exclusions = random_programme(rng)
    policy = Policy(min_score=least, max_candidates=None)
    result = match(mentors, mentees, TAXONOMY, policy, exclusions)
    by_id = {m.id: m for m in mentors}
    people = {m.id: m for m in mentees}
    load: dict[str, int] = {}
    for a in result.assignments:
        reason = infeasibility(
            people[a.mentee], by_id[a.mentor], exclusions=exclusions, score=a.score, min_score=least
        )
        assert reason is None
        load[a.mentor] = load.get(a.mentor, 0) + 1
    assert all(load[m] <= by_id[m].capacity for m in load)
    # With no candidate cap, match is exactly solve over every feasible scored pair.
    pairs = []
    for e in mentees:
        for m in mentors:
            score = round(result_score(mentors, e, m, policy), 6)
            if infeasibility(e, m, exclusions=exclusions, score=score, min_score=least) is None:
                pairs.append((e.id, m.id, score))
    best = solve({m.id: m.capacity for m in mentors}, [e.id for e in mentees], pairs)
    assert result.stats.matched == best.matched
    assert result.stats.total_score == pytest.approx(best.total_score, abs=1e-5)


def result_score(mentors, the_mentee, the_mentor, policy):
    from matching.engine import Scorer

    ordered = sorted(mentors, key=lambda m: m.id)
    scorer = Scorer(ordered, TAXONOMY, policy)
    return scorer.breakdown(scorer.prepare(the_mentee), ordered.index(the_mentor)).total


def test_capping_candidates_then_repairing_still_matches_everyone_who_can_be():
    rng = random.Random(11)
    names = [s.name for s in SKILLS]
    mentors = [
        MentorProfile(id=f"m{i:02d}", skills=set(rng.sample(names, 4)), capacity=1)
        for i in range(30)
    ]
    mentees = [MenteeProfile(id=f"e{i:02d}", skills_wanted=(names[0],)) for i in range(25)]
    capped = match(mentors, mentees, TAXONOMY, Policy(max_candidates=2))
    assert capped.stats.matched == 25
    assert capped.stats.rounds > 1
