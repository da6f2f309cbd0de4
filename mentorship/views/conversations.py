"""The pair's conversation page. The selector is a 404 to anyone outside the pair, coordinators
included: they read a message only when a member attaches it to a concern."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from mentorship.forms import MessageForm
from mentorship.selectors import conversations as conversations_selectors
from mentorship.selectors import mentorships
from mentorship.services import conversations
from mentorship.services.errors import MentorshipError


def _before(request: HttpRequest) -> int | None:
    value = request.GET.get("before", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


@login_required
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mentorship, _side = mentorships.mentorship_for_member(request.user, pk)
        try:
            conversations.message_post(
                mentorship=mentorship, by=request.user, text=form.cleaned_data["text"]
            )
        except MentorshipError as error:
            messages.error(request, str(error))
        return redirect(reverse("mentorship:conversation", args=[pk]) + "#latest")
    before = _before(request)
    page = conversations_selectors.conversation_page(request.user, pk, before=before)
    if page.messages and before is None:  # the newest page: the member has now seen them all
        conversations.conversation_mark_read(
            mentorship=page.mentorship, user=request.user, up_to=page.messages[-1].pk
        )
    return render(
        request,
        "mentorship/conversation.html",
        {"page": page, "mentorship": page.mentorship, "form": form},
    )
