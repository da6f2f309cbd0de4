"""Proposed pairings in the admin: read with their reasons, approved or rejected in bulk, or
made by hand from two members."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import coordinators
from accounts.admin.bases import ChoicesListFilter
from matching import services
from matching.forms import ManualPairingForm, RejectForm
from matching.models import MatchRun, Proposal
from matching.services import MatchingError
from mentorship.admin.scoped import ProgrammeScopedAdmin
from mentorship.models import Mentorship
from mentorship.selectors import cohorts as mentorship_cohorts
from mentorship.selectors import scopes
from mentorship.services.errors import MentorshipError

# The proposals list shows one reason, cut to this many characters; the page shows them all.
REASON_SUMMARY_LENGTH = 90


class ProposalStatusFilter(ChoicesListFilter):
    title = _("status")
    parameter_name = "status"
    field_path = "mentorship__status"  # what it filters on (checked for an index by the tests)
    field_choices = Mentorship.Status.choices


class RunFilter(admin.SimpleListFilter):
    """The runs of the coordinator's programmes, newest first (the stock filter offers every
    run on the site, other programmes' included)."""

    title = _("run")
    parameter_name = "run__id__exact"  # the stock filter's parameter, so old links keep working

    # Runs pile up over the years; the newest are the ones worth a click.
    LIMIT = 20

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[int, str]]:
        runs = scopes.scoped(MatchRun.objects.order_by("-pk"), request.user, "cohort__programme")
        return [(run.pk, str(run)) for run in runs[: self.LIMIT]]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
        return queryset.filter(run_id=self.value()) if self.value() else queryset


