"""The accounts app's admin, and admin pieces every app reuses.

bases    ReadOnlyAdmin, ReadOnlyTabularInline, ChoicesListFilter: for any app's admin
filters  the members list's filters, and member_list_filter_register for apps above accounts
members  members, profiles, mentee profiles, group invitations, skills, organisations, languages
records  the outbox's emails and the audit log, read by coordinators
rows     a change list's rows rendered in one pass each ({% result_list_rows %}, the members list)

Django imports this package to find the registrations: it imports the modules that make them.
"""

from accounts.admin import members, records

__all__ = ["members", "records"]
