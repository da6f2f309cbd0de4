"""An approved month is frozen: every path that would change its hours or expenses is refused,
the refusal is shown to coordinators, and a correction is an adjustment in an open month."""

import csv
import datetime
import io
import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from mentorship.models import (
    ActionItem,
    ClaimAdjustment,
    ClaimApproval,
    RefusedClaimChange,
    Session,
)
from mentorship.selectors import hours as hours_selectors
from mentorship.services import hours, sessions
from mentorship.services.errors import MentorshipError
from tests import factories
from tests.mentorship.hours_factories import at, expense, mentee_of, session

MARCH, APRIL = date(2025, 3, 1), date(2025, 4, 1)
FROZEN = hours.MONTH_APPROVED.format(month="March 2025")
Change = RefusedClaimChange.Change


def _log(when: datetime.datetime, minutes: int = 60) -> sessions.SessionLog:
    return sessions.SessionLog(
        starts_at=when, duration_minutes=minutes, format="remote", summary="We met again."
    )


def _refused() -> list[tuple[str, date, str]]:
    return [(r.change, r.month, r.by.email) for r in RefusedClaimChange.objects.order_by("pk")]


def _csv(client, month: date = MARCH) -> list[list[str]]:
    response = client.get(reverse("mentorship:claims_csv", args=[month.year, month.month]))
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def approved_march(pair, bob, coordinator):
    """bob's March: one confirmed hour with £12.50 of expenses, approved; the session."""
    first = session(pair, when=at(2025, 3, 3))
    expense(first, "12.50")
    hours.claim_approve(mentor=bob, month=MARCH, by=coordinator)
    return first


def test_a_new_log_backdated_into_an_approved_month_is_refused_and_recorded(
    pair, bob, approved_march
):
    with pytest.raises(MentorshipError, match="approved for payment"):
        sessions.session_log(mentorship=pair, by=bob, log=_log(at(2025, 3, 20), minutes=600))

    assert Session.objects.count() == 1
    assert _refused() == [(Change.SESSION_LOGGED, MARCH, "bob@example.org")]
    sessions.session_log(mentorship=pair, by=bob, log=_log(at(2025, 4, 2)))
    assert Session.objects.count() == 2, "April is open"


def test_logging_a_scheduled_session_of_an_approved_month_is_refused_through_the_page(
    pair, bob, bob_client, alice, approved_march
):
    scheduled = Session.objects.create(
        mentorship=pair,
        starts_at=at(2025, 3, 25),
        duration_minutes=60,
        format="remote",
        created_by=alice,
    )
    url = reverse("mentorship:session_log", args=[pair.pk, scheduled.pk])

    response = bob_client.post(
        url,
        {
            "starts_at": "2025-03-25T10:00",
            "duration_minutes": "120",
            "format": "remote",
            "summary": "Late log.",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-description": "Follow up",
            "items-0-owner": "mentee",
        },
    )

    assert response.status_code == 200
    assert FROZEN in response.content.decode().replace("&#x27;", "'")
    scheduled.refresh_from_db()
    assert scheduled.status == Session.Status.SCHEDULED
    assert not ActionItem.objects.exists()
    assert _refused() == [(Change.SESSION_LOGGED, MARCH, "bob@example.org")]


@pytest.mark.parametrize(
    ("logged_in", "moved_to"),
    [
        ((2025, 3, 10), (2025, 3, 10)),
        ((2025, 4, 10), (2025, 3, 10)),
        ((2025, 3, 10), (2025, 4, 10)),
    ],
    ids=["longer-in-march", "moved-into-march", "moved-out-of-march"],
)
def test_editing_a_log_in_or_into_or_out_of_an_approved_month_is_refused(
    pair, bob, coordinator, logged_in, moved_to
):
    logged = session(pair, when=at(*logged_in), status=Session.Status.LOGGED)
    session(pair, when=at(2025, 3, 3))
    hours.claim_approve(mentor=bob, month=MARCH, by=coordinator)

    with pytest.raises(MentorshipError, match="approved for payment"):
        sessions.session_log_edit(session=logged, by=bob, log=_log(at(*moved_to), minutes=300))

    logged.refresh_from_db()
    assert (logged.starts_at, logged.duration_minutes) == (at(*logged_in), 60)
    assert _refused() == [(Change.LOG_EDITED, MARCH, "bob@example.org")]


