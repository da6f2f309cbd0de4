"""Expenses and claim approvals in the admin: lists for coordinators to look things up.

Both are read-only there: mentors change their own expenses on their hours page, and claims are
approved on the claims page (through `hours.claim_approve`), which records the totals.
Coordinators see these lists because they may view mentorships; no extra permission is needed.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mentorship.models import ClaimApproval, Expense


class _ReadOnlyForCoordinators(admin.ModelAdmin):
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("mentorship.view_mentorship") or super().has_view_permission(
            request, obj
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Expense)
class ExpenseAdmin(_ReadOnlyForCoordinators):
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
class ClaimApprovalAdmin(_ReadOnlyForCoordinators):
    list_display = ["mentor", "month", "hours", "expenses", "approved_by", "approved_at"]
    list_select_related = ["mentor", "approved_by"]
    search_fields = ["mentor__email", "mentor__name"]
    date_hierarchy = "month"
