"""All of our allauth customisation lives here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext

from accounts import services, two_factor
from accounts.models import User


@dataclass(frozen=True)
class ProgrammeSite:
    """What allauth's email templates read of a Site: its name and domain."""

    name: str
    domain: str


def programme_site() -> ProgrammeSite:
    """The programme as the site its emails come from: its name, and the address it is served on."""
    return ProgrammeSite(name=gettext("Co-op Mentoring"), domain=urlsplit(settings.SITE_URL).netloc)


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

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Coordinators run the programme and have no profile to set up: their page, not the dashboard.
        if request.user.is_staff and request.user.has_perm("mentorship.view_mentorship"):
            return resolve_url(settings.COORDINATOR_LOGIN_REDIRECT_URL)
        return super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app: str, **kwargs: object) -> bool:
        """allauth asks for the password again before any two-factor change, counting only
        re-entries, so a coordinator's first sign-in asked twice in a row. Setting up a first
        authenticator within ACCOUNT_REAUTHENTICATION_TIMEOUT of typing the password does not ask
        again; deactivating one or making new recovery codes still does."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        return not two_factor.may_set_up_without_password_again(self.request)

    def respond_email_verification_sent(
        self, request: HttpRequest, user: User | None
    ) -> HttpResponseBase:
        if user is None:
            # A sign-up with an address that is already a member's makes no account, so nothing
            # hashes the password; hash one here, or the quicker answer tells who is a member.
            make_password(get_random_string(32))
        return super().respond_email_verification_sent(request, user)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth's emails sign off with the Site row's name and domain ("example.com" unless
        # someone edits it): the programme's name in the reader's language and SITE_URL instead.
        super().send_mail(template_prefix, email, {"current_site": programme_site(), **context})

    def format_email_subject(self, subject: str) -> str:
        # The site's name in the reader's language, where allauth's setting would be fixed text.
        return f"[{gettext('Co-op Mentoring')}] {subject}"
