"""Explanations for unmatched mentees: one reason per kind, in words a coordinator can use."""

from __future__ import annotations

import pytest

from matching.engine import Funnel, Policy, Unmatched, explain, match
from tests.matching.engine.engine_factories import TAXONOMY, mentee, mentor


def only_reason(mentors, mentees, policy=None, exclusions=()):
    result = match(mentors, mentees, TAXONOMY, policy, exclusions)
    unmatched = {u.mentee: u for u in result.unmatched}
    return unmatched["e1"].code, unmatched["e1"].reason


def test_no_mentor_sharing_a_language_names_the_wanted_languages():
    code, reason = only_reason([mentor()], [mentee(languages={"pl"})])
    assert code == Unmatched.NO_SHARED_LANGUAGE
    assert reason == "no mentor speaks Polish"


def test_no_mentor_sharing_a_format_names_the_language_and_the_format():
    code, reason = only_reason(
        [mentor(languages={"cy"}, formats={"in_person"})],
        [mentee(languages={"cy"}, formats={"remote"})],
    )
    assert code == Unmatched.NO_SHARED_FORMAT
    assert reason == "no mentor who speaks Welsh meets remotely"


def test_full_mentors_offering_the_wanted_skill_are_counted():
    mentors = [
        mentor("m1", capacity=0),
        mentor("m2", capacity=0),
        mentor("m3", capacity=0, skills={"Sales"}),
    ]
    code, reason = only_reason(mentors, [mentee()])
    assert code == Unmatched.MENTORS_FULL
    assert reason == (
        "all 2 mentors who speak English, meet remotely and offer bookkeeping are full"
    )


def test_full_mentors_are_counted_even_when_none_offers_the_skill():
    code, reason = only_reason([mentor(capacity=0, skills={"Sales"})], [mentee()])
    assert code == Unmatched.MENTORS_FULL
    assert reason == "the only mentor who speaks English and meets remotely is full"


def test_conflicts_say_which_rule_ruled_each_mentor_out():
    mentors = [
        mentor("m1", organisation="Acme"),
        mentor("m2"),
        mentor("m3", person="me"),
    ]
    code, reason = only_reason(
        mentors, [mentee(organisation="acme", person="me")], exclusions=[("e1", "m2")]
    )
    assert code == Unmatched.CONFLICTS
    assert "ruled out" in reason
    assert "their own mentor profile" in reason
    assert "1 from the same organisation" in reason
    assert "1 excluded (conflict of interest, rejected before or blocked)" in reason


def test_a_minimum_score_nobody_reaches_is_named_with_the_best_score():
    code, reason = only_reason([mentor(skills={"Sales"})], [mentee()], Policy(min_score=0.9))
    assert code == Unmatched.BELOW_MIN_SCORE
    assert reason.startswith("no suitable mentor reaches the minimum score of 0.90 (best ")


def test_mentors_given_to_mentees_with_fewer_options_are_explained():
    mentors = [mentor("m1", languages={"en", "pl"}), mentor("m2")]
    mentees = [
        mentee("e1", skills_wanted=("Payroll",)),
        mentee("e2", languages={"pl"}),
        mentee("e3"),
    ]
    result = match(mentors, mentees, TAXONOMY)
    assert {(a.mentee, a.mentor) for a in result.assignments} == {("e2", "m1"), ("e3", "m2")}
    [left] = result.unmatched
    assert left.code == Unmatched.TAKEN_BY_OTHERS
    assert left.reason == (
        "all 2 suitable mentors were given to other mentees who had fewer options or a closer fit"
    )


def test_no_mentors_at_all_is_said_plainly():
    code, reason = only_reason([], [mentee()])
    assert code == Unmatched.NO_MENTORS
    assert reason == "there are no mentors in this round"


def test_a_mentee_with_no_meeting_format_is_told_so():
    code, reason = only_reason([mentor()], [mentee(formats=set())])
    assert code == Unmatched.NO_SHARED_FORMAT
    assert reason == "no meeting format given (in person or remote)"


def test_a_mentor_left_outside_the_candidate_limit_is_reported():
    funnel = Funnel(
        mentors=5,
        share_language=5,
        share_format=5,
        with_room=5,
        allowed=5,
        above_min=5,
        outside_candidates=True,
        max_candidates=2,
    )
    explanation = explain(mentee(), funnel)
    assert explanation.code == Unmatched.OUTSIDE_CANDIDATES
    assert "best 2 candidates" in explanation.text


@pytest.mark.parametrize(
    ("funnel", "code"),
    [
        (Funnel(0, 0, 0, 0, 0, 0), Unmatched.NO_MENTORS),
        (Funnel(3, 0, 0, 0, 0, 0), Unmatched.NO_SHARED_LANGUAGE),
        (Funnel(3, 2, 0, 0, 0, 0), Unmatched.NO_SHARED_FORMAT),
        (Funnel(3, 2, 2, 0, 0, 0), Unmatched.MENTORS_FULL),
        (Funnel(3, 2, 2, 1, 0, 0, excluded=1), Unmatched.CONFLICTS),
        (Funnel(3, 2, 2, 1, 1, 0, best_score=0.1), Unmatched.BELOW_MIN_SCORE),
        (Funnel(3, 2, 2, 2, 2, 2), Unmatched.TAKEN_BY_OTHERS),
    ],
)
def test_the_reason_comes_from_the_first_step_that_ran_out_of_mentors(funnel, code):
    assert explain(mentee(), funnel, min_score=0.5).code == code


def test_every_unmatched_mentee_gets_a_reason():
    mentors = [mentor(f"m{i}", capacity=1) for i in range(3)]
    mentees = [mentee(f"e{i}") for i in range(5)]
    result = match(mentors, mentees, TAXONOMY)
    assert result.stats.matched == 3
    assert len(result.unmatched) == 2
    assert all(u.reason.startswith("all 3 suitable mentors were given") for u in result.unmatched)
