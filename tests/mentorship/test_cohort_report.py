"""The cohort report: its figures on a small hand-made cohort, its CSV, its freezing when the
cohort closes, its scope, and its queries at two sizes."""

import csv
import io
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import Client
from django.urls import reverse

from mentorship.models import Cohort, Session
from mentorship.rules import MENTEE_BENEFITS, MENTOR_BENEFITS
from mentorship.selectors import cohort_report as report_selectors
from mentorship.services import cohorts as cohort_services
from mentorship.services import hours, relationship
from mentorship.services import programmes as programme_services
from mentorship.services import sessions as session_services
from mentorship.services.errors import MentorshipError
from tests import factories
from tests.mentorship.hours_factories import at, expense, feedback, session


@pytest.fixture
def spring(alice, bob, dave, time_machine) -> SimpleNamespace:
    """Peer managers' Spring cohort, whose people are accepted on 5 January 2026.

    Applications: mentors bob, erin, gwen accepted and kit waiting; mentees alice (a group),
    dave, hana accepted and lee declined. Pairs approved 2, 3 and 10 days after acceptance:
    bob-alice (3 confirmed hours, a £12.50 fare; completed), erin-dave (one session logged and
    one disputed; ended early, "Moved away"), gwen-hana (1.5 confirmed hours, a session to come;
    still active). bob also mentors ivy in another programme, in the same month.
    """
    peer = factories.programme(name="Peer managers", hourly_rate=Decimal("20.00"))
    cohort = peer.cohorts.get()
    lead = factories.coordinator(email="lead@example.org")
    runner = factories.coordinator(email="runner@example.org", programmes=[peer])
    other = factories.programme(name="Start-up")
    outsider = factories.coordinator(email="outsider@example.org", programmes=[other])
    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    gwen = factories.mentor(email="gwen@example.org", name="Gwen Price")
    kit = factories.mentor(email="kit@example.org", name="Kit King")
    hana = factories.mentee(email="hana@example.org", name="Hana Hughes")
    lee = factories.mentee(email="lee@example.org", name="Lee Lloyd")
    ivy = factories.mentee(email="ivy@example.org", name="Ivy Irwin")

    time_machine.move_to(at(2026, 1, 5, 9))
    for member in (bob, erin, gwen):
        factories.enrol(member=member, programme=peer, side="mentor")
    factories.enrol(member=kit, programme=peer, side="mentor", accepted=False)
    for member in (alice, dave, hana):
        factories.enrol(member=member, programme=peer, side="mentee")
    declined = factories.enrol(member=lee, programme=peer, side="mentee", accepted=False)
    programme_services.enrolment_decide(enrolment_id=declined.pk, by=lead, accept=False)

    time_machine.move_to(at(2026, 1, 7, 9))
    completed = factories.active_pair(mentor=bob, mentee=alice, cohort=cohort, by=runner)
    time_machine.move_to(at(2026, 1, 8, 9))
    ended = factories.active_pair(mentor=erin, mentee=dave, cohort=cohort, by=runner)
    time_machine.move_to(at(2026, 1, 15, 9))
    active = factories.active_pair(mentor=gwen, mentee=hana, cohort=cohort, by=runner)
    elsewhere = factories.active_pair(mentor=bob, mentee=ivy, cohort=other.cohorts.get(), by=lead)

    time_machine.move_to(at(2026, 2, 10, 12))
    fare = session(completed, when=at(2026, 1, 20))
    expense(fare, "12.50")
    session(completed, when=at(2026, 1, 22))
    session(completed, when=at(2026, 1, 25))
    session(ended, when=at(2026, 1, 21), status=Session.Status.LOGGED)
    session(ended, when=at(2026, 1, 23), status=Session.Status.DISPUTED)
    session(active, when=at(2026, 1, 26), minutes=90)
    session_services.session_schedule(
        mentorship=active, by=gwen, starts_at=at(2026, 3, 2), duration_minutes=60, format="remote"
    )
    session(elsewhere, when=at(2026, 1, 27), minutes=120)
    january = at(2026, 1, 1).date()
    for mentor in (bob, gwen):
        hours.claim_approve(mentor=mentor, month=january, by=lead, programme=peer)
    # Bob's claim in the other programme is approved too, and must not count here.
    hours.claim_approve(mentor=bob, month=january, by=lead, programme=other)

    feedback(completed, side="mentor", rating=4)
    feedback(completed, side="mentee", rating=5)
    relationship.mentorship_end(mentorship_id=completed.pk, by=bob, reason="Done", completed=True)
    ended = relationship.mentorship_end(mentorship_id=ended.pk, by=dave, reason="Moved away")
    feedback(ended, side="mentor", rating=2)
    return SimpleNamespace(
        programme=peer,
        cohort=cohort,
        runner=runner,
        outsider=outsider,
        lead=lead,
        other=other,
        active=active,
        gwen=gwen,
    )


