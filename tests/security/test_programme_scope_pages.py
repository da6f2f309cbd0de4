"""A coordinator of one programme on the programme pages, exports and claims of another.

The cast: the site's first programme ("home") runs bob mentoring alice's group; the peer
programme runs hal mentoring gina. peggy coordinates the peer programme only; the lead
coordinator (the `coordinator` fixture) runs every programme. Every page, CSV and claim URL of
the home programme, asked for by peggy, answers 404 and changes nothing; without a programme named, her pages show the peer programme's
rows and none of home's.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from mentorship.models import ClaimAdjustment, ClaimApproval, Cohort, Mentorship, Programme
from tests import factories
from tests.mentorship.hours_factories import at, expense, session
from tests.security.test_permission_matrix import snapshot

MARCH = date(2025, 3, 1)
HOME_MARKER = "Riverside founders"  # alice's group, bob's mentee in the home programme
PEER_MARKER = "Gina Green"


@pytest.fixture
def home(pair) -> Programme:
    return pair.cohort.programme


@pytest.fixture
def peer(db) -> Programme:
    return factories.programme(name="Peer managers", hourly_rate=Decimal("20.00"))


@pytest.fixture
def peer_pair(peer, coordinator) -> Mentorship:
    hal = factories.mentor(email="hal@example.org", name="Hal Hughes")
    gina = factories.mentee(email="gina@example.org", name=PEER_MARKER)
    return factories.active_pair(
        mentor=hal, mentee=gina, cohort=Cohort.objects.get(programme=peer), by=coordinator
    )


@pytest.fixture
def peggy(peer):
    return factories.coordinator(email="peggy@example.org", programmes=[peer])


@pytest.fixture
def peggy_client(peggy):
    from django.test import Client

    return factories.mfa_login(Client(), peggy)


@pytest.fixture
def march_claims(pair, peer_pair):
    """A confirmed session with an expense in March in each programme."""
    expense(session(pair, when=at(2025, 3, 3)), "4.00")
    expense(session(peer_pair, when=at(2025, 3, 4)), "6.00")


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode()


PAGES = [
    ("mentorship:programme", []),
    ("mentorship:programme_csv", []),
    ("mentorship:claims", []),
    ("mentorship:claims_csv", [2025, 3]),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_a_coordinator_of_another_programme_gets_404_for_each_page_of_this_one(
    march_claims, home, peggy_client, name, args
):
    before = snapshot()
    response = peggy_client.get(
        reverse(name, args=args), {"programme": home.slug, "month": "2025-03"}
    )
    assert response.status_code == 404
    assert HOME_MARKER not in _body(response)
    assert snapshot() == before


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_a_coordinator_sees_only_their_programmes_rows_on_each_page(
    march_claims, peggy_client, coordinator_client, name, args
):
    url = reverse(name, args=args)
    mine = _body(peggy_client.get(url, {"month": "2025-03"}))
    assert HOME_MARKER not in mine
    everyone = _body(coordinator_client.get(url, {"month": "2025-03"}))
    assert HOME_MARKER in everyone, "the lead sees both programmes: the marker is on the page"
    if name != "mentorship:programme_csv":  # the figures CSV names pairs only when quiet
        assert PEER_MARKER in mine and PEER_MARKER in everyone


def test_a_coordinator_of_another_programme_cannot_approve_this_ones_claim(
    march_claims, bob, home, peggy_client
):
    url = reverse("mentorship:claim_approve", args=[2025, 3, bob.pk])
    before = snapshot()

    assert peggy_client.post(url, {"programme": home.slug}).status_code == 404
    # Naming none, her one programme is meant, where bob has nothing to approve: sent back.
    assert peggy_client.post(url).status_code == 302
    assert snapshot() == before
    assert not ClaimApproval.objects.exists()


def test_a_coordinator_approves_their_own_programmes_claim(
    march_claims, peer, peer_pair, peggy_client
):
    url = reverse("mentorship:claim_approve", args=[2025, 3, peer_pair.mentor_id])
    response = peggy_client.post(url, {"programme": peer.slug})
    assert response.status_code == 302
    approval = ClaimApproval.objects.get()
    assert (approval.programme, approval.expenses) == (peer, Decimal("6.00"))


def test_a_coordinator_of_another_programme_cannot_adjust_this_ones_claim_in_the_admin(
    march_claims, bob, home, peggy_client
):
    url = reverse("admin:mentorship_claimadjustment_add")
    data = {
        "mentor": bob.pk,
        "programme": home.pk,
        "month": "2025-04-01",
        "hours": "1",
        "expenses": "0",
        "reason": "Missed session",
    }
    before = snapshot()
    response = peggy_client.post(url, data)
    assert response.status_code in (200, 403)
    assert snapshot() == before
    assert not ClaimAdjustment.objects.exists()


def test_a_lead_chooses_one_programme_or_all_of_them(march_claims, home, peer, coordinator_client):
    page = _body(coordinator_client.get(reverse("mentorship:claims"), {"month": "2025-03"}))
    assert "All programmes" in page and f'value="{peer.slug}"' in page
    assert '<option value="" selected>All programmes</option>' in page

    only_peer = _body(
        coordinator_client.get(
            reverse("mentorship:claims"), {"month": "2025-03", "programme": peer.slug}
        )
    )
    assert PEER_MARKER in only_peer and HOME_MARKER not in only_peer
    assert f'<option value="{peer.slug}" selected>{peer.name}</option>' in only_peer
    assert f'<option value="{home.slug}">{home.name}</option>' in only_peer


def test_a_coordinator_of_two_programmes_chooses_between_those_two_only(march_claims, home, peer):
    from django.test import Client

    third = factories.programme(name="Reverse mentoring")
    two = factories.coordinator(email="two@example.org", programmes=[peer, third])
    page = _body(factories.mfa_login(Client(), two).get(reverse("mentorship:programme")))
    options = re.findall(r'<option value="([^"]*)"', page[page.index('id="programme-picker"') :])
    assert options == ["", peer.slug, third.slug]
    assert "All your programmes" in page


def test_a_coordinator_of_one_programme_is_offered_no_chooser(march_claims, peer, peggy_client):
    page = _body(peggy_client.get(reverse("mentorship:programme")))
    assert 'id="programme-chooser"' not in page
    assert peer.name in page


def test_an_approval_naming_no_programme_is_refused_when_the_mentors_is_not_theirs(
    march_claims, bob, peer
):
    from django.test import Client

    third = factories.programme(name="Reverse mentoring")
    two = factories.coordinator(email="two@example.org", programmes=[peer, third])
    client = factories.mfa_login(Client(), two)
    before = snapshot()
    url = reverse("mentorship:claim_approve", args=[2025, 3, bob.pk])
    assert client.post(url).status_code == 403
    assert snapshot() == before


# Query budgets of the scoped pages, at two data sizes.


def test_the_scoped_pages_make_the_same_number_of_queries_for_a_small_and_a_large_programme(
    march_claims, peer, peer_pair, coordinator, peggy_client, django_assert_max_num_queries
):
    from django.core.cache import cache

    urls = [
        reverse("mentorship:programme"),
        reverse("mentorship:programme_csv"),
        reverse("mentorship:claims") + "?month=2025-03",
        reverse("mentorship:claims_csv", args=[2025, 3]),
    ]

    def visit() -> None:
        cache.clear()  # the figures are worked out again, not read from the cache
        for url in urls:
            assert peggy_client.get(url).status_code == 200

    # 40 for the four (37 measured): each reads the session, user, permissions and authenticator, her
    # programmes, then its figures or claims; the claims CSV also writes its audit entry.
    with django_assert_max_num_queries(40) as small:
        visit()
    for n in range(12):
        mentor = factories.mentor(email=f"m{n}@example.org", name=f"Mentor {n}")
        mentee = factories.mentee(email=f"e{n}@example.org", name=f"Mentee {n}")
        made = factories.active_pair(
            mentor=mentor, mentee=mentee, cohort=Cohort.objects.get(programme=peer), by=coordinator
        )
        assert made.status == "active", made.status
        for day in (5, 6):
            expense(session(made, when=at(2025, 3, day)), "1.00")
    with django_assert_max_num_queries(len(small.captured_queries)):
        visit()
