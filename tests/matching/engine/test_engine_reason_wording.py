"""Reasons read as sentences: matching words as the goals spell them, languages by name."""

from __future__ import annotations

import re
from collections.abc import Iterable

from accounts.skill_taxonomy import SKILLS
from matching.engine import (
    MenteeProfile,
    MentorProfile,
    Policy,
    Scorer,
    Taxonomy,
    Wording,
    evaluate_pair,
    match,
)

TAXONOMY = Taxonomy(SKILLS)
QUOTED = re.compile(r"\u201c([^\u201d]+)\u201d")
CO_OP_GOALS = "We want to run a community share offer for our co-op and get our co-operative's accounts managed"
CO_OP_BIO = "I have helped three co-ops run community share offers and manage their accounting."


def reasons(
    goals: str,
    bio: str,
    mentor_languages: Iterable[str] = ("en", "cy"),
    **mentee_fields,
) -> tuple[str, ...]:
    mentee = MenteeProfile(id="e1", goals=(goals,), formats={"remote"}, **mentee_fields)
    mentor = MentorProfile(id="m1", bio=bio, formats={"remote"}, languages=set(mentor_languages))
    scorer = Scorer([mentor], TAXONOMY, Policy())
    return scorer.breakdown(scorer.prepare(mentee), 0).reasons


def goal_reason(goals: str, bio: str) -> str:
    [found] = [r for r in reasons(goals, bio) if "from the goals" in r]
    return found


def test_a_co_op_pair_is_told_the_matching_words_as_the_goals_write_them():
    assert goal_reason(CO_OP_GOALS, CO_OP_BIO) == (
        "their skills and bio mention \u201cco-op\u201d, \u201caccounts\u201d,"
        " \u201ccommunity\u201d and \u201cmanaged\u201d from the goals"
    )


def test_co_op_is_one_word_that_matches_co_operative_and_co_ops():
    for bio in ("I chair a co-operative", "I advise co-ops", "Cooperatives are my work"):
        reason = goal_reason("Our co-op needs a new board", bio)
        assert QUOTED.findall(reason) == ["co-op"]


def test_hyphenated_words_of_real_words_still_match_each_part():
    reason = goal_reason("Grow our community-led housing", "I work in housing for communities")
    assert set(QUOTED.findall(reason)) == {"housing", "community"}


def test_no_reason_names_a_stem_or_a_fragment_that_the_goals_do_not_contain():
    texts = [
        (CO_OP_GOALS, CO_OP_BIO),
        ("Managing volunteers and planning shared events", "I manage volunteer plans and share"),
        ("Accounting, bookkeeping and the e-mail newsletter", "accounts, book-keeping, emails"),
        ("Start-up funding: loans and grants", "startup loans, granted funding"),
        ("Our members' meetings", "member meeting facilitation"),
    ]
    for goals, bio in texts:
        written = set(re.findall(r"\w+(?:['\u2019-]\w+)*", goals))
        words = QUOTED.findall(goal_reason(goals, bio))
        assert words, goals
        assert set(words) <= written, (goals, words)


def test_languages_are_named_never_given_as_codes():
    found = reasons("Board governance", "governance", languages={"cy", "en"})
    assert "both speak English and Welsh" in found
    assert not any(re.search(r"\b(en|cy)\b", reason) for reason in found)


def test_a_language_the_engine_has_no_name_for_uses_the_name_it_is_given():
    wording = Wording(language_names={"xx": "Examplish"})
    assert wording.languages({"xx", "cy"}) == "Examplish and Welsh"


def test_a_pair_sharing_british_sign_language_is_told_its_name():
    found = reasons(
        "Board governance", "governance", mentor_languages={"bfi", "en"}, languages={"bfi"}
    )
    assert "both speak British Sign Language" in found
    assert not any("bfi" in reason for reason in found)


def test_unmatched_and_broken_rules_name_languages():
    mentor = MentorProfile(id="m1", languages={"en"})
    mentee = MenteeProfile(id="e1", languages={"cy", "pl"})
    [unmatched] = match([mentor], [mentee], TAXONOMY).unmatched
    assert unmatched.reason == "no mentor speaks Polish or Welsh"
    broken = evaluate_pair(mentee, mentor, taxonomy=TAXONOMY, policy=Policy()).broken
    assert "no shared language (mentee: Polish and Welsh; mentor: English)" in broken
