"""The profile form: who the member is, their co-op, how they meet, and what they offer as a
mentor or seek as a mentee, with the rules that depend on the role they choose."""

from __future__ import annotations

from typing import Any

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import RowsChoiceField
from accounts.forms.skill_picker import skill_picker_fill, skills_field
from accounts.models import (
    MAX_CAPACITY,
    PHONE_VALIDATOR,
    Language,
    MemberProfile,
    Organisation,
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


class ProfileForm(forms.Form):
    """A member's profile, for onboarding and later edits; the service takes its to_profile_data()."""

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

    skills_offered = skills_field(
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
    skills_wanted = skills_field(
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
        self.helper.layout = _profile_layout()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        role = data.get("role")
        if not (data.get("meets_in_person") or data.get("meets_remotely")):
            self.add_error("meets_remotely", NO_FORMAT_MESSAGE)
        as_mentor = role in MemberProfile.MENTOR_ROLES
        as_mentee = role in MemberProfile.MENTEE_ROLES
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


def _row(*names: str) -> Div:
    """Fields side by side on a wide screen, one under another on a narrow one."""
    return Div(*(Div(name, css_class="col-sm") for name in names), css_class="row")


def _profile_layout() -> Layout:
    """The form in fieldsets; the mentor's and the mentee's are shown by role (profile-form.js)."""
    return Layout(
        Fieldset(_("About you"), "name", "role", "bio"),
        Fieldset(
            _("Your co-op"),
            "organisation_name",
            _row("organisation_kind", "organisation_stage"),
            _row("sector", "region"),
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
            _row("hours_per_month", "years_experience", "capacity"),
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
