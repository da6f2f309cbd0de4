import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentorship.models import Feedback, Session
from mentorship.rules import MENTEE_BENEFITS, MENTOR_BENEFITS
from mentorship.selectors import programme
from mentorship.services import relationship, sessions
from tests import factories
from tests.mentorship.hours_factories import at, feedback, session

COORDINATOR_PAGES = [
    ("mentorship:programme", []),
    ("mentorship:programme_csv", []),
    ("mentorship:claims", []),
    ("mentorship:claims_csv", [2025, 3]),
]


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _quiet_mentor_and_mentee(coordinator, n: int, status: str = "active"):
    mentor = factories.mentor(email=f"mentor{n}@example.org", name=f"Mentor {n}")
    mentee = factories.mentee(email=f"mentee{n}@example.org", name=f"Mentee {n}")
    return factories.mentorship(mentor=mentor, mentee=mentee, by=coordinator, status=status)


def test_the_programme_page_counts_mentorships_by_state_in_a_chart_and_a_table(
    pair, other_pair, coordinator, coordinator_client
):
    _quiet_mentor_and_mentee(coordinator, 1, status="proposed")
    relationship.mentorship_end(
        mentorship_id=other_pair.pk, by=other_pair.mentor, reason="Moved away"
    )

    response = coordinator_client.get(reverse("mentorship:programme"))

    counts = {status: n for status, _label, n in response.context["figures"].by_state}
    assert counts == {
        "proposed": 1,
        "approved": 0,
        "active": 1,
        "paused": 0,
        "completed": 0,
        "ended": 1,
        "rejected": 0,
        "withdrawn": 0,
    }
    page = response.content.decode()
    assert '<svg role="img" aria-labelledby="chart-states-title"' in page
    assert '<title id="chart-states-title">Mentorships by state: Proposed, 1; Approved, 0;' in page
    assert '<th scope="row">Ended early</th><td class="text-end">1</td>' in page
    # Nothing from another host (a random CSRF token may well contain "cdn").
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_the_programme_page_shows_this_months_sessions_and_confirmed_hours(
    pair, alice, coordinator_client, time_machine
):
    time_machine.move_to(at(2026, 3, 15, 12))
    session(pair, when=at(2026, 3, 2), minutes=90)
    session(pair, when=at(2026, 3, 5), minutes=60, status=Session.Status.LOGGED)
    session(pair, when=at(2026, 2, 28), minutes=120)
    cancelled = sessions.session_schedule(
        mentorship=pair, by=alice, starts_at=at(2026, 3, 20), duration_minutes=60, format="remote"
    )
    sessions.session_cancel(session=cancelled, by=alice)

    response = coordinator_client.get(reverse("mentorship:programme"))

    figures = response.context["figures"]
    assert (figures.sessions_this_month, figures.confirmed_hours_this_month) == (2, Decimal("1.50"))
    page = response.content.decode()
    assert "This month (March 2026)" in page
    assert 'id="hours-this-month">1.50<' in page


def test_active_mentorships_with_no_session_in_30_days_are_listed_with_a_link_to_the_admin(
    pair, other_pair, alice, coordinator, coordinator_client
):
    last_met = session(pair, when=_ago(40)).starts_at
    cancelled = sessions.session_schedule(
        mentorship=pair, by=alice, starts_at=_ago(3), duration_minutes=60, format="remote"
    )
    sessions.session_cancel(session=cancelled, by=alice)
    session(other_pair, when=_ago(5), status=Session.Status.LOGGED)
    never_met = _quiet_mentor_and_mentee(coordinator, 1)
    paused = _quiet_mentor_and_mentee(coordinator, 2)
    relationship.mentorship_transition(mentorship_id=paused.pk, to_status="paused", by=coordinator)

    response = coordinator_client.get(reverse("mentorship:programme"))

    assert [m.pk for m in response.context["figures"].quiet] == [never_met.pk, pair.pk]
    page = response.content.decode()
    for listed in (never_met, pair):
        assert reverse("admin:mentorship_mentorship_change", args=[listed.pk]) in page
    assert reverse("admin:mentorship_mentorship_change", args=[other_pair.pk]) not in page
    assert f"{timezone.localtime(last_met):%-d %b %Y}" in page and "never" in page


def test_feedback_averages_are_shown_per_benefit_and_side(pair, other_pair, coordinator_client):
    for mentorship in (pair, other_pair):
        for day in (3, 10, 17):
            session(mentorship, when=at(2025, 3, day))
    feedback(pair, side="mentor", rating=4)
    feedback(other_pair, side="mentor", rating=1)
    feedback(pair, side="mentee", rating=5)

    response = coordinator_client.get(reverse("mentorship:programme"))

    averages = {
        (r.side, r.benefit): (r.average, r.answers) for r in response.context["figures"].feedback
    }
    assert averages[("mentor", "leadership")] == (Decimal("2.5"), 2)
    assert averages[("mentee", "advice")] == (Decimal("5.0"), 1)
    assert len(averages) == len(MENTOR_BENEFITS) + len(MENTEE_BENEFITS)
    page = response.content.decode()
    assert '<svg role="img" aria-labelledby="chart-mentor-title"' in page
    assert "Leadership skills, 2.5" in page, "the chart's title says its figures"
    assert (
        '<th scope="row">Leadership skills</th><td class="text-end">2.5</td><td class="text-end">2</td>'
        in page
    )


