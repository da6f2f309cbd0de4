"""The fast crispy filters give crispy's own HTML, byte for byte, for every form the site renders
through `|as_crispy_field` or `|crispy`: unbound, bound with errors, in English and in Welsh."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from allauth.account import forms as account_forms
from allauth.core import context as allauth_context
from allauth.mfa.base import forms as mfa_forms
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cache import SessionStore
from django.template import engines
from django.test import RequestFactory
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.safestring import mark_safe

from accounts.forms.account import AccountDeleteForm
from accounts.models import User
from mentorship import forms as site_forms
from mentorship.models import Goal
from mentorship.project import crispy_fields
from mentorship.rules import MENTEE_BENEFITS, MENTOR_BENEFITS
from mentorship.templatetags.site_forms import ids_for
from mentorship.views.hours import ExpenseForm
from tests import crispy_check, factories

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# Values no field accepts quietly: too long for a short field, not a number, date or choice, and
# with markup that must come back escaped.
GARBAGE = '<b>"not valid" & ' + "x" * 300 + "</b>"


def _member() -> User:
    email = "crispy@example.org"
    return User.objects.filter(email=email).first() or factories.user(
        email=email, name="Crispy <Member>"
    )


def _goals() -> list[Goal]:
    return [Goal(pk=41, title="Price the <new> range"), Goal(pk=42, title="Hire")]


# Each builds the form as the site's view or template does, from the data given (None: unbound).
BUILDERS: dict[str, Callable[[object], forms.BaseForm]] = {
    "agreement": lambda data: site_forms.AgreementForm(data),
    "goal": lambda data: site_forms.GoalForm(data),
    "profile goals": lambda data: site_forms.ProfileGoalsForm(
        data, titles=["Grow the <co-op>", "Sell"]
    ),
    "goal update, one per goal": lambda data: ids_for(site_forms.GoalUpdateForm(data), 7),
    "schedule": lambda data: site_forms.ScheduleForm(data),
    "action item": lambda data: site_forms.ActionItemForm(data, prefix="items-0"),
    "session log": lambda data: site_forms.SessionLogForm(data, goals=_goals()),
    "confirm, one per session": lambda data: ids_for(site_forms.ConfirmForm(data), 3),
    "reflection, one per session": lambda data: ids_for(site_forms.ReflectionForm(data), 3),
    "end": lambda data: site_forms.EndForm(data),
    "fit check": lambda data: site_forms.FitCheckForm(data, auto_id="fit-%s"),
    "concern": lambda data: site_forms.ConcernForm(data),
    "message": lambda data: site_forms.MessageForm(data),
    "mentee feedback": lambda data: site_forms.FeedbackForm(data, benefits=MENTEE_BENEFITS),
    "mentor feedback": lambda data: site_forms.FeedbackForm(data, benefits=MENTOR_BENEFITS),
    "application": lambda data: site_forms.ApplicationForm(
        data, questions=["Why <now>?"], sides=["mentee", "mentor"], prefix="cohort-5"
    ),
    "cohort invitations": lambda data: site_forms.CohortInvitationsForm(data),
    "expense": lambda data: ExpenseForm(data),
    "account delete": lambda data: AccountDeleteForm(data, user=_member()),
    "login": lambda data: account_forms.LoginForm(data),
    "signup": lambda data: account_forms.SignupForm(data),
    "password reset": lambda data: account_forms.ResetPasswordForm(data),
    "password change": lambda data: account_forms.ChangePasswordForm(data=data, user=_member()),
    "password set": lambda data: account_forms.SetPasswordForm(data=data, user=_member()),
    "email add": lambda data: account_forms.AddEmailForm(data=data, user=_member()),
    "reauthenticate": lambda data: account_forms.ReauthenticateForm(data=data, user=_member()),
    "login code": lambda data: account_forms.RequestLoginCodeForm(data),
    "mfa authenticate": lambda data: mfa_forms.AuthenticateForm(data=data, user=_member()),
}


def _data(form: forms.BaseForm, kind: str) -> MultiValueDict | None:
    if kind == "unbound":
        return None
    if kind == "empty":
        return MultiValueDict()
    return MultiValueDict({form.add_prefix(name): [GARBAGE] for name in form.fields})


@pytest.fixture(params=["en", "cy"])
def language(request):
    # allauth's forms check their rate limits against the request they are validated in.
    http_request = RequestFactory().post("/")
    http_request.user = AnonymousUser()
    http_request.session = SessionStore()
    with translation.override(request.param), allauth_context.request_context(http_request):
        yield request.param


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["unbound", "empty", "garbage"])
@pytest.mark.parametrize("name", BUILDERS)
def test_every_site_form_renders_as_crispy_renders_it(name, kind, language):
    build = BUILDERS[name]
    data = _data(build(None), kind)

    form = build(data)
    for field in form:
        if crispy_fields.handles(field):
            fast, slow = crispy_check.field_both_ways(field)
            assert fast == slow, field.name
    fast, slow = crispy_check.form_both_ways(build(data))
    assert fast == slow


@pytest.mark.django_db
def test_the_fast_path_takes_every_session_log_field_but_the_topics():
    form = site_forms.SessionLogForm(goals=_goals())
    item = site_forms.ActionItemFormSet(prefix="items").forms[0]
    fast = [
        form["starts_at"],
        form["duration_minutes"],
        form["summary"],
        form["private_note"],
        form["submission_key"],
        form["format"],
        *form.goal_fields(),
        item["description"],
        item["owner"],
        item["due_on"],
    ]

    assert all(crispy_fields.handles(field) for field in fast)
    assert crispy_fields.handles(form["format"])
    # The skill picker's checkbox list is crispy's.
    assert not crispy_fields.handles(form["topics"])


class _Odd(forms.Form):
    """Fields the site's forms do not have yet, for what the fast path must still get right."""

    agree = forms.BooleanField(label="I <agree>", help_text="See <a href='#'>terms</a>")
    later = forms.BooleanField(required=False, widget=forms.CheckboxInput({"class": "x"}))
    grouped = forms.ChoiceField(
        choices=[("Fruit <&>", [("a", "Apple"), ("b", "B & B")]), ("c", "Cherry")], initial="b"
    )
    many = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two")], initial=[1, 2])
    maybe = forms.NullBooleanField()
    amount = forms.DecimalField(localize=True, initial=Decimal("1234.5"), disabled=True)
    day = forms.DateField(initial=date(2026, 12, 6), widget=forms.DateInput({"type": "date"}))
    email = forms.EmailField(widget=forms.EmailInput({"autofocus": True, "spellcheck": False}))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="<s>")
    safe = forms.CharField(initial=mark_safe("<b>kept</b>"), help_text=mark_safe("<i>ok</i>"))
    note = forms.CharField(widget=forms.Textarea({"aria-describedby": "elsewhere"}), label="")
    size = forms.TypedChoiceField(
        coerce=int,
        choices=[("Small <&>", [(1000, 1000), (2000, "Two <thousand>")]), (5000, "Big")],
        widget=forms.RadioSelect({"data-x": "y"}),
        help_text="Pick one",
        required=False,
    )
    side = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, label="")


