import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentorship.models import ClaimApproval, Programme, Session
from mentorship.services import hours
from mentorship.services.errors import MentorshipError
from tests import factories
from tests.mentorship.hours_factories import at, expense, mentee_of, session

MARCH = date(2025, 3, 1)
HEADER = ["Mentor", "Email", "Mentorship", "Confirmed sessions", "Hours", "Expenses", "Approved on"]


def _claims_csv(client: Client, month: date = MARCH) -> list[list[str]]:
    response = client.get(reverse("mentorship:claims_csv", args=[month.year, month.month]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="claims-{month:%Y-%m}.csv"'
    return list(csv.reader(io.StringIO(response.content.decode())))


def _approve(client: Client, mentor, month: date = MARCH):
    url = reverse("mentorship:claim_approve", args=[month.year, month.month, mentor.pk])
    return client.post(url, follow=True)


@pytest.fixture
def march(pair, other_pair, bob, coordinator):
    """bob: two mentorships with confirmed time in March 2025; erin: one. Returns bob's second."""
    fay = factories.mentee(email="fay@example.org", name="Fay Fox")
    second = factories.mentorship(mentor=bob, mentee=fay, by=coordinator)
    expense(session(pair, when=at(2025, 3, 3), minutes=90), "12.50")
    expense(session(pair, when=at(2025, 3, 10), minutes=30), "3.20")
    expense(session(pair, when=at(2025, 3, 17), status=Session.Status.LOGGED), "99.00")
    session(pair, when=at(2025, 3, 24), status=Session.Status.DISPUTED)
    session(pair, when=at(2025, 4, 1, 0, 30))
    session(second, when=at(2025, 3, 4), minutes=45)
    expense(session(other_pair, when=at(2025, 3, 31, 23, 30), minutes=300), "20.00")
    return second


def test_the_claims_csv_lists_each_mentorships_confirmed_sessions_hours_and_expenses(
    pair, other_pair, march, coordinator_client
):
    rows = _claims_csv(coordinator_client)

    assert rows == [
        HEADER,
        [
            "Bob Bevan",
            "bob@example.org",
            f"#{pair.pk} Riverside founders",
            "2",
            "2.00",
            "15.70",
            "",
        ],
        ["Bob Bevan", "bob@example.org", f"#{march.pk} Fay Fox", "1", "0.75", "0.00", ""],
        ["Erin Evans", "erin@example.org", f"#{other_pair.pk} Dave Dunn", "1", "5.00", "20.00", ""],
    ]


def test_the_claims_page_shows_each_mentors_totals(march, coordinator_client):
    response = coordinator_client.get(reverse("mentorship:claims"), {"month": "2025-03"})

    totals = [(str(c.mentor), c.sessions, c.hours, c.expenses) for c in response.context["claims"]]
    assert totals == [
        ("Bob Bevan", 3, Decimal("2.75"), Decimal("15.70")),
        ("Erin Evans", 1, Decimal("5.00"), Decimal("20.00")),
    ]
    assert "Mentors' claims for March 2025" in response.content.decode()


def test_the_claims_page_shows_last_month_unless_asked_for_another(coordinator_client, db):
    response = coordinator_client.get(reverse("mentorship:claims"), {"month": "2025-13"})
    month = response.context["month"]
    assert month < timezone.localdate().replace(day=1) and month.day == 1
    assert (timezone.localdate().replace(day=1) - month).days <= 31
    assert (
        coordinator_client.get(reverse("mentorship:claims_csv", args=[2025, 13])).status_code == 404
    )


def test_approving_a_month_records_its_totals_and_approving_again_does_nothing_new(
    pair, bob, alice, march, coordinator, coordinator_client
):
    response = _approve(coordinator_client, bob)

    approval = ClaimApproval.objects.get()
    assert (approval.mentor, approval.month, approval.hours, approval.expenses) == (
        bob,
        MARCH,
        Decimal("2.75"),
        Decimal("15.70"),
    )
    assert approval.approved_by == coordinator
    assert "Approved for payment: Bob Bevan, March 2025." in response.content.decode()

    response = _approve(coordinator_client, bob)

    assert ClaimApproval.objects.count() == 1
    again = ClaimApproval.objects.get()
    assert (again.hours, again.expenses, again.approved_at) == (
        Decimal("2.75"),
        Decimal("15.70"),
        approval.approved_at,
    )
    assert "claim for March 2025 was already approved" in response.content.decode()
    rows = _claims_csv(coordinator_client)
    approved_on = approval.approved_at.date().isoformat()
    assert [row[-1] for row in rows[1:]] == [approved_on, approved_on, ""], "erin's is not approved"


def test_a_month_with_nothing_confirmed_cannot_be_approved(pair, bob, coordinator):
    session(pair, when=at(2025, 3, 3), status=Session.Status.LOGGED)
    with pytest.raises(MentorshipError, match="no confirmed hours or expenses in March 2025"):
        hours.claim_approve(mentor=bob, month=MARCH, by=coordinator)
    assert not ClaimApproval.objects.exists()


def test_members_cannot_approve_claims(pair, bob, march, bob_client, alice_client):
    for client in (bob_client, alice_client):
        assert _approve(client, bob).status_code == 403
    assert not ClaimApproval.objects.exists()


def test_a_coordinator_who_may_only_view_sees_claims_but_cannot_approve(bob, march):
    viewer = factories.user(email="viewer@example.org", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_mentorship"))
    # Coordinators see the claims of the programmes they run: this one runs Bob's.
    viewer.coordinated_programmes.add(Programme.objects.get())
    client = factories.mfa_login(Client(), viewer)

    page = client.get(reverse("mentorship:claims"), {"month": "2025-03"}).content.decode()

    assert "Bob Bevan" in page and "Approve for payment" not in page
    assert _approve(client, bob).status_code == 403
    assert not ClaimApproval.objects.exists()


def test_approvals_are_listed_read_only_in_the_admin(bob, march, coordinator, coordinator_client):
    hours.claim_approve(mentor=bob, month=MARCH, by=coordinator)
    approval = ClaimApproval.objects.get()

    page = coordinator_client.get(reverse("admin:mentorship_claimapproval_changelist"))
    assert "bob@example.org" in page.content.decode() or "Bob Bevan" in page.content.decode()
    change = coordinator_client.get(
        reverse("admin:mentorship_claimapproval_change", args=[approval.pk])
    )
    assert change.status_code == 200 and 'name="hours"' not in change.content.decode()
    assert coordinator_client.get(reverse("admin:mentorship_claimapproval_add")).status_code == 403
    expenses = coordinator_client.get(reverse("admin:mentorship_expense_changelist"))
    assert "Train fare" in expenses.content.decode()


def test_the_claims_pages_make_the_same_number_of_queries_for_5_or_100_sessions(
    pair, other_pair, coordinator, coordinator_client, django_assert_max_num_queries
):
    def add(mentorship, count: int) -> None:
        for n in range(count):
            expense(session(mentorship, when=at(2025, 3, 1 + n % 28)), "2.00")

    add(pair, 5)
    hours.claim_approve(mentor=pair.mentor, month=MARCH, by=coordinator)
    urls = [
        reverse("mentorship:claims") + "?month=2025-03",
        reverse("mentorship:claims_csv", args=[2025, 3]),
    ]
    # 23: each page reads approvals, lines, expenses, mentorships, adjustments and refused
    # changes; the CSV download also writes its audit entry (savepoint, insert, release).
    with django_assert_max_num_queries(23) as small:
        for url in urls:
            coordinator_client.get(url)

    add(other_pair, 50)
    for n in range(3):
        mentor = factories.mentor(email=f"mentor{n}@example.org", name=f"Mentor {n}")
        mentee = factories.mentee(email=f"mentee{n}@example.org", name=f"Mentee {n}")
        add(factories.mentorship(mentor=mentor, mentee=mentee, by=coordinator), 15)
    assert mentee_of(pair).email == "alice@example.org"
    with django_assert_max_num_queries(len(small.captured_queries)):
        for url in urls:
            coordinator_client.get(url)