def test_feedback_averages_leave_out_ratings_outside_1_to_5(pair, bob):
    assert programme.feedback_averages() == []
    # Written directly: the feedback form never sends such values, but the JSON field would keep them.
    Feedback.objects.create(
        mentorship=pair,
        by=bob,
        side="mentor",
        moment="midway",
        learned="",
        ratings={"leadership": 9, "communication": "4", "perspective": 0, "satisfaction": 4},
    )

    averages = programme.feedback_averages()

    assert [(r.benefit, r.average, r.answers) for r in averages] == [
        ("satisfaction", Decimal("4.0"), 1)
    ]


def test_the_programme_page_reuses_its_figures_for_a_minute_and_says_when_they_were_worked_out(
    pair, coordinator, coordinator_client
):
    url = reverse("mentorship:programme")
    first = coordinator_client.get(url)
    _quiet_mentor_and_mentee(coordinator, 1)

    again = coordinator_client.get(url)
    cache.delete(programme.FIGURES_CACHE_KEY)  # as if the minute had passed
    later = coordinator_client.get(url)

    def active(response) -> int:
        return {status: n for status, _label, n in response.context["figures"].by_state}["active"]

    assert (active(first), active(again), active(later)) == (1, 1, 2)
    as_of = timezone.localtime(first.context["figures"].computed_at)
    assert f'id="figures-as-of">Figures as of {as_of:%H:%M};' in first.content.decode()


def test_the_programme_csv_has_the_pages_figures(pair, coordinator, coordinator_client):
    for day in (3, 10, 17):
        session(pair, when=at(2025, 3, day))
    feedback(pair, side="mentor", rating=3)
    quiet = _quiet_mentor_and_mentee(coordinator, 1)

    rows = _csv(coordinator_client.get(reverse("mentorship:programme_csv")))

    assert rows[0] == ["Section", "Figure", "Value"]
    assert ["Mentorships by state", "Active", "2"] in rows
    assert ["Mentorships by state", "Paused", "0"] in rows
    month = f"This month ({timezone.localdate():%Y-%m})"
    assert [month, "Sessions", "0"] in rows
    assert [month, "Confirmed hours", "0.00"] in rows
    assert ["No session in 30 days", str(quiet), "never"] in rows
    assert ["Feedback from mentors", "Leadership skills", "3.0"] in rows


@pytest.mark.parametrize(("name", "args"), COORDINATOR_PAGES)
def test_members_are_refused_the_coordinator_pages(pair, alice_client, bob_client, name, args):
    url = reverse(name, args=args)
    assert alice_client.get(url).status_code == 403
    assert bob_client.get(url).status_code == 403


@pytest.mark.parametrize(("name", "args"), COORDINATOR_PAGES)
def test_a_visitor_is_asked_to_sign_in_for_the_coordinator_pages(client, db, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_staff_outside_the_coordinators_group_are_refused(db):
    staff = factories.user(email="helpdesk@example.org", is_staff=True)
    client = factories.mfa_login(Client(), staff)
    assert client.get(reverse("mentorship:programme")).status_code == 403

    staff.user_permissions.add(Permission.objects.get(codename="view_mentorship"))
    assert client.get(reverse("mentorship:programme")).status_code == 200


def test_the_admin_index_links_to_the_programme_pages(coordinator_client):
    page = coordinator_client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("mentorship:programme")}"' in page
    assert f'href="{reverse("mentorship:claims")}"' in page


def test_the_programme_page_makes_the_same_number_of_queries_for_5_or_100_sessions(
    pair, other_pair, coordinator, coordinator_client, django_assert_max_num_queries
):
    for day in range(5):
        session(pair, when=_ago(1 + day))
    feedback(pair, side="mentor", rating=4)
    urls = [reverse("mentorship:programme"), reverse("mentorship:programme_csv")]
    with django_assert_max_num_queries(16) as small:
        for url in urls:
            coordinator_client.get(url)

    cache.clear()  # the figures are kept for a minute: work them out again on the bigger set
    for n in range(3):
        _quiet_mentor_and_mentee(coordinator, n)
    for day in range(95):
        session(other_pair if day % 2 else pair, when=_ago(1 + day % 60))
    feedback(other_pair, side="mentee", rating=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        for url in urls:
            coordinator_client.get(url)