def _client(user) -> Client:
    return factories.mfa_login(Client(), user)


def _report_url(cohort: Cohort, csv_file: bool = False) -> str:
    name = "mentorship:cohort_report_csv" if csv_file else "mentorship:cohort_report"
    return reverse(name, args=[cohort.pk])


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_report_counts_applications_by_side_and_status(spring):
    report = report_selectors.cohort_report(spring.cohort)

    assert report["applications"] == {
        "mentor": {"applied": 1, "accepted": 3, "declined": 0, "withdrawn": 0},
        "mentee": {"applied": 0, "accepted": 3, "declined": 1, "withdrawn": 0},
    }


def test_the_report_counts_pairs_and_their_time_to_match(spring):
    report = report_selectors.cohort_report(spring.cohort)

    assert report["matched"] == 3
    assert {k: v for k, v in report["pairs"].items() if v} == {
        "active": 1,
        "completed": 1,
        "ended": 1,
    }
    # Approved 2, 3 and 10 days after the mentees were accepted.
    assert report["time_to_match"] == {
        "pairs": 3,
        "median_days": "3.0",
        "mean_days": "5.0",
        "starts_from": "enrolment",
    }


def test_on_a_programme_of_every_member_time_to_match_runs_from_the_mentee_joining(
    alice, bob, coordinator, time_machine
):
    time_machine.move_to(at(2026, 3, 1, 9))
    cohort = Cohort.default()  # every member, no applications
    mentee = factories.mentee(email="new@example.org", name="Newcomer")
    time_machine.move_to(at(2026, 3, 5, 9))
    factories.active_pair(mentor=bob, mentee=mentee, cohort=cohort, by=coordinator)

    wait = report_selectors.cohort_report(cohort)["time_to_match"]

    assert wait == {
        "pairs": 1,
        "median_days": "4.0",
        "mean_days": "4.0",
        "starts_from": "joining",
    }


def test_the_report_counts_sessions_held_and_confirmed_and_their_hours(spring):
    sessions = report_selectors.cohort_report(spring.cohort)["sessions"]

    # Held: 3 + logged + disputed + 1 (the session still to come is not); confirmed: 3 + 1.
    assert sessions == {"held": 6, "confirmed": 4, "confirmed_hours": "4.50"}


def test_claims_paid_count_only_the_approved_lines_of_this_cohorts_pairs(spring):
    claims = report_selectors.cohort_report(spring.cohort)["claims"]

    # bob's January claim also pays 2 hours with ivy, in another programme: not counted.
    assert claims == {
        "approved_claims": 2,
        "hours": "4.50",
        "expenses": "12.50",
        "hourly_rate": "20.00",
        "support": "90.00",
        "total": "102.50",
    }


def test_the_report_gives_completion_and_early_ending_rates_with_the_reasons(spring):
    endings = report_selectors.cohort_report(spring.cohort)["endings"]

    assert endings == {
        "completed": 1,
        "ended_early": 1,
        "completion_rate": "33.3",
        "early_ending_rate": "33.3",
        "reasons": [{"on": "2026-02-10", "reason": "Moved away"}],
    }


def test_the_report_averages_each_sides_benefits(spring):
    outcomes = {
        (row["side"], row["benefit"]): (row["average"], row["answers"])
        for row in report_selectors.cohort_report(spring.cohort)["outcomes"]
    }

    assert outcomes[("mentor", "leadership")] == ("3.0", 2)
    assert outcomes[("mentor", "satisfaction")] == ("3.0", 2)
    assert outcomes[("mentee", "advice")] == ("5.0", 1)
    assert outcomes[("mentee", "career")] == ("5.0", 1)
    assert set(outcomes) == {("mentor", b) for b in MENTOR_BENEFITS} | {
        ("mentee", b) for b in MENTEE_BENEFITS
    }


def test_the_report_is_plain_json(spring):
    report = report_selectors.cohort_report(spring.cohort)

    assert json.loads(json.dumps(report)) == report


def test_the_report_page_shows_the_figures_in_charts_and_tables(spring):
    response = _client(spring.runner).get(_report_url(spring.cohort))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Report: Peer managers, Spring" in page
    assert 'id="report-live"' in page
    for chart in ("applications-mentor", "applications-mentee", "pairs", "endings"):
        assert f'<svg role="img" aria-labelledby="chart-{chart}-title"' in page
    assert '<svg role="img" aria-labelledby="chart-outcomes-mentor-title"' in page
    assert "Leadership skills, 3.0" in page, "the chart's title says its figures"
    assert (
        '<th scope="row">Mentors</th><td class="text-end">1</td><td class="text-end">3</td>' in page
    )
    assert 'id="matched">3<' in page and 'id="median-days">3.0<' in page
    assert 'id="sessions-held">6<' in page and 'id="confirmed-hours">4.50<' in page
    assert 'id="claims-total">£102.50<' in page
    assert "Moved away" in page
    assert (
        '<th scope="row">Leadership skills</th><td class="text-end">3.0</td>'
        '<td class="text-end">2</td>' in page
    )


