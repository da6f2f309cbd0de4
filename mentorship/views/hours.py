"""A mentor's hours, expenses and CPD record pages."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mentorship.models import Expense, Session
from mentorship.selectors import hours as hours_selectors
from mentorship.services import hours
from mentorship.services.errors import MentorshipError
from mentorship.views.csv import csv_response

AMOUNT_MESSAGE = gettext_lazy("Enter an amount in pounds, 0 or more (for example 12.50).")


class ExpenseForm(forms.ModelForm):
    amount = forms.DecimalField(
        label=gettext_lazy("Amount (£)"),
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
        error_messages={"min_value": AMOUNT_MESSAGE, "invalid": AMOUNT_MESSAGE},
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
    )

    class Meta:
        model = Expense
        fields = ["description", "amount"]
        labels = {"description": gettext_lazy("What it was for (e.g. train fare to Cardiff)")}


@login_required
def hours_overview(request: HttpRequest) -> HttpResponse:
    return render(
        request, "mentorship/hours/hours.html", {"page": hours_selectors.hours_page(request.user)}
    )


def _refuse_if_frozen(request: HttpRequest, session: Session) -> HttpResponse | None:
    try:
        hours.expenses_check_open(session)
    except MentorshipError as error:
        messages.error(request, str(error))
        return redirect("mentorship:hours")
    return None


@login_required
def expense_add(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = hours_selectors.mentor_session(request.user, session_pk)
    if refused := _refuse_if_frozen(request, session):
        return refused
    form = ExpenseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hours.expense_add(session=session, by=request.user, **form.cleaned_data)
        except MentorshipError as error:
            _add_refusal(form, error)
        else:
            messages.success(request, _("Expense added."))
            return redirect("mentorship:hours")
    return render(request, "mentorship/hours/expense_form.html", {"form": form, "session": session})


@login_required
def expense_edit(request: HttpRequest, expense_pk: int) -> HttpResponse:
    expense = hours_selectors.mentor_expense(request.user, expense_pk)
    if refused := _refuse_if_frozen(request, expense.session):
        return refused
    form = ExpenseForm(request.POST or None, initial=_initial(expense))
    if request.method == "POST" and form.is_valid():
        try:
            hours.expense_change(expense=expense, by=request.user, **form.cleaned_data)
        except MentorshipError as error:
            _add_refusal(form, error)
        else:
            messages.success(request, _("Expense changed."))
            return redirect("mentorship:hours")
    return render(
        request,
        "mentorship/hours/expense_form.html",
        {"form": form, "session": expense.session, "expense": expense},
    )


def _add_refusal(form: ExpenseForm, error: MentorshipError) -> None:
    # Over the travel cap is about the amount, so it is said beside that field.
    field = "amount" if isinstance(error, hours.TravelCapExceeded) else None
    form.add_error(field, str(error))


def _initial(expense: Expense) -> dict[str, Any]:
    return {"description": expense.description, "amount": expense.amount}


@require_POST
@login_required
def expense_delete(request: HttpRequest, expense_pk: int) -> HttpResponse:
    expense = hours_selectors.mentor_expense(request.user, expense_pk)
    try:
        hours.expense_delete(expense=expense, by=request.user)
    except MentorshipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Expense deleted."))
    return redirect("mentorship:hours")


@login_required
def cpd(request: HttpRequest) -> HttpResponse:
    return render(
        request, "mentorship/hours/cpd.html", {"record": hours_selectors.cpd_record(request.user)}
    )


@login_required
def cpd_csv(request: HttpRequest) -> HttpResponse:
    record = hours_selectors.cpd_record(request.user)
    return csv_response(f"cpd-record-{timezone.localdate():%Y-%m-%d}.csv", _cpd_rows(record))


def _cpd_rows(record: hours_selectors.CpdRecord) -> Iterable[list[Any]]:
    yield ["Date", "Mentee", "Hours", "Format", "Skills practised"]
    for session in record.sessions:
        yield [
            timezone.localtime(session.starts_at).date().isoformat(),
            str(session.mentorship.mentee),
            hours_selectors.hours_from_minutes(session.duration_minutes),
            session.get_format_display(),
            "; ".join(skill.name for skill in session.topics.all()),
        ]
    yield ["Total", "", record.total_hours, "", ""]
    yield []
    yield ["Date", "Mentee", "What I learned from my mentee"]
    for feedback in record.learned:
        yield [
            timezone.localtime(feedback.created_at).date().isoformat(),
            str(feedback.mentorship.mentee),
            feedback.learned,
        ]
