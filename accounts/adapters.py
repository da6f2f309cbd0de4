"""All of our allauth customisation lives here."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from accounts import services
from accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request: HttpRequest, user: User) -> None:
        super().login(request, user)
        services.profile_remember_time_zone(request=request, user=user)
