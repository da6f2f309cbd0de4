"""The member's side of programmes: the programmes page, applying with the programme's questions,
each refusal shown beside the form, withdrawing, and nobody else's applications in reach."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import MemberProfile, Organisation
from mentorship.models import Cohort, Enrolment, Programme, Side
from mentorship.services import programmes as programme_services
from mentorship.services.errors import MentorshipError
from tests import factories

QUESTION = "What would you most like to learn?"


@pytest.fixture
def peer(db) -> Programme:
    return factories.programme(
        name="Peer managers",
        kind=Programme.Kind.PEER,
        description="For managers of established co-ops.",
        questions=QUESTION,
        sessions_expected=8,
        mentee_stages=[Organisation.Stage.IDEA, Organisation.Stage.FORMING],
    )


def _cohort(programme: Programme) -> Cohort:
    return programme.cohorts.get()


def _applied(member, programme: Programme, side: str, *, accept: bool | None = None) -> Enrolment:
    """`member`'s application, answering the question; decided by a lead when `accept` is given."""
    enrolment = programme_services.enrolment_apply(
        member=member, cohort_id=_cohort(programme).pk, side=side, answers={QUESTION: "Growth"}
    )
    if accept is not None:
        lead = factories.coordinator(email=f"lead{enrolment.pk}@example.org")
        enrolment = programme_services.enrolment_decide(
            enrolment_id=enrolment.pk, by=lead, accept=accept
        )
    return enrolment


def _apply_url(programme: Programme) -> str:
    return reverse("mentorship:programme_apply", args=[_cohort(programme).pk])


def _answer(programme: Programme, text: str, **extra: str) -> dict[str, str]:
    prefix = f"cohort-{_cohort(programme).pk}"
    return {f"{prefix}-answer_0": text, **{f"{prefix}-{k}": v for k, v in extra.items()}}


def test_the_programmes_page_describes_each_programme_but_drafts(alice_client, peer):
    factories.programme(name="Secret plans", status=Programme.Status.DRAFT)
    Cohort.objects.filter(programme=peer).update(
        applications_close_on=timezone.localdate() + timedelta(days=20),
        matching_on=timezone.localdate() + timedelta(days=30),
    )
    page = alice_client.get(reverse("mentorship:programmes")).content.decode()
    assert "Peer managers" in page and "Secret plans" not in page
    assert "Peer mentoring between co-ops" in page
    assert "For managers of established co-ops." in page
    assert "From co-ops at these stages: Idea, Forming" in page
    assert "Sessions expected" in page and "<dd>8</dd>" in page
    assert "6 months, unless the cohort ends sooner" in page
    matching = timezone.localdate() + timedelta(days=30)
    assert f"{matching.day} {matching:%b %Y}" in page
    assert QUESTION in page and "Taking applications" in page


def test_the_navigation_and_the_dashboard_link_to_the_programmes(alice_client, peer):
    url = reverse("mentorship:programmes")
    page = alice_client.get(reverse("mentorship:dashboard")).content.decode()
    assert page.count(f'href="{url}"') >= 2
    assert 'aria-current="page">Programmes' in alice_client.get(url).content.decode()


def test_a_visitor_is_asked_to_sign_in(client, peer):
    response = client.get(reverse("mentorship:programmes"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_member_applies_answering_the_question_and_sees_it_waiting(alice, alice_client, peer):
    response = alice_client.post(_apply_url(peer), _answer(peer, "Running a board"), follow=True)
    enrolment = Enrolment.objects.get(member=alice)
    assert enrolment.status == Enrolment.Status.APPLIED and enrolment.side == Side.MENTEE
    assert enrolment.answers == {QUESTION: "Running a board"}
    page = response.content.decode()
    assert "waiting for a coordinator&#x27;s decision" in page
    assert f'action="{_apply_url(peer)}"' not in page, "no second form for the side taken"


def test_a_member_on_both_sides_chooses_one(db, peer, client):
    both = factories.mentor(email="bea@example.org", name="Bea Both", role=MemberProfile.Role.BOTH)
    client.force_login(both)
    page = client.get(reverse("mentorship:programmes")).content.decode()
    assert 'type="radio"' in page and "Apply as" in page
    client.post(_apply_url(peer), _answer(peer, "Finance", side="mentor"))
    assert Enrolment.objects.get(member=both).side == Side.MENTOR
    page = client.get(reverse("mentorship:programmes")).content.decode()
    assert 'type="radio"' not in page, "only the mentee side is left: no choice to make"


def _refuse(client, programme, data=None) -> str:
    data = data if data is not None else _answer(programme, "My own words")
    response = client.post(_apply_url(programme), data)
    assert response.status_code == 200
    return response.content.decode()


def _closed(programme):
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.CLOSED)


def _window_over(programme):
    Cohort.objects.filter(programme=programme).update(
        applications_close_on=timezone.localdate() - timedelta(days=1)
    )


def _every_member(programme):
    Programme.objects.filter(pk=programme.pk).update(admission=Programme.Admission.ALL_MEMBERS)


def _no_groups(programme):
    Programme.objects.filter(pk=programme.pk).update(groups_may_apply=False)


def _wrong_stage(programme):
    Programme.objects.filter(pk=programme.pk).update(mentee_stages=["established"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_closed, programme_services.NOT_OPEN),
        (_window_over, programme_services.NOT_TAKING_APPLICATIONS),
        (_every_member, programme_services.EVERYONE_IS_IN),
        (_no_groups, programme_services.NO_GROUPS),
        (_wrong_stage, programme_services.WRONG_STAGE),
    ],
)
def test_each_refusal_is_shown_beside_the_form_with_the_answer_kept(
    alice, alice_client, peer, change, message
):
    change(peer)
    page = _refuse(alice_client, peer)
    assert str(message).replace("'", "&#x27;") in page
    assert 'id="error-summary"' in page and "My own words" in page
    assert not Enrolment.objects.filter(member=alice).exists()


