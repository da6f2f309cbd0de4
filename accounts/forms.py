from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.form_fields import RowsChoiceField
from accounts.models import (
    MAX_CAPACITY,
    PHONE_VALIDATOR,
    Language,
    MemberProfile,
    Organisation,
    Skill,
)
from accounts.services import ProfileData

CAPACITY_MESSAGE = _("Choose how many mentees you can take at once: from 1 to 5.")
NO_GOALS_MESSAGE = _("Write at least one goal, so we can find you the right mentor.")
NO_SKILLS_OFFERED_MESSAGE = _("Choose at least one skill you can offer as a mentor.")
NO_FORMAT_MESSAGE = _("Choose at least one way you can meet: in person or remotely.")
ORGANISATION_SHARED_NOTE = _(
    "Other members belong to this co-op, so its type and stage are kept by the programme "
    "coordinators. Ask a coordinator to change them."
)


class SkillPicker(forms.CheckboxSelectMultiple):
    """Skills as checkboxes grouped by category, with a filter box that also matches synonyms."""

    template_name = "accounts/widgets/skill_picker.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.search_terms: dict[str, str] = {}
        # Set by skill_picker_fill: reads the terms when the picker is drawn, not before.
        self.search_terms_source: Callable[[], dict[str, str]] | None = None

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["search_terms"] = self.search_terms.get(str(option["value"]), "")
        return option

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        """With nothing ticked, the picker's markup depends only on what the key below holds, so
        each process draws it once (a hundred-odd options cost several milliseconds) and keeps it.
        The key holds the skills themselves, so an edited taxonomy is simply a new key."""
        if self.search_terms_source is not None:
            self.search_terms = self.search_terms_source()
        if ticked := self.format_value(value):
            self.choices = _ticked_first(list(self.choices), set(ticked))
            return super().render(name, value, attrs, renderer)
        self.choices = list(self.choices)  # one query, shared by the key and a first render
        key = (
            type(self),
            get_language(),
            name,
            tuple(sorted((k, str(v)) for k, v in self.build_attrs(self.attrs, attrs).items())),
            _choices_key(self.choices),
            tuple(sorted(self.search_terms.items())),
        )
        html = _UNTICKED_PICKERS.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(_UNTICKED_PICKERS) >= _UNTICKED_PICKERS_MAX:
                _UNTICKED_PICKERS.clear()
            _UNTICKED_PICKERS[key] = html
        return html


# Rendered unticked pickers by everything they depend on; a few per language and form.
_UNTICKED_PICKERS: dict[tuple[Any, ...], SafeString] = {}
_UNTICKED_PICKERS_MAX = 64


def _ticked_first(choices: list[Any], ticked: set[str]) -> list[Any]:
    """The member's own skills before the rest: categories holding a ticked skill first, and
    in each category its ticked skills first; otherwise the taxonomy's order is kept."""

    def holds_ticked(choice: tuple[Any, Any]) -> bool:
        value, label = choice
        if isinstance(label, (list, tuple)):
            return any(holds_ticked(option) for option in label)
        return str(value) in ticked

    def ordered(choice: tuple[Any, Any]) -> tuple[Any, Any]:
        value, label = choice
        if isinstance(label, (list, tuple)):
            return value, sorted(label, key=lambda option: not holds_ticked(option))
        return choice

    return sorted((ordered(choice) for choice in choices), key=lambda c: not holds_ticked(c))


def _choices_key(choices: list[Any]) -> tuple[Any, ...]:
    """The choices as plain strings, groups included, so they can be part of a cache key."""
    return tuple(
        (str(value), tuple((str(v), str(lbl)) for v, lbl in label))
        if isinstance(label, (list, tuple))
        else (str(value), str(label))
        for value, label in choices
    )


def skill_picker_fill(*fields: forms.Field) -> None:
    """Give each SkillPicker field the taxonomy grouped by category, with each skill's name,
    category and synonyms to filter on. The skills are read once, when the first picker is
    drawn: a form that is only validated (against the field's queryset) never reads them."""

    @cache
    def taxonomy() -> tuple[list[tuple[str, list[tuple[int, str]]]], dict[str, str]]:
        skills = list(Skill.objects.all())
        grouped: dict[str, list[tuple[int, str]]] = {}
        for skill in skills:
            grouped.setdefault(skill.category_label, []).append((skill.pk, skill.label))
        # Shown in the reader's language, found by the English names and synonyms too.
        terms = {
            str(s.pk): " ".join(
                dict.fromkeys([s.label, s.category_label, s.name, s.category, *s.synonym_list])
            )
            for s in skills
        }
        return list(grouped.items()), {pk: text.lower() for pk, text in terms.items()}

    for field in fields:
        field.choices = lambda: taxonomy()[0]
        field.widget.search_terms_source = lambda: taxonomy()[1]


