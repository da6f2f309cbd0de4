"""The URLs of a member's own pages (accounts/views.py), under the `accounts` namespace."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("language/", views.language, name="language"),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("profile/", views.profile_detail, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/group/", views.group, name="group"),
    path("profile/data/", views.data_export, name="data_export"),
    path("profile/delete/", views.account_delete, name="account_delete"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("invitations/<str:token>/accept/", views.invitation_accept, name="invitation_accept"),
    path(
        "profile/group/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
