"""Command line: `python -m matching match PROFILES.json` and `python -m matching solve SCORED.json`.

Reads JSON from a file or `-` (standard input) and writes JSON to standard output, in the
formats of docs matching-cli.md. Bad input ends with exit status 1 and one line on standard
error naming the problem and where it is; nothing is written to standard output then. Works
without Django: it imports only the engine and the plain-data skills taxonomy.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Container
from typing import Any, NoReturn, TypeVar

from accounts.skill_taxonomy import SKILLS
from matching.engine import MenteeProfile, MentorProfile, Taxonomy, match, solve

# A JSON object as read.
Json = dict[str, Any]
_Person = TypeVar("_Person", MentorProfile, MenteeProfile)

MAX_CAPACITY = 5
FORMAT_NAMES = ("in_person", "remote")


class InputError(Exception):
    """A problem in the input and where it is."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, like every other error of this command.
        self.exit(2, f"error: {message} (see --help)\n")


# -- reading ---------------------------------------------------------------------------


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not valid JSON")


def read_json(path: str) -> Any:
    """The JSON document at path (`-` for standard input)."""
    name = "stdin" if path == "-" else path
    try:
        if path == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                raw = handle.read()
    except OSError as error:
        raise InputError(name, f"cannot read ({error.strerror or error})") from error
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError as error:
        raise InputError(name, "not UTF-8 text") from error
    except json.JSONDecodeError as error:
        raise InputError(
            name, f"malformed JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from error
    except ValueError as error:
        raise InputError(name, f"malformed JSON: {error}") from error


# -- checking --------------------------------------------------------------------------


def _field(obj: Json, key: str, where: str, required: bool = True, default: Any = None) -> Any:
    if key not in obj:
        if required:
            raise InputError(f"{where}.{key}", "missing field")
        return default
    return obj[key]


def _object(value: Any, where: str) -> Json:
    if not isinstance(value, dict):
        raise InputError(where, "must be an object")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(where, "must be a list")
    return value


def _string(value: Any, where: str, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise InputError(where, "must be a string" if empty else "must be a non-empty string")
    return value


def _strings(value: Any, where: str) -> list[str]:
    return [_string(item, f"{where}[{i}]") for i, item in enumerate(_list(value, where))]


def _number(value: Any, where: str, problem: str = "must be a number >= 0") -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise InputError(where, problem)
    return value


def _optional_number(value: Any, where: str) -> float | None:
    return None if value is None else _number(value, where, "must be a number >= 0 or null")


def _integer(value: Any, where: str, top: int | None = None) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < 0
        or (top is not None and value > top)
    ):
        bound = f"from 0 to {top}" if top is not None else ">= 0"
        raise InputError(where, f"must be an integer {bound}")
    return value


def _optional_string(value: Any, where: str) -> str | None:
    return None if value is None else _string(value, where)


def _formats(value: Any, where: str) -> list[str]:
    formats = _strings(value, where)
    if not formats or any(f not in FORMAT_NAMES for f in formats):
        raise InputError(where, "must be a non-empty list of in_person, remote")
    return formats


def _goals(value: Any, where: str) -> list[str]:
    return [value] if isinstance(value, str) else _strings(value, where)


def _people(doc: Json, key: str, build: Callable[[Json, str], _Person]) -> list[_Person]:
    where = key
    people = _list(_field(doc, key, "input", True), where)
    seen: dict[str, int] = {}
    result = []
    for i, item in enumerate(people):
        at = f"{where}[{i}]"
        person = build(_object(item, at), at)
        if person.id in seen:
            raise InputError(
                f"{at}.id",
                f"duplicate id {json.dumps(person.id)} (also {where}[{seen[person.id]}])",
            )
        seen[person.id] = i
        result.append(person)
    return result


def _mentor(item: Json, at: str) -> MentorProfile:
    def get(key: str, required: bool = True, default: Any = None) -> Any:
        return _field(item, key, at, required, default)

    return MentorProfile(
        id=_string(get("id"), f"{at}.id", empty=False),
        skills=frozenset(_strings(get("skills"), f"{at}.skills")),
        sectors=frozenset(_strings(get("sectors"), f"{at}.sectors")),
        languages=frozenset(_strings(get("languages"), f"{at}.languages")),
        region=_string(get("region"), f"{at}.region"),
        formats=frozenset(_formats(get("formats"), f"{at}.formats")),
        capacity=_integer(get("capacity"), f"{at}.capacity", MAX_CAPACITY),
        bio=_string(get("bio", False, ""), f"{at}.bio"),
        organisation=_optional_string(get("organisation", False), f"{at}.organisation"),
        person=_optional_string(get("person", False), f"{at}.person"),
        stages=frozenset(_strings(get("stages", False, []), f"{at}.stages")),
        years_experience=_optional_number(get("years_experience", False), f"{at}.years_experience"),
        hours_per_month=_optional_number(get("hours_per_month", False), f"{at}.hours_per_month"),
    )


def _mentee(item: Json, at: str) -> MenteeProfile:
    def get(key: str, required: bool = True, default: Any = None) -> Any:
        return _field(item, key, at, required, default)

    return MenteeProfile(
        id=_string(get("id"), f"{at}.id", empty=False),
        goals=tuple(_goals(get("goals", False, []), f"{at}.goals")),
        skills_wanted=tuple(_strings(get("skills_wanted"), f"{at}.skills_wanted")),
        sector=_string(get("sector", False, ""), f"{at}.sector"),
        languages=frozenset(_strings(get("languages"), f"{at}.languages")),
        region=_string(get("region"), f"{at}.region"),
        formats=frozenset(_formats(get("formats"), f"{at}.formats")),
        organisation=_optional_string(get("organisation", False), f"{at}.organisation"),
        person=_optional_string(get("person", False), f"{at}.person"),
        stage=_optional_string(get("stage", False), f"{at}.stage"),
        hours_per_month=_optional_number(get("hours_per_month", False), f"{at}.hours_per_month"),
    )


def _exclusions(doc: Json, mentees: set[str], mentors: set[str]) -> list[tuple[str, str]]:
    result = []
    for i, item in enumerate(_list(doc.get("exclusions", []), "exclusions")):
        at = f"exclusions[{i}]"
        if not isinstance(item, list) or len(item) != 2:
            raise InputError(at, "must be a [mentee id, mentor id] pair")
        result.append(_known_ids(item, at, mentees, mentors))
    return result


def _known_ids(
    item: list[Any], at: str, mentees: Container[str], mentors: Container[str]
) -> tuple[str, str]:
    """The (mentee id, mentor id) that start a pair's list, each checked to be known."""
    mentee, mentor = _string(item[0], f"{at}[0]"), _string(item[1], f"{at}[1]")
    if mentee not in mentees:
        raise InputError(f"{at}[0]", f"unknown mentee id {json.dumps(mentee)}")
    if mentor not in mentors:
        raise InputError(f"{at}[1]", f"unknown mentor id {json.dumps(mentor)}")
    return mentee, mentor


# -- commands --------------------------------------------------------------------------


def run_match(doc: Any) -> Json:
    """The `match` command on a parsed PROFILES document."""
    doc = _object(doc, "input")
    mentors = _people(doc, "mentors", _mentor)
    mentees = _people(doc, "mentees", _mentee)
    exclusions = _exclusions(doc, {m.id for m in mentees}, {m.id for m in mentors})
    result = match(mentors, mentees, Taxonomy(SKILLS), exclusions=exclusions)
    return {
        "assignments": [
            {
                "mentee": a.mentee,
                "mentor": a.mentor,
                "score": round(a.score, 4),
                "reasons": list(a.reasons),
            }
            for a in result.assignments
        ],
        "unmatched": [{"mentee": u.mentee, "reason": u.reason} for u in result.unmatched],
        "stats": {
            "mentees": result.stats.mentees,
            "mentors": result.stats.mentors,
            "matched": result.stats.matched,
            "total_score": round(result.stats.total_score, 4),
            "seconds": round(result.stats.seconds, 3),
        },
    }


def run_solve(doc: Any) -> Json:
    """The `solve` command on a parsed SCORED document."""
    doc = _object(doc, "input")
    capacities = _object(_field(doc, "capacities", "input"), "capacities")
    for mentor, value in capacities.items():
        _integer(value, f"capacities[{json.dumps(mentor)}]")
    mentees = _strings(_field(doc, "mentees", "input"), "mentees")
    first: dict[str, int] = {}
    for i, mentee in enumerate(mentees):
        if mentee in first:
            raise InputError(f"mentees[{i}]", f"duplicate id {json.dumps(mentee)}")
        first[mentee] = i
    pairs = []
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(_list(_field(doc, "pairs", "input"), "pairs")):
        at = f"pairs[{i}]"
        if not isinstance(item, list) or len(item) != 3:
            raise InputError(at, "must be a [mentee id, mentor id, score] triple")
        mentee, mentor = _known_ids(item, at, first, capacities)
        score = _number(item[2], f"{at}[2]")
        if not math.isfinite(score):
            raise InputError(f"{at}[2]", "must be a finite number >= 0")
        if (mentee, mentor) in seen:
            raise InputError(at, f"duplicate pair {json.dumps(mentee)}, {json.dumps(mentor)}")
        seen.add((mentee, mentor))
        pairs.append((mentee, mentor, score))
    solution = solve(capacities, mentees, pairs)
    return {
        "assignments": [
            {"mentee": mentee, "mentor": mentor, "score": score}
            for mentee, mentor, score in solution.assignments
        ],
        "stats": {
            "matched": solution.matched,
            "total_score": round(solution.total_score, 9),
            "seconds": round(solution.seconds, 6),
        },
    }


COMMANDS = {"match": run_match, "solve": run_solve}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _Parser(prog="python -m matching", description="Mentor matching engine.")
    parser.add_argument("command", choices=sorted(COMMANDS), help="match profiles or solve pairs")
    parser.add_argument("file", help="the input JSON file, or - for standard input")
    args = parser.parse_args(argv)
    try:
        output = COMMANDS[args.command](read_json(args.file))
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except ValueError as error:
        # Engine-level checks (e.g. scores too large to compare exactly).
        print(f"error: {args.file}: {error}", file=sys.stderr)
        return 1
    json.dump(output, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
