"""A cohort's report for its coordinators: the page with its charts, and the CSV.

Only coordinators of the cohort's programme (and leads) reach it; anyone else's cohort is a 404.
A closed cohort shows the report stored when it closed, and says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from mentorship.forms import BENEFIT_LABELS
from mentorship.models import Cohort, Enrolment, Mentorship, Side
from mentorship.selectors import cohort_report as report_selectors
from mentorship.views.csv import csv_response
from mentorship.views.programme import BarChart, bar_chart, coordinator_required


def _side_label(side: str) -> str:
    return _("Mentors") if side == Side.MENTOR else _("Mentees")


def _benefit_label(benefit: str) -> str:
    return str(BENEFIT_LABELS.get(benefit, benefit))


def _labelled(counts: dict[str, int], choices: Any) -> list[tuple[str, int]]:
    """(label, count) in the order of the choices, not of the dict: PostgreSQL's jsonb keeps a
    stored report's keys in an order of its own. A code no longer among them keeps its code."""
    known = [(str(label), counts[code]) for code, label in choices.choices if code in counts]
    return known + [(code, n) for code, n in counts.items() if code not in choices.values]


SIDES = (Side.MENTOR.value, Side.MENTEE.value)


def _not_finished(report: report_selectors.Report) -> int:
    endings = report["endings"]
    return report["matched"] - endings["completed"] - endings["ended_early"]


def _charts(report: report_selectors.Report) -> dict[str, BarChart]:
    applications_titles = {
        Side.MENTOR.value: _("Applications from mentors"),
        Side.MENTEE.value: _("Applications from mentees"),
    }
    charts = {}
    for side in SIDES:
        charts[f"applications_{side}"] = bar_chart(
            chart_id=f"chart-applications-{side}",
            title=applications_titles[side],
            items=_labelled(report["applications"].get(side, {}), Enrolment.Status),
        )
    charts["pairs"] = bar_chart(
        chart_id="chart-pairs",
        title=_("Pairs by state"),
        items=_labelled(report["pairs"], Mentorship.Status),
    )
    charts["endings"] = bar_chart(
        chart_id="chart-endings",
        title=_("How the matched pairs ended"),
        items=[
            (_("Completed"), report["endings"]["completed"]),
            (_("Ended early"), report["endings"]["ended_early"]),
            (_("Not finished"), _not_finished(report)),
        ],
    )
    return charts | _outcome_charts(report)


def _outcome_charts(report: report_selectors.Report) -> dict[str, BarChart]:
    """A chart of each side's average ratings, for a side that has given any."""
    charts = {}
    ratings_titles = {
        Side.MENTOR.value: _("Mentors' ratings (1 to 5)"),
        Side.MENTEE.value: _("Mentees' ratings (1 to 5)"),
    }
    for side in SIDES:
        items: list[tuple[str, int | Decimal]] = [
            (_benefit_label(row["benefit"]), Decimal(row["average"]))
            for row in report["outcomes"]
            if row["side"] == side and row["average"] is not None
        ]
        if items:
            charts[f"outcomes_{side}"] = bar_chart(
                chart_id=f"chart-outcomes-{side}", title=ratings_titles[side], items=items, scale=5
            )
    return charts


def _applications(report: report_selectors.Report) -> list[tuple[str, list[tuple[str, int]], int]]:
    """A row per side: its label, (status, count) in the order of the statuses, and the total."""
    rows = []
    for side in SIDES:
        counts = _labelled(report["applications"].get(side, {}), Enrolment.Status)
        rows.append((_side_label(side), counts, sum(n for _label, n in counts)))
    return rows


@coordinator_required
def cohort_report(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = report_selectors.cohort_for_coordinator(request.user, pk)
    report = report_selectors.report_shown(cohort)
    return render(
        request,
        "mentorship/programme/cohort_report.html",
        {
            "cohort": cohort,
            "report": report,
            "computed_at": datetime.fromisoformat(report["computed_at"]),
            "frozen": report_selectors.is_frozen(cohort),
            "charts": _charts(report),
            "applications": _applications(report),
            "pairs": _labelled(report["pairs"], Mentorship.Status),
            "not_finished": _not_finished(report),
            "outcomes": [
                (_side_label(row["side"]), _benefit_label(row["benefit"]), row)
                for row in report["outcomes"]
            ],
        },
    )


@coordinator_required
def cohort_report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = report_selectors.cohort_for_coordinator(request.user, pk)
    report = report_selectors.report_shown(cohort)
    return csv_response(f"cohort-{cohort.pk}-report.csv", _rows(cohort, report))


def _rows(cohort: Cohort, report: report_selectors.Report) -> Iterable[list[Any]]:
    yield ["Section", "Figure", "Value", "Answers"]
    yield ["Cohort", "Programme", cohort.programme.name, ""]
    yield ["Cohort", "Name", cohort.name, ""]
    yield ["Cohort", "Figures as of", report["computed_at"], ""]
    yield ["Cohort", "Frozen", "yes" if report_selectors.is_frozen(cohort) else "no", ""]
    for side in SIDES:
        section = f"Applications from {_side_label(side).lower()}"
        for label, n in _labelled(report["applications"].get(side, {}), Enrolment.Status):
            yield [section, label, n, ""]
    yield ["Pairs", "Matched", report["matched"], ""]
    for label, n in _labelled(report["pairs"], Mentorship.Status):
        yield ["Pairs by state", label, n, ""]
    yield from _time_sessions_money_rows(report)
    endings = report["endings"]
    yield ["Endings", "Completed", endings["completed"], ""]
    yield ["Endings", "Ended early", endings["ended_early"], ""]
    yield ["Endings", "Completion rate (%)", _number(endings["completion_rate"]), ""]
    yield ["Endings", "Early-ending rate (%)", _number(endings["early_ending_rate"]), ""]
    for ending in endings["reasons"]:
        yield ["Early-ending reasons", ending["on"], ending["reason"], ""]
    for row in report["outcomes"]:
        section = f"Outcomes from {_side_label(row['side']).lower()} (1 to 5)"
        yield [section, _benefit_label(row["benefit"]), _number(row["average"]), row["answers"]]


def _time_sessions_money_rows(report: report_selectors.Report) -> Iterable[list[Any]]:
    wait = report["time_to_match"]
    yield ["Time to match (days)", "Pairs counted", wait["pairs"], ""]
    yield ["Time to match (days)", "Median", _number(wait["median_days"]), ""]
    yield ["Time to match (days)", "Mean", _number(wait["mean_days"]), ""]
    yield ["Time to match (days)", "Counted from", wait["starts_from"], ""]
    sessions = report["sessions"]
    yield ["Sessions", "Held", sessions["held"], ""]
    yield ["Sessions", "Confirmed", sessions["confirmed"], ""]
    yield ["Sessions", "Confirmed hours", _number(sessions["confirmed_hours"]), ""]
    claims = report["claims"]
    yield ["Claims paid", "Approved claims", claims["approved_claims"], ""]
    yield ["Claims paid", "Hours", _number(claims["hours"]), ""]
    yield ["Claims paid", "Expenses", _number(claims["expenses"]), ""]
    yield ["Claims paid", "Hourly rate", _number(claims["hourly_rate"]), ""]
    yield ["Claims paid", "Support at the hourly rate", _number(claims["support"]), ""]
    yield ["Claims paid", "Total", _number(claims["total"]), ""]


def _number(value: str | None) -> Decimal | str:
    """A stored decimal as a number cell (a spreadsheet then sums it); empty when there is none."""
    return "" if value is None else Decimal(value)
