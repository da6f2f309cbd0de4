"""The dashboard's "Your programmes": each programme the member is in, on which side, and what
it expects next; the page's queries stay bounded however many programmes there are."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import MemberProfile
from mentorship.models import Cohort, Programme, Side
from mentorship.services import programmes as programme_services
from mentorship.services import relationship
from tests import factories


def _section(client: Client) -> str:
    """The "Your programmes" section of the member's dashboard."""
    page = client.get(reverse("mentorship:dashboard")).content.decode()
    return html.unescape(page[page.index('id="programmes-heading"') :])


def _decide(enrolment, *, accept: bool):
    lead = factories.coordinator(email=f"lead{enrolment.pk}@example.org")
    return programme_services.enrolment_decide(enrolment_id=enrolment.pk, by=lead, accept=accept)


@pytest.fixture
def both(db):
    """A member whose profile offers both sides: a mentor in one programme, a mentee in another."""
    return factories.mentor(email="bea@example.org", name="Bea Both", role=MemberProfile.Role.BOTH)


def test_a_mentor_in_one_programme_and_a_mentee_in_another_sees_both(both, client):
    peer = factories.programme(name="Peer managers", sessions_expected=8)
    reverse_ = factories.programme(name="Reverse mentoring", kind=Programme.Kind.REVERSE)
    matching_on = timezone.localdate() + timedelta(days=12)
    Cohort.objects.filter(programme=peer).update(matching_on=matching_on)
    factories.enrol(member=both, programme=peer, side=Side.MENTOR)
    factories.enrol(member=both, programme=reverse_, side=Side.MENTEE, accepted=False)
    client.force_login(both)
    section = _section(client)
    peer_part = section[section.index("Peer managers") : section.index("Reverse mentoring")]
    assert "You are in it as a mentor." in peer_part
    assert f"matching on {matching_on.day} {matching_on:%b %Y}" in peer_part
    assert "The programme expects 8 sessions over the term." in peer_part
    reverse_part = section[section.index("Reverse mentoring") :]
    assert "You are in it as a mentee." in reverse_part
    assert "waiting for a coordinator's decision" in reverse_part


def test_rolling_intake_matches_as_newcomers_arrive(bob, bob_client):
    rolling = factories.programme(name="Rolling peers", intake=Programme.Intake.ROLLING)
    factories.enrol(member=bob, programme=rolling, side=Side.MENTOR)
    assert "matching, as newcomers arrive." in _section(bob_client)


def test_an_accepted_member_who_is_paired_sees_the_pairing_linked(
    alice, bob, bob_client, coordinator
):
    peer = factories.programme(name="Peer managers")
    factories.enrol(member=bob, programme=peer, side=Side.MENTOR)
    pairing = relationship.mentorship_propose(
        mentor=bob, mentee=alice.profile.mentee_profile, origin="manual", by=coordinator,
        cohort=peer.cohorts.get(),
    )  # fmt: skip
    relationship.mentorship_approve(mentorship_id=pairing.pk, by=coordinator)
    section = _section(bob_client)
    link = reverse("mentorship:detail", args=[pairing.pk])
    assert f'<a href="{link}">Paired with Riverside founders</a>' in section
    assert "matching on" not in section


def test_a_declined_application_is_said_kindly(bob, bob_client):
    peer = factories.programme(name="Peer managers")
    _decide(
        factories.enrol(member=bob, programme=peer, side=Side.MENTOR, accepted=False), accept=False
    )
    section = _section(bob_client)
    assert "could not offer you a place this time" in section
    assert "it says nothing about what you bring" in section


def test_a_withdrawn_application_leaves_the_dashboard(bob, bob_client):
    peer = factories.programme(name="Peer managers")
    enrolment = factories.enrol(member=bob, programme=peer, side=Side.MENTOR, accepted=False)
    programme_services.enrolment_withdraw(enrolment_id=enrolment.pk, by=bob)
    assert "Peer managers" not in _section(bob_client)


