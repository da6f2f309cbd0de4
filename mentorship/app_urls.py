from django.urls import path

from mentorship import views

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
    path("mentorships/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("sessions/<int:session_pk>/confirm/", views.session_confirm, name="session_confirm"),
    path("sessions/<int:session_pk>/reflect/", views.session_reflect, name="session_reflect"),
    path("sessions/<int:session_pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:session_pk>/calendar.ics", views.session_ics, name="session_ics"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
