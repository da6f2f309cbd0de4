"""Members' matching pages: a mentee's suggested mentors and request, a mentor's requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from matching import selectors, services
from matching.services import MatchingError
from mentorship.services.errors import MentorshipError


@login_required
def suggestions(request: HttpRequest) -> HttpResponse:
    profile = account_selectors.profile_for_user(request.user)
    if profile is None or not profile.is_mentee or profile.mentee_profile is None:
        return redirect("mentorship:dashboard")
    mentee = profile.mentee_profile
    waiting = mentee.pk not in selectors.mentee_ids_not_waiting()
    found = selectors.suggestions_for(mentee, policy=services.default_policy()) if waiting else []
    return render(request, "matching/suggestions.html", {"suggestions": found, "waiting": waiting})


@require_POST
@login_required
def request_mentor(request: HttpRequest) -> HttpResponse:
    try:
        mentor_id = int(request.POST.get("mentor", ""))
        services.mentor_request(member=request.user, mentor_id=mentor_id)
    except ValueError:
        messages.error(request, _("Choose a mentor from your suggestions."))
    except (MatchingError, MentorshipError) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Your request is with the coordinators, who will confirm the pairing.")
        )
    return redirect("matching:suggestions")


@login_required
def mentor_requests(request: HttpRequest) -> HttpResponse:
    pending = selectors.requests_for_mentor(request.user.pk)
    return render(request, "matching/requests.html", {"requests": pending})


@require_POST
@login_required
def accept_request(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    mentee_request = selectors.request_for_mentor(request.user, mentorship_id)
    try:
        services.request_accept(mentor=request.user, mentorship_id=mentee_request.pk)
    except MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("You accepted the request. A coordinator will confirm the pairing.")
        )
    return redirect("matching:requests")


@require_POST
@login_required
def decline_request(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    mentee_request = selectors.request_for_mentor(request.user, mentorship_id)
    reason = request.POST.get("reason", "").strip()
    try:
        services.request_decline(
            mentor=request.user, mentorship_id=mentee_request.pk, reason=reason
        )
    except (MatchingError, MentorshipError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You declined the request. Thank you for saying why."))
    return redirect("matching:requests")