def test_a_mentee_cannot_confirm_or_undo_a_confirmation_in_an_approved_month(
    pair, bob, alice, coordinator
):
    confirmed = session(pair, when=at(2025, 3, 3))
    waiting = session(pair, when=at(2025, 3, 10), status=Session.Status.LOGGED)
    hours.claim_approve(mentor=bob, month=MARCH, by=coordinator)

    with pytest.raises(MentorshipError, match="approved for payment"):
        sessions.session_confirm(session=waiting, by=alice)
    with pytest.raises(MentorshipError, match="approved for payment"):
        sessions.session_confirm(session=confirmed, by=alice, happened=False, note="No")

    assert sessions.session_confirm(session=confirmed, by=alice).status == "confirmed"
    sessions.session_confirm(session=waiting, by=alice, happened=False, note="We did not meet")
    statuses = dict(Session.objects.values_list("pk", "status"))
    assert statuses == {confirmed.pk: "confirmed", waiting.pk: "disputed"}, (
        "confirming again changes nothing; disputing an unpaid log moves no hours"
    )
    assert _refused() == [
        (Change.SESSION_CONFIRMED, MARCH, "alice@example.org"),
        (Change.SESSION_DISPUTED, MARCH, "alice@example.org"),
    ]


def test_the_confirm_button_in_an_approved_month_says_why_it_was_refused(
    pair, bob, alice_client, coordinator
):
    session(pair, when=at(2025, 3, 3))
    waiting = session(pair, when=at(2025, 3, 10), status=Session.Status.LOGGED)
    hours.claim_approve(mentor=bob, month=MARCH, by=coordinator)

    response = alice_client.post(
        reverse("mentorship:session_confirm", args=[waiting.pk]), {"happened": "yes"}, follow=True
    )

    assert FROZEN in [str(m) for m in response.context["messages"]]
    waiting.refresh_from_db()
    assert waiting.status == Session.Status.LOGGED


def test_refused_expense_changes_are_recorded(pair, bob, approved_march):
    claimed = approved_march.expenses.get()
    for change in (
        lambda: hours.expense_add(session=approved_march, by=bob, description="x", amount=1),
        lambda: hours.expense_change(expense=claimed, by=bob, description="x", amount=1),
        lambda: hours.expense_delete(expense=claimed, by=bob),
    ):
        with pytest.raises(MentorshipError):
            change()

    assert [r[0] for r in _refused()] == [
        Change.EXPENSE_ADDED,
        Change.EXPENSE_CHANGED,
        Change.EXPENSE_DELETED,
    ]


def test_the_claims_csv_and_page_show_the_approved_figures_not_live_totals(
    pair, bob, approved_march, coordinator_client
):
    # Rows changed behind the services' back (as before the freeze held) do not reach the claim.
    Session.objects.filter(pk=approved_march.pk).update(duration_minutes=600)
    Session.objects.create(
        mentorship=pair,
        starts_at=at(2025, 3, 9),
        duration_minutes=90,
        format="remote",
        status=Session.Status.CONFIRMED,
    )

    rows = _csv(coordinator_client)
    approved_on = ClaimApproval.objects.get().approved_at.date().isoformat()
    assert rows[1:] == [
        [
            "Bob Bevan",
            "bob@example.org",
            f"#{pair.pk} Riverside founders",
            "1",
            "1.00",
            "12.50",
            approved_on,
        ],
    ]
    page = coordinator_client.get(reverse("mentorship:claims"), {"month": "2025-03"})
    [claim] = page.context["claims"]
    assert (claim.sessions, claim.hours, claim.expenses) == (1, Decimal("1.00"), Decimal("12.50"))
    assert "11.50" not in page.content.decode() and "10.00" not in page.content.decode()