def test_the_report_csv_has_its_columns_and_values(spring):
    rows = _csv(_client(spring.runner).get(_report_url(spring.cohort, csv_file=True)))

    assert rows[0] == ["Section", "Figure", "Value", "Answers"]
    for row in [
        ["Cohort", "Programme", "Peer managers", ""],
        ["Cohort", "Frozen", "no", ""],
        ["Applications from mentors", "Applied", "1", ""],
        ["Applications from mentees", "Declined", "1", ""],
        ["Pairs", "Matched", "3", ""],
        ["Pairs by state", "Ended early", "1", ""],
        ["Time to match (days)", "Median", "3.0", ""],
        ["Time to match (days)", "Mean", "5.0", ""],
        ["Sessions", "Held", "6", ""],
        ["Sessions", "Confirmed", "4", ""],
        ["Sessions", "Confirmed hours", "4.50", ""],
        ["Claims paid", "Hours", "4.50", ""],
        ["Claims paid", "Total", "102.50", ""],
        ["Endings", "Completion rate (%)", "33.3", ""],
        ["Early-ending reasons", "2026-02-10", "Moved away", ""],
        ["Outcomes from mentors (1 to 5)", "Leadership skills", "3.0", "2"],
        ["Outcomes from mentees (1 to 5)", "Honest feedback", "5.0", "1"],
    ]:
        assert row in rows, row
    assert all(len(row) == 4 for row in rows)


def test_an_ending_reason_in_the_csv_reads_as_text_not_a_formula(spring):
    relationship.mentorship_end(
        mentorship_id=spring.active.pk, by=spring.gwen, reason='=HYPERLINK("http://x")'
    )

    rows = _csv(_client(spring.runner).get(_report_url(spring.cohort, csv_file=True)))

    reasons = [row[2] for row in rows if row[0] == "Early-ending reasons"]
    assert reasons == ["Moved away", '\'=HYPERLINK("http://x")']


def test_closing_a_cohort_freezes_its_report_against_later_changes(spring, time_machine):
    time_machine.move_to(at(2026, 4, 1, 12))
    cohort, closed = cohort_services.cohort_close(cohort_id=spring.cohort.pk, by=spring.runner)
    assert closed and cohort.closed_at is not None
    client = _client(spring.runner)
    before_page = client.get(_report_url(cohort)).context["report"]
    before_csv = _csv(client.get(_report_url(cohort, csv_file=True)))

    time_machine.move_to(at(2026, 4, 2, 12))
    session(spring.active, when=at(2026, 3, 20), minutes=120)
    relationship.mentorship_end(mentorship_id=spring.active.pk, by=spring.gwen, reason="Busy")
    hours.claim_approve(mentor=spring.gwen, month=at(2026, 3, 1).date(), by=spring.lead)

    response = client.get(_report_url(cohort))
    assert response.context["report"] == before_page
    assert response.context["report"]["sessions"]["confirmed_hours"] == "4.50"
    page = response.content.decode()
    assert 'id="report-frozen">Frozen when the cohort closed, on 1 April 2026, 12:00' in page
    assert "Busy" not in page
    assert _csv(client.get(_report_url(cohort, csv_file=True))) == before_csv
    assert ["Cohort", "Frozen", "yes", ""] in before_csv
    # The live figures have moved on: only the stored report stands still.
    live = report_selectors.cohort_report(cohort)
    assert live["sessions"]["confirmed_hours"] == "6.50"


def test_closing_a_closed_cohort_changes_nothing(spring, time_machine):
    first, closed = cohort_services.cohort_close(cohort_id=spring.cohort.pk, by=spring.runner)
    stored = (first.closed_at, first.report)
    time_machine.shift(3600)
    session(spring.active, when=at(2026, 2, 3))

    again, closed_again = cohort_services.cohort_close(cohort_id=spring.cohort.pk, by=spring.lead)

    assert (closed, closed_again) == (True, False)
    again.refresh_from_db()
    assert (again.closed_at, again.report) == stored


def test_a_cohort_closed_without_a_report_shows_live_figures_until_closed_through_the_service(
    spring, time_machine
):
    closed_on = at(2026, 3, 1, 9)
    Cohort.objects.filter(pk=spring.cohort.pk).update(closed_at=closed_on)  # as a script might
    client = _client(spring.runner)
    assert 'id="report-live"' in client.get(_report_url(spring.cohort)).content.decode()

    cohort, closed = cohort_services.cohort_close(cohort_id=spring.cohort.pk, by=spring.runner)

    assert closed and cohort.closed_at == closed_on and cohort.report["matched"] == 3
    assert 'id="report-frozen"' in client.get(_report_url(spring.cohort)).content.decode()


