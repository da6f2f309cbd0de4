"""Member pages of a pairing: the dashboard, the mentorship page, the agreement, goals, the fit
check, concerns, feedback, pausing and ending."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from mentorship.forms import (
    AgreementForm,
    ConcernForm,
    ConfirmForm,
    EndForm,
    FeedbackForm,
    FitCheckForm,
    GoalForm,
    GoalUpdateForm,
    ProfileGoalsForm,
    ReflectionForm,
)
from mentorship.models import Mentorship, Side
from mentorship.rules import MENTEE_BENEFITS, MENTOR_BENEFITS
from mentorship.selectors import conversations as conversations_selectors
from mentorship.selectors import dashboard as dashboard_selectors
from mentorship.selectors import enrolments as enrolment_selectors
from mentorship.selectors import mentorships as mentorships_selectors
from mentorship.services import conversations, relationship
from mentorship.services import feedback as feedback_services
from mentorship.services import goals as goals_services
from mentorship.services.errors import MentorshipError


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The member's home: profile completeness, their mentorships and what needs doing."""
    profile = account_selectors.profile_summary(request.user)
    if not account_selectors.profile_is_onboarded(profile):
        return redirect("accounts:profile_edit")
    entries = dashboard_selectors.dashboard_entries(request.user)
    pairings = [(entry.mentorship, entry.side) for entry in entries]
    return render(
        request,
        "accounts/dashboard.html",
        {
            "profile": profile,
            "completeness": account_selectors.profile_completeness(profile),
            "mentorships": entries,
            "programmes": enrolment_selectors.programme_entries(request.user, profile, pairings),
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = mentorships_selectors.mentorship_page(request.user, pk)
    return render(
        request,
        "mentorship/detail.html",
        {
            "page": page,
            "mentorship": page.mentorship,
            "agreement_form": AgreementForm(
                initial={
                    "meeting_frequency": page.mentorship.meeting_frequency,
                    "meeting_format": page.mentorship.meeting_format,
                }
            ),
            "goal_update_form": GoalUpdateForm(),
            "confirm_form": ConfirmForm(),
            "fit_check_form": FitCheckForm(auto_id="fit-%s"),
            "reflection_form": ReflectionForm(),
            "unread_messages": conversations_selectors.unread_count(request.user, page.mentorship),
        },
    )


@require_POST
@login_required
def accept_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, _side = mentorships_selectors.mentorship_for_member(request.user, pk)
    form = AgreementForm(request.POST)
    terms = form.cleaned_data if form.is_valid() else {}
    try:
        mentorship = relationship.agreement_accept(
            mentorship_id=mentorship.pk, by=request.user, **terms
        )
    except MentorshipError as error:
        messages.error(request, str(error))
    else:
        if mentorship.status == mentorship.Status.ACTIVE:
            messages.success(request, _("You have both accepted: the mentorship has started."))
        else:
            messages.success(
                request,
                _(
                    "You accepted the agreement. The mentorship starts when the other side accepts too."
                ),
            )
    return redirect("mentorship:detail", pk=pk)


@login_required
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, side = mentorships_selectors.mentorship_for_member(request.user, pk)
    from_profile = request.method == "POST" and "from_profile" in request.POST
    profile_form = ProfileGoalsForm(
        request.POST if from_profile else None,
        titles=mentorships_selectors.profile_goals_to_carry_over(mentorship)
        if side == Side.MENTEE
        else [],
    )
    if from_profile:
        return _goals_from_profile(request, mentorship, profile_form)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goals_services.goal_create(mentorship=mentorship, by=request.user, **form.cleaned_data)
        except MentorshipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Goal added."))
            return redirect("mentorship:detail", pk=pk)
    context = {"form": form, "profile_form": profile_form, "mentorship": mentorship, "side": side}
    return render(request, "mentorship/goal_form.html", context)


def _goals_from_profile(
    request: HttpRequest, mentorship: Mentorship, form: ProfileGoalsForm
) -> HttpResponse:
    """The goals page's "Use the goals from your profile" form."""
    if form.is_valid():
        try:
            added = goals_services.goals_from_profile(
                mentorship=mentorship, by=request.user, titles=form.titles()
            )
        except MentorshipError as error:
            messages.error(request, str(error))
        else:
            count = len(added)
            text = ngettext("%(n)s goal added.", "%(n)s goals added.", count)
            messages.success(request, text % {"n": count})
    return redirect("mentorship:detail", pk=mentorship.pk)


@require_POST
@login_required
def goal_update(request: HttpRequest, goal_pk: int) -> HttpResponse:
    goal, _side = mentorships_selectors.goal_for_member(request.user, goal_pk)
    form = GoalUpdateForm(request.POST)
    if form.is_valid() and (form.cleaned_data["progress"] or form.cleaned_data["note"].strip()):
        goals_services.goal_update(goal=goal, by=request.user, **form.cleaned_data)
        messages.success(request, _("Goal updated."))
    else:
        messages.error(request, _("Choose a progress or write a note."))
    return redirect("mentorship:detail", pk=goal.mentorship_id)


@login_required
def end(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, side = mentorships_selectors.mentorship_for_member(request.user, pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            relationship.mentorship_end(
                mentorship_id=mentorship.pk, by=request.user, **form.cleaned_data
            )
        except MentorshipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The mentorship has ended. The coordinators have been told.")
            )
            return redirect("mentorship:detail", pk=pk)
    return render(
        request, "mentorship/end.html", {"form": form, "mentorship": mentorship, "side": side}
    )


@require_POST
@login_required
def fit_check(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, side = mentorships_selectors.mentorship_for_member(request.user, pk)
    form = FitCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether the pairing is a good fit."))
        return redirect("mentorship:detail", pk=pk)
    try:
        feedback_services.fit_check_answer(
            mentorship=mentorship, by=request.user, **form.cleaned_data
        )
    except MentorshipError as error:
        messages.error(request, str(error))
        return redirect("mentorship:detail", pk=pk)
    if form.cleaned_data["good_fit"]:
        messages.success(request, _("Thank you."))
        return redirect("mentorship:detail", pk=pk)
    messages.info(
        request,
        _(
            "Thank you for saying so: the coordinators will be in touch. Not every pairing works, and no one is to blame."
        ),
    )
    return (
        redirect("mentorship:end", pk=pk)
        if side == Side.MENTEE
        else redirect("mentorship:detail", pk=pk)
    )


@login_required
def concern(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, _side = mentorships_selectors.mentorship_for_member(request.user, pk)
    form = ConcernForm(request.POST or None, initial={"message": request.GET.get("message")})
    if request.method == "POST" and form.is_valid():
        try:
            feedback_services.concern_report(
                mentorship=mentorship, by=request.user, text=form.cleaned_data["text"],
                message_id=form.cleaned_data["message"],
            )  # fmt: skip
        except MentorshipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Your concern has reached the coordinators, and only them.")
            )
            return redirect("mentorship:detail", pk=pk)
    attached = conversations.concern_message(
        mentorship=mentorship, message_id=form["message"].value()
    )
    return render(
        request,
        "mentorship/concern.html",
        {"form": form, "mentorship": mentorship, "attached": attached},
    )


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, side = mentorships_selectors.mentorship_for_member(request.user, pk)
    benefits = MENTOR_BENEFITS if side == Side.MENTOR else MENTEE_BENEFITS
    form = FeedbackForm(request.POST or None, benefits=benefits)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_services.feedback_give(
                mentorship=mentorship,
                by=request.user,
                ratings=form.ratings(),
                learned=form.cleaned_data["learned"],
            )
        except MentorshipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("mentorship:detail", pk=pk)
    return render(
        request, "mentorship/feedback.html", {"form": form, "mentorship": mentorship, "side": side}
    )


@require_POST
@login_required
def pause(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, _side = mentorships_selectors.mentorship_for_member(request.user, pk)
    to_status = (
        mentorship.Status.ACTIVE
        if mentorship.status == mentorship.Status.PAUSED
        else mentorship.Status.PAUSED
    )
    try:
        relationship.mentorship_transition(
            mentorship_id=mentorship.pk,
            to_status=to_status,
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
    except MentorshipError as error:
        messages.error(request, str(error))
    return redirect("mentorship:detail", pk=pk)
