from django.contrib.messages import get_messages
from django.urls import reverse

from matching.models import Proposal
from matching.services import NOT_WAITING
from mentorship.models import Mentorship
from tests import factories


def test_a_mentee_sees_up_to_three_suggested_mentors_with_reasons(alice_client, db):
    for i in range(4):
        factories.mentor(email=f"mentor{i}@example.org", name=f"Mentor {i}")
    factories.mentor(
        email="welsh@example.org", name="Welsh Only", languages=factories.languages("cy")
    )
    response = alice_client.get(reverse("matching:suggestions"))
    suggestions = response.context["suggestions"]
    assert len(suggestions) == 3
    assert all(str(s.mentor.user) != "Welsh Only" for s in suggestions)
    assert "bookkeeping" in response.content.decode().lower()


def test_a_mentee_requests_a_suggested_mentor_for_coordinators_to_approve(alice, alice_client, bob):
    response = alice_client.post(reverse("matching:request"), {"mentor": bob.pk}, follow=True)
    assert "with the coordinators" in response.content.decode()
    mentorship = Mentorship.objects.get()
    assert (mentorship.mentor, mentorship.origin, mentorship.status) == (bob, "request", "proposed")
    assert Proposal.objects.get(mentorship=mentorship).reasons
    # A pending request takes the mentee out of suggestions and matching runs.
    assert alice_client.get(reverse("matching:suggestions")).context["waiting"] is False


def test_a_mentee_cannot_request_a_mentor_who_was_not_suggested(alice_client, db):
    welsh = factories.mentor(
        email="welsh@example.org", name="Welsh Only", languages=factories.languages("cy")
    )
    response = alice_client.post(reverse("matching:request"), {"mentor": welsh.pk}, follow=True)
    assert "not among your suggestions" in response.content.decode()
    assert not Mentorship.objects.exists()


def test_a_mentor_declines_a_request_with_a_reason_and_it_is_not_proposed_again(
    alice, alice_client, bob, bob_client
):
    alice_client.post(reverse("matching:request"), {"mentor": bob.pk})
    mentorship = Mentorship.objects.get()
    page = bob_client.get(reverse("matching:requests")).content.decode()
    assert "Riverside founders" in page
    bob_client.post(
        reverse("matching:decline", args=[mentorship.pk]), {"reason": "I know this group well"}
    )
    mentorship.refresh_from_db()
    assert mentorship.status == "rejected"
    assert mentorship.transitions.last().reason == "I know this group well"
    assert alice_client.get(reverse("matching:suggestions")).context["suggestions"] == []


def test_asking_for_a_mentor_without_a_member_profile_is_refused_with_a_message(bob, client):
    newcomer = factories.user(email="newcomer@example.org")
    client.force_login(newcomer)
    response = client.post(reverse("matching:request"), {"mentor": bob.pk})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [NOT_WAITING]
    assert not Mentorship.objects.exists()


def test_another_mentor_cannot_decline_someone_elses_request(alice, alice_client, bob, db):
    alice_client.post(reverse("matching:request"), {"mentor": bob.pk})
    mentorship = Mentorship.objects.get()
    other = factories.mentor(email="other@example.org", name="Other")
    client = alice_client.__class__()
    client.force_login(other)
    response = client.post(
        reverse("matching:decline", args=[mentorship.pk]), {"reason": "not mine"}
    )
    assert response.status_code == 404
    mentorship.refresh_from_db()
    assert mentorship.status == "proposed"
    assert "Riverside founders" not in client.get(reverse("matching:requests")).content.decode()


def test_declining_needs_a_reason(alice, alice_client, bob, bob_client):
    alice_client.post(reverse("matching:request"), {"mentor": bob.pk})
    mentorship = Mentorship.objects.get()
    response = bob_client.post(
        reverse("matching:decline", args=[mentorship.pk]), {"reason": " "}, follow=True
    )
    assert "Please give a reason" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == "proposed"


def test_suggestions_name_the_shared_languages_rather_than_their_codes(alice_client, db):
    factories.mentor(email="mentor@example.org", name="Mentor")
    [suggestion] = alice_client.get(reverse("matching:suggestions")).context["suggestions"]
    assert "both speak English" in suggestion.reasons
    assert not any(reason.startswith("both speak en") for reason in suggestion.reasons)


def test_a_welsh_reader_gets_the_reasons_in_welsh(alice, db):
    from django.test import Client

    factories.mentor(email="mentor@example.org", name="Mentor")
    alice.language = "cy"
    alice.save(update_fields=["language"])
    client = Client()
    client.force_login(alice)
    page = client.get(reverse("matching:suggestions"))
    [suggestion] = page.context["suggestions"]
    assert "y ddau'n siarad Saesneg" in suggestion.reasons  # "both speak English"
    offers = next(r for r in suggestion.reasons if r.startswith("yn cynnig 1 o'r"))
    assert "cadw cyfrifon" in offers  # the skill, "Bookkeeping", named in Welsh too
    assert "y ddau&#x27;n siarad Saesneg" in page.content.decode()
