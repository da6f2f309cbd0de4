"""The home page's "Find a mentor" / "Become a mentor" choice survives sign-up and email
confirmation and preselects the role on the profile form."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.test_signup import PASSWORD, _confirmation_link


def _signup_link(client, button: str) -> str:
    home = client.get(reverse("home")).content.decode()
    match = re.search(rf'href="([^"]+)">{button}</a>', home)
    assert match, home
    return unescape(match.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("button", "role"), [("Find a mentor", "mentee"), ("Become a mentor", "mentor")]
)
def test_the_role_chosen_on_the_home_page_is_preselected_after_signing_up(client, button, role):
    chosen = f"{reverse('accounts:profile_edit')}?role={role}"
    form = client.get(_signup_link(client, button)).content.decode()
    assert f'name="next" value="{chosen}"' in unescape(form)  # allauth carries it through the form

    client.post(
        reverse("account_signup"),
        {"email": "nia@example.org", "password1": PASSWORD, "password2": PASSWORD, "next": chosen},
    )
    confirmed = client.post(_confirmation_link(mail.outbox[-1]), follow=True)

    assert confirmed.redirect_chain[-1][0] == chosen
    assert confirmed.context["form"]["role"].value() == role
    assert re.search(rf'value="{role}"[^>]*checked', confirmed.content.decode())


def test_a_made_up_role_preselects_nothing(client, dave):
    client.force_login(dave)
    dave.profile.delete()

    page = client.get(reverse("accounts:profile_edit"), {"role": "admin"})

    assert page.context["form"]["role"].value() is None
