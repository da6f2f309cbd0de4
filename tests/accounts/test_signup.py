import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import MemberProfile, User
from tests import factories

PASSWORD = "correct-horse-battery-42"


def _signup(client, email, password1=PASSWORD, password2=PASSWORD):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": password1, "password2": password2}
    )


def _confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def _profile_post(**overrides):
    data = {
        "name": "Nia Hughes",
        "role": "mentee",
        "organisation_name": "Slate Bakery",
        "organisation_kind": "worker",
        "organisation_stage": "forming",
        "sector": "food retail",
        "region": "North Wales",
        "languages": ["en", "cy"],
        "meets_remotely": "on",
        "time_zone": "Europe/London",
        "hours_per_month": "3",
        "bio": "",
        "capacity": "1",
        "goals": "Produce our first annual accounts\nWrite our rules",
        "skills_wanted": [str(s.pk) for s in factories.skills("Bookkeeping", "Board governance")],
        "conflicts": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_visitor_signs_up_verifies_by_email_onboards_and_reaches_the_dashboard(client):
    response = _signup(client, "Nia@Example.org")
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nia@example.org"]

    # Unverified members cannot sign in yet: they are sent back to verification.
    assert not client.get(reverse("mentorship:dashboard")).wsgi_request.user.is_authenticated

    link = _confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nia@example.org").verified

    # Verified and signed in: the dashboard sends a new member to onboarding first.
    response = client.get(reverse("mentorship:dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile_edit")
    assert "Welcome" in client.get(response.url).content.decode()

    response = client.post(reverse("accounts:profile_edit"), _profile_post())
    assert response.status_code == 302
    assert response.url == reverse("mentorship:dashboard")
    page = client.get(response.url).content.decode()
    assert "Hello, Nia" in page
    profile = MemberProfile.objects.get(user__email="nia@example.org")
    assert profile.mentee_profile.goal_list == [
        "Produce our first annual accounts",
        "Write our rules",
    ]
    assert {s.name for s in profile.mentee_profile.skills_wanted.all()} == {
        "Bookkeeping",
        "Board governance",
    }
    assert {lang.code for lang in profile.languages.all()} == {"en", "cy"}


@pytest.mark.django_db
def test_a_verified_member_can_sign_in_with_email_and_password(client):
    factories.user(email="owain@example.org")
    response = client.post(
        reverse("account_login"), {"login": "OWAIN@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert (
        client.get(reverse("mentorship:dashboard")).wsgi_request.user.email == "owain@example.org"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "password1", "password2", "field", "message"),
    [
        ("not-an-email", PASSWORD, PASSWORD, "email", "Enter a valid email address."),
        (
            "ok@example.org",
            PASSWORD,
            PASSWORD + "x",
            "password2",
            "You must type the same password each time.",
        ),
        ("ok@example.org", "short", "short", "password1", "This password is too short."),
    ],
)
def test_an_invalid_signup_is_refused_with_the_error_beside_the_field(
    client, email, password1, password2, field, message
):
    response = _signup(client, email, password1, password2)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    page = response.content.decode()
    assert f'value="{email}"' in page, "the address typed is shown again"
    assert not User.objects.filter(email=email).exists()
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["taken@example.org", "TAKEN@Example.ORG"])
def test_signing_up_again_with_a_used_address_creates_no_account_and_mails_the_owner(client, typed):
    factories.user(email="taken@example.org")
    response = _signup(client, typed)
    # The visitor sees what any new sign-up sees, so nobody learns who is a member.
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["taken@example.org"]
    assert "already" in mail.outbox[0].body.lower()


def _signup_page(email: str) -> dict[str, object]:
    """What a visitor in a fresh browser sees after signing up with this address: the redirect,
    then the page, with the address and the per-response CSRF tokens blanked out."""
    client = Client()
    response = _signup(client, email)
    page = client.get(response.url)
    body = page.content.decode().replace(email, "ADDRESS")
    return {
        "status": response.status_code,
        "redirect": response.url,
        "page status": page.status_code,
        "templates": [template.name for template in page.templates],
        "body": re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1TOKEN", body),
    }


def test_signing_up_with_a_used_address_shows_exactly_the_page_a_new_address_gets(alice):
    used = _signup_page("alice@example.org")
    new = _signup_page("newcomer@example.org")
    assert used["redirect"] == reverse("account_email_verification_sent")
    for part in ("status", "redirect", "page status", "templates", "body"):
        assert used[part] == new[part], part


def test_signing_up_with_a_used_address_hashes_a_password_as_a_new_sign_up_does(alice, monkeypatch):
    hasher = type(get_hasher())
    calls = []
    encode = hasher.encode

    def counted(self, *args, **kwargs):
        calls.append(1)
        return encode(self, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counted)
    _signup(Client(), "newcomer@example.org")
    new = len(calls)
    calls.clear()
    _signup(Client(), "alice@example.org")
    assert new >= 1
    assert len(calls) == new, "the used address must cost what a new one does"


@pytest.mark.django_db
def test_a_member_can_reset_a_forgotten_password_from_the_emailed_link(client):
    factories.user(email="gwen@example.org")
    client.post(reverse("account_reset_password"), {"email": "gwen@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body
    ).group(1)
    response = client.get(link, follow=True)
    response = client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else link,
        {"password1": "a-brand-new-password-7", "password2": "a-brand-new-password-7"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="gwen@example.org").check_password("a-brand-new-password-7")


@pytest.mark.django_db
def test_a_member_changes_their_password(client):
    member = factories.user(email="ffion@example.org")
    client.force_login(member)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": factories.PASSWORD,
            "password1": "another-long-pass-9",
            "password2": "another-long-pass-9",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("another-long-pass-9")


@pytest.mark.django_db
def test_a_member_adds_a_new_email_address_which_must_be_verified(client):
    member = factories.user(email="iwan@example.org")
    client.force_login(member)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "iwan@new.example.org"}
    )
    assert response.status_code == 302
    added = EmailAddress.objects.get(email="iwan@new.example.org")
    assert added.user == member and not added.verified
    assert mail.outbox[-1].to == ["iwan@new.example.org"]


@pytest.mark.django_db
def test_sign_in_is_refused_after_too_many_wrong_passwords(client):
    factories.user(email="tomos@example.org")

    def sign_in(password: str) -> str:
        response = client.post(
            reverse("account_login"), {"login": "tomos@example.org", "password": password}
        )
        assert response.status_code == 200, "a refused sign-in shows the form again"
        return response.content.decode()

    wrong = [sign_in("wrong") for _ in range(5)]
    sixth = sign_in("wrong")
    assert all("Too many failed login attempts" not in page for page in wrong)
    assert "Too many failed login attempts" in sixth
    # While limited even the right password is refused: guessing gains nothing.
    assert "Too many failed login attempts" in sign_in(factories.PASSWORD)
