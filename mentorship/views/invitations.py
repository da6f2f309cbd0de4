"""The page an invited person lands on from their email: sign up, or accept as a member."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from mentorship.models import Side
from mentorship.selectors.invitations import invitation_by_token
from mentorship.services import invitations
from mentorship.services.errors import MentorshipError


def cohort_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_by_token(token)
    closed = invitations.cohort_invitation_closed(invitation)
    signed_in_as_invited = (
        request.user.is_authenticated and request.user.email.lower() == invitation.email
    )
    context = {
        "invitation": invitation,
        "closed": closed,
        "signed_in_as_invited": signed_in_as_invited,
        "as_mentor": invitation.side == Side.MENTOR,
    }
    # An expired or used link is a page of its own, not an error: the person did nothing wrong.
    return render(
        request, "mentorship/cohort_invitation.html", context, status=410 if closed else 200
    )


@require_POST
@login_required
def cohort_invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_by_token(token)
    try:
        invitations.cohort_invitation_accept(token=invitation.token, user=request.user)
    except MentorshipError as error:
        messages.error(request, str(error))
        return redirect("mentorship:cohort_invitation", token=token)
    messages.success(
        request,
        _("You have joined %(programme)s (%(cohort)s).")
        % {"programme": invitation.cohort.programme.name, "cohort": invitation.cohort.name},
    )
    profile = account_selectors.profile_for_user(request.user)
    if not account_selectors.profile_is_onboarded(profile):
        return redirect("accounts:profile_edit")
    return redirect("mentorship:dashboard")
