"""Forms of the coordinators' matching pages: rejecting proposals, pairing two members by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import RowChoiceField
from accounts.models import MemberProfile, MenteeProfile, User
from mentorship.models import Cohort, Mentorship


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are these pairings rejected?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class PairingSearch(AutocompleteSelect):
    """A search box backed by the admin's autocomplete view, through the Mentorship field's own
    target and choices, so the page never lists every member of the programme.

    Its placeholder also names the box for screen readers while nothing is chosen (the label
    belongs to the hidden select)."""

    def __init__(self, field_name: str, placeholder: str) -> None:
        super().__init__(Mentorship._meta.get_field(field_name), admin.site)
        self.placeholder = placeholder

    def build_attrs(self, base_attrs: dict, extra_attrs: dict | None = None) -> dict:
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-placeholder"] = str(self.placeholder)
        return attrs


class ManualPairingForm(forms.Form):
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(),
        label=_("Cohort"),
        required=False,
        help_text=_("The pair joins this cohort: its term and reports follow the cohort's."),
    )
    mentor = RowChoiceField(
        queryset=User.objects.filter(
            profile__role__in=[MemberProfile.Role.MENTOR, MemberProfile.Role.BOTH]
        ),
        label=_("Mentor"),
        widget=PairingSearch("mentor", _("Search mentors by name, email or co-op")),
    )
    mentee = RowChoiceField(
        queryset=MenteeProfile.objects.all(),
        label=_("Mentee"),
        widget=PairingSearch("mentee", _("Search mentees by name, group or email")),
    )
    confirm = forms.BooleanField(
        required=False,
        label=_("I have read the score and any warnings: save this pairing"),
    )

    def __init__(
        self,
        *args: Any,
        members: QuerySet[User] | None = None,
        cohorts: QuerySet[Cohort] | None = None,
        **kwargs: Any,
    ) -> None:
        """`members`: those the coordinator may pair (the search boxes ask the admin, which
        narrows them the same way); a posted id outside them is refused like any bad choice.
        `cohorts`: the open cohorts of the coordinator's programmes."""
        super().__init__(*args, **kwargs)
        self.cohorts = list(cohorts) if cohorts is not None else []
        self.fields["cohort"].queryset = cohorts if cohorts is not None else Cohort.objects.none()
        if len(self.cohorts) == 1:
            self.fields["cohort"].initial = self.cohorts[0].pk
        if members is not None:
            mentor_field = self.fields["mentor"]
            mentee_field = self.fields["mentee"]
            mentor_field.queryset = mentor_field.queryset.filter(pk__in=members.values("pk"))
            in_scope = MemberProfile.objects.filter(user__in=members.values("pk"))
            mentee_field.queryset = mentee_field.queryset.filter(
                pk__in=in_scope.values("mentee_profile_id")
            )

    def clean_cohort(self) -> Cohort:
        # With one cohort to choose there is nothing to ask: it is the one.
        chosen = self.cleaned_data.get("cohort")
        if chosen is None and len(self.cohorts) == 1:
            return self.cohorts[0]
        if chosen is None:
            raise forms.ValidationError(_("Choose the cohort this pair joins."))
        return chosen


class RunStartForm(forms.Form):
    """Which cohort a matching run pairs, among those the coordinator may match."""

    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(),
        label=_("Cohort"),
        widget=forms.RadioSelect,
        help_text=_("Open cohorts of the programmes you coordinate that are ready for matching."),
    )

    def __init__(self, *args: Any, cohorts: QuerySet[Cohort], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cohort"]
        field.queryset = cohorts
        # One choice is no choice: it is ticked already.
        only = list(cohorts[:2])
        if len(only) == 1:
            field.initial = only[0].pk
