import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from mentorship.models import Expense, Session
from mentorship.services import hours, sessions
from mentorship.services.errors import MentorshipError
from mentorship.views.hours import AMOUNT_MESSAGE
from tests import factories
from tests.mentorship.hours_factories import at, expense, session


def _add_url(s: Session) -> str:
    return reverse("mentorship:expense_add", args=[s.pk])


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_mentor_adds_a_travel_expense_to_a_logged_session(pair, bob_client):
    logged = session(pair, when=at(2025, 3, 3), status=Session.Status.LOGGED)

    response = bob_client.post(
        _add_url(logged), {"description": "Bus to Swansea", "amount": "8.40"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("mentorship:hours")
    added = Expense.objects.get()
    assert (added.session, added.description, added.amount) == (
        logged,
        "Bus to Swansea",
        Decimal("8.40"),
    )
    assert "Bus to Swansea: £8.40" in response.content.decode()


def test_a_negative_amount_is_refused_beside_the_field_and_keeps_what_was_typed(pair, bob_client):
    confirmed = session(pair, when=at(2025, 3, 3))

    response = bob_client.post(_add_url(confirmed), {"description": "Taxi", "amount": "-5"})

    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [str(AMOUNT_MESSAGE)]
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'value="-5"' in page and 'value="Taxi"' in page
    assert 'aria-invalid="true"' in page
    assert not Expense.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"description": "Taxi", "amount": "ten pounds"}, "amount"),
        ({"description": "Taxi", "amount": "1.234"}, "amount"),
        ({"description": "", "amount": "4.00"}, "description"),
    ],
)
def test_an_expense_needs_a_description_and_an_amount_in_pence(pair, bob_client, data, field):
    confirmed = session(pair, when=at(2025, 3, 3))

    response = bob_client.post(_add_url(confirmed), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Expense.objects.exists()


def test_a_free_journey_may_be_recorded_at_zero(pair, bob_client):
    confirmed = session(pair, when=at(2025, 3, 3))
    bob_client.post(_add_url(confirmed), {"description": "Walked", "amount": "0"})
    assert Expense.objects.get().amount == 0


def test_an_expense_cannot_be_claimed_for_a_session_that_was_not_logged(pair, bob, alice):
    scheduled = sessions.session_schedule(
        mentorship=pair, by=alice, starts_at=at(2030, 1, 1), duration_minutes=60, format="remote"
    )
    with pytest.raises(MentorshipError, match=str(hours.SESSION_NOT_LOGGED)):
        hours.expense_add(session=scheduled, by=bob, description="Taxi", amount=Decimal(5))


def test_only_the_mentor_of_a_session_may_claim_for_it(pair, other_pair, alice_client):
    confirmed = session(pair, when=at(2025, 3, 3))
    mine = expense(confirmed, "4.00")
    erin_client = Client()
    erin_client.force_login(other_pair.mentor)

    for client in (alice_client, erin_client):
        assert client.get(_add_url(confirmed)).status_code == 404
        assert (
            client.post(_add_url(confirmed), {"description": "x", "amount": "1"}).status_code == 404
        )
        edit = reverse("mentorship:expense_edit", args=[mine.pk])
        assert client.post(edit, {"description": "x", "amount": "99"}).status_code == 404
        assert client.post(reverse("mentorship:expense_delete", args=[mine.pk])).status_code == 404
    assert list(Expense.objects.values_list("description", "amount")) == [
        ("Train fare", Decimal("4.00"))
    ]
    with pytest.raises(MentorshipError, match=str(hours.ONLY_THE_MENTOR)):
        hours.expense_add(
            session=confirmed, by=other_pair.mentor, description="x", amount=Decimal(1)
        )


def test_a_mentor_changes_and_deletes_an_expense_in_an_open_month(pair, bob_client):
    claimed = expense(session(pair, when=at(2025, 3, 3)), "4.00")
    edit = reverse("mentorship:expense_edit", args=[claimed.pk])

    assert 'value="4.00"' in bob_client.get(edit).content.decode()
    bob_client.post(edit, {"description": "Return train fare", "amount": "8.00"})
    claimed.refresh_from_db()
    assert (claimed.description, claimed.amount) == ("Return train fare", Decimal("8.00"))

    bob_client.post(reverse("mentorship:expense_delete", args=[claimed.pk]))
    assert not Expense.objects.exists()


def test_an_expense_in_an_approved_month_cannot_be_added_changed_or_deleted(
    pair, bob, bob_client, coordinator
):
    march = session(pair, when=at(2025, 3, 3))
    claimed = expense(march, "4.00")
    hours.claim_approve(mentor=bob, month=at(2025, 3, 1).date(), by=coordinator)
    frozen = hours.MONTH_APPROVED.format(month="March 2025")

    response = bob_client.get(_add_url(march), follow=True)
    assert frozen in _messages(response)
    response = bob_client.post(_add_url(march), {"description": "Taxi", "amount": "9"}, follow=True)
    assert frozen in _messages(response)
    edit = reverse("mentorship:expense_edit", args=[claimed.pk])
    response = bob_client.post(edit, {"description": "More", "amount": "40"}, follow=True)
    assert frozen in _messages(response)
    delete = reverse("mentorship:expense_delete", args=[claimed.pk])
    response = bob_client.post(delete, follow=True)
    assert frozen in _messages(response)

    assert list(Expense.objects.values_list("description", "amount")) == [
        ("Train fare", Decimal("4.00"))
    ]
    page = response.content.decode()
    assert reverse("mentorship:expense_add", args=[march.pk]) not in page
    assert edit not in page
    for change in (
        lambda: hours.expense_add(session=march, by=bob, description="x", amount=Decimal(1)),
        lambda: hours.expense_change(expense=claimed, by=bob, description="x", amount=Decimal(1)),
        lambda: hours.expense_delete(expense=claimed, by=bob),
    ):
        with pytest.raises(MentorshipError, match="approved for payment"):
            change()


def test_approving_one_month_leaves_the_next_month_open(pair, bob, bob_client, coordinator):
    session(pair, when=at(2025, 3, 31, 23, 30))
    april = session(pair, when=at(2025, 4, 1, 0, 30))
    hours.claim_approve(mentor=bob, month=at(2025, 3, 1).date(), by=coordinator)

    bob_client.post(_add_url(april), {"description": "Taxi home", "amount": "15"})

    assert Expense.objects.get().session == april


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_expense_sent_while_its_month_is_being_approved_waits_and_is_refused(postgres):
    bob = factories.mentor(email="bob@example.org", name="Bob Bevan")
    alice = factories.mentee(email="alice@example.org", name="Alice Ahmed")
    coordinator = factories.coordinator(email="coordinator@example.org")
    pair = factories.mentorship(mentor=bob, mentee=alice, by=coordinator)
    march = session(pair, when=at(2025, 3, 3))
    approving = threading.Event()
    outcome: list[str] = []

    def approve() -> None:
        try:
            with transaction.atomic():
                hours.claim_approve(mentor=bob, month=at(2025, 3, 1).date(), by=coordinator)
                approving.set()
                time.sleep(0.5)  # the expense arrives now, before the approval commits
        finally:
            connection.close()

    def claim() -> None:
        try:
            approving.wait(timeout=10)
            hours.expense_add(session=march, by=bob, description="Taxi", amount=Decimal(9))
            outcome.append("added")
        except MentorshipError as error:
            outcome.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve), threading.Thread(target=claim)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcome == [hours.MONTH_APPROVED.format(month="March 2025")]
    assert not Expense.objects.exists()
