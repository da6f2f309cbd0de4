"""Coordinators' pages: the programmes' figures, and mentors' monthly claims for payment.

Signed-out visitors are sent to sign in; members who are not coordinators get 403; coordinators
without an authenticator code in their session are sent for one (accounts/two_factor.py).
Every page covers the programmes the coordinator runs, or the one chosen with `?programme=`
(`programme.programme_choice`: 404 for a programme they do not run).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.two_factor import second_factor_required
from mentorship.forms import BENEFIT_LABELS
from mentorship.selectors import hours as hours_selectors
from mentorship.selectors import programme
from mentorship.services import hours
from mentorship.services.errors import MentorshipError
from mentorship.views.csv import csv_response

SIDE_LABELS = {"mentee": "Mentees", "mentor": "Mentors"}


def coordinator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, a coordinator, and with an authenticator code in this session (see two_factor)."""
    guarded = second_factor_required(view)

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not programme.can_coordinate(request.user):
            raise PermissionDenied
        return guarded(request, *args, **kwargs)

    return wrapper


# -- charts ------------------------------------------------------------------------------

ROW_HEIGHT = 40
BAR_WIDTH = 360


@dataclass
class Bar:
    label: str
    value: int | Decimal
    y: int
    width: int


@dataclass
class BarChart:
    """A horizontal bar chart laid out here, drawn as SVG by programme/_bar_chart.html."""

    id: str
    title: str
    bars: list[Bar]
    height: int


def bar_chart(
    *, chart_id: str, title: str, items: list[tuple[str, int | Decimal]], scale: float = 0
) -> BarChart:
    """Bars for (label, value) pairs; `scale` is the value of a full-length bar (else the largest)."""
    scale = scale or max((float(value) for _label, value in items), default=0) or 1
    bars = [
        Bar(
            label=label,
            value=value,
            y=i * ROW_HEIGHT,
            width=round(BAR_WIDTH * float(value) / scale),
        )
        for i, (label, value) in enumerate(items)
    ]
    return BarChart(id=chart_id, title=title, bars=bars, height=len(bars) * ROW_HEIGHT)


def _charts(figures: programme.ProgrammeFigures) -> list[BarChart]:
    charts = [
        bar_chart(
            chart_id="chart-states",
            title=_("Mentorships by state"),
            items=[(label, count) for _status, label, count in figures.by_state],
        )
    ]
    for side, title in (("mentee", _("Mentees' ratings")), ("mentor", _("Mentors' ratings"))):
        items = [
            (_benefit_label(row.benefit), row.average)
            for row in figures.feedback
            if row.side == side
        ]
        if items:
            charts.append(
                bar_chart(
                    chart_id=f"chart-{side}", title=title + _(" (1 to 5)"), items=items, scale=5
                )
            )
    return charts


def _benefit_label(benefit: str) -> str:
    return str(BENEFIT_LABELS.get(benefit, benefit))


# -- programme page ----------------------------------------------------------------------


def _choice(request: HttpRequest) -> programme.ProgrammeChoice:
    """The programme asked for with ?programme= (or, posted, a form's field), if they run it."""
    slug = request.POST.get("programme") if request.method == "POST" else None
    return programme.programme_choice(request.user, slug or request.GET.get("programme"))


