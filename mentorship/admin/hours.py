"""Expenses, claim approvals and adjustments in the admin.

Expenses and approvals are read-only there: mentors change their own expenses on their hours
page (through `hours.expense_*`, which refuse in an approved month), and claims are approved on
the claims page (through `hours.claim_approve`). Coordinators see these lists because they may
view mentorships; no extra permission is needed. Adjustments are only added, through
`hours.claim_adjustment_create`, and never changed or deleted: a wrong one is undone by another.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin.bases import ReadOnlyAdmin
from mentorship.admin.scoped import ProgrammeScopedAdmin
from mentorship.models import (
    ClaimAdjustment,
    ClaimApproval,
    Expense,
    Programme,
    RefusedClaimChange,
)
from mentorship.selectors import hours as hours_selectors
from mentorship.selectors.scopes import programmes_for
from mentorship.services import hours


@admin.register(Expense)
class ExpenseAdmin(ProgrammeScopedAdmin, ReadOnlyAdmin):
    programme_path = "session__mentorship__cohort__programme"
    viewable_with = "mentorship.view_mentorship"

    list_display = ["description", "amount", "session_date", "mentor", "session_status"]
    list_filter = ["session__status"]
    list_select_related = ["session__mentorship__mentor"]
    search_fields = ["description", "session__mentorship__mentor__email"]
    date_hierarchy = "session__starts_at"

    @admin.display(description="session", ordering="session__starts_at")
    def session_date(self, expense: Expense) -> str:
        return f"{expense.session.starts_at:%Y-%m-%d}"

    @admin.display(description="mentor", ordering="session__mentorship__mentor__email")
    def mentor(self, expense: Expense) -> str:
        return str(expense.session.mentorship.mentor)

    @admin.display(description="session status")
    def session_status(self, expense: Expense) -> str:
        return expense.session.get_status_display()


@admin.register(ClaimApproval)
class ClaimApprovalAdmin(ProgrammeScopedAdmin, ReadOnlyAdmin):
    programme_path = "programme"
    viewable_with = "mentorship.view_mentorship"

    list_display = [
        "mentor",
        "programme",
        "month",
        "hours",
        "expenses",
        "approved_by",
        "approved_at",
    ]
    list_select_related = ["mentor", "programme", "approved_by"]
    search_fields = ["mentor__email", "mentor__name"]
    date_hierarchy = "month"


@admin.register(RefusedClaimChange)
class RefusedClaimChangeAdmin(ProgrammeScopedAdmin, ReadOnlyAdmin):
    programme_path = "programme"
    viewable_with = "mentorship.view_mentorship"

    list_display = ["month", "mentor", "programme", "change", "by", "created_at"]
    list_filter = ["change"]
    list_select_related = ["mentor", "programme", "by"]
    search_fields = ["mentor__email", "mentor__name"]
    date_hierarchy = "month"


class ClaimAdjustmentForm(forms.ModelForm):
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.all(),
        required=False,
        help_text=_("Empty: the programme the mentor mentors in, if there is only one."),
    )
    month = forms.DateField(
        label=_("Month it is paid in"),
        help_text=_("Any day of a month whose claim is not yet approved, e.g. 2025-04-01."),
    )

    class Meta:
        model = ClaimAdjustment
        fields = ["mentor", "programme", "month", "hours", "expenses", "reason"]
        help_texts = {
            "hours": _("Hours to add; negative to take back."),
            "expenses": _("Pounds to add; negative to take back."),
        }

    def clean(self) -> dict[str, Any]:
        """Say early what the service would refuse; the service checks again under its lock."""
        data = super().clean()
        mentor, month = data.get("mentor"), data.get("month")
        programme = data.get("programme") or (mentor and hours_selectors.only_programme_of(mentor))
        if mentor and not programme:
            self.add_error("programme", hours.WHICH_PROGRAMME.format(mentor=mentor))
        if (
            mentor
            and month
            and programme
            and hours_selectors.month_is_approved(
                mentor_id=mentor.pk, month=month.replace(day=1), programme_id=programme.pk
            )
        ):
            self.add_error(
                "month", hours.MONTH_APPROVED.format(month=hours_selectors.month_label(month))
            )
        if not data.get("hours") and not data.get("expenses"):
            self.add_error(None, hours.ADJUSTMENT_EMPTY)
        return data


@admin.register(ClaimAdjustment)
class ClaimAdjustmentAdmin(ProgrammeScopedAdmin):
    programme_path = "programme"
    form = ClaimAdjustmentForm
    autocomplete_fields = ["mentor"]
    list_display = [
        "month",
        "mentor",
        "programme",
        "hours",
        "expenses",
        "reason",
        "made_by",
        "made_at",
    ]
    list_select_related = ["mentor", "programme", "made_by"]
    search_fields = ["mentor__email", "mentor__name", "reason"]
    date_hierarchy = "month"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        # A coordinator adjusts only the claims of programmes they run (the service checks too).
        base = super().get_form(request, obj, change, **kwargs)
        programmes = programmes_for(request.user)

        class ScopedForm(base):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **form_kwargs: Any) -> None:
                super().__init__(*args, **form_kwargs)
                self.fields["programme"].queryset = programmes

        return ScopedForm

    def save_model(
        self, request: HttpRequest, obj: ClaimAdjustment, form: Any, change: bool
    ) -> None:
        # The form has checked the month; if it is approved in the instant between, the service
        # refuses (and records it) and nothing is added.
        data = form.cleaned_data
        made = hours.claim_adjustment_create(
            mentor=data["mentor"],
            programme=data.get("programme"),
            month=data["month"],
            hours=data["hours"] or Decimal(0),
            expenses=data["expenses"] or Decimal(0),
            reason=data["reason"],
            by=request.user,
        )
        obj.pk, obj.made_at, obj.made_by = made.pk, made.made_at, made.made_by
