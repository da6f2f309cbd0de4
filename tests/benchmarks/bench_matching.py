"""Benchmark of the matching engine on generated, realistic programmes.

Run: python tests/benchmarks/bench_matching.py [--sizes 200x60,2000x500,10000x2000,50000x10000]

Sizes are MENTEESxMENTORS. Each size runs `match` in one subprocess and `solve` in another,
so each peak resident memory figure is that of one step (it includes the generated input,
which is reported separately as "before"). For `solve` the input is the exact pair set
`match` solved over. The solve step also computes:

- an independent exact reference (two linear programs with GLOP: the most matches, then the
  best total for that many; the bipartite b-matching polytope is integral, so the LP optimum
  is the true optimum) on sizes up to --reference-limit;
- a greedy best-pair-first baseline;
- on sizes up to --reference-limit, `match` again with no candidate cap, to show what the
  top-K cap costs.

Importable: `generate_programme(mentees, mentors, seed)` builds the profiles.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from accounts.skill_taxonomy import SKILLS  # noqa: E402
from matching.engine import (  # noqa: E402
    MenteeProfile,
    MentorProfile,
    Policy,
    Taxonomy,
    match,
    solve,
)

DEFAULT_SIZES = "200x60,2000x500,10000x2000,50000x10000"

REGIONS = (
    "Scotland",
    "Wales",
    "Northern Ireland",
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
REGION_WEIGHTS = (8, 6, 3, 4, 11, 8, 7, 9, 9, 14, 13, 8)
SECTORS = (
    "food retail",
    "housing",
    "renewable energy",
    "childcare",
    "community pubs",
    "social care",
    "digital and tech",
    "arts and culture",
    "agriculture",
    "transport",
    "credit unions",
    "manufacturing",
    "wholefoods",
    "sport and leisure",
)
STAGES = ("idea", "start-up", "growing", "established", "converting", "struggling")
# (extra language, share of people who speak it besides or instead of English)
OTHER_LANGUAGES = (("pl", 0.03), ("ur", 0.015), ("pa", 0.01), ("bn", 0.008), ("ro", 0.007))
GOAL_TEMPLATES = (
    "We need to get our {a} in order before the AGM",
    "Help us with {a} as we grow from {n} to {m} members",
    "Our committee wants to understand {a} and {b}",
    "Set up {a} for our {sector} co-op",
    "Looking for advice on {a}; we have struggled with {b} this year",
    "Learn how other co-ops handle {a}",
    "Plan a {a} project and improve our {b}",
)
BIO_TEMPLATES = (
    "I have worked in {sector} co-ops for {years} years, mostly on {a} and {b}.",
    "Former chair of a {sector} co-op; I enjoy helping with {a}.",
    "Worker-member and trainer. Happy to share what we learned about {a}, {b} and {c}.",
    "Accountant turned co-op developer supporting {sector} groups with {a}.",
)


def _skill_text(rng: random.Random, skill: object) -> str:
    """How a person might name a skill: its name, or now and then a synonym."""
    if skill.synonyms and rng.random() < 0.25:
        return rng.choice(skill.synonyms)
    return skill.name


def _languages(rng: random.Random, region: str, mentor: bool) -> list[str]:
    languages = ["en"]
    regional = {"Wales": ("cy", 0.25), "Scotland": ("gd", 0.05), "Northern Ireland": ("ga", 0.05)}
    if region in regional and rng.random() < regional[region][1]:
        languages.append(regional[region][0])
    for code, share in OTHER_LANGUAGES:
        if rng.random() < share:
            languages.append(code)
    # Some mentees only speak their first language; mentors are recruited to speak English.
    if not mentor and len(languages) > 1 and rng.random() < 0.3:
        languages.remove("en")
    return languages


def _formats(rng: random.Random) -> list[str]:
    roll = rng.random()
    if roll < 0.5:
        return ["remote"]
    if roll < 0.85:
        return ["remote", "in_person"]
    return ["in_person"]


def _skills_by_category() -> dict[str, list]:
    grouped: dict[str, list] = {}
    for skill in SKILLS:
        grouped.setdefault(skill.category, []).append(skill)
    return grouped


def _pick_skills(rng: random.Random, count: int, grouped: dict[str, list]) -> list:
    """Skills clustered like real people's: mostly from one or two areas."""
    home = rng.sample(sorted(grouped), 2)
    chosen: list = []
    while len(chosen) < count:
        area = home[0] if rng.random() < 0.6 else home[1] if rng.random() < 0.6 else None
        pool = grouped[area] if area else list(SKILLS)
        skill = rng.choice(pool)
        if skill not in chosen:
            chosen.append(skill)
    return chosen


