from django.urls import reverse

from matching.models import MatchRun, Proposal
from mentorship.models import Cohort, Mentorship, MentorshipTransition
from tests import factories


def _run_from_admin(client) -> MatchRun:
    response = client.post(
        reverse("admin:matching_matchrun_start"), {"cohort": Cohort.default().pk}
    )
    run = MatchRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:matching_matchrun_change", args=[run.pk])
    return run


def test_a_coordinator_runs_matching_and_reads_the_reasons(
    coordinator, coordinator_client, alice, bob
):
    run = _run_from_admin(coordinator_client)
    assert run.started_by == coordinator
    page = coordinator_client.get(
        reverse("admin:matching_matchrun_change", args=[run.pk])
    ).content.decode()
    assert "Review its 1 proposal<" in page
    listing = coordinator_client.get(
        reverse("admin:matching_proposal_changelist"), {"status": "proposed"}
    )
    text = listing.content.decode()
    assert "Riverside founders" in text and "Bob Bevan" in text
    assert "bookkeeping" in text.lower()
    proposal = Proposal.objects.get()
    detail = coordinator_client.get(
        reverse("admin:matching_proposal_change", args=[proposal.pk])
    ).content.decode()
    assert "Approve this pairing" in detail
    assert "skills" in detail


def test_the_run_page_shows_unmatched_mentees_with_reasons(coordinator_client, alice):
    run = _run_from_admin(coordinator_client)
    page = coordinator_client.get(
        reverse("admin:matching_matchrun_change", args=[run.pk])
    ).content.decode()
    assert "Riverside founders" in page
    assert "Why not matched" in page


def test_a_coordinator_approves_one_pairing(coordinator, coordinator_client, alice, bob):
    _run_from_admin(coordinator_client)
    proposal = Proposal.objects.get()
    response = coordinator_client.post(
        reverse("admin:matching_proposal_approve", args=[proposal.pk])
    )
    assert response.status_code == 302
    mentorship = Mentorship.objects.get(pk=proposal.mentorship_id)
    assert mentorship.status == Mentorship.Status.APPROVED
    assert mentorship.approved_by == coordinator
    assert mentorship.transitions.last().by == coordinator


def test_a_coordinator_approves_in_bulk_and_a_full_mentor_is_refused(coordinator_client, bob, db):
    mentees = [factories.mentee(email=f"m{i}@example.org", name=f"Mentee {i}") for i in range(3)]
    from mentorship.services import relationship as mentorship_relationship

    ids = [
        mentorship_relationship.mentorship_propose(
            mentor=bob, mentee=m.profile.mentee_profile, origin="manual"
        ).pk
        for m in mentees
    ]
    for mentorship_id in ids:
        Proposal.objects.create(mentorship_id=mentorship_id, score=0.5)
    response = coordinator_client.post(
        reverse("admin:matching_proposal_changelist"),
        {
            "action": "approve_selected",
            "_selected_action": list(Proposal.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "2 pairings approved." in page
    assert "capacity" in page
    assert Mentorship.objects.filter(mentor=bob, status="approved").count() == 2


def test_a_coordinator_rejects_with_a_reason(coordinator, coordinator_client, alice, bob):
    _run_from_admin(coordinator_client)
    proposal = Proposal.objects.get()
    url = reverse("admin:matching_proposal_changelist")
    form = coordinator_client.post(
        url, {"action": "reject_selected", "_selected_action": [proposal.pk]}
    )
    assert "Why are these pairings rejected?" in form.content.decode()
    coordinator_client.post(
        url,
        {
            "action": "reject_selected",
            "_selected_action": [proposal.pk],
            "reason": "They work together",
        },
    )
    step = MentorshipTransition.objects.filter(mentorship_id=proposal.mentorship_id).last()
    assert (
        step.to_status == "rejected"
        and step.by == coordinator
        and step.reason == "They work together"
    )


def test_pairing_by_hand_warns_about_broken_rules_before_saving(coordinator_client, alice, db):
    welsh = factories.mentor(
        email="gwyn@example.org", name="Gwyn", languages=factories.languages("cy")
    )
    url = reverse("admin:matching_proposal_pair")
    data = {"mentor": welsh.pk, "mentee": alice.profile.mentee_profile_id}
    page = coordinator_client.post(url, data).content.decode()
    assert "Warning: this pairing breaks these rules" in page
    assert "no shared language" in page
    assert not Mentorship.objects.exists(), "nothing is saved before the coordinator confirms"
    response = coordinator_client.post(url, {**data, "confirm": "on"})
    assert response.status_code == 302
    mentorship = Mentorship.objects.get()
    assert mentorship.status == "approved" and mentorship.origin == "manual"
    assert "no shared language" in " ".join(mentorship.proposal.warnings)


def _pairing_search(client, field_name: str, term: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "mentorship",
            "model_name": "mentorship",
            "field_name": field_name,
            "term": term,
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_the_pairing_page_lists_nobody_until_the_coordinator_searches(
    coordinator_client, alice, bob, dave
):
    page = coordinator_client.get(reverse("admin:matching_proposal_pair")).content.decode()
    assert "Bob Bevan" not in page and "Dave Dunn" not in page
    assert f'data-ajax--url="{reverse("admin:autocomplete")}"' in page


def test_the_pairing_search_offers_mentors_as_mentor_and_mentees_as_mentee(
    coordinator_client, alice, bob, dave
):
    assert _pairing_search(coordinator_client, "mentor", "") == ["Bob Bevan"]
    assert _pairing_search(coordinator_client, "mentor", "dave") == []
    assert _pairing_search(coordinator_client, "mentee", "riverside") == ["Riverside founders"]
    assert _pairing_search(coordinator_client, "mentee", "dave@example.org") == ["Dave Dunn"]


def test_members_cannot_reach_matching_in_the_admin(alice_client):
    assert alice_client.post(reverse("admin:matching_matchrun_start")).status_code == 302
    assert not MatchRun.objects.exists()


def test_the_proposal_list_makes_a_bounded_number_of_queries(
    coordinator_client, django_assert_max_num_queries, db
):
    for i in range(15):
        factories.mentor(email=f"mentor{i}@example.org", name=f"Mentor {i}")
        factories.mentee(email=f"mentee{i}@example.org", name=f"Mentee {i}")
    _run_from_admin(coordinator_client)
    with django_assert_max_num_queries(14):
        coordinator_client.get(reverse("admin:matching_proposal_changelist"))


def test_approving_introduces_the_mentor_and_every_cofounder(
    coordinator_client, alice, bob, carol, deliver
):
    _run_from_admin(coordinator_client)
    proposal = Proposal.objects.get()
    coordinator_client.post(reverse("admin:matching_proposal_approve", args=[proposal.pk]))
    mailoutbox = deliver()
    by_recipient = {m.to[0]: m for m in mailoutbox if "paired" in m.body}
    assert set(by_recipient) == {"bob@example.org", "alice@example.org", "carol@example.org"}
    assert "Riverside founders" in by_recipient["bob@example.org"].subject
    assert "Bob Bevan" in by_recipient["carol@example.org"].subject
    assert "bookkeeping" in by_recipient["alice@example.org"].body.lower()
    assert by_recipient["alice@example.org"].alternatives
    coordinator_client.post(reverse("admin:matching_proposal_approve", args=[proposal.pk]))
    deliver()
    assert len([m for m in mailoutbox if "paired" in m.body]) == 3, (
        "approving twice mails nobody twice"
    )
