from django import forms
from django.urls import reverse

from mentorship.templatetags.site_forms import has_required_field


class _Optional(forms.Form):
    note = forms.CharField(required=False)
    token = forms.CharField(widget=forms.HiddenInput)  # required, but never seen


class _OneRequired(_Optional):
    name = forms.CharField()


def test_only_forms_with_a_visible_required_field_need_the_marker_explained():
    assert has_required_field(_OneRequired())
    assert not has_required_field(_Optional())
    assert not has_required_field(None)


def test_the_log_form_explains_the_required_marker_once(pair, bob_client):
    page = bob_client.get(reverse("mentorship:session_log_new", args=[pair.pk])).content.decode()

    assert page.count("Fields marked * must be filled in.") == 1
    assert page.index("Fields marked * must be filled in.") < page.index('name="starts_at"')