def _skill_field(label: str, help_text: str) -> RowsChoiceField:
    return RowsChoiceField(
        queryset=Skill.objects.all(),
        required=False,
        widget=SkillPicker,
        label=label,
        help_text=help_text,
    )


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    role = forms.ChoiceField(
        label=_("I want to join as"), choices=MemberProfile.Role.choices, widget=forms.RadioSelect
    )
    organisation_name = forms.CharField(label=_("Your co-op or organisation"), max_length=200)
    organisation_kind = forms.ChoiceField(label=_("Type"), choices=Organisation.Kind.choices)
    organisation_stage = forms.ChoiceField(label=_("Stage"), choices=Organisation.Stage.choices)
    sector = forms.CharField(
        label=_("Sector"),
        max_length=100,
        required=False,
        help_text=_("For example food retail, housing, renewable energy."),
    )
    region = forms.CharField(
        label=_("Region"),
        max_length=100,
        required=False,
        help_text=_("Where you are, e.g. Wales, North West England, Glasgow."),
    )
    languages = RowsChoiceField(
        label=_("Languages you can meet in"),
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language you can meet in.")},
    )
    meets_in_person = forms.BooleanField(label=_("I can meet in person"), required=False)
    meets_remotely = forms.BooleanField(
        label=_("I can meet remotely (video or phone)"), required=False
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=MemberProfile._meta.get_field("time_zone").choices
    )
    # Asked of mentors only (shown with the mentor's fields); a mentee's saved value is kept.
    hours_per_month = forms.IntegerField(
        label=_("Hours a month you can give"),
        min_value=1,
        max_value=40,
        initial=2,
        required=False,
    )
    bio = forms.CharField(
        label=_("A short bio"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        max_length=40,
        required=False,
        validators=[PHONE_VALIDATOR],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    show_email = forms.BooleanField(
        label=_("Show my email address to the people I am paired with"),
        required=False,
        help_text=_(
            "Only the people you are paired with see what you choose to show, on your "
            "mentorship's page. Both are off unless you tick them."
        ),
    )
    show_phone = forms.BooleanField(
        label=_("Show my phone number to the people I am paired with"), required=False
    )

    skills_offered = _skill_field(
        _("Skills you offer"), _("Choose every skill you could help with.")
    )
    years_experience = forms.IntegerField(
        label=_("Years of co-op experience"), min_value=0, max_value=70, required=False
    )
    sectors_known = forms.CharField(
        label=_("Sectors you know"),
        max_length=300,
        required=False,
        help_text=_("Separate sectors with commas."),
    )
    capacity = forms.IntegerField(
        label=_("How many mentees you can take at once"),
        initial=1,
        validators=[
            MinValueValidator(1, CAPACITY_MESSAGE),
            MaxValueValidator(MAX_CAPACITY, CAPACITY_MESSAGE),
        ],
    )

    group_name = forms.CharField(
        label=_("Enterprise group name"),
        max_length=200,
        required=False,
        help_text=_(
            "If you are forming a co-op with others, name the group; you can then invite your co-founders."
        ),
    )
    goals = forms.CharField(
        label=_("Your goals"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What do you want to achieve with a mentor? One goal per line."),
    )
    skills_wanted = _skill_field(
        _("Skills you want help with"), _("Choose the skills you want to learn.")
    )
    conflicts = forms.CharField(
        label=_("Organisations you must not be paired with"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Conflicts of interest: one organisation per line."),
    )

    def __init__(self, *args: Any, organisation_shared: bool = False, **kwargs: Any) -> None:
        """`organisation_shared`: the member's co-op has other members, so its type and stage
        are shown as they are and not taken from the form (services.organisation_is_shared)."""
        super().__init__(*args, **kwargs)
        skill_picker_fill(self.fields["skills_offered"], self.fields["skills_wanted"])
        if organisation_shared:
            for name in ("organisation_kind", "organisation_stage"):
                self.fields[name].disabled = True
            self.fields["organisation_name"].help_text = ORGANISATION_SHARED_NOTE
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("About you"), "name", "role", "bio"),
            Fieldset(
                _("Your co-op"),
                "organisation_name",
                Div(
                    Div("organisation_kind", css_class="col-sm"),
                    Div("organisation_stage", css_class="col-sm"),
                    css_class="row",
                ),
                Div(
                    Div("sector", css_class="col-sm"),
                    Div("region", css_class="col-sm"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Meeting"),
                InlineCheckboxes("languages"),
                # A legend, not a paragraph: screen readers announce it with each checkbox.
                Fieldset(_("How you can meet"), "meets_in_person", "meets_remotely"),
                "time_zone",
            ),
            Fieldset(
                _("As a mentor"),
                Field("skills_offered", template="accounts/_picker_field.html"),
                Div(
                    Div("hours_per_month", css_class="col-sm"),
                    Div("years_experience", css_class="col-sm"),
                    Div("capacity", css_class="col-sm"),
                    css_class="row",
                ),
                "sectors_known",
                css_class="role-mentor",
            ),
            Fieldset(
                _("As a mentee"),
                "group_name",
                "goals",
                Field("skills_wanted", template="accounts/_picker_field.html"),
                css_class="role-mentee",
            ),
            Fieldset(_("Conflicts of interest"), "conflicts"),
            Fieldset(
                _("Contact details for the people you are paired with"),
                "phone",
                "show_email",
                "show_phone",
            ),
            Submit("save", _("Save profile")),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        role = data.get("role")
        if not (data.get("meets_in_person") or data.get("meets_remotely")):
            self.add_error("meets_remotely", NO_FORMAT_MESSAGE)
        as_mentor = role in {MemberProfile.Role.MENTOR, MemberProfile.Role.BOTH}
        as_mentee = role in {MemberProfile.Role.MENTEE, MemberProfile.Role.BOTH}
        if as_mentor and "skills_offered" in data and not data["skills_offered"]:
            self.add_error("skills_offered", NO_SKILLS_OFFERED_MESSAGE)
        if as_mentor and "hours_per_month" in data and data["hours_per_month"] is None:
            self.add_error(
                "hours_per_month", self.fields["hours_per_month"].error_messages["required"]
            )
        if not as_mentor:
            # Hidden for a mentee (the browser still sends it): what a mentor typed is kept.
            data["hours_per_month"] = None
        if as_mentee and "goals" in data and not data["goals"].strip():
            self.add_error("goals", NO_GOALS_MESSAGE)
        return data

    def to_profile_data(self) -> ProfileData:
        data = self.cleaned_data
        return ProfileData(
            name=data["name"].strip(),
            role=data["role"],
            organisation_name=data["organisation_name"],
            organisation_kind=data["organisation_kind"],
            organisation_stage=data["organisation_stage"],
            sector=data["sector"].strip(),
            region=data["region"].strip(),
            languages=data["languages"],
            meets_in_person=data["meets_in_person"],
            meets_remotely=data["meets_remotely"],
            time_zone=data["time_zone"],
            hours_per_month=data["hours_per_month"],
            bio=data["bio"].strip(),
            skills_offered=data["skills_offered"],
            years_experience=data["years_experience"],
            sectors_known=data["sectors_known"].strip(),
            capacity=data["capacity"],
            group_name=data["group_name"].strip(),
            goals=data["goals"],
            skills_wanted=data["skills_wanted"],
            conflict_names=[
                line.strip() for line in data["conflicts"].splitlines() if line.strip()
            ],
            phone=data["phone"].strip(),
            show_email=data["show_email"],
            show_phone=data["show_phone"],
        )

    @classmethod
    def initial_for(
        cls, profile: MemberProfile | None, *, name: str, role: str = ""
    ) -> dict[str, Any]:
        """The form's starting values for a member, from their saved profile if they have one;
        `role`, the one chosen before signing up, preselects the role of a new profile."""
        if profile is None:
            return {
                "role": role if role in MemberProfile.Role.values else None,
                "name": name,
                "time_zone": "Europe/London",
                "meets_remotely": True,
                "languages": ["en"],
            }
        mentee = profile.mentee_profile
        organisation = profile.organisation
        return {
            "name": name,
            "role": profile.role,
            "organisation_name": organisation.name if organisation else "",
            "organisation_kind": organisation.kind if organisation else Organisation.Kind.WORKER,
            "organisation_stage": organisation.stage if organisation else Organisation.Stage.IDEA,
            "sector": profile.sector,
            "region": profile.region,
            "languages": [lang.pk for lang in profile.languages.all()],
            "meets_in_person": profile.meets_in_person,
            "meets_remotely": profile.meets_remotely,
            "time_zone": profile.time_zone,
            "hours_per_month": profile.hours_per_month,
            "bio": profile.bio,
            "phone": profile.phone,
            "show_email": profile.show_email,
            "show_phone": profile.show_phone,
            "skills_offered": [s.pk for s in profile.skills_offered.all()],
            "years_experience": profile.years_experience,
            "sectors_known": profile.sectors_known,
            "capacity": profile.capacity,
            "group_name": mentee.group_name if mentee else "",
            "goals": mentee.goals if mentee else "",
            "skills_wanted": [s.pk for s in mentee.skills_wanted.all()] if mentee else [],
            "conflicts": "\n".join(o.name for o in profile.conflicts.all()),
        }


class GroupInvitationForm(forms.Form):
    email = forms.EmailField(label=_("Co-founder's email address"), max_length=254)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("email", Submit("invite", _("Send invitation")))


CONFIRM_PASSWORD_MESSAGE = _("That is not your password.")
CONFIRM_EMAIL_MESSAGE = _("That is not your email address.")


class AccountDeleteForm(forms.Form):
    """The member confirms with their password, or their email address if they have none."""

    confirmation = forms.CharField(max_length=254, strip=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["confirmation"]
        if user.has_usable_password():
            field.label = _("Type your password to confirm")
            field.widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        else:
            field.label = _("Type your email address to confirm")
            field.widget = forms.EmailInput(attrs={"autocomplete": "email"})

    def clean_confirmation(self) -> str:
        value = self.cleaned_data["confirmation"]
        if self.user.has_usable_password():
            if not self.user.check_password(value):
                raise forms.ValidationError(CONFIRM_PASSWORD_MESSAGE)
        elif value.strip().lower() != self.user.email.lower():
            raise forms.ValidationError(CONFIRM_EMAIL_MESSAGE)
        return value
