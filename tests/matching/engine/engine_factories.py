"""Engine profiles for tests: a mentor offering and a mentee wanting Bookkeeping, both in English
and remote, unless told otherwise."""

from __future__ import annotations

from typing import Any

from accounts.skill_taxonomy import SKILLS
from matching.engine import MenteeProfile, MentorProfile, Taxonomy

TAXONOMY = Taxonomy(SKILLS)


def mentor(id_: str = "m1", **fields: Any) -> MentorProfile:
    fields.setdefault("skills", {"Bookkeeping"})
    fields.setdefault("languages", {"en"})
    fields.setdefault("formats", {"remote"})
    return MentorProfile(id=id_, **fields)


def mentee(id_: str = "e1", **fields: Any) -> MenteeProfile:
    fields.setdefault("skills_wanted", ("Bookkeeping",))
    fields.setdefault("languages", {"en"})
    fields.setdefault("formats", {"remote"})
    return MenteeProfile(id=id_, **fields)
