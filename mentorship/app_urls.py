from django.urls import path

from mentorship import conversation_views, hours_views, programme_views, views

app_name = "mentorship"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("mentorships/<int:pk>/", views.detail, name="detail"),
    path("mentorships/<int:pk>/agreement/", views.accept_agreement, name="accept_agreement"),
    path("mentorships/<int:pk>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:goal_pk>/update/", views.goal_update, name="goal_update"),
    path("mentorships/<int:pk>/sessions/new/", views.session_schedule, name="session_schedule"),
    path("mentorships/<int:pk>/sessions/log/", views.session_log, name="session_log_new"),
    path(
        "mentorships/<int:pk>/sessions/<int:session_pk>/log/", views.session_log, name="session_log"
    ),
    path("mentorships/<int:pk>/end/", views.end, name="end"),
    path("mentorships/<int:pk>/pause/", views.pause, name="pause"),
    path("mentorships/<int:pk>/fit/", views.fit_check, name="fit_check"),
    path("mentorships/<int:pk>/concern/", views.concern, name="concern"),
    path("mentorships/<int:pk>/messages/", conversation_views.conversation, name="conversation"),
    path("mentorships/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("sessions/<int:session_pk>/confirm/", views.session_confirm, name="session_confirm"),
    path("sessions/<int:session_pk>/reflect/", views.session_reflect, name="session_reflect"),
    path("sessions/<int:session_pk>/move/", views.session_move, name="session_move"),
    path("next-steps/<int:item_pk>/done/", views.action_item_done, name="action_item_done"),
    path("sessions/<int:session_pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:session_pk>/calendar.ics", views.session_ics, name="session_ics"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]

# Mentors' hours, expenses and CPD record; the coordinators' programme and claims pages.

urlpatterns += [
    path("hours/", hours_views.hours_overview, name="hours"),
    path(
        "hours/sessions/<int:session_pk>/expenses/new/",
        hours_views.expense_add,
        name="expense_add",
    ),
    path("hours/expenses/<int:expense_pk>/", hours_views.expense_edit, name="expense_edit"),
    path(
        "hours/expenses/<int:expense_pk>/delete/",
        hours_views.expense_delete,
        name="expense_delete",
    ),
    path("hours/cpd/", hours_views.cpd, name="cpd"),
    path("hours/cpd.csv", hours_views.cpd_csv, name="cpd_csv"),
    path("programme/", programme_views.programme_page, name="programme"),
    path("programme/figures.csv", programme_views.programme_csv, name="programme_csv"),
    path("programme/claims/", programme_views.claims, name="claims"),
    path(
        "programme/claims/<int:year>-<int:month>.csv",
        programme_views.claims_csv,
        name="claims_csv",
    ),
    path(
        "programme/claims/<int:year>-<int:month>/mentors/<int:mentor_pk>/approve/",
        programme_views.claim_approve,
        name="claim_approve",
    ),
]
