"""Every read a page, an export or an email shows, with its visibility rules and its
select_related/prefetch_related done once. Selectors never import services.

scopes (which programmes a coordinator runs: every coordinator's list is narrowed there),
cohorts (a cohort's matching pool), mentorships (access helpers and the mentorship page),
dashboard, enrolments (the programmes page, a member's applications and their dashboard's
programmes), hours (months, hours page, claims, CPD), programme (coordinators' figures),
cohort_report (a cohort's figures, live or as frozen when it closed),
conversations, invitations (a cohort invitation by its token). Importers name the module:
`from mentorship.selectors import mentorships`.
"""
