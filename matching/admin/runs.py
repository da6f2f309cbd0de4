"""Matching runs in the admin: started from the list, followed on their page while they run."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from matching import services, tasks
from matching.forms import RunStartForm
from matching.models import MatchRun
from matching.services import MatchingError
from mentorship.admin.scoped import ProgrammeScopedAdmin
from mentorship.selectors import cohorts as mentorship_cohorts

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


@admin.register(MatchRun)
class MatchRunAdmin(ProgrammeScopedAdmin):
    list_display = [
        "__str__",
        "cohort",
        "created_at",
        "started_by",
        "status",
        "progress",
        "mentees_considered",
        "matched",
        "average_score",
    ]
    list_filter = ["status"]
    list_select_related = ["started_by", "policy", "cohort__programme"]
    change_form_template = "admin/matching/matchrun/change_form.html"
    change_list_template = "admin/matching/matchrun/change_list.html"
    readonly_fields = [
        "cohort",
        "status",
        "progress_bar",
        "progress_at",
        "started_by",
        "policy",
        "policy_values",
        "created_at",
        "finished_at",
        "mentees_considered",
        "mentors_considered",
        "matched",
        "average_score",
        "seconds",
        "unmatched_reasons",
        "error",
    ]
    exclude = ["progress", "progress_note", "unmatched", "policy_used"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("progress"))
    def progress_bar(self, run: MatchRun) -> str:
        return format_html(
            '<progress max="100" value="{}" aria-label="{}">{}%</progress> {}% {}',
            run.progress,
            _("Matching progress"),
            run.progress,
            run.progress,
            run.progress_note,
        )

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
        """Pick a cohort of one's own programmes and run its matching."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = RunStartForm(
            request.POST if request.method == "POST" else None,
            cohorts=mentorship_cohorts.matchable(request.user),
        )
        if form.is_valid():
            try:
                run = services.match_run_create(by=request.user, cohort=form.cleaned_data["cohort"])
            except MatchingError as error:
                self.message_user(request, str(error), messages.ERROR)
                return redirect("admin:matching_matchrun_changelist")
            return self._started(request, run)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Run matching"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/matching/matchrun/start.html", context)

    def _started(self, request: HttpRequest, run: MatchRun) -> HttpResponse:
        if services.match_run_should_queue(run.cohort):
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