def test_an_every_member_programme_shows_the_member_by_their_profile_roles(
    pair, bob_client, alice_client
):
    bob_section, alice_section = _section(bob_client), _section(alice_client)
    name = pair.cohort.programme.name
    assert name in bob_section and "You are in it as a mentor." in bob_section
    assert "Every member takes part, as their profile's role says." in bob_section
    assert "Paired with Riverside founders" in bob_section
    assert name in alice_section and "You are in it as a mentee." in alice_section
    assert "Paired with Bob Bevan" in alice_section


def test_each_member_sees_only_their_own_applications_and_no_draft_programme(
    bob, dave, bob_client, dave_client
):
    # The query behind the section is compiled once per process with a stand-in for the
    # member: one member's page after another's must name only their own programmes.
    peer = factories.programme(name="Peer managers")
    reverse_ = factories.programme(name="Reverse mentoring", kind=Programme.Kind.REVERSE)
    factories.enrol(member=bob, programme=peer, side=Side.MENTOR, accepted=False)
    factories.enrol(member=dave, programme=reverse_, side=Side.MENTEE)
    closed_door = factories.programme(name="Closed door")
    factories.enrol(member=bob, programme=closed_door, side=Side.MENTOR, accepted=False)
    Programme.objects.filter(pk=closed_door.pk).update(status=Programme.Status.DRAFT)
    factories.programme(
        name="Everyone, soon",
        status=Programme.Status.DRAFT,
        admission=Programme.Admission.ALL_MEMBERS,
    )

    bob_section, dave_section = _section(bob_client), _section(dave_client)

    assert "Peer managers" in bob_section and "Reverse mentoring" not in bob_section
    assert "Reverse mentoring" in dave_section and "Peer managers" not in dave_section
    for section in (bob_section, dave_section):
        assert "Closed door" not in section and "Everyone, soon" not in section


def test_a_newcomer_is_in_the_every_member_programme_and_pointed_to_the_others(db, client):
    newcomer = factories.mentor(email="nia@example.org", name="Nia New")
    Cohort.default()
    client.force_login(newcomer)
    section = _section(client)
    assert "You are in it as a mentor." in section and "matching, as newcomers arrive." in section
    assert reverse("mentorship:programmes") in section


def _grow(member, n: int) -> None:
    """n programmes, the member a mentor in each: alternately waiting, accepted and declined."""
    for i in range(n):
        programme = factories.programme(name=f"Programme {i}", questions="")
        enrolment = factories.enrol(
            member=member, programme=programme, side=Side.MENTOR, accepted=False
        )
        if i % 3:
            _decide(enrolment, accept=i % 3 == 1)


@pytest.mark.parametrize("n", [2, 12])
def test_the_dashboard_makes_as_many_queries_for_12_programmes_as_for_2(
    n, pair, bob, bob_client, django_assert_max_num_queries
):
    _grow(bob, n)
    with django_assert_max_num_queries(8):
        page = bob_client.get(reverse("mentorship:dashboard")).content.decode()
    assert len(set(re.findall(r"Programme \d+", page))) == n


@pytest.mark.parametrize("n", [2, 12])
def test_the_programmes_page_makes_as_many_queries_for_12_programmes_as_for_2(
    n, pair, bob, bob_client, django_assert_max_num_queries
):
    _grow(bob, n)
    for i in range(n):  # a second, older cohort in each
        Cohort.objects.create(
            programme=Programme.objects.get(name=f"Programme {i}"),
            name="Autumn",
            applications_open_on=date(2020, 1, 1),
        )
    with django_assert_max_num_queries(7):
        page = bob_client.get(reverse("mentorship:programmes")).content.decode()
    assert len(set(re.findall(r"Programme \d+", page))) == n
    assert len(re.findall(r'id="cohort-\d+"', page)) == 2 * n + 1  # and the every-member one
