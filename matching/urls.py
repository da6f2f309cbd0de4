from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/request/", views.request_mentor, name="request"),
    path("requests/", views.mentor_requests, name="requests"),
    path("requests/<int:mentorship_id>/accept/", views.accept_request, name="accept"),
    path("requests/<int:mentorship_id>/decline/", views.decline_request, name="decline"),
]
