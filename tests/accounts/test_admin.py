import re

import pytest
from django.urls import reverse

from accounts.models import User
from tests import factories


def test_a_coordinator_lists_members_with_search_and_filters(coordinator_client, alice, bob, dave):
    url = reverse("admin:accounts_user_changelist")
    page = coordinator_client.get(url).content.decode()
    assert "alice@example.org" in page and "bob@example.org" in page

    page = coordinator_client.get(url, {"role": "mentor"}).content.decode()
    assert "bob@example.org" in page and "alice@example.org" not in page
    assert '<td class="field-role">Mentor</td>' in page

    page = coordinator_client.get(url, {"q": "Bevan"}).content.decode()
    assert "bob@example.org" in page and "alice@example.org" not in page

    page = coordinator_client.get(url, {"has_mentor": "no"}).content.decode()
    assert "alice@example.org" in page and "bob@example.org" not in page

    for params in (
        {"profile__region": "Wales"},
        {"profile__languages__code__exact": "en"},
        {"profile__organisation__stage__exact": "forming"},
    ):
        assert coordinator_client.get(url, params).status_code == 200


def test_the_members_list_offers_the_has_a_mentor_filter_mentorship_registers_after_the_role(
    coordinator_client, alice
):
    page = coordinator_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    titles = [
        " ".join(title.split()) for title in re.findall(r"<summary>(.*?)</summary>", page, re.S)
    ]
    assert titles[:3] == ["By role", "By has a mentor", "By region"]


def test_the_member_changelist_makes_a_bounded_number_of_queries(
    coordinator_client, django_assert_max_num_queries, db
):
    for i in range(30):
        factories.mentor(email=f"m{i}@example.org", name=f"Mentor {i}")
    with django_assert_max_num_queries(10):
        coordinator_client.get(reverse("admin:accounts_user_changelist"))


def test_a_coordinator_opens_a_member_with_the_profile_inline(coordinator_client, bob):
    page = coordinator_client.get(
        reverse("admin:accounts_user_change", args=[bob.pk])
    ).content.decode()
    assert "Bob Bevan&#x27;s Co-op" in page or "Bob Bevan's Co-op" in page


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_group_changelist",
        "admin:accounts_user_add",
        "admin:django_celery_beat_periodictask_add",
    ],
)
def test_a_coordinator_cannot_reach_superuser_only_pages(coordinator_client, url_name):
    assert coordinator_client.get(reverse(url_name)).status_code == 403


def test_a_coordinator_cannot_make_anyone_a_superuser(coordinator, coordinator_client, bob):
    page = coordinator_client.get(reverse("admin:accounts_user_change", args=[coordinator.pk]))
    assert 'name="is_superuser"' not in page.content.decode()
    coordinator_client.post(
        reverse("admin:accounts_user_change", args=[coordinator.pk]),
        {"email": coordinator.email, "name": "Coordinator", "is_superuser": "on", "is_staff": "on"},
    )
    coordinator.refresh_from_db()
    assert not coordinator.is_superuser


def test_a_member_cannot_reach_the_admin(alice_client):
    response = alice_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response.url


def test_the_admin_login_goes_through_allauth(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_superuser_still_manages_groups(client, db):
    admin = User.objects.create_superuser("root@example.org", "a-long-test-password-42")
    factories.mfa_login(client, admin)
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200


def test_a_coordinator_cannot_change_a_superusers_password_or_account(coordinator_client, db):
    admin = User.objects.create_superuser("root@example.org", "a-long-test-password-42")
    password_url = reverse("admin:auth_user_password_change", args=[admin.pk])
    response = coordinator_client.post(
        password_url,
        {
            "password1": "taken-over-123456",
            "password2": "taken-over-123456",
            "usable_password": "true",
        },
    )
    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.check_password("a-long-test-password-42")
    response = coordinator_client.post(
        reverse("admin:accounts_user_change", args=[admin.pk]),
        {"email": "mine@example.org", "name": "x"},
    )
    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.email == "root@example.org"


def test_a_coordinator_can_still_edit_a_members_account(coordinator_client, bob):
    page = coordinator_client.get(reverse("admin:accounts_user_change", args=[bob.pk]))
    assert page.status_code == 200
    assert 'name="email"' in page.content.decode()


def test_the_language_filter_keeps_members_who_meet_in_that_language(
    coordinator_client, alice, bob
):
    factories.mentor(
        email="gwen@example.org", name="Gwen Griffiths", languages=factories.languages("cy")
    )
    url = reverse("admin:accounts_user_changelist")
    page = coordinator_client.get(url, {"profile__languages__code__exact": "cy"}).content.decode()
    assert "gwen@example.org" in page and "bob@example.org" not in page

    page = coordinator_client.get(url, {"profile__languages__code__exact": "en"}).content.decode()
    assert "bob@example.org" in page and "gwen@example.org" not in page


def test_the_region_filter_offers_each_region_once(coordinator_client, alice, bob, db):
    factories.mentor(email="hywel@example.org", name="Hywel Hughes", region="Glasgow")
    page = coordinator_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert page.count("?profile__region=Wales") == 1
    assert page.count("?profile__region=Glasgow") == 1