def test_the_claims_page_lists_the_changes_refused_after_approval(
    pair, bob, alice, approved_march, coordinator_client
):
    with pytest.raises(MentorshipError):
        sessions.session_log(mentorship=pair, by=bob, log=_log(at(2025, 3, 20)))
    with pytest.raises(MentorshipError):
        sessions.session_confirm(session=approved_march, by=alice, happened=False, note="x")

    page = coordinator_client.get(reverse("mentorship:claims"), {"month": "2025-03"})

    text = page.content.decode()
    assert "2 changes refused after approval:" in text
    assert "a session logged by Bob Bevan" in text
    assert "a confirmed session disputed by Alice Ahmed" in text
    assert (
        coordinator_client.get(reverse("mentorship:claims"), {"month": "2025-04"}).context["claims"]
        == []
    ), "April has nothing refused"


def test_a_correction_is_an_adjustment_in_an_open_month_shown_as_its_own_line(
    pair, bob, coordinator, approved_march, coordinator_client
):
    session(pair, when=at(2025, 4, 7), minutes=30)
    with pytest.raises(MentorshipError, match="approved for payment"):
        hours.claim_adjustment_create(
            mentor=bob,
            month=MARCH,
            hours=Decimal("1.5"),
            expenses=Decimal(0),
            reason="Missed session on 20 March",
            by=coordinator,
        )
    hours.claim_adjustment_create(
        mentor=bob,
        month=APRIL,
        hours=Decimal("1.5"),
        expenses=Decimal("4.20"),
        reason="Missed session on 20 March",
        by=coordinator,
    )

    page = coordinator_client.get(reverse("mentorship:claims"), {"month": "2025-04"})
    [claim] = page.context["claims"]
    assert (claim.hours, claim.expenses) == (Decimal("2.00"), Decimal("4.20"))
    assert "Adjustment: 1.50 h, £4.20 (Missed session on 20 March)" in page.content.decode()
    assert _csv(coordinator_client, APRIL)[1:] == [
        ["Bob Bevan", "bob@example.org", f"#{pair.pk} Riverside founders", "1", "0.50", "0.00", ""],
        [
            "Bob Bevan",
            "bob@example.org",
            "Adjustment: Missed session on 20 March",
            "",
            "1.50",
            "4.20",
            "",
        ],
    ]

    approval, _created = hours.claim_approve(mentor=bob, month=APRIL, by=coordinator)
    assert (approval.hours, approval.expenses) == (Decimal("2.00"), Decimal("4.20"))
    with pytest.raises(MentorshipError, match="approved for payment"):
        hours.claim_adjustment_create(
            mentor=bob,
            month=APRIL,
            hours=Decimal(-1),
            expenses=Decimal(0),
            reason="x",
            by=coordinator,
        )
    assert ClaimAdjustment.objects.count() == 1
    assert [r[0] for r in _refused()] == [Change.ADJUSTMENT_ADDED, Change.ADJUSTMENT_ADDED]


def test_an_adjustment_with_nothing_or_without_a_reason_is_refused(bob, coordinator):
    with pytest.raises(MentorshipError, match="changes the hours, the expenses or both"):
        hours.claim_adjustment_create(
            mentor=bob,
            month=APRIL,
            hours=Decimal(0),
            expenses=Decimal(0),
            reason="x",
            by=coordinator,
        )
    with pytest.raises(MentorshipError, match="Say why"):
        hours.claim_adjustment_create(
            mentor=bob,
            month=APRIL,
            hours=Decimal(1),
            expenses=Decimal(0),
            reason=" ",
            by=coordinator,
        )


