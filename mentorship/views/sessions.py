"""Pages of a pair's sessions: schedule, log, confirm, reflect, move, cancel, action items,
the session's calendar file and the member's calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship import ics
from mentorship.forms import (
    ActionItemFormSet,
    ConfirmForm,
    ReflectionForm,
    ScheduleForm,
    SessionLogForm,
)
from mentorship.models import Session
from mentorship.selectors import mentorships as mentorships_selectors
from mentorship.services import calendar as calendar_services
from mentorship.services import sessions
from mentorship.services.errors import MentorshipError


@login_required
def session_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, _side = mentorships_selectors.mentorship_for_member(request.user, pk)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sessions.session_schedule(mentorship=mentorship, by=request.user, **form.cleaned_data)
        except MentorshipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Session scheduled."))
            return redirect("mentorship:detail", pk=pk)
    return render(
        request, "mentorship/session_schedule.html", {"form": form, "mentorship": mentorship}
    )


@login_required
def session_log(request: HttpRequest, pk: int, session_pk: int | None = None) -> HttpResponse:
    """Log a session (a scheduled one, or one that was not in the diary), or edit a log."""
    mentorship, side = mentorships_selectors.mentorship_for_member(request.user, pk)
    session = (
        mentorships_selectors.session_for_member(request.user, session_pk)[0]
        if session_pk
        else None
    )
    if session is not None and session.mentorship_id != mentorship.pk:
        return redirect("mentorship:detail", pk=pk)
    refusal = sessions.log_refusal(mentorship, session)
    if refusal:
        messages.info(request, str(refusal))
        return redirect("mentorship:detail", pk=pk)
    goals = list(mentorship.goals.all())
    initial = (
        mentorships_selectors.log_initial(session, request.user)
        if session
        else {
            "format": mentorship.meeting_format
            if mentorship.meeting_format != "mixed"
            else "remote"
        }
    )
    form = SessionLogForm(request.POST or None, goals=goals, initial=initial)
    items = ActionItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        try:
            sessions.session_log(
                mentorship=mentorship, by=request.user, log=form.to_log(items), session=session
            )
        except MentorshipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Session logged. Your mentee is asked to confirm it."))
            return redirect("mentorship:detail", pk=pk)
    return render(
        request,
        "mentorship/session_log.html",
        {"form": form, "items": items, "mentorship": mentorship, "session": session, "side": side},
    )


@require_POST
@login_required
def session_confirm(request: HttpRequest, session_pk: int) -> HttpResponse:
    session, _side = mentorships_selectors.session_for_member(request.user, session_pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether the session happened as logged."))
    else:
        try:
            sessions.session_confirm(session=session, by=request.user, **form.cleaned_data)
        except MentorshipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
    return redirect("mentorship:detail", pk=session.mentorship_id)


@require_POST
@login_required
def session_reflect(request: HttpRequest, session_pk: int) -> HttpResponse:
    session, _side = mentorships_selectors.session_for_member(request.user, session_pk)
    form = ReflectionForm(request.POST)
    if form.is_valid():
        try:
            sessions.session_reflect(
                session=session, by=request.user, text=form.cleaned_data["text"]
            )
        except MentorshipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your reflection is saved."))
    return redirect("mentorship:detail", pk=session.mentorship_id)


@require_POST
@login_required
def action_item_done(request: HttpRequest, item_pk: int) -> HttpResponse:
    """Tick a next step off (or, with done=no, open it again)."""
    item, _side = mentorships_selectors.action_item_for_member(request.user, item_pk)
    try:
        sessions.action_item_tick(item=item, by=request.user, done=request.POST.get("done") != "no")
    except MentorshipError as error:
        messages.error(request, str(error))
    return redirect(
        reverse("mentorship:detail", args=[item.session.mentorship_id]) + f"#item-{item.pk}"
    )


@login_required
def session_move(request: HttpRequest, session_pk: int) -> HttpResponse:
    """Change the time or place of a scheduled session."""
    session, _side = mentorships_selectors.session_for_member(request.user, session_pk)
    fields = ("starts_at", "duration_minutes", "format", "place", "link", "agenda")
    form = ScheduleForm(
        request.POST or None, initial={name: getattr(session, name) for name in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            sessions.session_move(session=session, by=request.user, **form.cleaned_data)
        except MentorshipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Session moved. The others have been told."))
            return redirect("mentorship:detail", pk=session.mentorship_id)
    return render(
        request,
        "mentorship/session_move.html",
        {"form": form, "mentorship": session.mentorship, "session": session},
    )


@require_POST
@login_required
def session_cancel(request: HttpRequest, session_pk: int) -> HttpResponse:
    session, _side = mentorships_selectors.session_for_member(request.user, session_pk)
    try:
        sessions.session_cancel(session=session, by=request.user)
    except MentorshipError as error:
        messages.error(request, str(error))
    return redirect("mentorship:detail", pk=session.mentorship_id)


@login_required
def session_ics(request: HttpRequest, session_pk: int) -> HttpResponse:
    session, _side = mentorships_selectors.session_for_member(request.user, session_pk)
    response = HttpResponse(ics.calendar([session]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = mentorships_selectors.calendar_owner(token)
    found = list(
        mentorships_selectors.calendar_sessions(user).exclude(status=Session.Status.CANCELLED)
    )
    with translation.override(user.language_or_default):  # a calendar app sends no language
        content = ics.calendar(found)
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        calendar_services.calendar_token_reset(user=request.user)
        messages.success(
            request, _("Your calendar address has changed; the old one no longer works.")
        )
        return redirect("mentorship:calendar")
    feed = calendar_services.calendar_feed_for(user=request.user)
    url = request.build_absolute_uri(reverse("mentorship:calendar_feed", args=[feed.token]))
    return render(request, "mentorship/calendar.html", {"feed_url": url})
