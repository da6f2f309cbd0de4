"""Matching for coordinators of some programmes only: the run start page's cohort picker, the
services refusing another programme's cohort and pairings, and the admin's lists, pages,
actions and searches showing only the coordinator's own programmes' rows and members."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from matching import services
from matching.models import MatchPolicy, MatchRun, Proposal
from mentorship.models import Cohort, Mentorship, Programme
from tests import factories

Status = Mentorship.Status


@dataclass
class World:
    peer: Programme  # run by `mine`
    start_up: Programme  # run by someone else
    mine: User
    client: Client  # mine, signed in to the admin
    ours: Proposal  # bob mentoring alice's group, in the peer programme
    theirs: Proposal  # erin mentoring dave, in the start-up programme
    erin: User


def _cohort(programme: Programme) -> Cohort:
    return programme.cohorts.get()


def _run(by: User, programme: Programme) -> MatchRun:
    return services.match_run_execute(
        services.match_run_create(by=by, cohort=_cohort(programme)).pk
    )


@pytest.fixture
def world(alice, bob, dave, coordinator) -> World:
    peer = factories.programme(name="Peer managers")
    start_up = factories.programme(name="Start-up groups")
    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    factories.enrol(member=bob, programme=peer, side="mentor")
    factories.enrol(member=alice, programme=peer, side="mentee")
    factories.enrol(member=erin, programme=start_up, side="mentor")
    factories.enrol(member=dave, programme=start_up, side="mentee")
    ours = _run(coordinator, peer).proposals.get()
    theirs = _run(coordinator, start_up).proposals.get()
    mine = factories.coordinator(email="peer@example.org", programmes=[peer])
    client = factories.mfa_login(Client(), mine)
    return World(peer, start_up, mine, client, ours, theirs, erin)


def _status(proposal: Proposal) -> str:
    return Mentorship.objects.get(pk=proposal.mentorship_id).status


# Starting a run: a cohort of one's own programmes, picked on the page.


def _choices(client: Client) -> list[str]:
    form = client.get(reverse("admin:matching_matchrun_start")).context["form"]
    return [label for _value, label in form.fields["cohort"].choices]


def test_the_run_start_page_offers_only_open_cohorts_of_the_coordinators_live_programmes(world):
    Cohort.objects.create(programme=world.peer, name="Autumn", closed_at=timezone.now())
    draft = factories.programme(name="Reverse mentoring", status=Programme.Status.DRAFT)
    closed = factories.programme(name="Old programme", status=Programme.Status.CLOSED)
    world.mine.coordinated_programmes.add(draft, closed)
    assert _choices(world.client) == ["Peer managers · Spring"]


def test_a_lead_picks_among_every_programmes_cohorts(world, coordinator_client):
    choices = _choices(coordinator_client)
    assert {"Peer managers · Spring", "Start-up groups · Spring"} <= set(choices)


def test_the_only_cohort_on_offer_is_ticked_already(world):
    page = world.client.get(reverse("admin:matching_matchrun_start"))
    assert page.context["form"]["cohort"].initial == _cohort(world.peer).pk
    assert "checked" in page.content.decode()


def test_two_cohorts_on_offer_leave_the_choice_to_the_coordinator(world):
    Cohort.objects.create(programme=world.peer, name="Autumn")
    page = world.client.get(reverse("admin:matching_matchrun_start"))
    assert page.context["form"]["cohort"].initial is None


def test_a_coordinator_runs_matching_for_the_cohort_they_picked(world):
    response = world.client.post(
        reverse("admin:matching_matchrun_start"), {"cohort": _cohort(world.peer).pk}
    )
    run = MatchRun.objects.latest("pk")
    assert response.url == reverse("admin:matching_matchrun_change", args=[run.pk])
    assert (run.cohort, run.started_by) == (_cohort(world.peer), world.mine)


def test_posting_another_programmes_cohort_starts_nothing_and_says_why(world):
    before = MatchRun.objects.count()
    response = world.client.post(
        reverse("admin:matching_matchrun_start"), {"cohort": _cohort(world.start_up).pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["cohort"]
    assert MatchRun.objects.count() == before


def test_a_coordinator_with_nothing_to_match_is_told_so(db):
    nobody = factories.coordinator(email="idle@example.org", programmes=[])
    page = factories.mfa_login(Client(), nobody).get(reverse("admin:matching_matchrun_start"))
    assert "No cohort of the programmes you coordinate can be matched now" in page.text


def test_the_service_refuses_a_run_for_a_cohort_of_another_programme(world):
    with pytest.raises(services.MatchingError, match="You do not coordinate this cohort"):
        services.match_run_create(by=world.mine, cohort=_cohort(world.start_up))
    with pytest.raises(services.MatchingError, match="You do not coordinate this cohort"):
        services.match_run_create(by=world.mine)  # the site's default cohort is not theirs


@pytest.mark.parametrize("status", [Programme.Status.DRAFT, Programme.Status.CLOSED])
def test_the_service_refuses_a_run_for_a_draft_or_closed_programme(world, coordinator, status):
    Programme.objects.filter(pk=world.peer.pk).update(status=status)
    with pytest.raises(services.MatchingError, match="cannot be matched"):
        services.match_run_create(by=coordinator, cohort=_cohort(world.peer))


def test_the_service_refuses_a_run_for_a_closed_cohort(world, coordinator):
    Cohort.objects.filter(programme=world.peer).update(closed_at=timezone.now())
    with pytest.raises(services.MatchingError, match="cannot be matched"):
        services.match_run_create(by=coordinator, cohort=_cohort(world.peer))


# Deciding on pairings: the service asks whose programme it is, whatever the path.


def test_the_service_refuses_to_approve_another_programmes_pairing(world):
    with pytest.raises(services.MatchingError, match="You do not coordinate this pairing"):
        services.proposal_approve(mentorship_id=world.theirs.mentorship_id, by=world.mine)
    decision = services.proposals_approve(
        mentorship_ids=[world.ours.mentorship_id, world.theirs.mentorship_id], by=world.mine
    )
    assert [m.pk for m in decision.approved] == [world.ours.mentorship_id]
    [(refused, reason)] = decision.refused
    assert refused.pk == world.theirs.mentorship_id
    assert reason == str(services.NOT_YOUR_PROGRAMME)
    assert _status(world.theirs) == Status.PROPOSED


def test_the_service_refuses_to_reject_another_programmes_pairing(world):
    with pytest.raises(services.MatchingError, match="You do not coordinate this pairing"):
        services.proposal_reject(
            mentorship_id=world.theirs.mentorship_id, by=world.mine, reason="Not for me"
        )
    assert _status(world.theirs) == Status.PROPOSED


def test_a_lead_approves_any_programmes_pairing(world, coordinator):
    services.proposal_approve(mentorship_id=world.theirs.mentorship_id, by=coordinator)
    assert _status(world.theirs) == Status.APPROVED


# The admin: lists, pages, actions and searches.


def test_the_proposal_and_run_lists_show_only_the_coordinators_programme(world):
    proposals = world.client.get(reverse("admin:matching_proposal_changelist")).text
    assert "Riverside founders" in proposals and "Dave Dunn" not in proposals
    runs = world.client.get(reverse("admin:matching_matchrun_changelist"))
    assert [run.cohort.programme for run in runs.context["cl"].result_list] == [world.peer]
    # The run filter offers the coordinator's runs only.
    other_run = f"Matching run {world.theirs.run_id} "
    assert other_run not in proposals
    assert f"Matching run {world.ours.run_id} " in proposals


def test_a_lead_lists_every_programmes_proposals(world, coordinator_client):
    proposals = coordinator_client.get(reverse("admin:matching_proposal_changelist")).text
    assert "Riverside founders" in proposals and "Dave Dunn" in proposals


def test_another_programmes_proposal_and_run_are_not_found_by_their_address(world):
    for url in (
        reverse("admin:matching_proposal_change", args=[world.theirs.pk]),
        reverse("admin:matching_matchrun_change", args=[world.theirs.run_id]),
    ):
        response = world.client.get(url)
        assert response.status_code == 302 and response.url == reverse("admin:index"), url
    approve = reverse("admin:matching_proposal_approve", args=[world.theirs.pk])
    assert world.client.post(approve).status_code == 404
    assert _status(world.theirs) == Status.PROPOSED


def test_the_bulk_actions_pass_over_another_programmes_proposals(world):
    changelist = reverse("admin:matching_proposal_changelist")
    for action in ("approve_selected", "reject_selected"):
        world.client.post(
            changelist,
            {"action": action, "_selected_action": [world.theirs.pk], "reason": "No"},
        )
    assert _status(world.theirs) == Status.PROPOSED


def _search(client: Client, field_name: str, term: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "mentorship",
            "model_name": "mentorship",
            "field_name": field_name,
            "term": term,
        },
    )
    return [result["text"] for result in response.json()["results"]]


def test_the_pairing_search_finds_only_the_coordinators_members(world):
    assert _search(world.client, "mentor", "") == ["Bob Bevan"]
    assert _search(world.client, "mentee", "") == ["Riverside founders"]


def test_the_pairing_form_refuses_another_programmes_members(world, dave):
    response = world.client.post(
        reverse("admin:matching_proposal_pair"),
        {"mentor": world.erin.pk, "mentee": dave.profile.mentee_profile_id, "confirm": "on"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"mentor", "mentee"}
    assert Mentorship.objects.count() == 2


def test_a_programme_coordinator_pairs_by_hand_into_their_own_cohort(world):
    gwen = factories.mentor(email="gwen@example.org", name="Gwen Price")
    nia = factories.mentee(email="nia@example.org", name="Nia Hughes")
    for member, side in ((gwen, "mentor"), (nia, "mentee")):
        factories.enrol(member=member, programme=world.peer, side=side)
    pair_page = reverse("admin:matching_proposal_pair")
    form = world.client.get(pair_page).context["form"]
    assert list(form.fields["cohort"].queryset) == [_cohort(world.peer)], "only their cohorts"
    assert form.fields["cohort"].initial == _cohort(world.peer).pk

    choice = {"mentor": gwen.pk, "mentee": nia.profile.mentee_profile_id, "confirm": "on"}
    refused = world.client.post(pair_page, {**choice, "cohort": _cohort(world.start_up).pk})
    assert refused.status_code == 200 and "cohort" in refused.context["form"].errors
    assert not Mentorship.objects.filter(mentor=gwen).exists()

    made = world.client.post(pair_page, {**choice, "cohort": _cohort(world.peer).pk})
    assert made.status_code == 302
    pair = Mentorship.objects.get(mentor=gwen)
    assert pair.cohort == _cohort(world.peer) and pair.status == Status.APPROVED


def test_pairing_by_hand_in_another_programmes_cohort_is_refused_in_the_service(world, dave):
    with pytest.raises(services.MatchingError, match="do not coordinate"):
        services.pairing_create_by_hand(
            mentor=world.erin,
            mentee=dave.profile.mentee_profile,
            by=world.mine,
            cohort=_cohort(world.start_up),
        )
    assert Mentorship.objects.count() == 2


# Members: those of the coordinator's programmes.


def _members(client: Client) -> set[str]:
    response = client.get(reverse("admin:accounts_user_changelist"))
    return {user.email for user in response.context["cl"].result_list}


def test_a_coordinator_sees_the_members_of_their_programmes_only(world, carol):
    seen = _members(world.client)
    # bob and alice applied; carol is in alice's group; the coordinator sees themselves.
    assert {"bob@example.org", "alice@example.org", "carol@example.org"} <= seen
    assert seen.isdisjoint({"dave@example.org", "erin@example.org"})
    erin_page = reverse("admin:accounts_user_change", args=[world.erin.pk])
    assert world.client.get(erin_page).url == reverse("admin:index")
    profiles = world.client.get(reverse("admin:accounts_menteeprofile_changelist")).text
    assert "Riverside founders" in profiles and "Dave Dunn" not in profiles


def test_a_member_paired_in_the_programme_is_in_it_without_an_application(world):
    gwen = factories.mentor(email="gwen@example.org", name="Gwen Price")
    hana = factories.mentee(email="hana@example.org", name="Hana Hughes")
    services.mentorship_relationship.mentorship_propose(
        mentor=gwen,
        mentee=hana.profile.mentee_profile,
        origin=Mentorship.Origin.MANUAL,
        cohort=_cohort(world.peer),
    )
    assert {"gwen@example.org", "hana@example.org"} <= _members(world.client)


def test_a_coordinator_of_a_programme_for_every_member_sees_every_member(world):
    world.mine.coordinated_programmes.add(Cohort.default().programme)
    assert {"dave@example.org", "erin@example.org"} <= _members(world.client)


def test_a_lead_sees_every_member(world, coordinator_client):
    seen = _members(coordinator_client)
    assert {"alice@example.org", "dave@example.org", "erin@example.org"} <= seen


# A programme's own matching policy: its runs use it, and only its coordinators tune it.


def _policy(name: str, programme: Programme | None, **weights) -> MatchPolicy:
    return MatchPolicy.objects.create(name=name, programme=programme, **weights)


def test_a_cohort_runs_with_its_programmes_own_policy_and_others_with_the_sites(world):
    _policy("Peer policy", world.peer, min_score=0.05, weight_sector=0.3)
    peer_run = services.match_run_create(by=world.mine, cohort=_cohort(world.peer))
    assert peer_run.policy.name == "Peer policy"
    assert peer_run.policy_used["min_score"] == 0.05 and peer_run.policy_used["sector"] == 0.3
    lead = User.objects.get(email="coordinator@example.org")
    start_up_run = services.match_run_create(by=lead, cohort=_cohort(world.start_up))
    assert start_up_run.policy == MatchPolicy.objects.get(is_default=True)


def test_the_sites_default_policy_belongs_to_no_programme(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchPolicy.objects.filter(is_default=True).update(programme=world.peer)


def test_a_programme_coordinator_sees_and_tunes_only_their_programmes_policies(world):
    ours = _policy("Peer policy", world.peer)
    theirs = _policy("Start-up policy", world.start_up)
    listing = world.client.get(reverse("admin:matching_matchpolicy_changelist"))
    assert listing.status_code == 200
    shown = {policy.name for policy in listing.context["cl"].result_list}
    assert shown == {"Peer policy"}, "not the site's policies, not another programme's"

    page = world.client.get(reverse("admin:matching_matchpolicy_change", args=[theirs.pk]))
    assert page.status_code == 302, "another programme's policy is 'not found' in the admin"
    chooser = world.client.get(reverse("admin:matching_matchpolicy_change", args=[ours.pk]))
    assert list(chooser.context["adminform"].form.fields["programme"].queryset) == [world.peer]

    fields = {
        "name": "Start-up by the back door",
        "min_score": "0.2",
        "is_default": "on",
        **{f"weight_{w}": "0.1" for w in ("skills", "goals", "experience", "region")},
        **{f"weight_{w}": "0.1" for w in ("availability", "sector")},
        "same_category_credit": "0.5",
    }
    add = reverse("admin:matching_matchpolicy_add")
    refused = world.client.post(add, {**fields, "programme": str(world.start_up.pk)})
    assert refused.status_code == 200 and refused.context["adminform"].form.errors["programme"]
    no_programme = world.client.post(add, fields)
    assert no_programme.context["adminform"].form.errors["programme"]
    assert not MatchPolicy.objects.filter(name="Start-up by the back door").exists()

    ours.delete()  # a programme has one policy of its own: make it afresh
    made = world.client.post(add, {**fields, "programme": str(world.peer.pk)})
    assert made.status_code == 302
    assert MatchPolicy.objects.filter(
        name="Start-up by the back door", programme=world.peer, is_default=False
    ).exists(), "a programme coordinator cannot make the site's default"


def test_pairing_by_hand_in_a_closed_cohort_is_refused(world, dave):
    closed = _cohort(world.start_up)
    closed.closed_at = timezone.now()
    closed.save(update_fields=["closed_at"])
    lead = User.objects.get(email="coordinator@example.org")
    with pytest.raises(services.MatchingError, match="cannot be matched"):
        services.pairing_create_by_hand(
            mentor=world.erin, mentee=dave.profile.mentee_profile, by=lead, cohort=closed
        )
    assert Mentorship.objects.count() == 2