def test_applying_twice_on_one_side_is_refused_with_the_services_message(alice_client, peer):
    alice_client.post(_apply_url(peer), _answer(peer, "First"))
    page = _refuse(alice_client, peer, _answer(peer, "Second"))
    assert str(programme_services.ALREADY_APPLIED) in page
    assert Enrolment.objects.get().answers == {QUESTION: "First"}


def test_a_member_without_a_profile_is_told_to_add_one(coordinator, coordinator_client, peer):
    page = _refuse(coordinator_client, peer, _answer(peer, "Governance", side="mentee"))
    assert "Add what you want from a mentor to your profile first." in page


def test_an_empty_answer_is_asked_for_beside_its_question(alice, alice_client, peer):
    page = _refuse(alice_client, peer, _answer(peer, "   "))
    assert "This field is required." in page and 'aria-invalid="true"' in page
    assert not Enrolment.objects.filter(member=alice).exists()


def test_a_mentee_cannot_post_the_mentor_side_their_profile_does_not_offer(
    alice, alice_client, peer
):
    _refuse(alice_client, peer, _answer(peer, "Sneaky", side="mentor"))
    assert not Enrolment.objects.filter(member=alice).exists()


def test_a_draft_programmes_cohort_is_not_found(alice_client):
    draft = factories.programme(name="Secret plans", status=Programme.Status.DRAFT)
    response = alice_client.post(_apply_url(draft), _answer(draft, "x"))
    assert response.status_code == 404 and not Enrolment.objects.exists()


def test_applying_is_by_post_only(alice_client, peer):
    assert alice_client.get(_apply_url(peer)).status_code == 405


def test_a_member_cannot_apply_for_someone_else(alice, bob, alice_client, peer):
    alice_client.post(_apply_url(peer), {**_answer(peer, "Mine"), "member": bob.pk})
    assert list(Enrolment.objects.values_list("member_id", flat=True)) == [alice.pk]


def test_a_member_never_sees_another_members_answers(alice, bob, bob_client, peer):
    _applied(alice, peer, Side.MENTEE)
    Enrolment.objects.update(answers={QUESTION: "A private hope"})
    page = bob_client.get(reverse("mentorship:programmes")).content.decode()
    assert "A private hope" not in page and "waiting for a coordinator" not in page


# Withdrawing, and applying again afterwards.


def _withdraw_url(enrolment: Enrolment) -> str:
    return reverse("mentorship:application_withdraw", args=[enrolment.pk])


def test_a_member_withdraws_a_waiting_application_and_may_apply_again(alice, alice_client, peer):
    alice_client.post(_apply_url(peer), _answer(peer, "First"))
    enrolment = Enrolment.objects.get()
    response = alice_client.post(_withdraw_url(enrolment), follow=True)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN
    assert "You have withdrawn your application." in response.content.decode()
    alice_client.post(_apply_url(peer), _answer(peer, "Second thoughts"))
    again = Enrolment.objects.get()
    assert again.pk == enrolment.pk, "the one row per side is reopened, not duplicated"
    assert again.status == Enrolment.Status.APPLIED
    assert again.answers == {QUESTION: "Second thoughts"}


def test_a_decided_application_cannot_be_withdrawn(alice, alice_client, peer):
    enrolment = _applied(alice, peer, Side.MENTEE, accept=True)
    response = alice_client.post(_withdraw_url(enrolment), follow=True)
    assert str(programme_services.NOT_WAITING) in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACCEPTED
    with pytest.raises(MentorshipError):
        programme_services.enrolment_apply(
            member=alice, cohort_id=_cohort(peer).pk, side=Side.MENTEE, answers={QUESTION: "x"}
        )


def test_a_withdrawn_application_cannot_be_decided(alice, peer, coordinator):
    enrolment = _applied(alice, peer, Side.MENTEE)
    programme_services.enrolment_withdraw(enrolment_id=enrolment.pk, by=alice)
    with pytest.raises(MentorshipError):
        programme_services.enrolment_decide(enrolment_id=enrolment.pk, by=coordinator, accept=True)


def test_nobody_withdraws_another_members_application(alice, bob, bob_client, peer):
    enrolment = _applied(alice, peer, Side.MENTEE)
    assert bob_client.post(_withdraw_url(enrolment)).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPLIED
    with pytest.raises(MentorshipError):
        programme_services.enrolment_withdraw(enrolment_id=enrolment.pk, by=bob)
