"""The relationship's admin: programmes (programmes, cohorts with their "Invite members" page,
applications, cohort invitations), relationship (pairings, sessions, goals, feedback, concerns)
and hours (expenses, claims, adjustments).
Admins of a programme's rows narrow to the coordinator's programmes (scoped.ProgrammeScopedAdmin).
Importing the package registers every model admin."""

from mentorship.admin import hours, programmes, relationship

__all__ = ["hours", "programmes", "relationship"]
