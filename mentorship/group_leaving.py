"""What a member leaving a mentee profile ends for mentorship; registered with accounts in
MentorshipConfig.ready (accounts.services.group_leave_step_register).

A member who accepts an invitation to another enterprise group leaves the mentee profile they
had; accounts runs this step with that profile's row locked.
"""

from __future__ import annotations

from accounts.models import MenteeProfile, User
from accounts.services import INVITATION_OPEN_MENTORSHIP, InvitationError
from mentorship.models import Mentorship
from mentorship.services import relationship

WITHDRAWN_MENTEE_JOINED_GROUP = "The mentee joined another enterprise group."


def mentee_profile_leave(*, mentee: MenteeProfile, user: User, last_member: bool) -> None:
    """Refuse while the mentee profile has an open mentorship: joining would leave the member
    outside it while it kept using the mentor's room. When they were its last member, withdraw
    its pending proposals, so a coordinator cannot approve a pairing for no one."""
    if mentee.mentorships.filter(status__in=Mentorship.OPEN_STATUSES).exists():
        raise InvitationError(INVITATION_OPEN_MENTORSHIP)
    if not last_member:
        return  # the others keep the profile and its proposals
    relationship.mentorships_withdraw(
        mentee.mentorships.all(), by=user, reason=WITHDRAWN_MENTEE_JOINED_GROUP
    )
