"""The relationship's admin: relationship (pairings, sessions, goals, feedback, concerns, the
programme) and hours (expenses, claims, adjustments), both on accounts.admin.bases.ReadOnlyAdmin.
Importing the package registers every model admin."""

from mentorship.admin import hours, relationship

__all__ = ["hours", "relationship"]
