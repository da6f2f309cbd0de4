"""Durations read in the reader's language, through one filter that uses ngettext."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from mentorship.services import sessions
from mentorship.templatetags.durations import duration, time_since, time_until


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (timedelta(hours=18, minutes=59), "18 hours, 59 minutes"),
        (timedelta(days=2, hours=3, minutes=5), "2 days, 3 hours"),
        (timedelta(days=1, minutes=5), "1 day"),
        (60, "1 hour"),
        (90, "1 hour, 30 minutes"),
        (1, "1 minute"),
        (timedelta(seconds=20), "0 minutes"),
        (timedelta(minutes=-5), "0 minutes"),
    ],
)
def test_a_duration_reads_as_its_two_largest_units_in_english(value, words):
    assert duration(value) == words


def test_a_duration_in_welsh_uses_the_welsh_plural_forms_of_each_unit():
    with translation.override("cy"):
        expected = ", ".join(
            [
                ngettext("%(num)d hour", "%(num)d hours", 18) % {"num": 18},
                ngettext("%(num)d minute", "%(num)d minutes", 59) % {"num": 59},
            ]
        )
        assert duration(timedelta(hours=18, minutes=59)) == expected


def test_the_filters_ask_ngettext_for_every_unit(monkeypatch):
    asked = []

    def spy(singular, plural, n):
        asked.append((singular, n))
        return "<%(num)d>"

    monkeypatch.setattr("mentorship.templatetags.durations.ngettext", spy)
    assert duration(timedelta(days=3, hours=2)) == "<3>, <2>"
    assert asked == [("%(num)d day", 3), ("%(num)d hour", 2)]


def test_time_until_and_since_count_from_now(time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    assert time_until(now + timedelta(hours=18, minutes=59)) == "18 hours, 59 minutes"
    assert time_since(now - timedelta(days=3)) == "3 days"
    assert time_until(None) == ""


def test_the_dashboard_says_how_long_until_the_next_session_through_the_filter(
    pair, bob, bob_client, monkeypatch
):
    sessions.session_schedule(
        mentorship=pair,
        by=bob,
        starts_at=timezone.now() + timedelta(days=2, hours=1),
        duration_minutes=60,
        format="remote",
    )
    monkeypatch.setattr("mentorship.templatetags.durations.ngettext", lambda s, p, n: f"[{p}]")
    page = bob_client.get(reverse("mentorship:dashboard")).content.decode()
    assert re.search(r"\(\[2 days\](, \[\d+ (hours|minutes)\])?\)", page)