def _words(skill: object, rng: random.Random) -> str:
    text = rng.choice((skill.name, *skill.synonyms)) if skill.synonyms else skill.name
    return text.lower()


def generate_programme(
    mentees: int, mentors: int, seed: int = 1
) -> tuple[list[MentorProfile], list[MenteeProfile], list[tuple[str, str]]]:
    """A seeded programme: mentors, mentees and exclusions (conflicts, past rejections)."""
    rng = random.Random(seed)
    grouped = _skills_by_category()
    organisations = [f"org-{i:05d}" for i in range(max(10, (mentees + mentors) // 4))]
    mentor_list = []
    for i in range(mentors):
        region = rng.choices(REGIONS, REGION_WEIGHTS)[0]
        skills = _pick_skills(rng, rng.randint(3, 8), grouped)
        sector = rng.choice(SECTORS)
        years = rng.randint(1, 30)
        bio = rng.choice(BIO_TEMPLATES).format(
            sector=sector,
            years=years,
            a=_words(skills[0], rng),
            b=_words(skills[1], rng),
            c=_words(skills[2], rng),
        )
        mentor_list.append(
            MentorProfile(
                id=f"m{i:06d}",
                skills=frozenset(_skill_text(rng, s) for s in skills),
                sectors=frozenset([*rng.sample(SECTORS, rng.randint(1, 3)), sector]),
                languages=frozenset(_languages(rng, region, mentor=True)),
                region=region,
                formats=frozenset(_formats(rng)),
                capacity=rng.randint(1, 5),
                bio=bio,
                organisation=rng.choice(organisations) if rng.random() < 0.4 else None,
                person=f"p-mentor-{i}",
                stages=frozenset(rng.sample(STAGES, rng.randint(1, 3))),
                years_experience=years,
                hours_per_month=rng.choice((2, 4, 4, 6, 8, 10)) if rng.random() < 0.8 else None,
            )
        )
    mentee_list = []
    exclusions = []
    for i in range(mentees):
        region = rng.choices(REGIONS, REGION_WEIGHTS)[0]
        wanted = _pick_skills(rng, rng.randint(1, 4), grouped)
        sector = rng.choice(SECTORS)
        goals = [
            rng.choice(GOAL_TEMPLATES).format(
                a=_words(wanted[0], rng),
                b=_words(rng.choice(wanted), rng),
                sector=sector,
                n=rng.randint(3, 20),
                m=rng.randint(25, 200),
            )
            for _ in range(rng.randint(1, 2))
        ]
        # A few mentees are also mentors in the same round.
        person = f"p-mentor-{rng.randrange(mentors)}" if mentors and rng.random() < 0.02 else None
        mentee_id = f"e{i:06d}"
        mentee_list.append(
            MenteeProfile(
                id=mentee_id,
                goals=tuple(goals),
                skills_wanted=tuple(_skill_text(rng, s) for s in wanted),
                sector=sector if rng.random() < 0.9 else "",
                languages=frozenset(_languages(rng, region, mentor=False)),
                region=region,
                formats=frozenset(_formats(rng)),
                organisation=rng.choice(organisations),
                person=person,
                stage=rng.choice(STAGES) if rng.random() < 0.7 else None,
                hours_per_month=rng.choice((2, 4, 6, 8)) if rng.random() < 0.6 else None,
            )
        )
        if mentors and rng.random() < 0.01:
            for _ in range(rng.randint(1, 2)):
                exclusions.append((mentee_id, f"m{rng.randrange(mentors):06d}"))
    return mentor_list, mentee_list, sorted(set(exclusions))


# -- baselines and reference -----------------------------------------------------------


def greedy(capacities: dict[str, int], pairs: list[tuple[str, str, float]]) -> tuple[int, float]:
    """Best-pair-first: take pairs by descending score while both sides have room."""
    room = dict(capacities)
    taken: set[str] = set()
    total = []
    for mentee, mentor, score in sorted(pairs, key=lambda p: (-p[2], p[0], p[1])):
        if mentee in taken or room.get(mentor, 0) <= 0:
            continue
        taken.add(mentee)
        room[mentor] -= 1
        total.append(score)
    return len(taken), math.fsum(total)


def lp_reference(
    capacities: dict[str, int], mentees: list[str], pairs: list[tuple[str, str, float]]
) -> tuple[int, float]:
    """The optimum by linear programming (GLOP), independent of the min-cost flow code.

    Phase 1 maximises the number of matches, phase 2 the total score with at least that
    many matches. Both LPs have integral optima (bipartite b-matching), so their values are
    the true optimum.
    """
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    variables = [solver.NumVar(0.0, 1.0, "") for _ in pairs]
    by_mentee: dict[str, list] = {m: [] for m in mentees}
    by_mentor: dict[str, list] = {m: [] for m in capacities}
    for variable, (mentee, mentor, _) in zip(variables, pairs, strict=True):
        by_mentee[mentee].append(variable)
        by_mentor[mentor].append(variable)
    for group in by_mentee.values():
        if group:
            solver.Add(solver.Sum(group) <= 1)
    for mentor, group in by_mentor.items():
        if group:
            solver.Add(solver.Sum(group) <= capacities[mentor])
    solver.Maximize(solver.Sum(variables))
    if solver.Solve() != solver.OPTIMAL:
        raise RuntimeError("reference LP (phase 1) not solved")
    matched = round(solver.Objective().Value())
    solver.Add(solver.Sum(variables) >= matched)
    solver.Maximize(solver.Sum(v * s for v, (_, _, s) in zip(variables, pairs, strict=True)))
    if solver.Solve() != solver.OPTIMAL:
        raise RuntimeError("reference LP (phase 2) not solved")
    return matched, solver.Objective().Value()


# -- one step per subprocess -----------------------------------------------------------


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _parse_size(size: str) -> tuple[int, int]:
    mentees, mentors = size.lower().split("x")
    return int(mentees), int(mentors)


def run_match_step(size: str, seed: int, pairs_file: str, uncapped: bool) -> dict:
    """Time `match` end to end; save its pair set for the solve step."""
    mentees, mentors = _parse_size(size)
    mentor_list, mentee_list, exclusions = generate_programme(mentees, mentors, seed)
    taxonomy = Taxonomy(SKILLS)
    before = _peak_mib()
    started = time.perf_counter()
    result = match(mentor_list, mentee_list, taxonomy, exclusions=exclusions, keep_pairs=True)
    seconds = time.perf_counter() - started
    peak = _peak_mib()
    with open(pairs_file, "w") as handle:
        json.dump(
            {
                "capacities": {m.id: m.capacity for m in mentor_list},
                "mentees": [m.id for m in mentee_list],
                "pairs": result.pairs.triples(),
            },
            handle,
        )
    report = {
        "seconds": seconds,
        "peak_mib": peak,
        "before_mib": before,
        "matched": result.stats.matched,
        "total_score": result.stats.total_score,
        "candidate_pairs": result.stats.candidate_pairs,
        "rounds": result.stats.rounds,
        "unmatched_reasons": _reason_counts(result),
    }
    if uncapped:
        del result
        started = time.perf_counter()
        full = match(mentor_list, mentee_list, taxonomy, Policy(max_candidates=None), exclusions)
        report["uncapped"] = {
            "seconds": time.perf_counter() - started,
            "matched": full.stats.matched,
            "total_score": full.stats.total_score,
            "candidate_pairs": full.stats.candidate_pairs,
        }
    return report


def _reason_counts(result: object) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in result.unmatched:
        counts[str(item.code)] = counts.get(str(item.code), 0) + 1
    return dict(sorted(counts.items()))


def run_solve_step(pairs_file: str, reference: bool) -> dict:
    """Time `solve` alone on the saved pairs; compare with greedy and the LP reference."""
    with open(pairs_file) as handle:
        doc = json.load(handle)
    pairs = [tuple(p) for p in doc["pairs"]]
    before = _peak_mib()
    started = time.perf_counter()
    solution = solve(doc["capacities"], doc["mentees"], pairs)
    seconds = time.perf_counter() - started
    peak = _peak_mib()
    report = {
        "seconds": seconds,
        "peak_mib": peak,
        "before_mib": before,
        "matched": solution.matched,
        "total_score": solution.total_score,
        "pairs": len(pairs),
    }
    report["greedy_matched"], report["greedy_total"] = greedy(doc["capacities"], pairs)
    if reference:
        started = time.perf_counter()
        matched, total = lp_reference(doc["capacities"], doc["mentees"], pairs)
        report["reference"] = {
            "seconds": time.perf_counter() - started,
            "matched": matched,
            "total_score": total,
            "agrees": matched == solution.matched
            and abs(total - solution.total_score) <= 1e-6 * max(1.0, total),
        }
    return report


def _child(args: list[str]) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fits(size: str, limit: str) -> bool:
    mentees, mentors = _parse_size(size)
    top_mentees, top_mentors = _parse_size(limit)
    return mentees <= top_mentees and mentors <= top_mentors


def benchmark(sizes: list[str], seed: int, reference_limit: str) -> None:
    """Run every size (each step in its own process) and print the figures."""
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, seed {seed}")
    for size in sizes:
        check = _fits(size, reference_limit)
        with tempfile.TemporaryDirectory() as folder:
            pairs_file = str(Path(folder) / "pairs.json")
            matched = _child(["--step", "match", size, str(seed), pairs_file, str(check)])
            solved = _child(["--step", "solve", size, str(seed), pairs_file, str(check)])
        _print(size, matched, solved)


def _print(size: str, m: dict, s: dict) -> None:
    print(f"\n== {size} (mentees x mentors)")
    print(
        f"match: {m['seconds']:.2f} s, peak RSS {m['peak_mib']:.0f} MiB "
        f"(before: {m['before_mib']:.0f} MiB), matched {m['matched']}, "
        f"total score {m['total_score']:.4f}, {m['candidate_pairs']} candidate pairs, "
        f"{m['rounds']} solve round(s)"
    )
    print(f"  unmatched by reason: {m['unmatched_reasons']}")
    if "uncapped" in m:
        u = m["uncapped"]
        print(
            f"  no candidate cap: {u['seconds']:.2f} s, matched {u['matched']}, total score "
            f"{u['total_score']:.4f} over {u['candidate_pairs']} pairs "
            f"(cap cost: {u['matched'] - m['matched']} matches, "
            f"{u['total_score'] - m['total_score']:.4f} score)"
        )
    print(
        f"solve: {s['seconds']:.2f} s, peak RSS {s['peak_mib']:.0f} MiB "
        f"(before: {s['before_mib']:.0f} MiB) on {s['pairs']} pairs, matched {s['matched']}, "
        f"total score {s['total_score']:.4f}"
    )
    if "reference" in s:
        r = s["reference"]
        print(
            f"  LP reference (GLOP): matched {r['matched']}, total score {r['total_score']:.4f}"
            f" in {r['seconds']:.2f} s -> {'AGREES' if r['agrees'] else 'DISAGREES'}"
        )
    else:
        print("  LP reference: skipped (above --reference-limit)")
    print(
        f"  greedy best-pair-first: matched {s['greedy_matched']}, "
        f"total score {s['greedy_total']:.4f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="e.g. 200x60,2000x500")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reference-limit", default="2000x500", help="largest size checked against the LP"
    )
    parser.add_argument("--step", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        step, size, seed, pairs_file, check = args.step
        if step == "match":
            report = run_match_step(size, int(seed), pairs_file, check == "True")
        else:
            report = run_solve_step(pairs_file, check == "True")
        print(json.dumps(report))
        return 0
    benchmark([s for s in args.sizes.split(",") if s], args.seed, args.reference_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
