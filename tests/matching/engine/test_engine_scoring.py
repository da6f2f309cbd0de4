"""Scoring: skills (with synonyms and related skills), goals, sector, region and the reasons."""

from __future__ import annotations

import random

import numpy as np
import pytest

from accounts.skill_taxonomy import CATEGORIES, SKILLS
from matching.engine import (
    MenteeProfile,
    MentorProfile,
    Policy,
    Scorer,
    Taxonomy,
    Weights,
    match,
)
from matching.engine.batch import BatchScorer
from matching.engine.profiles import normalise_term

TAXONOMY = Taxonomy(SKILLS)


def mentor(id_="m1", **fields):
    fields.setdefault("languages", {"en"})
    fields.setdefault("formats", {"remote"})
    return MentorProfile(id=id_, **fields)


def mentee(id_="e1", **fields):
    fields.setdefault("languages", {"en"})
    fields.setdefault("formats", {"remote"})
    return MenteeProfile(id=id_, **fields)


def breakdown(the_mentee, the_mentor, others=(), policy=None):
    scorer = Scorer([the_mentor, *others], TAXONOMY, policy or Policy())
    return scorer.breakdown(scorer.prepare(the_mentee), 0)


def test_a_mentee_who_wants_bookkeeping_gets_the_mentor_who_offers_it():
    mentors = [
        mentor("m-marketing", skills={"Social media", "Branding"}),
        mentor("m-books", skills={"Bookkeeping", "Branding"}),
    ]
    result = match(mentors, [mentee(skills_wanted=("bookkeeping",))], TAXONOMY)
    assert [(a.mentee, a.mentor) for a in result.assignments] == [("e1", "m-books")]


def test_synonyms_count_as_the_skill_itself():
    offered = mentor(skills={"Bookkeeping"})
    for wanted in ("book-keeping", "Accounts", "LEDGERS", "bookkeeping"):
        parts = breakdown(mentee(skills_wanted=(wanted,)), offered)
        assert parts.credits["skills"] == 1.0
        assert parts.shared_skills == ("Bookkeeping",)


def test_a_skill_of_the_same_category_earns_partial_credit():
    parts = breakdown(mentee(skills_wanted=("Cash-flow forecasting",)), mentor(skills={"Payroll"}))
    assert parts.credits["skills"] == pytest.approx(Policy().same_category_credit)
    assert parts.related_skills == ("Cash-flow forecasting",)
    unrelated = breakdown(
        mentee(skills_wanted=("Cash-flow forecasting",)), mentor(skills={"Sales"})
    )
    assert unrelated.credits["skills"] == 0.0


def test_unknown_skills_are_kept_as_free_text_and_match_exactly():
    parts = breakdown(mentee(skills_wanted=("Beekeeping",)), mentor(skills={"beekeeping "}))
    assert parts.credits["skills"] == 1.0
    assert TAXONOMY.canonical("Bee-keeping") == "bee keeping"
    assert TAXONOMY.category("Beekeeping") is None


def test_the_reasons_name_the_shared_skills():
    parts = breakdown(
        mentee(skills_wanted=("bookkeeping", "governance", "community shares", "Payroll")),
        mentor(skills={"Bookkeeping", "Board governance", "Community shares"}),
    )
    assert parts.reasons[0] == (
        "offers 3 of 4 wanted skills: bookkeeping, board governance, community shares"
    )
    assert any("payroll (Finance)" in reason for reason in parts.reasons)


def test_the_reasons_name_shared_languages_and_formats():
    parts = breakdown(
        mentee(languages={"cy"}, formats={"remote"}),
        mentor(languages={"en", "cy"}, formats={"remote", "in_person"}),
    )
    assert "both speak Welsh" in parts.reasons
    assert "both meet remotely" in parts.reasons


def test_cross_sector_pairs_are_allowed_and_sector_is_only_a_small_bonus():
    wanted = mentee(skills_wanted=("Bookkeeping",), sector="housing")
    other_sector = mentor("m1", skills={"Bookkeeping"}, sectors={"food retail"})
    same_sector_no_skill = mentor("m2", skills={"Branding"}, sectors={"housing"})
    assert breakdown(wanted, other_sector).total > breakdown(wanted, same_sector_no_skill).total
    result = match([other_sector], [wanted], TAXONOMY)
    assert result.stats.matched == 1


def test_goal_text_counts_words_the_mentor_uses():
    goals = mentee(goals=("Prepare our annual accounts and a VAT return",))
    fits = mentor("m1", bio="I prepare annual accounts and VAT returns for small co-ops")
    does_not = mentor("m2", bio="I run events and social media campaigns")
    scorer = Scorer([fits, does_not], TAXONOMY, Policy())
    prepared = scorer.prepare(goals)
    good, poor = scorer.breakdown(prepared, 0), scorer.breakdown(prepared, 1)
    assert good.credits["goals"] > poor.credits["goals"]
    assert poor.credits["goals"] == 0.0
    assert (
        "their skills and bio mention “accounts”, “annual”, “Prepare” and “return” from the goals"
        in (good.reasons)
    )


def test_region_counts_only_when_meeting_in_person_is_the_only_shared_format():
    in_wales = mentee(region="Wales", formats={"in_person"})
    near = breakdown(in_wales, mentor(region="Wales", formats={"in_person"}))
    far = breakdown(in_wales, mentor(region="London", formats={"in_person"}))
    assert near.credits["region"] == 1.0
    assert far.credits["region"] == 0.0
    assert near.total > far.total
    remote = breakdown(
        mentee(region="Wales", formats={"remote", "in_person"}),
        mentor(region="London", formats={"remote", "in_person"}),
    )
    assert "region" not in remote.credits


