"""A believable demo programme: co-operators with their co-ops, skills and goals.

Everything comes from a seeded random generator, so the same N always gives the same members,
and a second run finds them already there and adds nothing. Members joined over the programme's
life (up to JOINED_WITHIN_DAYS ago), so the mentoring history (mentorship.demo) can follow.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone

from accounts.coordinators import COORDINATORS_GROUP, LEAD_COORDINATORS_GROUP
from accounts.demo_words import (
    BIOS,
    COOP_KINDS,
    COOP_PREFIXES,
    FIRST_NAMES,
    GOALS,
    LAST_NAMES,
    REGIONS,
)
from accounts.models import Language, MemberProfile, MenteeProfile, Organisation, Skill, User

DEMO_DOMAIN = "demo.coop-mentoring.org.uk"
DEMO_PASSWORD = "demo-pass-1234"  # noqa: S105 - printed on purpose: this is demo data
COORDINATOR_EMAIL = f"coordinator@{DEMO_DOMAIN}"
COORDINATOR_PASSWORD = "coordinate-demo-2026"  # noqa: S105
JOINED_WITHIN_DAYS = 1000


@dataclass
class DemoSummary:
    created: int = 0
    existing: int = 0
    notes: list[str] = field(default_factory=list)


def _person(rng: random.Random, index: int) -> tuple[str, str]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    slug = f"{first}.{last}".lower().replace("'", "").replace("â", "a")
    return f"{first} {last}", f"{slug}.{index}@{DEMO_DOMAIN}"


def _joined(now: datetime, seed: int, index: int) -> datetime:
    """When a demo member joined: from the seed and their index only, like their email."""
    minutes = zlib.crc32(f"joined:{seed}:{index}".encode()) % (JOINED_WITHIN_DAYS * 24 * 60)
    return now - timedelta(minutes=minutes)


@contextmanager
def given_times(*models_: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the historic times set on demo rows, instead of stamping them now.

    auto_now and auto_now_add overwrite the value on every insert; they are switched off on
    these models' fields for the duration of the block only (seeding runs alone in its process).
    """
    fields = [
        f
        for model in models_
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@cache
def _coordinator_password() -> str:
    # Hashing takes a noticeable part of a second: the demo's coordinators share one hash.
    return make_password(COORDINATOR_PASSWORD)


def coordinator_ensure(
    email: str = COORDINATOR_EMAIL, name: str = "Carys Coordinator", *, lead: bool = True
) -> User:
    """A demo coordinator: staff, not a superuser, with the demo coordinators' password.

    The lead (the default) sees every programme; any other sees only the programmes it is
    named on, which the mentoring demo does.
    """
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(
            email=email, password=_coordinator_password(), name=name, is_staff=True
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    groups = [COORDINATORS_GROUP, LEAD_COORDINATORS_GROUP] if lead else [COORDINATORS_GROUP]
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@transaction.atomic
def demo_programme_create(*, members: int, seed: int = 2026) -> DemoSummary:
    """Create `members` demo members (a third mentors, a tenth both, the rest mentees)."""
    rng = random.Random(seed)
    summary = DemoSummary()
    coordinator_ensure()
    people = [_person(rng, i) for i in range(members)]
    existing = set(
        User.objects.filter(email__in=[email for _, email in people]).values_list(
            "email", flat=True
        )
    )
    summary.existing = len(existing)
    missing = [(i, name, email) for i, (name, email) in enumerate(people) if email not in existing]
    if not missing:
        return summary

    skills = list(Skill.objects.order_by("pk"))
    languages = {lang.code: lang for lang in Language.objects.all()}
    password = make_password(DEMO_PASSWORD)
    now = timezone.now()
    organisations = _organisations(rng, max(10, members // 4), now=now)

    users = User.objects.bulk_create(
        [
            User(email=email, name=name, password=password, date_joined=_joined(now, seed, i))
            for i, name, email in missing
        ],
        batch_size=2000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=2000,
    )
    profiles, mentee_profiles = [], []
    for (index, _, _), user in zip(missing, users, strict=True):
        role = _role_for(index)
        org_rng = random.Random(seed * 7919 + index)
        organisation = org_rng.choice(organisations)
        profile = MemberProfile(
            user=user,
            role=role,
            organisation=organisation,
            sector=_sector_of(organisation),
            region=org_rng.choice(REGIONS),
            meets_in_person=org_rng.random() < 0.5,
            meets_remotely=True,
            hours_per_month=org_rng.choice([2, 3, 4, 6, 8]),
            bio=org_rng.choice(BIOS) if role in MemberProfile.MENTOR_ROLES else "",
            years_experience=org_rng.randint(2, 30) if role in MemberProfile.MENTOR_ROLES else None,
            capacity=org_rng.choice([1, 1, 2, 2, 3, 4, 5]),
            created_at=user.date_joined,
            updated_at=user.date_joined,
        )
        if profile.is_mentee:
            goals = org_rng.sample(GOALS, org_rng.randint(1, 3))
            group = f"{organisation.name} founders" if org_rng.random() < 0.25 else ""
            mentee_profiles.append(
                MenteeProfile(
                    group_name=group,
                    display_name=user.name,
                    goals="\n".join(goals),
                    created_by=user,
                    created_at=user.date_joined,
                    updated_at=user.date_joined,
                )
            )
            profile.mentee_profile = mentee_profiles[-1]
        profiles.append(profile)

    with given_times(MenteeProfile, MemberProfile):
        MenteeProfile.objects.bulk_create(mentee_profiles, batch_size=2000)
        for profile in profiles:
            if profile.mentee_profile is not None:
                profile.mentee_profile_id = profile.mentee_profile.pk
        MemberProfile.objects.bulk_create(profiles, batch_size=2000)
    _link_many_to_many(rng, profiles, skills, languages)
    summary.created = len(users)
    return summary


def _role_for(index: int) -> str:
    if index % 10 == 0:
        return MemberProfile.Role.BOTH
    return MemberProfile.Role.MENTOR if index % 3 == 1 else MemberProfile.Role.MENTEE


def _organisations(rng: random.Random, count: int, *, now: datetime) -> list[Organisation]:
    wanted = {}
    for i in range(count):
        prefix = COOP_PREFIXES[i % len(COOP_PREFIXES)]
        suffix, _, kind = COOP_KINDS[(i // len(COOP_PREFIXES)) % len(COOP_KINDS)]
        name = f"{prefix} {suffix}" + (
            f" {i // (len(COOP_PREFIXES) * len(COOP_KINDS)) + 1}"
            if i >= len(COOP_PREFIXES) * len(COOP_KINDS)
            else ""
        )
        wanted[name.lower()] = Organisation(
            name=name,
            kind=kind,
            stage=rng.choice(list(Organisation.Stage.values)),
            created_at=now - timedelta(days=JOINED_WITHIN_DAYS + 30),
        )
    found = {
        o.name.lower(): o
        for o in Organisation.objects.filter(name__in=[o.name for o in wanted.values()])
    }
    with given_times(Organisation):
        Organisation.objects.bulk_create(
            [o for key, o in wanted.items() if key not in found], batch_size=2000
        )
    return list(
        Organisation.objects.filter(name__in=[o.name for o in wanted.values()]).order_by("pk")
    )


def _sector_of(organisation: Organisation) -> str:
    for suffix, sector, _ in COOP_KINDS:
        if suffix in organisation.name:
            return sector
    return "other"


def _link_many_to_many(
    rng: random.Random,
    profiles: list[MemberProfile],
    skills: list[Skill],
    languages: dict[str, Language],
) -> None:
    languages_through = MemberProfile.languages.through
    offered_through = MemberProfile.skills_offered.through
    wanted_through = MenteeProfile.skills_wanted.through
    lang_rows, offered_rows, wanted_rows = [], [], []
    extra_languages = [
        code for code in ("cy", "gd", "pl", "ur", "pa", "so", "es") if code in languages
    ]
    for profile in profiles:
        codes = {"en"} if "en" in languages else set()
        if rng.random() < 0.2 and extra_languages:
            codes.add(rng.choice(extra_languages))
        lang_rows += [
            languages_through(memberprofile_id=profile.pk, language_id=code)
            for code in sorted(codes)
        ]
        if profile.is_mentor and skills:
            offered_rows += [
                offered_through(memberprofile_id=profile.pk, skill_id=s.pk)
                for s in rng.sample(skills, min(len(skills), rng.randint(3, 8)))
            ]
        if profile.is_mentee and skills and profile.mentee_profile_id:
            wanted_rows += [
                wanted_through(menteeprofile_id=profile.mentee_profile_id, skill_id=s.pk)
                for s in rng.sample(skills, min(len(skills), rng.randint(1, 4)))
            ]
    languages_through.objects.bulk_create(lang_rows, batch_size=5000, ignore_conflicts=True)
    offered_through.objects.bulk_create(offered_rows, batch_size=5000, ignore_conflicts=True)
    wanted_through.objects.bulk_create(wanted_rows, batch_size=5000, ignore_conflicts=True)
