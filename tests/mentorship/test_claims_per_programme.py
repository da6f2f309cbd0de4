"""Claims per programme: a mentor in two programmes has a claim in each, approved and frozen
apart, by that programme's coordinators; each programme's expenses policy (hourly support, travel
cap); and coordinators' emails going to the pair's programme's coordinators and the leads."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import MemberProfile, OutboundEmail
from mentorship.models import (
    ClaimAdjustment,
    ClaimApproval,
    Expense,
    Mentorship,
    Programme,
    RefusedClaimChange,
)
from mentorship.selectors import hours as hours_selectors
from mentorship.services import feedback as feedback_services
from mentorship.services import hours, relationship, reminders
from mentorship.services.errors import MentorshipError
from tests import factories
from tests.mentorship.hours_factories import at, expense, session

MARCH = date(2025, 3, 1)


@pytest.fixture
def home(pair) -> Programme:
    """The site's first programme, where `pair` (bob mentoring alice's group) runs."""
    return pair.cohort.programme


@pytest.fixture
def peer(db) -> Programme:
    return factories.programme(
        name="Peer managers", hourly_rate=Decimal("20.00"), travel_cap=Decimal("30.00")
    )


@pytest.fixture
def peer_pair(bob, peer, coordinator) -> Mentorship:
    """bob also mentors frank in the peer programme."""
    MemberProfile.objects.filter(user=bob).update(capacity=3)
    frank = factories.mentee(email="frank@example.org", name="Frank Foster")
    return factories.active_pair(
        mentor=bob, mentee=frank, cohort=peer.cohorts.get(), by=coordinator
    )


@pytest.fixture
def peer_coordinator(peer):
    return factories.coordinator(email="peer-coordinator@example.org", programmes=[peer])


@pytest.fixture
def home_coordinator(home):
    return factories.coordinator(email="home-coordinator@example.org", programmes=[home])


def test_a_mentor_in_two_programmes_has_a_claim_in_each_for_the_month(pair, peer_pair, home, peer):
    session(pair, when=at(2025, 3, 3), minutes=60)
    session(peer_pair, when=at(2025, 3, 4), minutes=120)

    claims = hours_selectors.month_claims(MARCH)

    assert [(c.programme, c.hours) for c in claims] == [
        (home, Decimal("1.00")),
        (peer, Decimal("2.00")),
    ]
    assert hours_selectors.month_claims(MARCH, programme_ids=[peer.pk])[0].hours == Decimal("2.00")


def test_approving_one_programmes_claim_freezes_only_that_programmes_part_of_the_month(
    pair, peer_pair, bob, home, peer, coordinator
):
    in_home = session(pair, when=at(2025, 3, 3))
    in_peer = session(peer_pair, when=at(2025, 3, 4))

    approval, created = hours.claim_approve(mentor=bob, month=MARCH, by=coordinator, programme=home)

    assert created and approval.programme == home and approval.hours == Decimal("1.00")
    with pytest.raises(MentorshipError, match="has been approved for payment"):
        hours.expense_add(session=in_home, by=bob, description="Bus", amount=Decimal(3))
    refused = RefusedClaimChange.objects.get()
    assert (refused.programme, refused.change) == (home, RefusedClaimChange.Change.EXPENSE_ADDED)
    # The peer programme's sessions in March are still open: a new log, an expense.
    session(peer_pair, when=at(2025, 3, 20))
    hours.expense_add(session=in_peer, by=bob, description="Bus", amount=Decimal(3))
    assert Expense.objects.get().session == in_peer

    second, created = hours.claim_approve(mentor=bob, month=MARCH, by=coordinator, programme=peer)
    assert created and second.hours == Decimal("2.00") and second.expenses == Decimal("3.00")
    assert ClaimApproval.objects.count() == 2


def test_only_a_coordinator_of_the_programme_approves_its_claims(
    pair, peer_pair, bob, home, peer_coordinator, home_coordinator
):
    session(pair, when=at(2025, 3, 3))
    with pytest.raises(hours.NotYourProgramme):
        hours.claim_approve(mentor=bob, month=MARCH, by=peer_coordinator, programme=home)
    with pytest.raises(hours.NotYourProgramme):
        hours.claim_adjustment_create(
            mentor=bob,
            month=MARCH,
            hours=Decimal(1),
            expenses=Decimal(0),
            reason="Missed",
            by=peer_coordinator,
            programme=home,
        )
    assert not ClaimApproval.objects.exists() and not ClaimAdjustment.objects.exists()

    approval, _created = hours.claim_approve(
        mentor=bob, month=MARCH, by=home_coordinator, programme=home
    )
    assert approval.approved_by == home_coordinator


def test_a_mentor_in_two_programmes_must_have_the_programme_named(
    pair, peer_pair, bob, coordinator
):
    session(pair, when=at(2025, 3, 3))
    with pytest.raises(MentorshipError, match="more than one programme"):
        hours.claim_approve(mentor=bob, month=MARCH, by=coordinator)
    assert not ClaimApproval.objects.exists()


def test_an_existing_approval_belongs_to_the_sites_first_programme(pair, bob, coordinator):
    """What the migration does for approvals made before: they join the one programme."""
    session(pair, when=at(2025, 3, 3))
    approval, _created = hours.claim_approve(mentor=bob, month=MARCH, by=coordinator)
    assert approval.programme == Programme.objects.order_by("pk").first()


# Hours money.


def test_a_claim_shows_its_hours_at_the_programmes_hourly_rate(
    pair, peer_pair, peer, coordinator_client
):
    session(peer_pair, when=at(2025, 3, 4), minutes=90)
    claim = hours_selectors.month_claims(MARCH, programme_ids=[peer.pk])[0]
    assert claim.support == Decimal("30.00")

    page = coordinator_client.get(
        reverse("mentorship:claims"), {"month": "2025-03", "programme": peer.slug}
    ).content.decode()
    assert "30.00" in page and "at £20.00 an hour" in page


def test_a_programme_whose_hours_are_not_claimable_owes_no_hours_money(
    pair, home, coordinator_client
):
    Programme.objects.filter(pk=home.pk).update(hours_claimable=False, hourly_rate=15)
    session(pair, when=at(2025, 3, 4), minutes=60)
    assert hours_selectors.month_claims(MARCH)[0].support is None

    page = coordinator_client.get(reverse("mentorship:claims"), {"month": "2025-03"})
    assert "not paid" in page.content.decode()


def test_the_mentors_hours_page_says_what_each_programme_pays(pair, peer_pair, home, bob_client):
    Programme.objects.filter(pk=home.pk).update(hours_claimable=False)
    page = bob_client.get(reverse("mentorship:hours")).content.decode()
    assert "Hours are not paid in this programme." in page
    assert "paid at £20.00 an hour" in page and "up to £30.00 a month" in page


# The travel cap.


def test_an_expense_over_the_programmes_travel_cap_is_refused_beside_the_amount(
    pair, peer_pair, bob_client
):
    first = session(peer_pair, when=at(2025, 3, 4))
    expense(first, "20.00")
    second = session(peer_pair, when=at(2025, 3, 18))
    url = reverse("mentorship:expense_add", args=[second.pk])

    response = bob_client.post(url, {"description": "Train to Cardiff", "amount": "12.50"})

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["amount"]
    assert "at most £30.00 of travel a month" in form.errors["amount"][0]
    assert "32.50" in form.errors["amount"][0]
    assert 'value="Train to Cardiff"' in response.content.decode()
    assert Expense.objects.count() == 1

    bob_client.post(url, {"description": "Train to Cardiff", "amount": "10.00"})
    assert Expense.objects.count() == 2, "up to the cap is fine"


def test_changing_an_expense_past_the_cap_is_refused_and_nothing_changes(
    pair, peer_pair, bob, bob_client
):
    mine = expense(session(peer_pair, when=at(2025, 3, 4)), "20.00")
    url = reverse("mentorship:expense_edit", args=[mine.pk])

    response = bob_client.post(url, {"description": "Taxi", "amount": "31.00"})

    assert list(response.context["form"].errors) == ["amount"]
    mine.refresh_from_db()
    assert mine.amount == Decimal("20.00")
    # The expense itself does not count twice: raising it to the cap is allowed.
    hours.expense_change(expense=mine, by=bob, description="Taxi", amount=Decimal("30.00"))


def test_the_cap_counts_only_that_programmes_travel_in_that_month(pair, peer_pair, bob):
    expense(session(pair, when=at(2025, 3, 3)), "100.00")  # the home programme has no cap
    expense(session(peer_pair, when=at(2025, 2, 20)), "30.00")  # February
    in_march = session(peer_pair, when=at(2025, 3, 4))
    hours.expense_add(session=in_march, by=bob, description="Bus", amount=Decimal("30.00"))
    with pytest.raises(hours.TravelCapExceeded):
        hours.expense_add(session=in_march, by=bob, description="Bus", amount=Decimal("0.01"))


# Coordinators' emails.


def test_a_concern_goes_to_the_pairs_programme_coordinators_and_the_leads(
    pair, peer_pair, alice, coordinator, home_coordinator, peer_coordinator, deliver
):
    deliver()
    feedback_services.concern_report(mentorship=pair, by=alice, text="We are stuck.")
    to = {
        m.to[0]
        for m in deliver()
        if m.to[0] in {coordinator.email, home_coordinator.email, peer_coordinator.email}
    }
    assert to == {coordinator.email, home_coordinator.email}


def test_the_digest_lists_only_the_recipients_programmes(
    pair, peer_pair, coordinator, peer_coordinator, deliver
):
    OutboundEmail.objects.create(
        key="x", kind="session-log", to="a@example.org", subject="s", body_text="b", status="failed"
    )
    proposed = factories.mentee(email="gina@example.org", name="Gina")
    relationship.mentorship_propose(
        mentor=factories.mentor(email="hal@example.org", name="Hal"),
        mentee=proposed.profile.mentee_profile,
        origin="manual",
    )
    deliver()
    reminders.coordinator_digest(at(2025, 3, 3))
    digests = {m.to[0]: m.body for m in deliver() if "digest" in m.subject.lower()}

    assert "Proposals waiting for approval: 1" in digests[coordinator.email]
    assert "Emails that failed: 1" in digests[coordinator.email]
    peer_digest = digests[peer_coordinator.email]
    assert "Your programmes: Peer managers" in peer_digest
    assert "Proposals waiting for approval: 0" in peer_digest
    assert "Emails that failed" not in peer_digest


def test_the_hours_statement_of_a_mentor_in_two_programmes_is_one_email(
    pair, peer_pair, bob, deliver
):
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    session(pair, when=at(last_month.year, last_month.month, 3), minutes=60)
    session(peer_pair, when=at(last_month.year, last_month.month, 4), minutes=120)
    deliver()
    assert reminders.hours_statements(timezone.localdate()) == 1
    [statement] = [m for m in deliver() if "hours" in m.subject.lower()]
    assert "Total: 3.00 h" in statement.body


def test_the_claims_admin_lists_show_a_coordinator_only_their_programmes_claims(
    pair, peer_pair, bob, home, peer, coordinator, peer_coordinator
):
    session(pair, when=at(2025, 3, 3))
    session(peer_pair, when=at(2025, 3, 4))
    for programme in (home, peer):
        hours.claim_approve(mentor=bob, month=MARCH, by=coordinator, programme=programme)
        hours.claim_adjustment_create(
            mentor=bob, programme=programme, month=date(2025, 4, 1), hours=Decimal(1),
            expenses=Decimal(0), reason=f"Missed in {programme.name}", by=coordinator,
        )  # fmt: skip
    with pytest.raises(MentorshipError):  # refused, and kept as a refused change of home's
        hours.expense_add(session=pair.sessions.get(), by=bob, description="Bus", amount=Decimal(3))
    client = factories.mfa_login(Client(), peer_coordinator)
    for name, model in (
        ("claimapproval", ClaimApproval),
        ("claimadjustment", ClaimAdjustment),
        ("refusedclaimchange", RefusedClaimChange),
    ):
        listing = client.get(reverse(f"admin:mentorship_{name}_changelist"))
        assert listing.status_code == 200, name
        shown = list(listing.context["cl"].result_list)
        assert shown == list(model.objects.filter(programme=peer)), name
        home_row = model.objects.get(programme=home)
        page = client.get(reverse(f"admin:mentorship_{name}_change", args=[home_row.pk]))
        assert page.status_code == 302, f"{name}: another programme's row is 'not found'"
