"""Bulk invitations to a cohort: every row checked before anything is written, the same file
twice makes nothing twice, members enrolled rather than invited, the invitation email once,
expiry, the coordinator's scope, and a signup through the invitation enrolling the person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboundEmail, User
from mentorship.models import Cohort, CohortInvitation, Enrolment, Programme, Side
from mentorship.services import invitations
from mentorship.services.errors import MentorshipError
from tests import factories

HEADER = "name,email,role,co_op\n"
GOOD = HEADER + (
    "Ann Jones,ann@example.org,mentee,Riverside Bakery\n"
    "Ben Hughes,BEN@example.org,mentor,Valley Builders\n"
)
ONE_BAD = GOOD + "Cai Evans,cai-at-example.org,mentee,\n"


@pytest.fixture
def peer(db) -> Programme:
    return factories.programme(name="Peer managers", kind=Programme.Kind.PEER)


@pytest.fixture
def start_up(db) -> Programme:
    return factories.programme(name="Start-up groups", kind=Programme.Kind.START_UP)


@pytest.fixture
def peer_coordinator(peer) -> User:
    return factories.coordinator(email="peer-coordinator@example.org", programmes=[peer])


@pytest.fixture
def peer_client(peer_coordinator) -> Client:
    return factories.mfa_login(Client(), peer_coordinator)


def _cohort(programme: Programme) -> Cohort:
    return programme.cohorts.get()


def _import(cohort: Cohort, text: str, by: User) -> invitations.ImportResult:
    return invitations.cohort_invitations_import(cohort_id=cohort.pk, text=text, by=by)


def _invite_url(cohort: Cohort) -> str:
    return reverse("admin:mentorship_cohort_invite", args=[cohort.pk])


# Reading the rows: pure, no database.


def test_rows_are_read_by_column_name_in_any_order_and_case():
    parsed = invitations.invitation_rows_parse(
        "Email,Role,Name\nann@EXAMPLE.org, Mentee ,  Ann   Jones \n\n"
    )
    assert parsed.errors == []
    assert parsed.rows == [
        invitations.InvitationRow(
            line=2, name="Ann Jones", email="ann@example.org", side=Side.MENTEE, co_op=""
        )
    ]


def test_every_bad_row_is_reported_with_its_line_and_reason():
    parsed = invitations.invitation_rows_parse(
        HEADER
        + ",ann@example.org,mentee,\n"  # 2: no name
        + "Ben,ben@example,mentor,\n"  # 3: not an address
        + "Cai,cai@example.org,coach,\n"  # 4: not a role
        + "Dee,dee@example.org,mentee,\n"  # 5: fine
        + "Dee again,DEE@example.org,mentee,\n"  # 6: same address and role as line 5
        + "Dee,dee@example.org,mentor,\n"  # 7: fine, the other side
    )
    reasons = {error.line: error.message for error in parsed.errors}
    assert sorted(reasons) == [2, 3, 4, 6]
    assert "name is empty" in reasons[2]
    assert "not an email address" in reasons[3]
    assert "mentor or mentee" in reasons[4]
    assert "line 5" in reasons[6]
    assert [(row.line, row.side) for row in parsed.rows] == [(5, "mentee"), (7, "mentor")]


def test_a_file_without_its_header_line_is_refused():
    parsed = invitations.invitation_rows_parse("Ann,ann@example.org,mentee,\n")
    assert parsed.rows == [] and parsed.errors[0].line == 1
    assert "first line" in parsed.errors[0].message


# Importing.


def test_a_bad_row_is_reported_and_nothing_is_imported(peer, peer_coordinator, bob):
    text = ONE_BAD + "Bob,bob@example.org,mentor,\n" + "Bob,bob@example.org,mentee,\n"
    result = _import(_cohort(peer), text, peer_coordinator)
    # The bad address, and bob, who has no mentee profile: both at once.
    assert [error.line for error in result.errors] == [4, 6]
    assert (result.invited, result.enrolled) == (0, 0)
    assert not CohortInvitation.objects.exists()
    assert not Enrolment.objects.filter(source=Enrolment.Source.INVITATION).exists()
    assert not OutboundEmail.objects.exists()


def test_fixed_and_sent_again_the_rows_are_imported_and_a_second_time_nothing_is_made(
    peer, peer_coordinator, bob
):
    cohort = _cohort(peer)
    text = GOOD + "Bob Bevan,Bob@Example.org,mentor,\n"
    first = _import(cohort, text, peer_coordinator)
    assert first.errors == []
    assert (first.invited, first.enrolled, first.already) == (2, 1, 0)
    assert set(CohortInvitation.objects.values_list("email", "side")) == {
        ("ann@example.org", Side.MENTEE),
        ("ben@example.org", Side.MENTOR),
    }

    again = _import(cohort, text, peer_coordinator)
    assert (again.invited, again.enrolled, again.already) == (0, 0, 3)
    assert CohortInvitation.objects.count() == 2
    assert Enrolment.objects.filter(cohort=cohort).count() == 1
    assert OutboundEmail.objects.filter(kind="cohort-invitation").count() == 2


def test_a_person_with_an_account_is_enrolled_not_invited(peer, peer_coordinator, bob):
    cohort = _cohort(peer)
    result = _import(cohort, HEADER + "Bob,BOB@example.org,mentor,\n", peer_coordinator)
    assert (result.invited, result.enrolled) == (0, 1)
    enrolment = Enrolment.objects.get(cohort=cohort, member=bob)
    assert enrolment.side == Side.MENTOR
    assert enrolment.status == Enrolment.Status.ACCEPTED
    assert enrolment.source == Enrolment.Source.INVITATION
    assert enrolment.decided_by == peer_coordinator
    assert not CohortInvitation.objects.exists() and not OutboundEmail.objects.exists()


def test_a_member_the_programme_rules_do_not_allow_on_that_side_is_a_bad_row(
    peer, peer_coordinator, bob
):
    # bob's profile is a mentor's only: he cannot be a mentee here until he writes that part.
    result = _import(_cohort(peer), HEADER + "Bob,bob@example.org,mentee,\n", peer_coordinator)
    assert [error.line for error in result.errors] == [2]
    assert "bob@example.org" in result.errors[0].message
    assert "what you want from a mentor" in result.errors[0].message
    assert not Enrolment.objects.filter(member=bob).exists()


def test_a_closed_cohort_takes_no_rows(peer, peer_coordinator):
    cohort = _cohort(peer)
    Cohort.objects.filter(pk=cohort.pk).update(closed_at=timezone.now())
    result = _import(cohort, GOOD, peer_coordinator)
    assert result.errors and "closed" in result.errors[0].message
    assert not CohortInvitation.objects.exists()


def test_the_invitation_email_goes_through_the_outbox_once(peer, peer_coordinator, deliver):
    cohort = _cohort(peer)
    _import(cohort, GOOD, peer_coordinator)
    _import(cohort, GOOD, peer_coordinator)
    sent = deliver()
    assert sorted(message.to[0] for message in sent) == ["ann@example.org", "ben@example.org"]
    ann = CohortInvitation.objects.get(email="ann@example.org")
    message = next(m for m in sent if m.to == ["ann@example.org"])
    assert "Peer managers" in message.subject
    assert reverse("mentorship:cohort_invitation", args=[ann.token]) in message.body
    assert deliver() == sent, "nothing more is sent on a second sweep"


def test_a_large_upload_is_paced_rather_than_mailed_at_once(peer, peer_coordinator, settings):
    settings.COHORT_INVITATIONS_PER_MINUTE = 2
    rows = "".join(f"P{n},p{n}@example.org,mentee,\n" for n in range(5))
    _import(_cohort(peer), HEADER + rows, peer_coordinator)
    now = timezone.now()
    due_in_minutes = sorted(
        round((when - now).total_seconds() / 60)
        for when in OutboundEmail.objects.values_list("next_attempt_at", flat=True)
    )
    assert due_in_minutes == [0, 0, 1, 1, 2]


def test_a_coordinator_of_another_programme_cannot_import(peer, start_up):
    other = factories.coordinator(email="startup@example.org", programmes=[start_up])
    with pytest.raises(MentorshipError, match="do not coordinate"):
        _import(_cohort(peer), GOOD, other)
    assert not CohortInvitation.objects.exists()


# Accepting.


def _invitation(peer: Programme, by: User, email: str = "ann@example.org") -> CohortInvitation:
    _import(_cohort(peer), HEADER + f"Ann Jones,{email},mentee,Riverside Bakery\n", by)
    return CohortInvitation.objects.get(email=email)


def test_signing_up_through_the_invitation_enrols_the_person_once(
    peer, peer_coordinator, mailoutbox
):
    invitation = _invitation(peer, peer_coordinator)
    page = reverse("mentorship:cohort_invitation", args=[invitation.token])
    client = Client()
    response = client.get(page)
    assert response.status_code == 200
    signup = f"{reverse('account_signup')}?email=ann%40example.org&amp;next={page}"
    assert signup in response.content.decode()

    form = client.get(reverse("account_signup"), {"email": "ann@example.org", "next": page})
    assert 'value="ann@example.org"' in form.content.decode(), "the address is filled in"
    client.post(
        reverse("account_signup") + f"?next={page}",
        {
            "email": "ann@example.org",
            "password1": factories.PASSWORD,
            "password2": factories.PASSWORD,
        },
    )
    ann = User.objects.get(email="ann@example.org")
    EmailAddress.objects.filter(user=ann).update(verified=True)
    client.force_login(ann)

    response = client.post(reverse("mentorship:cohort_invitation_accept", args=[invitation.token]))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(member=ann)
    assert (enrolment.cohort, enrolment.side, enrolment.status) == (
        _cohort(peer),
        Side.MENTEE,
        Enrolment.Status.ACCEPTED,
    )
    assert ann.profile.mentee_profile == enrolment.mentee
    assert ann.profile.organisation.name == "Riverside Bakery"
    assert User.objects.get(pk=ann.pk).name == "Ann Jones"
    invitation.refresh_from_db()
    assert invitation.accepted_by == ann and invitation.enrolment == enrolment

    client.post(reverse("mentorship:cohort_invitation_accept", args=[invitation.token]))
    assert Enrolment.objects.filter(member=ann).count() == 1
    assert "already been accepted" in client.get(page).content.decode()


def test_an_existing_member_accepts_with_their_own_profile(peer, peer_coordinator):
    invitation = _invitation(peer, peer_coordinator, email="dee@example.org")
    dee = factories.mentee(email="Dee@example.org", name="Dee")
    enrolment = invitations.cohort_invitation_accept(token=invitation.token, user=dee)
    assert enrolment.mentee == dee.profile.mentee_profile


def test_deleting_the_account_deletes_the_accepted_invitation_with_its_address(
    peer, peer_coordinator
):
    from accounts import privacy

    invitation = _invitation(peer, peer_coordinator, email="dee@example.org")
    dee = factories.mentee(email="dee@example.org", name="Dee")
    invitations.cohort_invitation_accept(token=invitation.token, user=dee)
    privacy.account_delete(user=dee)
    assert not CohortInvitation.objects.filter(email="dee@example.org").exists()


def test_someone_signed_in_with_another_address_cannot_accept(peer, peer_coordinator, dave):
    invitation = _invitation(peer, peer_coordinator)
    with pytest.raises(MentorshipError, match="another email address"):
        invitations.cohort_invitation_accept(token=invitation.token, user=dave)
    assert not Enrolment.objects.filter(member=dave).exists()


def test_an_expired_invitation_is_refused_with_a_page_saying_so(peer, peer_coordinator):
    invitation = _invitation(peer, peer_coordinator)
    CohortInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    ann = factories.user(email="ann@example.org")
    with pytest.raises(MentorshipError, match="expired"):
        invitations.cohort_invitation_accept(token=invitation.token, user=ann)
    client = Client()
    client.force_login(ann)
    page = reverse("mentorship:cohort_invitation", args=[invitation.token])
    response = client.get(page)
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    assert "Accept the invitation" not in response.content.decode()
    client.post(reverse("mentorship:cohort_invitation_accept", args=[invitation.token]))
    assert not Enrolment.objects.filter(member=ann).exists()


def test_an_unknown_token_is_not_found(db):
    assert Client().get(reverse("mentorship:cohort_invitation", args=["nope"])).status_code == 404


# The admin page.


def test_the_cohort_page_links_to_the_invite_page(peer, peer_client):
    change = reverse("admin:mentorship_cohort_change", args=[_cohort(peer).pk])
    assert _invite_url(_cohort(peer)) in peer_client.get(change).content.decode()


def test_the_page_lists_the_bad_rows_keeps_the_text_and_imports_nothing(peer, peer_client):
    response = peer_client.post(_invite_url(_cohort(peer)), {"rows": ONE_BAD})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in page
    assert "<td>4</td>" in page and "cai-at-example.org" in page
    assert "Ben Hughes,BEN@example.org,mentor,Valley Builders" in page, "the text is kept"
    assert not CohortInvitation.objects.exists()


def test_the_page_imports_good_rows_and_shows_the_summary(peer, peer_client):
    url = _invite_url(_cohort(peer))
    response = peer_client.post(url, {"rows": GOOD}, follow=True)
    assert "Invited 2, enrolled 0, already invited or enrolled 0." in response.content.decode()
    response = peer_client.post(url, {"rows": GOOD}, follow=True)
    assert "Invited 0, enrolled 0, already invited or enrolled 2." in response.content.decode()


def test_the_page_takes_a_csv_file(peer, peer_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("people.csv", ("\ufeff" + GOOD).encode(), "text/csv")
    peer_client.post(_invite_url(_cohort(peer)), {"rows": "", "file": upload})
    assert CohortInvitation.objects.count() == 2


def test_a_coordinator_of_another_programme_gets_404_and_changes_nothing(peer, start_up):
    other = factories.coordinator(email="startup@example.org", programmes=[start_up])
    client = factories.mfa_login(Client(), other)
    url = _invite_url(_cohort(peer))
    assert client.get(url).status_code == 404
    assert client.post(url, {"rows": GOOD}).status_code == 404
    assert not CohortInvitation.objects.exists()


def test_a_member_who_is_not_a_coordinator_is_sent_to_sign_in(peer, bob_client):
    response = bob_client.post(_invite_url(_cohort(peer)), {"rows": GOOD})
    assert response.status_code in (302, 403)
    assert not CohortInvitation.objects.exists()


def _rows_with_members(rows: int) -> str:
    members = [factories.mentor(email=f"m{n}@example.org", name=f"M{n}") for n in range(3)]
    text = HEADER + "".join(f"M{n},m{n}@example.org,mentor,\n" for n in range(len(members)))
    return text + "".join(f"P{n},p{n}@example.org,mentee,Co-op {n}\n" for n in range(rows))


# PostgreSQL inserts a batch in one statement; SQLite's limit on parameters splits it in several.
@pytest.mark.parametrize("rows", [10, 200])
def test_an_import_makes_a_bounded_number_of_queries(
    rows, postgres, peer, peer_coordinator, django_assert_max_num_queries
):
    text = _rows_with_members(rows)
    # Locking the cohort, its scope, three lookups, two inserts and the outbox's, however many.
    with django_assert_max_num_queries(13):
        result = _import(_cohort(peer), text, peer_coordinator)
    assert (result.invited, result.enrolled) == (rows, 3)


@pytest.mark.parametrize("rows", [10, 200])
def test_the_invite_page_makes_a_bounded_number_of_queries(
    rows, postgres, peer, peer_client, django_assert_max_num_queries
):
    url, text = _invite_url(_cohort(peer)), _rows_with_members(rows)
    with django_assert_max_num_queries(16):
        response = peer_client.post(url, {"rows": text})
    assert response.status_code == 302
    with django_assert_max_num_queries(16):
        assert peer_client.post(url, {"rows": text + "Bad,bad,mentee,\n"}).status_code == 200