@coordinator_required
def programme_page(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    figures = programme.programme_figures_recent(choice.ids)
    return render(
        request,
        "mentorship/programme/programme.html",
        {
            "choice": choice,
            "figures": figures,
            "charts": _charts(figures),
            "feedback": [(row, _benefit_label(row.benefit)) for row in figures.feedback],
            "quiet_days": programme.QUIET_DAYS,
            "claims_month": _previous_month(figures.month),
        },
    )


@coordinator_required
def programme_csv(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    figures = programme.programme_figures_recent(choice.ids)
    name = f"programme-{choice.slug}-" if choice.slug else "programme-"
    return csv_response(f"{name}{figures.month:%Y-%m}.csv", _programme_rows(figures))


def _programme_rows(figures: programme.ProgrammeFigures) -> Iterable[list[Any]]:
    yield ["Section", "Figure", "Value"]
    for _status, label, count in figures.by_state:
        yield ["Mentorships by state", str(label), count]
    this_month = f"This month ({figures.month:%Y-%m})"
    yield [this_month, "Sessions", figures.sessions_this_month]
    yield [this_month, "Confirmed hours", figures.confirmed_hours_this_month]
    for m in figures.quiet:
        last = _local_date(m.last_session) if m.last_session else "never"
        yield [f"No session in {programme.QUIET_DAYS} days", str(m), last]
    for row in figures.feedback:
        yield [
            f"Feedback from {SIDE_LABELS[row.side].lower()}",
            _benefit_label(row.benefit),
            row.average,
        ]


def _local_date(moment: datetime) -> str:
    return timezone.localtime(moment).date().isoformat()


# -- monthly claims ----------------------------------------------------------------------


def _previous_month(month: date) -> date:
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _month_or_404(year: int, month: int) -> date:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404("No such month")
    return date(year, month, 1)


def _month_from_query(value: str | None) -> date:
    """'2026-03' from the month picker; anything else means last month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return _month_or_404(year, month)
    except (ValueError, Http404):
        return _previous_month(hours_selectors.month_of(timezone.now()))


@coordinator_required
def claims(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    month = _month_from_query(request.GET.get("month"))
    return render(
        request,
        "mentorship/programme/claims.html",
        {
            "choice": choice,
            "month": month,
            "claims": hours_selectors.month_claims(month, programme_ids=choice.ids),
            "previous": _previous_month(month),
            "next": _next_month(month),
            "can_approve": programme.can_approve_claims(request.user),
            "month_ended": hours_selectors.month_has_ended(month),
        },
    )


@coordinator_required
def claims_csv(request: HttpRequest, year: int, month: int) -> HttpResponse:
    choice = _choice(request)
    first = _month_or_404(year, month)
    claims = hours.claims_export(month=first, by=request.user, programmes=choice.covered)
    name = f"claims-{choice.slug}-" if choice.slug else "claims-"
    return csv_response(f"{name}{first:%Y-%m}.csv", _claim_rows(claims))


def _claim_rows(claims: list[hours_selectors.MentorClaim]) -> Iterable[list[Any]]:
    yield [
        "Mentor", "Email", "Mentorship", "Confirmed sessions", "Hours", "Expenses", "Approved on",
    ]  # fmt: skip
    for claim in claims:
        # An approved claim's lines and adjustments are those approved: the month is frozen.
        approved = _local_date(claim.approval.approved_at) if claim.approval else ""
        mentor = [str(claim.mentor), "" if claim.mentor.is_erased else claim.mentor.email]
        for line in claim.lines:
            yield [*mentor, line.label, line.sessions, line.hours, line.expenses, approved]
        for adjustment in claim.adjustments:
            reason = f"Adjustment: {adjustment.reason}"
            yield [*mentor, reason, "", adjustment.hours, adjustment.expenses, approved]


@require_POST
@coordinator_required
def claim_approve(request: HttpRequest, year: int, month: int, mentor_pk: int) -> HttpResponse:
    if not programme.can_approve_claims(request.user):
        raise PermissionDenied
    choice = _choice(request)
    first = _month_or_404(year, month)
    mentor = get_object_or_404(User, pk=mentor_pk)
    try:
        _approval, created = hours.claim_approve(
            mentor=mentor, month=first, by=request.user, programme=choice.chosen
        )
    except hours.NotYourProgramme as refused:
        raise PermissionDenied from refused
    except MentorshipError as error:
        messages.error(request, str(error))
    else:
        text = (
            _("Approved for payment: %(mentor)s, %(month)s.")
            if created
            else _("%(mentor)s's claim for %(month)s was already approved.")
        )
        messages.success(
            request, text % {"mentor": mentor, "month": hours_selectors.month_label(first)}
        )
    chosen = f"&programme={choice.slug}" if choice.slug else ""
    return redirect(f"{reverse('mentorship:claims')}?month={first:%Y-%m}{chosen}")
