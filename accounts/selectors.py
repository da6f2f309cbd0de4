"""Reads of members' data shared by views, each fetching what its page shows in one go."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
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
    completeness, without the group's members, invitations or conflicts."""
    return (
        MemberProfile.objects.select_related("organisation", "mentee_profile")
        .prefetch_related("languages", "skills_offered", "mentee_profile__skills_wanted")
        .filter(user=user)
        .first()
    )


def profile_is_onboarded(profile: MemberProfile | None) -> bool:
    """Whether the member has been through the profile form (not just joined a group)."""
    return (
        profile is not None
        and profile.organisation_id is not None
        and bool(profile.languages.all())
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
        (_("languages"), bool(profile.languages.all())),
        (_("sector"), bool(profile.sector)),
        (_("region"), bool(profile.region)),
        (_("a short bio"), bool(profile.bio)),
    ]
    if profile.is_mentor:
        checks.append((_("skills you offer"), bool(profile.skills_offered.all())))
        checks.append((_("years of experience"), profile.years_experience is not None))
    mentee: MenteeProfile | None = profile.mentee_profile
    if profile.is_mentee:
        checks.append((_("your goals"), bool(mentee and mentee.goal_list)))
        checks.append((_("skills you want"), bool(mentee and mentee.skills_wanted.all())))
    done = sum(1 for _label, ok in checks if ok)
    return Completeness(round(100 * done / len(checks)), [label for label, ok in checks if not ok])
