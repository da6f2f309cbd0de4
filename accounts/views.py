"""A member's own pages: profile, enterprise group and invitations, email choices and
unsubscribe, language, data download and account deletion; and the home page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from accounts import outbox, privacy, selectors, services
from accounts.forms.account import AccountDeleteForm, GroupInvitationForm
from accounts.forms.profile import ProfileForm
from accounts.models import GroupInvitation, User


def _invitation_of_own_group(user: User, pk: int) -> GroupInvitation:
    """An invitation of a group the member belongs to; 404 for anyone else."""
    return get_object_or_404(
        GroupInvitation.objects.filter(mentee_profile__members__user=user), pk=pk
    )


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@require_http_methods(["GET", "HEAD"])
def privacy_notice(request: HttpRequest) -> HttpResponse:
    """What the programme keeps about members and who sees it; open to anyone."""
    return render(request, "accounts/privacy_notice.html")


@require_http_methods(["GET", "POST"])
def language(request: HttpRequest) -> HttpResponse:
    """Switch the site's language: Django's own view sets the cookie and returns to the page
    the member came from; a signed-in member's choice is also kept for their emails and their
    other devices. A GET shows the choice as a page of its own, for the Account menu."""
    if request.method == "GET":
        return render(request, "accounts/language.html")
    response = set_language(request)
    if request.user.is_authenticated:
        services.member_language_set(user=request.user, language=request.POST.get("language"))
    return response


@login_required
def profile_detail(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for_user(request.user)
    if not selectors.profile_is_onboarded(profile):
        return redirect("accounts:profile_edit")
    return render(request, "accounts/profile_detail.html", {"profile": profile})


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for_user(request.user)
    onboarding = not selectors.profile_is_onboarded(profile)
    form = ProfileForm(
        request.POST or None,
        # "Find a mentor" / "Become a mentor" on the home page brings the choice here (?role=).
        initial=ProfileForm.initial_for(
            profile, name=request.user.name, role=request.GET.get("role", "")
        ),
        organisation_shared=services.organisation_is_shared(
            organisation=profile and profile.organisation, user=request.user
        ),
    )
    if request.method == "POST" and form.is_valid():
        data = form.to_profile_data()
        saved = services.profile_save(user=request.user, data=data)
        services.profile_remember_time_zone(request=request, user=request.user)
        messages.success(request, _("Your profile is saved."))
        organisation = saved.organisation
        if (organisation.kind, organisation.stage) != (
            data.organisation_kind,
            data.organisation_stage,
        ):
            messages.info(
                request, str(services.ORGANISATION_FACTS_KEPT) % {"organisation": organisation.name}
            )
        return redirect("mentorship:dashboard" if onboarding else "accounts:profile")
    return render(
        request,
        "accounts/profile_form.html",
        {"form": form, "onboarding": onboarding, "profile": profile},
    )


@login_required
def group(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for_user(request.user)
    if profile is None or profile.mentee_profile is None:
        return redirect("accounts:profile_edit")
    form = GroupInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_invitation_create(
                inviter=request.user, email=form.cleaned_data["email"], request=request
            )
        except services.InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % form.cleaned_data)
            return redirect("accounts:group")
    return render(request, "accounts/group.html", {"profile": profile, "form": form})


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation_of_own_group(request.user, pk)
    try:
        services.group_invitation_revoke(invitation_id=invitation.pk, by=request.user)
    except services.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email}
        )
    return redirect("accounts:group")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(
        GroupInvitation.objects.select_related("mentee_profile", "invited_by"), token=token
    )
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": invitation, "closed": services.group_invitation_closed(invitation)},
    )


@require_POST
@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    get_object_or_404(GroupInvitation, token=token)
    try:
        mentee = services.group_invitation_accept(token=token, user=request.user)
    except services.InvitationError as error:
        messages.error(request, str(error))
        return redirect("accounts:invitation", token=token)
    messages.success(request, _("You have joined %(group)s.") % {"group": mentee.group_name})
    return redirect("accounts:profile_edit")


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """Which kinds of email the member gets, among those their roles receive; account and
    safety mails cannot be switched off. Choices about kinds not offered are left as they are."""
    kinds = outbox.switchable_kinds(request.user)
    if request.method == "POST":
        wanted = set(request.POST.getlist("kinds"))
        for kind, _label in kinds:
            outbox.notification_mute(user=request.user, kind=kind, muted=kind not in wanted)
        messages.success(request, _("Your email choices are saved."))
        return redirect("accounts:notifications")
    muted = set(request.user.muted_notifications or [])
    rows = [(kind, label, kind not in muted) for kind, label in kinds]
    return render(request, "accounts/notifications.html", {"rows": rows})


@csrf_exempt  # mail clients post one-click unsubscribes (RFC 8058); the signed token is the proof
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, kind = outbox.unsubscribe_read(token)
    except signing.BadSignature:
        raise Http404("Unknown link") from None
    user = get_object_or_404(User, pk=user_id)
    label = dict(outbox.switchable_kinds()).get(kind)
    if label is None:
        raise Http404("Unknown kind")
    if request.method == "POST":
        outbox.notification_mute(user=user, kind=kind)
        return render(request, "accounts/unsubscribed.html", {"label": label})
    return render(request, "accounts/unsubscribe.html", {"label": label})


@never_cache
@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    """A page explaining the download; the POST returns everything about the member as JSON."""
    if request.method != "POST":
        return render(request, "accounts/data_export.html")
    data = privacy.member_data_export(user=request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    filename = f"my-mentoring-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """Confirm, then erase the member's personal data and sign them out."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.account_delete(user=request.user)
        except privacy.AccountDeleteError as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, _("Your account is deleted and your personal data erased."))
            return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form})
