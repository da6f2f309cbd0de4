"""The members list renders its rows in one pass each (accounts/admin/rows.py): the page must be
the one Django's own rows make, character for character, whoever looks and however it is
filtered, sorted or searched."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from tests import factories

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def members(alice, bob, dave, coordinator):
    """The cast, and the awkward cases: markup in a name, a blank name, no profile, no region,
    someone inactive."""
    factories.mentor(email="ann@example.org", name='<b>Ann & "Co"</b>', region="")
    factories.user(email="blank@example.org", name="   ")
    factories.user(email="gone@example.org", name="Gone", is_active=False)


def _page(client: Client, params: dict[str, str], *, stock: bool, monkeypatch) -> str:
    if stock:
        monkeypatch.setattr(
            admin.site._registry[User], "change_list_template", "admin/change_list.html"
        )
    response = client.get(reverse("admin:accounts_user_changelist"), params)
    monkeypatch.undo()
    assert response.status_code == 200
    return CSRF.sub("", response.content.decode())


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"role": "mentor"},
        {"o": "-3.1"},
        {"q": "example", "is_active__exact": "1"},
        {"has_mentor": "no", "o": "7"},
    ],
)
def test_the_members_list_shows_the_rows_django_would_for_a_coordinator(
    members, coordinator_client, params, monkeypatch
):
    ours = _page(coordinator_client, params, stock=False, monkeypatch=monkeypatch)
    assert ours == _page(coordinator_client, params, stock=True, monkeypatch=monkeypatch)
    assert 'id="result_list"' in ours
    if not params:
        assert "&lt;b&gt;Ann &amp; &quot;Co&quot;&lt;/b&gt;" in ours


def test_the_members_list_shows_the_rows_django_would_with_the_selection_boxes(
    members, django_user_model, monkeypatch
):
    # A superuser may delete members, so each row starts with the actions' checkbox.
    root = django_user_model.objects.create_superuser("root@example.org", "pw-Xy7-long")
    client = factories.mfa_login(Client(), root)
    ours = _page(client, {"role": "mentee"}, stock=False, monkeypatch=monkeypatch)
    assert ours == _page(client, {"role": "mentee"}, stock=True, monkeypatch=monkeypatch)
    assert 'class="action-checkbox"' in ours


def test_the_members_list_shows_each_role_in_the_readers_language(alice):
    # The labels are translated once a language, so a Welsh page must not get English ones.
    user_admin = admin.site._registry[User]
    with translation.override("cy"):
        assert user_admin.role(alice) == "Mentai"
    with translation.override("en-gb"):
        assert user_admin.role(alice) == "Mentee"
