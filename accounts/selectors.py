"""Reads of members' data shared by views, each fetching what its page shows in one go."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import GroupInvitation, MemberProfile, MenteeProfile, User


def profile_for_user(user: User) -> MemberProfile | None:
    """The member's own profile with everything its pages show, or None before onboarding."""
    return (
        MemberProfile.objects.select_related("organisation", "mentee_profile")
        .prefetch_related(
            "languages",
            "skills_offered",
            "conflicts",
            "mentee_profile__skills_wanted",
            Prefetch(
                "mentee_profile__members",
                queryset=MemberProfile.objects.select_related("user").order_by("created_at"),
            ),
            Prefetch(
                "mentee_profile__invitations",
                queryset=GroupInvitation.objects.open(),
                to_attr="open_invitations",
            ),
        )
        .filter(user=user)
        .first()
    )


def profile_summary(user: User) -> MemberProfile | None:
    """The member's profile with only what the dashboard shows: enough to judge onboarding and
    completeness, without the group's members, invitations or conflicts. Whether it has
    languages and skills comes as flags of the one query, not as three more for the lists."""
    return (
        MemberProfile.objects.select_related("organisation", "mentee_profile")
        .annotate(
            has_languages=Exists(
                MemberProfile.languages.through.objects.filter(memberprofile=OuterRef("pk"))
            ),
            has_skills_offered=Exists(
                MemberProfile.skills_offered.through.objects.filter(memberprofile=OuterRef("pk"))
            ),
            has_skills_wanted=Exists(
                MenteeProfile.skills_wanted.through.objects.filter(
                    menteeprofile=OuterRef("mentee_profile")
                )
            ),
        )
        .filter(user=user)
        .first()
    )


def _holds(owner: object, flag: str, related: str) -> bool:
    """Whether `owner`'s relation `related` has anything: profile_summary's flag where it set
    one, otherwise the (prefetched) relation itself."""
    found = getattr(owner, flag, None)
    return bool(getattr(owner, related).all()) if found is None else found


def profile_is_onboarded(profile: MemberProfile | None) -> bool:
    """Whether the member has been through the profile form (not just joined a group)."""
    return (
        profile is not None
        and profile.organisation_id is not None
        and _holds(profile, "has_languages", "languages")
    )


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[Promise]  # labels, shown in the reader's language


def profile_completeness(profile: MemberProfile | None) -> Completeness:
    """How much of the profile that matching uses is filled in, and what is missing."""
    if profile is None:
        return Completeness(0, [_("your profile")])
    checks: list[tuple[Promise, bool]] = [
        (_("your co-op"), profile.organisation_id is not None),
        (_("languages"), _holds(profile, "has_languages", "languages")),
        (_("sector"), bool(profile.sector)),
        (_("region"), bool(profile.region)),
        (_("a short bio"), bool(profile.bio)),
    ]
    if profile.is_mentor:
        checks.append(
            (_("skills you offer"), _holds(profile, "has_skills_offered", "skills_offered"))
        )
        checks.append((_("years of experience"), profile.years_experience is not None))
    mentee: MenteeProfile | None = profile.mentee_profile
    if profile.is_mentee:
        checks.append((_("your goals"), bool(mentee and mentee.goal_list)))
        wanted = getattr(profile, "has_skills_wanted", None)
        if wanted is None:
            wanted = bool(mentee and mentee.skills_wanted.all())
        checks.append((_("skills you want"), bool(mentee) and wanted))
    done = sum(1 for _label, ok in checks if ok)
    return Completeness(round(100 * done / len(checks)), [label for label, ok in checks if not ok])
