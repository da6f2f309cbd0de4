"""The relationship's database models, one module per sub-domain.

programmes (programmes, their cohorts and enrolments), invitations (to a cohort, in bulk), relationship (the pairing, its
transitions and the `Side` type),
goals, sessions (with action items, private notes and calendar feeds), feedback (fit checks,
feedback, concerns), hours (expenses and claims), conversations and heartbeat. Import from
here: `from mentorship.models import Session`.
"""

from mentorship.models.conversations import ConversationMember, Message
from mentorship.models.feedback import RATING_VALIDATORS, Concern, Feedback, FitCheck
from mentorship.models.goals import Goal, GoalUpdate
from mentorship.models.heartbeat import Heartbeat
from mentorship.models.hours import ClaimAdjustment, ClaimApproval, Expense, RefusedClaimChange
from mentorship.models.invitations import COHORT_INVITATION_LIFETIME, CohortInvitation
from mentorship.models.programmes import Cohort, Enrolment, Programme
from mentorship.models.relationship import (
    MeetingFormat,
    MeetingFrequency,
    Mentorship,
    MentorshipTransition,
    Side,
    pair_label,
)
from mentorship.models.sessions import (
    ActionItem,
    CalendarFeed,
    PrivateNote,
    Session,
    SessionLogVersion,
)

__all__ = [
    "COHORT_INVITATION_LIFETIME",
    "RATING_VALIDATORS",
    "ActionItem",
    "CalendarFeed",
    "ClaimAdjustment",
    "ClaimApproval",
    "Cohort",
    "CohortInvitation",
    "Concern",
    "ConversationMember",
    "Enrolment",
    "Expense",
    "Feedback",
    "FitCheck",
    "Goal",
    "GoalUpdate",
    "Heartbeat",
    "MeetingFormat",
    "MeetingFrequency",
    "Mentorship",
    "MentorshipTransition",
    "Message",
    "PrivateNote",
    "Programme",
    "RefusedClaimChange",
    "Session",
    "SessionLogVersion",
    "Side",
    "pair_label",
]
