"""The member's side of programmes: reading about them, applying to a cohort, withdrawing an
application that still waits for a decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.forms import ApplicationForm
from mentorship.models import Cohort
from mentorship.selectors import enrolments as enrolment_selectors
from mentorship.services import programmes as programme_services
from mentorship.services.errors import MentorshipError


def _form(cohort: Cohort, sides: list[str], data: object = None) -> ApplicationForm:
    # One form a cohort on the same page: the prefix keeps their ids apart.
    return ApplicationForm(
        data,
        questions=cohort.programme.question_list,
        sides=sides,
        prefix=f"cohort-{cohort.pk}",
    )


def _page(request: HttpRequest, bound: ApplicationForm | None = None, cohort_pk: int = 0):
    cards = enrolment_selectors.programme_cards(request.user)
    for card in cards:
        for offer in card.offers:
            if bound is not None and offer.cohort.pk == cohort_pk:
                offer.form = bound
            elif offer.sides_left:
                offer.form = _form(offer.cohort, offer.sides_left)
    return render(request, "mentorship/programmes.html", {"cards": cards, "bound": bound})


@login_required
def programmes(request: HttpRequest) -> HttpResponse:
    """Every programme members may read about, with a form for each cohort they may apply to."""
    return _page(request)


@require_POST
@login_required
def programme_apply(request: HttpRequest, cohort_pk: int) -> HttpResponse:
    cohort, sides = enrolment_selectors.cohort_to_apply(request.user, cohort_pk)
    form = _form(cohort, sides, request.POST)
    if form.is_valid():
        try:
            programme_services.enrolment_apply(
                member=request.user,
                cohort_id=cohort.pk,
                side=form.cleaned_data["side"],
                answers=form.answers(),
            )
        except MentorshipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Thank you: your application is waiting for a coordinator's decision."),
            )
            return redirect(reverse("mentorship:programmes") + f"#cohort-{cohort.pk}")
    return _page(request, form, cohort.pk)


@require_POST
@login_required
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_selectors.application_for_member(request.user, pk)
    try:
        programme_services.enrolment_withdraw(enrolment_id=enrolment.pk, by=request.user)
    except MentorshipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You have withdrawn your application."))
    return redirect(reverse("mentorship:programmes") + f"#cohort-{enrolment.cohort_id}")
