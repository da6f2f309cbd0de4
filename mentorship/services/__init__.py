"""Everything that creates or changes the relationship's rows, one module per sub-domain.

programmes (applying to a cohort and deciding on applications), cohorts (closing one and
freezing its report), invitations (bulk invitations to a cohort and accepting one),
relationship (the pairing's life and agreement), goals, sessions, feedback (fit checks,
feedback, concerns), hours (expenses and claims), conversations, calendar (feeds), reminders
(the periodic sweeps) and errors (`MentorshipError`). Importers name the module:
`from mentorship.services import sessions`.
"""
