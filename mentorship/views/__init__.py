"""The relationship's member and coordinator pages, one module per area.

pages (dashboard, mentorship page, agreement, goals, fit check, concerns, feedback, pause, end),
applications (the programmes page: applying and withdrawing), sessions (sessions and
calendars), hours (a mentor's hours, expenses, CPD), programme (coordinators' figures and
claims), cohort_report (a cohort's report page and CSV), conversations, invitations (the page
an invitation to a cohort opens), csv (the shared CSV download) and urls
(the app's URLconf, included by the project's urls.py).
"""