def test_experience_and_availability_count_when_the_mentee_gives_them():
    wants = mentee(stage="start-up", hours_per_month=6)
    seasoned = breakdown(wants, mentor(stages={"start-up"}, years_experience=12, hours_per_month=8))
    novice = breakdown(wants, mentor(years_experience=1, hours_per_month=2))
    assert seasoned.credits["experience"] == 1.0
    assert seasoned.credits["availability"] == 1.0
    assert novice.credits["availability"] == pytest.approx(2 / 6)
    assert seasoned.total > novice.total
    assert "experience" not in breakdown(mentee(), mentor()).credits


def test_the_total_is_the_sum_of_the_parts_and_lies_between_0_and_1():
    parts = breakdown(
        mentee(
            skills_wanted=("Sales", "Payroll"),
            goals=("grow sales",),
            sector="pubs",
            stage="growing",
            hours_per_month=4,
        ),
        mentor(skills={"Sales"}, sectors={"pubs"}, years_experience=3, hours_per_month=2),
    )
    assert parts.total == pytest.approx(sum(parts.parts.values()))
    assert 0.0 <= parts.total <= 1.0


def test_weights_change_what_matters():
    wanted = mentee(skills_wanted=("Bookkeeping",), sector="housing")
    a = mentor("m-a", skills={"Bookkeeping"}, sectors={"food"})
    b = mentor("m-b", skills={"Branding"}, sectors={"housing"})
    sector_first = Policy(weights=Weights(skills=0.1, sector=1.0))
    result = match([a, b], [wanted], TAXONOMY, sector_first)
    assert result.assignments[0].mentor == "m-b"


def random_profiles(rng, mentors, mentees):
    names = [s.name for s in SKILLS] + ["beekeeping", "bell ringing"]
    words = ["accounts", "shares", "members", "grow", "pub", "housing", "rent", "payroll"]
    sectors = ["housing", "pubs", "food", ""]
    regions = ["Wales", "London", "Scotland", ""]
    formats = [{"remote"}, {"in_person"}, {"remote", "in_person"}]
    mentor_list = [
        MentorProfile(
            id=f"m{i}",
            skills=set(rng.sample(names, rng.randint(0, 6))),
            sectors=set(rng.sample(sectors, rng.randint(0, 2))) - {""},
            region=rng.choice(regions),
            formats=rng.choice(formats),
            bio=" ".join(rng.sample(words, rng.randint(0, 5))),
            stages=set(rng.sample(["idea", "growing"], rng.randint(0, 2))),
            years_experience=rng.choice([None, 0, 3, 15]),
            hours_per_month=rng.choice([None, 1, 4, 10]),
        )
        for i in range(mentors)
    ]
    mentee_list = [
        MenteeProfile(
            id=f"e{i}",
            skills_wanted=tuple(rng.sample(names, rng.randint(0, 4))),
            goals=(" ".join(rng.sample(words, rng.randint(0, 4))),),
            sector=rng.choice(sectors),
            region=rng.choice(regions),
            formats=rng.choice(formats),
            stage=rng.choice([None, "idea", "growing"]),
            hours_per_month=rng.choice([None, 2, 6]),
        )
        for i in range(mentees)
    ]
    return mentor_list, mentee_list


@pytest.mark.parametrize(
    ("seed", "mentors", "mentees"), [(s, 25, 40) for s in range(4)] + [(9, 150, 30)]
)
def test_block_scores_agree_with_pair_by_pair_breakdowns(seed, mentors, mentees):
    rng = random.Random(seed)
    mentors, mentees = random_profiles(rng, mentors, mentees)
    scorer = Scorer(mentors, TAXONOMY, Policy())
    prepared = [scorer.prepare(m) for m in mentees]
    block = BatchScorer(scorer).score_block(prepared, np.arange(len(mentors)))
    for i, the_mentee in enumerate(prepared):
        for j in range(len(mentors)):
            assert block[i, j] == pytest.approx(scorer.breakdown(the_mentee, j).total, abs=2e-6)


def test_seed_taxonomy_has_about_a_hundred_skills_in_about_ten_categories():
    assert 90 <= len(SKILLS) <= 130
    assert 9 <= len(CATEGORIES) <= 12
    assert {s.category for s in SKILLS} == set(CATEGORIES)


def test_seed_taxonomy_names_are_unique_and_synonyms_never_name_another_skill():
    names = [normalise_term(s.name) for s in SKILLS]
    assert len(names) == len(set(names))
    seen = set(names)
    for skill in SKILLS:
        for synonym in skill.synonyms:
            key = normalise_term(synonym)
            assert key not in seen, f"{synonym!r} of {skill.name} repeats a name or synonym"
            assert "," not in synonym
            seen.add(key)


def test_taxonomy_canonicalises_names_and_synonyms_ignoring_case():
    assert TAXONOMY.canonical("COMMUNITY SHARE OFFER") == "Community shares"
    assert TAXONOMY.canonical("cash flow") == "Cash-flow forecasting"
    assert TAXONOMY.category("agm") == "Governance"
    assert "gdpr" in TAXONOMY
    assert TAXONOMY.canonical("  Underwater   basket weaving ") == "underwater basket weaving"
