from django.urls import path

from mentorship.views import (
    applications,
    cohort_report,
    conversations,
    hours,
    invitations,
    pages,
    programme,
    sessions,
)

app_name = "mentorship"

urlpatterns = [
    path("dashboard/", pages.dashboard, name="dashboard"),
    path("mentorships/<int:pk>/", pages.detail, name="detail"),
    path("mentorships/<int:pk>/agreement/", pages.accept_agreement, name="accept_agreement"),
    path("mentorships/<int:pk>/goals/new/", pages.goal_create, name="goal_create"),
    path("goals/<int:goal_pk>/update/", pages.goal_update, name="goal_update"),
    path("mentorships/<int:pk>/sessions/new/", sessions.session_schedule, name="session_schedule"),
    path("mentorships/<int:pk>/sessions/log/", sessions.session_log, name="session_log_new"),
    path(
        "mentorships/<int:pk>/sessions/<int:session_pk>/log/",
        sessions.session_log,
        name="session_log",
    ),
    path("mentorships/<int:pk>/end/", pages.end, name="end"),
    path("mentorships/<int:pk>/pause/", pages.pause, name="pause"),
    path("mentorships/<int:pk>/fit/", pages.fit_check, name="fit_check"),
    path("mentorships/<int:pk>/concern/", pages.concern, name="concern"),
    path("mentorships/<int:pk>/messages/", conversations.conversation, name="conversation"),
    path("mentorships/<int:pk>/feedback/", pages.feedback, name="feedback"),
    path("sessions/<int:session_pk>/confirm/", sessions.session_confirm, name="session_confirm"),
    path("sessions/<int:session_pk>/reflect/", sessions.session_reflect, name="session_reflect"),
    path("sessions/<int:session_pk>/move/", sessions.session_move, name="session_move"),
    path("next-steps/<int:item_pk>/done/", sessions.action_item_done, name="action_item_done"),
    path("sessions/<int:session_pk>/cancel/", sessions.session_cancel, name="session_cancel"),
    path("sessions/<int:session_pk>/calendar.ics", sessions.session_ics, name="session_ics"),
    path("calendar/", sessions.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", sessions.calendar_feed, name="calendar_feed"),
    path("programmes/", applications.programmes, name="programmes"),
    path(
        "programmes/cohorts/<int:cohort_pk>/apply/",
        applications.programme_apply,
        name="programme_apply",
    ),
    path(
        "programmes/applications/<int:pk>/withdraw/",
        applications.application_withdraw,
        name="application_withdraw",
    ),
]

# Mentors' hours, expenses and CPD record; the coordinators' programme and claims pages.

urlpatterns += [
    path("hours/", hours.hours_overview, name="hours"),
    path(
        "hours/sessions/<int:session_pk>/expenses/new/",
        hours.expense_add,
        name="expense_add",
    ),
    path("hours/expenses/<int:expense_pk>/", hours.expense_edit, name="expense_edit"),
    path(
        "hours/expenses/<int:expense_pk>/delete/",
        hours.expense_delete,
        name="expense_delete",
    ),
    path("hours/cpd/", hours.cpd, name="cpd"),
    path("hours/cpd.csv", hours.cpd_csv, name="cpd_csv"),
    path("programme/", programme.programme_page, name="programme"),
    path("programme/figures.csv", programme.programme_csv, name="programme_csv"),
    path("programme/claims/", programme.claims, name="claims"),
    path(
        "programme/claims/<int:year>-<int:month>.csv",
        programme.claims_csv,
        name="claims_csv",
    ),
    path(
        "programme/claims/<int:year>-<int:month>/mentors/<int:mentor_pk>/approve/",
        programme.claim_approve,
        name="claim_approve",
    ),
    path("programme/cohorts/<int:pk>/report/", cohort_report.cohort_report, name="cohort_report"),
    path(
        "programme/cohorts/<int:pk>/report.csv",
        cohort_report.cohort_report_csv,
        name="cohort_report_csv",
    ),
]

# The page a person invited to a cohort by a coordinator lands on from their email.

urlpatterns += [
    path(
        "cohort-invitations/<str:token>/",
        invitations.cohort_invitation,
        name="cohort_invitation",
    ),
    path(
        "cohort-invitations/<str:token>/accept/",
        invitations.cohort_invitation_accept,
        name="cohort_invitation_accept",
    ),
]