@pytest.mark.parametrize(
    "data", [None, {"many": ["3"], "amount": "x", "day": "<no>", "size": "7", "side": "b"}]
)
def test_fields_the_site_has_not_used_yet_render_as_crispy_renders_them(data, language):
    for field in _Odd(data):
        assert crispy_fields.handles(field)
        fast, slow = crispy_check.field_both_ways(field)
        assert fast == slow, field.name
    fast, slow = crispy_check.form_both_ways(_Odd(data))
    assert fast == slow


def test_a_field_crispy_renders_itself_goes_to_crispy():
    class Upload(forms.Form):
        file = forms.FileField()
        when = forms.SplitDateTimeField()
        choices = forms.MultipleChoiceField(
            choices=[("a", "A")], widget=forms.CheckboxSelectMultiple
        )

    html = engines["django"].from_string(
        "{% load fast_crispy %}{{ form.file|as_crispy_field }}{{ form|crispy }}"
    )

    assert not any(crispy_fields.handles(field) for field in Upload())
    assert 'class="form-control"' in html.render({"form": Upload()})


def test_templates_load_the_fast_filters_unless_they_use_crispys_tag():
    for path in TEMPLATES.rglob("*.html"):
        if path.parent.name in {"bootstrap5", "layout"}:
            continue
        source = path.read_text()
        loads_crispy = re.search(r"{% load [^%]*\bcrispy_forms_(tags|filters)\b", source)
        if loads_crispy:
            assert "{% crispy " in source, f"{path.relative_to(TEMPLATES)} could load fast_crispy"
