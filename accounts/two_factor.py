"""Coordinators see every member's personal data: they must sign in with an authenticator code.

One check serves the admin (every admin page goes through `AdminSite.admin_view`) and the
coordinator pages outside it (`mentorship.views.programme.coordinator_required`). A staff member
without an authenticator app is sent to set one up; one whose session was opened with a password
alone (before they set it up, say) is asked for a code. allauth records each step of signing in
in the session, "mfa" for a code, whether typed at sign-in or to confirm access later.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

SETUP_MESSAGE = _(
    "Coordinators must use two-factor authentication: set up an authenticator app to continue."
)
CODE_MESSAGE = _("Enter a code from your authenticator app to continue.")
SETUP_NEXT_SESSION_KEY = "two_factor_setup_next"


def session_used_second_factor(request: HttpRequest) -> bool:
    """Whether this session's sign-in (or a later confirmation) included an authenticator code."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def password_entered_recently(request: HttpRequest | None) -> bool:
    """Whether this session's member typed their password within ACCOUNT_REAUTHENTICATION_TIMEOUT
    (signing in or re-entering it); a code or a remembered session does not count."""
    if request is None or not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    latest = max((r.get("at", 0) for r in records if r.get("method") == "password"), default=0)
    return time.time() - latest < account_settings.REAUTHENTICATION_TIMEOUT


def may_set_up_without_password_again(request: HttpRequest | None) -> bool:
    """A member setting up their first authenticator just after typing their password is not
    asked for it again. Once they have one, changing or removing it asks, as allauth does."""
    return (
        password_entered_recently(request)
        and request is not None
        and not is_mfa_enabled(request.user)
    )


def authenticator_added(
    sender: object, request: HttpRequest | None, user: Any, authenticator: Authenticator, **kw: Any
) -> None:
    """Setting up an authenticator app means typing one of its codes: the session counts as
    opened with a code, so a coordinator goes on to the page they asked for without a second."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        # A code typed is what allauth's own re-entry by code records, so it counts as one: the
        # recovery codes shown next need no password again.
        record_authentication(
            request, user, method="mfa", type=Authenticator.Type.TOTP, reauthenticated=True
        )


def second_factor_redirect(request: HttpRequest) -> HttpResponse | None:
    """Where a staff member must go before a coordinator page, or None when they may go on."""
    user = request.user
    # The session first: it costs no query, and a session opened with a code stays good until it
    # ends, even if its owner then removes the authenticator (their next sign-in will need one).
    if not (user.is_authenticated and user.is_staff) or session_used_second_factor(request):
        return None
    if not is_mfa_enabled(user, [Authenticator.Type.TOTP]):
        messages.warning(request, SETUP_MESSAGE)
        # The recovery codes page that ends the setup offers to continue here.
        request.session[SETUP_NEXT_SESSION_KEY] = request.get_full_path()
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
    messages.info(request, CODE_MESSAGE)
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")


def second_factor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view that only signed-in coordinators reach (after their permission check)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return second_factor_redirect(request) or view(request, *args, **kwargs)

    return wrapper


def admin_site_require_second_factor(site: AdminSite) -> None:
    """Make every page of `site` ask for the second factor, after the admin's own staff check.

    Call before `site.urls` is read: each ModelAdmin wraps its views with `site.admin_view` then.
    The admin's login and logout are not wrapped, so nobody is sent round in a circle."""
    admin_view = site.admin_view

    def guarded_admin_view(view: Callable[..., HttpResponse], cacheable: bool = False) -> Any:
        return admin_view(second_factor_required(view), cacheable)

    site.admin_view = guarded_admin_view  # type: ignore[method-assign]
