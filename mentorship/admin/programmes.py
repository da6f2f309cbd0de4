"""Admin of programmes, their cohorts and the applications to them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin.bases import ReadOnlyAdmin
from mentorship.admin.scoped import ProgrammeScopedAdmin
from mentorship.forms import CohortInvitationsForm
from mentorship.models import Cohort, CohortInvitation, Enrolment, Programme
from mentorship.selectors import scopes
from mentorship.services import cohorts as cohort_services
from mentorship.services import invitations as invitation_services
from mentorship.services import programmes as programme_services
from mentorship.services.errors import MentorshipError


@admin.register(Programme)
class ProgrammeAdmin(ProgrammeScopedAdmin):
    programme_path = ""
    list_display = ["name", "kind", "status", "admission", "intake"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["coordinators"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "status", "description"]}),
        (
            _("Who takes part"),
            {
                "fields": [
                    "admission",
                    "intake",
                    "mentor_stages",
                    "mentee_stages",
                    "groups_may_apply",
                    "questions",
                    "mentees_may_pick",
                ]
            },
        ),
        (
            _("The pairs' term"),
            {
                "fields": [
                    "default_length_months",
                    "sessions_expected",
                    "agreement_text",
                    "log_edit_days",
                ]
            },
        ),
        (_("Expenses"), {"fields": ["hourly_rate", "travel_cap", "hours_claimable"]}),
        (_("Coordinators"), {"fields": ["coordinators"]}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Programmes are started by lead coordinators; others run the ones they are given.
        return scopes.is_lead(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Who coordinates a programme is a lead's decision.
        return [] if scopes.is_lead(request.user) else ["coordinators"]


@admin.register(Cohort)
class CohortAdmin(ProgrammeScopedAdmin):
    programme_path = "programme"
    list_display = [
        "name",
        "programme",
        "applications_open_on",
        "applications_close_on",
        "matching_on",
        "ends_on",
        "closed_at",
        "report_link",
    ]
    # Only the programmes in the (scoped) list are offered, not every programme on the site.
    list_filter = [("programme", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["programme"]
    search_fields = ["name", "programme__name"]
    fields = [
        "programme",
        "name",
        "applications_open_on",
        "applications_close_on",
        "matching_on",
        "ends_on",
        "closed_at",
        "report_link",
    ]
    readonly_fields = ["closed_at", "report_link"]
    actions = ["close_and_freeze"]
    change_form_template = "admin/mentorship/cohort/change_form.html"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("report"))
    def report_link(self, obj: Cohort) -> str:
        if obj.pk is None:
            return ""
        url = reverse("mentorship:cohort_report", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Report"))

    @admin.action(description=_("Close cohort and freeze its report"), permissions=["change"])
    def close_and_freeze(self, request: HttpRequest, queryset: QuerySet[Cohort]) -> None:
        closed, already = 0, 0
        for cohort_id in queryset.values_list("pk", flat=True):
            try:
                _cohort, newly = cohort_services.cohort_close(cohort_id=cohort_id, by=request.user)
            except MentorshipError as error:
                self.message_user(request, str(error), messages.WARNING)
                continue
            closed += newly
            already += not newly
        if closed:
            message = ngettext(
                "%d cohort closed; its report is frozen.",
                "%d cohorts closed; their reports are frozen.",
                closed,
            )
            self.message_user(request, message % closed, messages.SUCCESS)
        if already:
            message = ngettext(
                "%d cohort was already closed: nothing changed.",
                "%d cohorts were already closed: nothing changed.",
                already,
            )
            self.message_user(request, message % already, messages.INFO)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/invite/",
                self.admin_site.admin_view(self.invite_view),
                name="mentorship_cohort_invite",
            ),
            *super().get_urls(),
        ]

    def invite_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Paste or upload rows of people for this cohort; every bad row is listed with its
        line, or all of them are enrolled or invited. Another programme's cohort is a 404."""
        cohort = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, cohort):
            raise PermissionDenied
        form = CohortInvitationsForm(request.POST or None, request.FILES or None)
        row_errors: list[invitation_services.RowError] = []
        if request.method == "POST" and form.is_valid():
            result = invitation_services.cohort_invitations_import(
                cohort_id=cohort.pk, text=form.cleaned_data["rows"], by=request.user
            )
            row_errors = result.errors
            if not row_errors:
                self.message_user(request, _summary(result), messages.SUCCESS)
                return redirect("admin:mentorship_cohort_invite", cohort.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite members to %(cohort)s") % {"cohort": cohort},
            "cohort": cohort,
            "form": form,
            "row_errors": row_errors,
            "opts": self.model._meta,
            "original": cohort,
        }
        return TemplateResponse(request, "admin/mentorship/cohort/invite.html", context)


def _summary(result: invitation_services.ImportResult) -> str:
    return _(
        "Invited %(invited)d, enrolled %(enrolled)d, already invited or enrolled %(already)d."
    ) % {"invited": result.invited, "enrolled": result.enrolled, "already": result.already}


@admin.register(CohortInvitation)
class CohortInvitationAdmin(ReadOnlyAdmin, ProgrammeScopedAdmin):
    """The invitations a cohort's uploads sent, to see who has accepted; made on the cohort's
    "Invite members" page, never here."""

    list_display = ["email", "name", "side", "cohort", "created_at", "expires_at", "accepted_at"]
    list_filter = ["side"]
    list_select_related = ["cohort__programme"]
    search_fields = ["email", "name"]
    fields = [
        "cohort",
        "email",
        "name",
        "side",
        "co_op",
        "created_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "enrolment",
    ]
    readonly_fields = fields


@admin.register(Enrolment)
class EnrolmentAdmin(ProgrammeScopedAdmin):
    list_display = ["member", "cohort", "side", "status", "source", "created_at", "decided_at"]
    list_filter = ["status", "side", "source"]
    list_select_related = ["member", "cohort__programme"]
    search_fields = ["member__email", "member__name", "cohort__name"]
    readonly_fields = [
        "member",
        "cohort",
        "side",
        "mentee",
        "status",
        "source",
        "answers",
        "created_at",
        "decided_at",
        "decided_by",
    ]
    fields = readonly_fields
    actions = ["accept", "decline"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _decide(self, request: HttpRequest, queryset: QuerySet[Enrolment], *, accept: bool) -> None:
        decided, refused = 0, []
        for enrolment_id in queryset.values_list("pk", flat=True):
            try:
                programme_services.enrolment_decide(
                    enrolment_id=enrolment_id, by=request.user, accept=accept
                )
                decided += 1
            except MentorshipError as error:
                refused.append(str(error))
        if decided:
            message = (
                ngettext("%d application accepted.", "%d applications accepted.", decided)
                if accept
                else ngettext("%d application declined.", "%d applications declined.", decided)
            )
            self.message_user(request, message % decided, messages.SUCCESS)
        for reason in sorted(set(refused)):
            self.message_user(request, reason, messages.WARNING)

    @admin.action(description=_("Accept the selected applications"), permissions=["change"])
    def accept(self, request: HttpRequest, queryset: QuerySet[Enrolment]) -> None:
        self._decide(request, queryset, accept=True)

    @admin.action(description=_("Decline the selected applications"), permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet[Enrolment]) -> None:
        self._decide(request, queryset, accept=False)