def test_a_coordinator_adds_an_adjustment_in_the_admin_but_not_to_an_approved_month(
    pair, bob, coordinator, approved_march, coordinator_client
):
    url = reverse("admin:mentorship_claimadjustment_add")
    data = {"mentor": bob.pk, "hours": "0", "expenses": "6.00", "reason": "Bus fare on 3 March"}

    response = coordinator_client.post(url, {**data, "month": "2025-03-01"})
    assert response.status_code == 200
    assert "approved for payment" in response.content.decode()
    assert not ClaimAdjustment.objects.exists()

    response = coordinator_client.post(url, {**data, "month": "2025-04-15"})
    assert response.status_code == 302
    made = ClaimAdjustment.objects.get()
    assert (made.mentor, made.month, made.expenses, made.made_by) == (
        bob,
        APRIL,
        Decimal("6.00"),
        coordinator,
    )
    change = reverse("admin:mentorship_claimadjustment_change", args=[made.pk])
    assert 'name="expenses"' not in coordinator_client.get(change).content.decode()
    delete = reverse("admin:mentorship_claimadjustment_delete", args=[made.pk])
    assert coordinator_client.post(delete, {"post": "yes"}).status_code == 403


def test_sessions_and_expenses_cannot_be_changed_or_deleted_in_the_admin(
    approved_march, coordinator_client
):
    claimed = approved_march.expenses.get()
    for model, pk in (("session", approved_march.pk), ("expense", claimed.pk)):
        delete = reverse(f"admin:mentorship_{model}_delete", args=[pk])
        assert coordinator_client.post(delete, {"post": "yes"}).status_code == 403
        change = reverse(f"admin:mentorship_{model}_change", args=[pk])
        coordinator_client.post(change, {"duration_minutes": "600", "amount": "99"})
    approved_march.refresh_from_db()
    claimed.refresh_from_db()
    assert (approved_march.duration_minutes, claimed.amount) == (60, Decimal("12.50"))


def test_a_month_that_has_not_ended_cannot_be_approved(pair, bob, coordinator, coordinator_client):
    now = timezone.localtime(timezone.now(), hours_selectors.programme_timezone())
    session(pair, when=now - datetime.timedelta(minutes=90))
    this_month = hours_selectors.month_of(now)

    with pytest.raises(MentorshipError, match="has not ended yet"):
        hours.claim_approve(mentor=bob, month=this_month, by=coordinator)
    page = coordinator_client.get(reverse("mentorship:claims"), {"month": f"{this_month:%Y-%m}"})
    assert "Approve for payment" not in page.content.decode()
    assert "Can be approved once the month has ended" in page.content.decode()
    url = reverse("mentorship:claim_approve", args=[this_month.year, this_month.month, bob.pk])
    coordinator_client.post(url)
    assert not ClaimApproval.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_confirmation_sent_while_its_month_is_being_approved_waits_and_is_refused(postgres):
    bob = factories.mentor(email="bob@example.org", name="Bob Bevan")
    alice = factories.mentee(email="alice@example.org", name="Alice Ahmed")
    coordinator = factories.coordinator(email="coordinator@example.org")
    pair = factories.mentorship(mentor=bob, mentee=alice, by=coordinator)
    session(pair, when=at(2025, 3, 3))
    waiting = session(pair, when=at(2025, 3, 10), status=Session.Status.LOGGED)
    approving = threading.Event()
    outcome: list[str] = []

    def approve() -> None:
        try:
            with transaction.atomic():
                hours.claim_approve(mentor=bob, month=MARCH, by=coordinator)
                approving.set()
                time.sleep(0.5)  # the confirmation arrives now, before the approval commits
        finally:
            connection.close()

    def confirm() -> None:
        try:
            approving.wait(timeout=10)
            sessions.session_confirm(session=waiting, by=mentee_of(pair))
            outcome.append("confirmed")
        except MentorshipError as error:
            outcome.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve), threading.Thread(target=confirm)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcome == [FROZEN]
    waiting.refresh_from_db()
    assert waiting.status == Session.Status.LOGGED
    assert ClaimApproval.objects.get().hours == Decimal("1.00")
