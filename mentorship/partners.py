"""The partner's card on the mentorship page: who the member is paired with, and the contact
details each of them chose to show (none by default)."""

from __future__ import annotations

from accounts.models import MemberProfile
from mentorship.models import Mentorship


def partner_profiles(mentorship: Mentorship, *, side: str) -> list[MemberProfile]:
    """The profiles of the other side of the pair: the mentor for a mentee, every member of the
    mentee for the mentor. The caller has already checked the viewer is in the pair."""
    profiles = MemberProfile.objects.select_related("user", "organisation").filter(
        user__is_active=True
    )
    if side == "mentor":
        profiles = profiles.filter(mentee_profile_id=mentorship.mentee_id)
    else:
        profiles = profiles.filter(user_id=mentorship.mentor_id)
    return list(profiles.order_by("pk"))
