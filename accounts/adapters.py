"""All of our allauth customisation lives here."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext

from accounts import services
from accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request: HttpRequest, user: User) -> None:
        super().login(request, user)
        services.profile_remember_time_zone(request=request, user=user)
        # Only the language switch sets this cookie: a choice made in this browser just now,
        # perhaps on the sign-in page itself, so it becomes the member's.
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if not services.member_language_set(user=user, language=chosen) and not user.language:
            # Until they choose, a member is written to in the language they first signed in in.
            services.member_language_set(user=user, language=translation.get_language())

    def format_email_subject(self, subject: str) -> str:
        # The site's name in the reader's language, where allauth's setting would be fixed text.
        return f"[{gettext('Co-op Mentoring')}] {subject}"
