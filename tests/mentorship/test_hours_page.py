from decimal import Decimal

from django.test import Client
from django.urls import reverse

from mentorship.models import Session
from mentorship.selectors import hours
from tests import factories
from tests.mentorship.hours_factories import at, expense, session

CONFIRMED, LOGGED, DISPUTED = (
    Session.Status.CONFIRMED,
    Session.Status.LOGGED,
    Session.Status.DISPUTED,
)


def _months(page: hours.HoursPage) -> dict[str, tuple[int, str, str]]:
    """Each month's figures as shown: a sum of 12.50 and 7.25 must read 19.75, not 19.7500000."""
    return {f"{m.month:%Y-%m}": (m.sessions, str(m.hours), str(m.expenses)) for m in page.months}


def test_only_confirmed_sessions_count_towards_a_mentors_hours(pair, bob, bob_client):
    session(pair, when=at(2025, 3, 3), minutes=90)
    session(pair, when=at(2025, 3, 10), minutes=30)
    session(pair, when=at(2025, 3, 17), minutes=60, status=LOGGED)
    session(pair, when=at(2025, 3, 24), minutes=45, status=DISPUTED)
    session(pair, when=at(2025, 4, 7), minutes=60)

    response = bob_client.get(reverse("mentorship:hours"))

    page = response.context["page"]
    assert _months(page) == {
        "2025-04": (1, "1.00", "0.00"),
        "2025-03": (2, "2.00", "0.00"),
    }
    assert [(m.mentorship, m.sessions, m.hours) for m in page.mentorships] == [
        (pair, 3, Decimal("3.00"))
    ]
    assert page.total_hours == Decimal("3.00")
    assert 'id="total-hours">3.00<' in response.content.decode()


def test_a_session_counts_in_the_month_it_started_in_the_programmes_time_zone(pair, bob):
    session(pair, when=at(2025, 3, 31, 23, 30))  # 22:30 UTC: still March in London
    session(pair, when=at(2025, 4, 1, 0, 30), minutes=30)  # 23:30 UTC on 31 March: April

    assert _months(hours.hours_page(bob)) == {
        "2025-04": (1, "0.50", "0.00"),
        "2025-03": (1, "1.00", "0.00"),
    }


def test_hours_are_shown_for_each_mentorship_of_the_mentor(pair, bob, coordinator):
    fay = factories.mentee(email="fay@example.org", name="Fay Fox")
    second = factories.mentorship(mentor=bob, mentee=fay, by=coordinator)
    session(pair, when=at(2025, 3, 3), minutes=120)
    session(second, when=at(2025, 3, 4), minutes=45)
    session(second, when=at(2025, 3, 5), minutes=45)

    rows = {m.mentorship.pk: (m.sessions, m.hours) for m in hours.hours_page(bob).mentorships}

    assert rows == {pair.pk: (1, Decimal("2.00")), second.pk: (2, Decimal("1.50"))}


def test_expenses_count_in_the_month_once_their_session_is_confirmed(pair, bob):
    expense(session(pair, when=at(2025, 3, 3)), "12.50")
    expense(session(pair, when=at(2025, 3, 4)), "7.25")
    expense(session(pair, when=at(2025, 3, 5), status=LOGGED), "100.00")

    assert _months(hours.hours_page(bob))["2025-03"] == (2, "2.00", "19.75")


def test_a_mentor_never_sees_another_mentors_hours(pair, other_pair, bob_client):
    session(pair, when=at(2025, 3, 3), minutes=60)
    session(other_pair, when=at(2025, 3, 4), minutes=300)
    erin_client = Client()
    erin_client.force_login(other_pair.mentor)

    bobs = bob_client.get(reverse("mentorship:hours"))
    erins = erin_client.get(reverse("mentorship:hours"))

    assert bobs.context["page"].total_hours == Decimal("1.00")
    assert "Dave" not in bobs.content.decode()
    assert erins.context["page"].total_hours == Decimal("5.00")
    assert "Riverside" not in erins.content.decode()


def test_a_mentee_has_no_hours_of_their_own_mentors(pair, alice_client):
    session(pair, when=at(2025, 3, 3))

    page = alice_client.get(reverse("mentorship:hours")).context["page"]

    assert page.total_hours == 0 and page.sessions == [] and page.months == []


def test_the_hours_page_asks_a_visitor_to_sign_in(client):
    response = client.get(reverse("mentorship:hours"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_the_hours_page_makes_the_same_number_of_queries_for_5_or_100_sessions(
    pair, bob_client, django_assert_max_num_queries
):
    def add(count: int) -> None:
        for day in range(count):
            expense(session(pair, when=at(2025, 1 + day % 6, 1 + day % 28)), "3.00")

    add(5)
    url = reverse("mentorship:hours")
    with django_assert_max_num_queries(15) as small:
        bob_client.get(url)
    add(95)
    with django_assert_max_num_queries(len(small.captured_queries)):
        bob_client.get(url)