def test_a_coordinator_of_another_programme_cannot_close_the_cohort(spring):
    with pytest.raises(MentorshipError):
        cohort_services.cohort_close(cohort_id=spring.cohort.pk, by=spring.outsider)

    spring.cohort.refresh_from_db()
    assert (spring.cohort.closed_at, spring.cohort.report) == (None, {})


@pytest.mark.parametrize("csv_file", [False, True])
def test_a_coordinator_of_another_programme_gets_404_for_the_report(spring, csv_file):
    client = _client(spring.outsider)

    assert client.get(_report_url(spring.cohort, csv_file=csv_file)).status_code == 404
    own = spring.other.cohorts.get()
    assert client.get(_report_url(own, csv_file=csv_file)).status_code == 200
    assert _client(spring.lead).get(_report_url(spring.cohort, csv_file)).status_code == 200


def test_members_are_refused_the_report_and_visitors_sent_to_sign_in(spring, alice_client, client):
    url = _report_url(spring.cohort)

    assert alice_client.get(url).status_code == 403
    assert client.get(url).status_code == 302


def test_the_admin_closes_cohorts_through_the_service_and_links_to_the_report(spring):
    client = _client(spring.runner)
    changelist = reverse("admin:mentorship_cohort_changelist")

    listing = client.get(changelist).content.decode()
    assert _report_url(spring.cohort) in listing
    assert _report_url(spring.other.cohorts.get()) not in listing
    change = client.get(reverse("admin:mentorship_cohort_change", args=[spring.cohort.pk]))
    assert _report_url(spring.cohort) in change.content.decode()
    data = {"action": "close_and_freeze", "_selected_action": [spring.cohort.pk]}

    first = client.post(changelist, data, follow=True)
    again = client.post(changelist, data, follow=True)

    spring.cohort.refresh_from_db()
    assert spring.cohort.closed_at is not None
    assert spring.cohort.report["matched"] == 3
    assert "1 cohort closed; its report is frozen." in first.content.decode()
    assert "1 cohort was already closed: nothing changed." in again.content.decode()
    assert "close_and_freeze" in admin_site._registry[Cohort].get_actions(first.wsgi_request)


def test_the_programme_page_links_to_the_cohorts_and_their_reports(coordinator_client):
    page = coordinator_client.get(reverse("mentorship:programme")).content.decode()

    assert reverse("admin:mentorship_cohort_changelist") in page


def _grow(cohort: Cohort, by, n: int, start: int) -> None:
    """n more pairs in the cohort, each with two confirmed sessions, an ending and feedback."""
    for i in range(start, start + n):
        mentor = factories.mentor(email=f"m{i}@example.org", name=f"Mentor {i}")
        mentee = factories.mentee(email=f"e{i}@example.org", name=f"Mentee {i}")
        pairing = factories.active_pair(mentor=mentor, mentee=mentee, cohort=cohort, by=by)
        for day in (2, 4, 6):
            session(pairing, when=at(2026, 2, day))
        feedback(pairing, side="mentee", rating=3)
        relationship.mentorship_end(mentorship_id=pairing.pk, by=mentor, reason=f"Reason {i}")


def test_the_report_makes_the_same_number_of_queries_for_a_small_or_a_big_cohort(
    spring, time_machine, django_assert_max_num_queries
):
    time_machine.move_to(at(2026, 3, 10, 12))
    client = _client(spring.runner)
    urls = [_report_url(spring.cohort), _report_url(spring.cohort, csv_file=True)]
    with django_assert_max_num_queries(22) as small:
        for url in urls:
            assert client.get(url).status_code == 200

    _grow(spring.cohort, spring.runner, 12, start=0)
    with django_assert_max_num_queries(len(small.captured_queries)):
        for url in urls:
            assert client.get(url).status_code == 200
    assert client.get(urls[0]).context["report"]["matched"] == 15


def test_closing_makes_the_same_number_of_queries_for_a_small_or_a_big_cohort(
    spring, time_machine, django_assert_max_num_queries
):
    time_machine.move_to(at(2026, 3, 10, 12))
    other_cohort = Cohort.objects.create(programme=spring.programme, name="Autumn")
    _grow(other_cohort, spring.runner, 1, start=100)
    with django_assert_max_num_queries(14) as small:
        cohort_services.cohort_close(cohort_id=other_cohort.pk, by=spring.runner)

    _grow(spring.cohort, spring.runner, 8, start=0)
    with django_assert_max_num_queries(len(small.captured_queries)):
        cohort_services.cohort_close(cohort_id=spring.cohort.pk, by=spring.runner)
