"""`python -m matching match|solve`: the documented formats and one-line errors."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

PROFILES = {
    "mentors": [
        {
            "id": "m1",
            "skills": ["bookkeeping", "governance"],
            "sectors": ["food retail"],
            "languages": ["en", "cy"],
            "region": "Wales",
            "formats": ["remote", "in_person"],
            "capacity": 2,
            "bio": "optional free text",
        }
    ],
    "mentees": [
        {
            "id": "e1",
            "goals": ["Set up our first annual accounts"],
            "skills_wanted": ["bookkeeping"],
            "sector": "housing",
            "languages": ["cy"],
            "region": "Wales",
            "formats": ["remote"],
        },
        {
            "id": "e9",
            "goals": [],
            "skills_wanted": ["bookkeeping"],
            "sector": "",
            "languages": ["pl"],
            "region": "Wales",
            "formats": ["remote"],
        },
    ],
}

SCORED = {
    "capacities": {"m1": 2, "m2": 1},
    "mentees": ["e1", "e2", "e3"],
    "pairs": [["e1", "m1", 0.9], ["e2", "m1", 0.4], ["e2", "m2", 0.7], ["e3", "m2", 0.2]],
}


def run(command, document, tmp_path=None, raw=None):
    """Run the CLI on a document through stdin (or a file when tmp_path is given)."""
    text = raw if raw is not None else json.dumps(document)
    if tmp_path is None:
        args, stdin = [command, "-"], text
    else:
        path = tmp_path / "input.json"
        path.write_text(text, encoding="utf-8")
        args, stdin = [command, str(path)], ""
    return cli(*args, stdin=stdin)


def cli(*args, stdin=""):
    """`python -m matching` with these arguments, run from the project's root."""
    return subprocess.run(
        [sys.executable, "-m", "matching", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )


def test_match_writes_assignments_unmatched_and_stats(tmp_path):
    done = run("match", PROFILES, tmp_path)
    assert done.returncode == 0, done.stderr
    output = json.loads(done.stdout)
    assert set(output) == {"assignments", "unmatched", "stats"}
    [assignment] = output["assignments"]
    assert (assignment["mentee"], assignment["mentor"]) == ("e1", "m1")
    assert 0 < assignment["score"] <= 1
    assert assignment["reasons"][0] == "offers 1 of 1 wanted skills: bookkeeping"
    assert "both speak Welsh" in assignment["reasons"]
    assert "both meet remotely" in assignment["reasons"]
    assert output["unmatched"] == [{"mentee": "e9", "reason": "no mentor speaks Polish"}]
    stats = output["stats"]
    assert {k: stats[k] for k in ("mentees", "mentors", "matched")} == {
        "mentees": 2,
        "mentors": 1,
        "matched": 1,
    }
    assert stats["total_score"] == pytest.approx(assignment["score"])
    assert stats["seconds"] >= 0
    assert done.stderr == ""


def test_match_honours_exclusions():
    document = copy.deepcopy(PROFILES)
    document["exclusions"] = [["e1", "m1"]]
    output = json.loads(run("match", document).stdout)
    assert output["assignments"] == []
    assert output["unmatched"][0]["mentee"] == "e1"


def test_solve_writes_the_optimum_with_scores_as_given():
    done = run("solve", SCORED)
    assert done.returncode == 0, done.stderr
    output = json.loads(done.stdout)
    assert output["assignments"] == [
        {"mentee": "e1", "mentor": "m1", "score": 0.9},
        {"mentee": "e2", "mentor": "m1", "score": 0.4},
        {"mentee": "e3", "mentor": "m2", "score": 0.2},
    ]
    assert output["stats"]["matched"] == 3
    assert output["stats"]["total_score"] == pytest.approx(1.5)
    assert output["stats"]["seconds"] >= 0


def test_solve_reads_a_file_path_too(tmp_path):
    done = run("solve", SCORED, tmp_path)
    assert done.returncode == 0
    assert json.loads(done.stdout)["stats"]["matched"] == 3


NO_DJANGO_CHECK = """
import runpy, sys
sys.argv = ["matching", "solve", "-"]
try:
    runpy.run_module("matching", run_name="__main__")
except SystemExit as stop:
    assert stop.code == 0, stop.code
assert "django" not in sys.modules, "django was imported"
"""


def test_the_command_line_works_without_django():
    done = subprocess.run(
        [sys.executable, "-c", NO_DJANGO_CHECK],
        input=json.dumps(SCORED),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stats"]["matched"] == 3


def mentors_with(**changes):
    document = copy.deepcopy(PROFILES)
    document["mentors"][0].update(changes)
    return document


def without(field, where="mentors"):
    document = copy.deepcopy(PROFILES)
    del document[where][0][field]
    return document


def scored_with(**changes):
    document = copy.deepcopy(SCORED)
    document.update(changes)
    return document


ERRORS = [
    ("match", without("capacity"), None, "mentors[0].capacity: missing field"),
    ("match", without("skills_wanted", "mentees"), None, "mentees[0].skills_wanted: missing"),
    (
        "match",
        mentors_with(capacity=-1),
        None,
        "mentors[0].capacity: must be an integer from 0 to 5",
    ),
    (
        "match",
        mentors_with(capacity=6),
        None,
        "mentors[0].capacity: must be an integer from 0 to 5",
    ),
    ("match", mentors_with(capacity="2"), None, "mentors[0].capacity"),
    ("match", mentors_with(formats=[]), None, "mentors[0].formats: must be a non-empty list"),
    ("match", mentors_with(formats=["video"]), None, "mentors[0].formats"),
    ("match", mentors_with(languages="en"), None, "mentors[0].languages: must be a list"),
    ("match", mentors_with(skills=["ok", 3]), None, "mentors[0].skills[1]: must be a string"),
    (
        "match",
        {"mentors": [PROFILES["mentors"][0]] * 2, "mentees": []},
        None,
        'mentors[1].id: duplicate id "m1"',
    ),
    ("match", {"mentees": []}, None, "mentors: missing field"),
    ("match", [], None, "input: must be an object"),
    (
        "match",
        {**PROFILES, "exclusions": [["e1", "m7"]]},
        None,
        'exclusions[0][1]: unknown mentor id "m7"',
    ),
    ("match", None, '{"mentors": [', "malformed JSON at line 1"),
    ("match", None, '{"mentors": NaN}', "malformed JSON"),
    ("solve", scored_with(pairs=[["e1", "m7", 0.5]]), None, 'pairs[0][1]: unknown mentor id "m7"'),
    ("solve", scored_with(pairs=[["e7", "m1", 0.5]]), None, 'pairs[0][0]: unknown mentee id "e7"'),
    ("solve", scored_with(capacities={"m1": -1}), None, 'capacities["m1"]: must be an integer'),
    ("solve", scored_with(pairs=[["e1", "m1", -0.5]]), None, "pairs[0][2]: must be a number >= 0"),
    ("solve", scored_with(pairs=[["e1", "m1"]]), None, "pairs[0]: must be a [mentee id"),
    (
        "solve",
        scored_with(pairs=[["e1", "m1", 0.5], ["e1", "m1", 0.6]]),
        None,
        'pairs[1]: duplicate pair "e1", "m1"',
    ),
    ("solve", scored_with(mentees=["e1", "e1"]), None, 'mentees[1]: duplicate id "e1"'),
    ("solve", {"capacities": {}, "mentees": []}, None, "input.pairs: missing field"),
    ("solve", None, "", "malformed JSON"),
]


@pytest.mark.parametrize(("command", "document", "raw", "expected"), ERRORS)
def test_bad_input_fails_with_one_line_naming_the_problem(command, document, raw, expected):
    done = run(command, document, raw=raw)
    assert done.returncode != 0
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    assert expected in lines[0]


def test_a_missing_file_is_one_line_too():
    done = cli("solve", "/nonexistent/scored.json")
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "error: /nonexistent/scored.json: cannot read (No such file or directory)"
    ]


def test_a_wrong_command_is_one_line_too():
    done = cli("pair", "-")
    assert done.returncode != 0
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
