"""Size bounds: every text a member types has a length limit in its form (CharFields in the
database already have one), and a request too large for any of our forms is refused with 400.
"""

from __future__ import annotations

import inspect

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

import accounts.forms.account
import accounts.forms.profile
import matching.forms
import mentorship.forms
import mentorship.views.hours
from mentorship.models import Session
from tests.accounts.test_profile import _post as profile_post
from tests.mentorship.test_sessions import _log_post

FORM_MODULES = [
    accounts.forms.profile,
    accounts.forms.account,
    mentorship.forms,
    mentorship.views.hours,
    matching.forms,
]


def our_forms() -> list[type[forms.BaseForm]]:
    found = []
    for module in FORM_MODULES:
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_the_upload_limits_are_set():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000


def test_every_text_field_of_our_forms_has_a_maximum_length(db):
    forms_found = our_forms()
    assert len(forms_found) >= 15, [form.__name__ for form in forms_found]
    # Choices, numbers and dates are not CharFields: they have their own bounds. A UUIDField is
    # a CharField that accepts only a UUID, so its length is bounded by its form.
    unbounded = [
        f"{form.__name__}.{name}"
        for form in forms_found
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field, forms.UUIDField)
        and not field.max_length
    ]
    assert not unbounded


def test_an_over_long_bio_is_refused_beside_the_field_keeping_what_was_typed(alice_client):
    bio = "I keep the books. " * 119 + "And the minutes."  # 2,158 characters: the limit is 2,000
    response = alice_client.post(reverse("accounts:profile_edit"), profile_post(bio=bio))

    assert response.status_code == 200
    assert response.context["form"].errors["bio"] == [
        f"Ensure this value has at most 2000 characters (it has {len(bio)})."
    ]
    page = response.content.decode()
    assert bio.strip() in page
    assert 'id="error-summary"' in page


def test_an_over_long_session_summary_is_refused_keeping_the_log(pair, bob_client):
    summary = "We went through the cash book line by line. " * 200  # 9,000 characters: max 8,000
    when = timezone.now() - timezone.timedelta(days=1)
    response = bob_client.post(
        reverse("mentorship:session_log_new", args=[pair.pk]), _log_post(when, summary=summary)
    )

    assert response.status_code == 200
    assert "at most 8000 characters" in str(response.context["form"].errors["summary"])
    assert summary.strip() in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "name", ["accounts:profile_edit", "account_login", "mentorship:session_log_new"]
)
def test_a_request_body_over_one_mebibyte_is_refused_with_400(pair, bob_client, name):
    args = [pair.pk] if name == "mentorship:session_log_new" else []
    response = bob_client.post(
        reverse(name, args=args), {"bio": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )
    assert response.status_code == 400


def test_a_form_with_too_many_fields_is_refused_with_400(alice_client):
    data = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = alice_client.post(reverse("accounts:profile_edit"), data)
    assert response.status_code == 400