@admin.register(Proposal)
class ProposalAdmin(ProgrammeScopedAdmin):
    # A proposal belongs to its pairing's cohort (a pairing by hand or a request has no run).
    programme_path = "mentorship__cohort__programme"
    list_display = [
        "mentee_name",
        "mentor_name",
        "score",
        "status",
        "origin",
        "reason_summary",
        "run",
    ]
    list_display_links = ["mentee_name"]
    list_filter = [ProposalStatusFilter, "mentorship__origin", RunFilter]
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "run"]
    search_fields = [
        "mentorship__mentor__name",
        "mentorship__mentor__email",
        "mentorship__mentee__display_name",
        "mentorship__mentee__group_name",
    ]
    ordering = ["-score"]
    actions = ["approve_selected", "reject_selected"]
    readonly_fields = [
        "mentee_name",
        "mentor_name",
        "status",
        "score",
        "breakdown_table",
        "reasons_in_words",
        "warnings",
        "run",
        "mentor_accepted_at",
        "created_at",
    ]
    exclude = ["mentorship", "breakdown", "reasons"]
    change_form_template = "admin/matching/proposal/change_form.html"
    change_list_template = "admin/matching/proposal/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("mentee"), ordering="mentorship__mentee__display_name")
    def mentee_name(self, proposal: Proposal) -> str:
        return str(proposal.mentorship.mentee)

    @admin.display(description=_("mentor"), ordering="mentorship__mentor__name")
    def mentor_name(self, proposal: Proposal) -> str:
        return str(proposal.mentorship.mentor)

    @admin.display(description=_("status"), ordering="mentorship__status")
    def status(self, proposal: Proposal) -> str:
        return proposal.mentorship.get_status_display()

    @admin.display(description=_("origin"), ordering="mentorship__origin")
    def origin(self, proposal: Proposal) -> str:
        return proposal.mentorship.get_origin_display()

    @admin.display(description=_("why"))
    def reason_summary(self, proposal: Proposal) -> str:
        """The first reason in one short line; the change page has every reason."""
        if not proposal.reasons:
            return "—"
        first = Truncator(proposal.reasons[0]).chars(REASON_SUMMARY_LENGTH)
        more = len(proposal.reasons) - 1
        if not more:
            return first
        others = ngettext("(and %(n)s more reason)", "(and %(n)s more reasons)", more)
        return f"{first} {others % {'n': more}}"

    @admin.display(description=_("why"))
    def reasons_in_words(self, proposal: Proposal) -> str:
        if not proposal.reasons:
            return "—"
        items = format_html_join("", "<li>{}</li>", ((reason,) for reason in proposal.reasons))
        return format_html("<ul class='reasons'>{}</ul>", items)

    @admin.display(description=_("score breakdown"))
    def breakdown_table(self, proposal: Proposal) -> str:
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}</td></tr>", sorted(proposal.breakdown.items())
        )
        return format_html("<table><tbody>{}</tbody></table>", rows)

    @admin.action(description=_("Approve the selected pairings"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> None:
        decision = services.proposals_approve(
            mentorship_ids=list(queryset.values_list("mentorship_id", flat=True)), by=request.user
        )
        if decision.approved:
            count = len(decision.approved)
            approved = ngettext("%(n)s pairing approved.", "%(n)s pairings approved.", count)
            self.message_user(request, approved % {"n": count}, messages.SUCCESS)
        for mentorship, reason in decision.refused:
            self.message_user(
                request,
                _("Not approved: %(pair)s. %(reason)s") % {"pair": mentorship, "reason": reason},
                messages.ERROR,
            )

    @admin.action(description=_("Reject the selected pairings…"), permissions=["change"])
    def reject_selected(
        self, request: HttpRequest, queryset: QuerySet[Proposal]
    ) -> HttpResponse | None:
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            rejected = 0
            for mentorship_id in queryset.values_list("mentorship_id", flat=True):
                try:
                    services.proposal_reject(
                        mentorship_id=mentorship_id,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                    rejected += 1
                except (MatchingError, MentorshipError) as error:
                    self.message_user(request, str(error), messages.ERROR)
            done = ngettext(
                "%(n)s pairing rejected; it will not be proposed again.",
                "%(n)s pairings rejected; they will not be proposed again.",
                rejected,
            )
            self.message_user(request, done % {"n": rejected})
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject pairings"),
            "proposals": queryset.select_related("mentorship__mentor", "mentorship__mentee"),
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/matching/proposal/reject.html", context)

    def get_urls(self) -> list:
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(require_POST(self.approve_view)),
                name="matching_proposal_approve",
            ),
            path(
                "pair/", self.admin_site.admin_view(self.pair_view), name="matching_proposal_pair"
            ),
            *super().get_urls(),
        ]

    def approve_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        # Another programme's proposal is not there for this coordinator: 404.
        proposal = get_object_or_404(self.get_queryset(request), pk=pk)
        self.approve_selected(request, Proposal.objects.filter(pk=proposal.pk))
        return HttpResponseRedirect(reverse("admin:matching_proposal_change", args=[pk]))

    def pair_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        members = coordinators.members_narrowed(request.user)
        form = ManualPairingForm(
            request.POST or None,
            members=members,
            cohorts=mentorship_cohorts.matchable(request.user),
        )
        evaluation = None
        if request.method == "POST" and form.is_valid():
            mentor, mentee = form.cleaned_data["mentor"], form.cleaned_data["mentee"]
            cohort = form.cleaned_data["cohort"]
            evaluation = services.pair_evaluate(
                mentor=mentor, mentee=mentee, policy=services.policy_for(cohort)
            )
            if form.cleaned_data["confirm"]:
                try:
                    mentorship = services.pairing_create_by_hand(
                        mentor=mentor, mentee=mentee, by=request.user, cohort=cohort
                    )
                except (MatchingError, MentorshipError) as error:
                    form.add_error(None, str(error))
                else:
                    self.message_user(
                        request, _("Paired %(pair)s.") % {"pair": mentorship}, messages.SUCCESS
                    )
                    return redirect("admin:matching_proposal_change", mentorship.proposal.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Pair two members by hand"),
            "form": form,
            "evaluation": evaluation,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/matching/proposal/pair.html", context)
