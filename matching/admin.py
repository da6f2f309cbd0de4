from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
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

from accounts.form_fields import RowChoiceField
from accounts.models import MenteeProfile, User
from matching import services, tasks
from matching.models import MatchPolicy, MatchRun, Proposal
from mentorship.models import MENTOR_ROLES, Mentorship
from mentorship.services import MentorshipError

# How a run's policy reads on its page, value by value (the keys of MatchPolicy.as_dict).
POLICY_LABELS = {
    "skills": _("Weight of skills"),
    "goals": _("Weight of goals"),
    "experience": _("Weight of experience"),
    "region": _("Weight of region"),
    "availability": _("Weight of availability"),
    "sector": _("Weight of sector"),
    "min_score": _("Minimum score"),
    "same_category_credit": _("Credit for a skill in the same area"),
}


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


# The proposals list shows one reason, cut to this many characters; the page shows them all.
REASON_SUMMARY_LENGTH = 90


@admin.register(MatchPolicy)
class MatchPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "is_default",
        "min_score",
        "weight_skills",
        "weight_goals",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["name", "is_default", "min_score"]}),
        (
            _("Weights (relative; they need not add up to 1)"),
            {"fields": ["weight_skills", "weight_goals", "weight_experience", "weight_region",
                        "weight_availability", "weight_sector", "same_category_credit"]},
        ),
    ]  # fmt: skip


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "created_at",
        "started_by",
        "status",
        "progress",
        "mentees_considered",
        "matched",
        "average_score",
    ]
    list_filter = ["status"]
    list_select_related = ["started_by", "policy"]
    change_form_template = "admin/matching/matchrun/change_form.html"
    change_list_template = "admin/matching/matchrun/change_list.html"
    readonly_fields = [
        "status", "progress_bar", "progress_at", "started_by", "policy", "policy_values", "created_at", "finished_at",
        "mentees_considered", "mentors_considered", "matched", "average_score", "seconds",
        "unmatched_reasons", "error",
    ]  # fmt: skip
    exclude = ["progress", "progress_note", "unmatched", "policy_used"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("progress"))
    def progress_bar(self, run: MatchRun) -> str:
        return format_html(
            '<progress max="100" value="{}" aria-label="{}">{}%</progress> {}% {}',
            run.progress, _("Matching progress"), run.progress, run.progress, run.progress_note,
        )  # fmt: skip

    @admin.display(description=_("policy used"))
    def policy_values(self, run: MatchRun) -> str:
        if not run.policy_used:
            return "—"
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td></tr>",
            (
                (POLICY_LABELS.get(key, key), _number(value))
                for key, value in run.policy_used.items()
            ),
        )
        return format_html("<table class='policy-values'><tbody>{}</tbody></table>", rows)

    @admin.display(description=_("unmatched mentees"))
    def unmatched_reasons(self, run: MatchRun) -> str:
        if not run.unmatched:
            return "—"
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}</td></tr>", ((u["name"], u["reason"]) for u in run.unmatched)
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Mentee"),
            _("Why not matched"),
            rows,
        )

    def get_urls(self) -> list:
        return [
            path(
                "start/",
                self.admin_site.admin_view(self.start_view),
                name="matching_matchrun_start",
            ),
            *super().get_urls(),
        ]

    def start_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return redirect("admin:matching_matchrun_changelist")
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            run = services.match_run_create(by=request.user)
        except MentorshipError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:matching_matchrun_changelist")
        if services.match_run_should_queue():
            tasks.run_matching.delay_on_commit(run.pk)
            self.message_user(
                request, _("Matching is running in the background; this page shows its progress.")
            )
        else:
            services.match_run_execute(run.pk)
            run.refresh_from_db()
            finished = ngettext(
                "Matching finished: %(matched)s of %(total)s mentee matched.",
                "Matching finished: %(matched)s of %(total)s mentees matched.",
                run.mentees_considered or 0,
            )
            self.message_user(
                request, finished % {"matched": run.matched, "total": run.mentees_considered}
            )
        return redirect("admin:matching_matchrun_change", run.pk)


class ProposalStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"
    field_path = "mentorship__status"  # what it filters on (checked for an index by the tests)

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(Mentorship.Status.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
        return queryset.filter(mentorship__status=self.value()) if self.value() else queryset


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are these pairings rejected?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
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
    list_filter = [ProposalStatusFilter, "mentorship__origin", "run"]
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
                except MentorshipError as error:
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
        proposal = get_object_or_404(Proposal, pk=pk)
        self.approve_selected(request, Proposal.objects.filter(pk=proposal.pk))
        return HttpResponseRedirect(reverse("admin:matching_proposal_change", args=[pk]))

    def pair_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = ManualPairingForm(request.POST or None)
        evaluation = None
        if request.method == "POST" and form.is_valid():
            mentor, mentee = form.cleaned_data["mentor"], form.cleaned_data["mentee"]
            evaluation = services.pair_evaluate(mentor=mentor, mentee=mentee)
            if form.cleaned_data["confirm"]:
                try:
                    mentorship = services.pairing_create_by_hand(
                        mentor=mentor, mentee=mentee, by=request.user
                    )
                except MentorshipError as error:
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


class PairingSearch(AutocompleteSelect):
    """A search box backed by the admin's autocomplete view, through the Mentorship field's own
    target and choices, so the page never lists every member of the programme.

    Its placeholder also names the box for screen readers while nothing is chosen (the label
    belongs to the hidden select)."""

    def __init__(self, field_name: str, placeholder: str) -> None:
        super().__init__(Mentorship._meta.get_field(field_name), admin.site)
        self.placeholder = placeholder

    def build_attrs(self, base_attrs: dict, extra_attrs: dict | None = None) -> dict:
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-placeholder"] = str(self.placeholder)
        return attrs


class ManualPairingForm(forms.Form):
    mentor = RowChoiceField(
        queryset=User.objects.filter(profile__role__in=MENTOR_ROLES),
        label=_("Mentor"),
        widget=PairingSearch("mentor", _("Search mentors by name, email or co-op")),
    )
    mentee = RowChoiceField(
        queryset=MenteeProfile.objects.all(),
        label=_("Mentee"),
        widget=PairingSearch("mentee", _("Search mentees by name, group or email")),
    )
    confirm = forms.BooleanField(
        required=False,
        label=_("I have read the score and any warnings: save this pairing"),
    )
