from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import RowsChoiceField
from accounts.forms.skill_picker import SkillPicker, skill_picker_fill
from accounts.models import Skill
from mentorship.models import Goal, MeetingFormat, MeetingFrequency, Session, Side
from mentorship.services.sessions import ActionItemData, GoalProgress, SessionLog

DURATION_MESSAGE = _("Enter the length in minutes, from 5 to 600.")
PLACE_NEEDED = _("Say where you will meet in person.")
SESSION_YEARS = 5
SESSION_DATE_RANGE = _("Enter a date within five years of today.")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def within_session_years(value: datetime) -> None:
    """Refuse a session time more than five years away: it is a typing slip, and near the ends of
    the calendar (year 1, year 9999) showing it in a member's time zone overflows."""
    reach = timedelta(days=365 * SESSION_YEARS)
    now = timezone.now()
    try:
        near = now - reach <= value <= now + reach
    except OverflowError:
        near = False
    if not near:
        raise forms.ValidationError(SESSION_DATE_RANGE, code="out_of_range")


def _session_time_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeLocalInput(), validators=[within_session_years]
    )


def _yes_no_field(label: str, *, yes: str, no: str) -> forms.TypedChoiceField:
    """A question answered with one of two radio buttons, labelled `yes` and `no`, cleaned to
    True or False."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", yes), ("no", no)],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class AgreementForm(forms.Form):
    meeting_frequency = forms.ChoiceField(
        label=_("How often you will meet"), choices=MeetingFrequency.choices
    )
    meeting_format = forms.ChoiceField(label=_("How you will meet"), choices=MeetingFormat.choices)


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "why", "due_on", "measure"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "why": forms.Textarea(attrs={"rows": 2}),
            "measure": forms.Textarea(attrs={"rows": 2}),
        }


class ProfileGoalsForm(forms.Form):
    """The goals from the mentee's profile, each ticked and editable, to add in one go."""

    def __init__(self, *args: object, titles: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for i, title in enumerate(titles):
            self.fields[f"use_{i}"] = forms.BooleanField(
                label=_("Add this goal"), required=False, initial=True
            )
            self.fields[f"title_{i}"] = forms.CharField(
                label=_("Goal"), max_length=200, required=False, initial=title[:200]
            )
            self.rows.append((self[f"use_{i}"], self[f"title_{i}"]))

    def titles(self) -> list[str]:
        count = len(self.rows)
        data = self.cleaned_data
        return [data[f"title_{i}"] for i in range(count) if data.get(f"use_{i}")]


class GoalUpdateForm(forms.Form):
    progress = forms.ChoiceField(
        label=_("Progress"),
        choices=[("", _("(no change)")), *Goal.Progress.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _duration_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Length in minutes"),
        min_value=5,
        max_value=600,
        initial=60,
        error_messages={
            "min_value": DURATION_MESSAGE,
            "max_value": DURATION_MESSAGE,
            "invalid": DURATION_MESSAGE,
        },
    )


class ScheduleForm(forms.Form):
    starts_at = _session_time_field(_("Date and time (your time zone)"))
    duration_minutes = _duration_field()
    format = forms.ChoiceField(
        label=_("Format"), choices=Session.Format.choices, widget=forms.RadioSelect
    )
    place = forms.CharField(label=_("Place (in person)"), max_length=200, required=False)
    link = forms.URLField(
        label=_("Link (remote)"), max_length=500, required=False, assume_scheme="https"
    )
    agenda = forms.CharField(
        label=_("Agenda"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("format") == Session.Format.IN_PERSON and not data.get("place", "").strip():
            self.add_error("place", PLACE_NEEDED)
        return data


class ActionItemForm(forms.Form):
    description = forms.CharField(label=_("Next step"), max_length=300, required=False)
    owner = forms.ChoiceField(label=_("Who"), choices=Side.choices, required=False)
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


ActionItemFormSet = formset_factory(ActionItemForm, extra=3, max_num=10)


class SessionLogForm(forms.Form):
    """The mentor's log: shared parts first, the private note last and clearly marked."""

    starts_at = _session_time_field(_("When it started (your time zone)"))
    duration_minutes = _duration_field()
    format = forms.ChoiceField(
        label=_("Format"), choices=Session.Format.choices, widget=forms.RadioSelect
    )
    topics = RowsChoiceField(
        queryset=Skill.objects.all(), required=False, widget=SkillPicker, label=_("Topics")
    )
    summary = forms.CharField(
        label=_("Summary (shared with the mentee)"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    private_note = forms.CharField(
        label=_("Private note (only you will ever see this)"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # A new key each time the form is drawn: the same form sent twice is saved once.
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, goals: list[Goal] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_key"] = uuid4()
        # Grouped by category with a filter box, as on the profile form; submitted topics are
        # still checked against the field's queryset.
        skill_picker_fill(self.fields["topics"])
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=_("Progress on “%(goal)s”") % {"goal": goal.title},
                choices=[("", _("(not discussed)")), *Goal.Progress.choices],
                required=False,
            )

    def goal_fields(self) -> list[forms.BoundField]:
        return [self[f"goal_{goal.pk}"] for goal in self.goals]

    def clean_starts_at(self) -> datetime:
        starts_at = self.cleaned_data["starts_at"]
        if starts_at > timezone.now():
            raise forms.ValidationError(_("A session can only be logged once it has started."))
        return starts_at

    def to_log(self, action_items: ActionItemFormSet) -> SessionLog:
        data = self.cleaned_data
        return SessionLog(
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            format=data["format"],
            summary=data["summary"],
            topics=data["topics"],
            private_note=data["private_note"],
            submission_key=data.get("submission_key"),
            action_items=[
                ActionItemData(
                    description=f["description"],
                    owner=Side(f["owner"] or Side.MENTEE),
                    due_on=f["due_on"],
                )
                for f in action_items.cleaned_data
                if f.get("description")
            ],
            goals=[
                GoalProgress(goal=goal, progress=data[f"goal_{goal.pk}"])
                for goal in self.goals
                if data.get(f"goal_{goal.pk}")
            ],
        )


class ConfirmForm(forms.Form):
    happened = _yes_no_field(
        _("Did the session happen as logged?"),
        yes=_("Yes, it happened as logged"),
        no=_("No, not as logged"),
    )
    note = forms.CharField(
        label=_("What was different?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("Add your own reflection"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EndForm(forms.Form):
    completed = _yes_no_field(
        _("How is it ending?"),
        yes=_("We have finished: it is complete"),
        no=_("Ending early"),
    )
    reason = forms.CharField(
        label=_("Why? (no blame: this helps the coordinators)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FitCheckForm(forms.Form):
    good_fit = _yes_no_field(
        _("Is this pairing a good fit for you?"),
        yes=_("Yes, it is a good fit"),
        no=_("No, it is not working"),
    )
    comment = forms.CharField(
        label=_("Anything the coordinators should know? (optional)"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class ConcernForm(forms.Form):
    text = forms.CharField(
        label=_("What is your concern?"),
        help_text=_("Only the programme coordinators read this. The other party never sees it."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    message = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        help_text=_("Plain text; links become clickable. Everyone in your pairing reads it."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


RATING_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
BENEFIT_LABELS = {
    "advice": _("Advice from someone who has been there"),
    "expertise": _("Building my expertise"),
    "feedback": _("Honest feedback"),
    "communication": _("Communication skills"),
    "network": _("My network"),
    "career": _("My work and career"),
    "leadership": _("Leadership skills"),
    "perspective": _("A new perspective"),
    "satisfaction": _("Personal satisfaction"),
}


class FeedbackForm(forms.Form):
    """Ratings of what this side gains (1 = not at all, 5 = a great deal), and two-way learning."""

    def __init__(self, *args: Any, benefits: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.benefits = benefits
        for benefit in benefits:
            self.fields[benefit] = forms.TypedChoiceField(
                label=BENEFIT_LABELS[benefit],
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
        self.fields["learned"] = forms.CharField(
            label=_("What did you learn from the other?"),
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def ratings(self) -> dict[str, int]:
        return {benefit: self.cleaned_data[benefit] for benefit in self.benefits}


class ApplicationForm(forms.Form):
    """Applying to one cohort: the side (a choice only when the member may take both) and an
    answer to each of the programme's questions."""

    def __init__(self, *args: Any, questions: list[str], sides: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions, self.sides = questions, sides
        only = sides[0] if len(sides) == 1 else None
        self.fields["side"] = forms.ChoiceField(
            label=_("Apply as"),
            choices=[(side, Side(side).label) for side in sides],
            initial=only,
            required=only is None,
            widget=forms.HiddenInput if only else forms.RadioSelect,
        )
        for number, question in enumerate(questions):
            self.fields[f"answer_{number}"] = forms.CharField(
                label=question, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
            )

    def clean_side(self) -> str:
        # With one side to offer there is nothing to choose: the hidden field may come back empty.
        return self.cleaned_data["side"] or self.sides[0]

    def answers(self) -> dict[str, str]:
        return {q: self.cleaned_data[f"answer_{n}"] for n, q in enumerate(self.questions)}


class CohortInvitationsForm(forms.Form):
    """A coordinator's rows for a cohort, pasted or as a CSV file; the file's text is put back
    in the box, so a coordinator fixes a bad row there and sends the form again."""

    # A form's whole body may be 1 MB (DATA_UPLOAD_MAX_MEMORY_SIZE): the box is sent again
    # with a file's text in it, so a file may be no larger. 5,000 rows take about 300 KB.
    MAX_FILE_BYTES = 1_000_000

    rows = forms.CharField(
        label=_("Rows"),
        required=False,
        strip=False,
        max_length=MAX_FILE_BYTES,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80, "spellcheck": "false"}),
        help_text=_(
            "One person a line, after a first line naming the columns: name,email,role,co_op. "
            "The role is mentor or mentee; co_op (the person's co-op) may be left empty."
        ),
    )
    file = forms.FileField(
        label=_("Or a CSV file"),
        required=False,
        help_text=_("Its text replaces whatever is in the box above."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > self.MAX_FILE_BYTES:
                self.add_error("file", _("The file is larger than 1 MB; split it into several."))
                return cleaned
            try:
                cleaned["rows"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", _("Save the file as CSV in UTF-8, then choose it again."))
                return cleaned
            # Shown again in the box, whatever the outcome.
            self.data = self.data.copy()
            self.data["rows"] = cleaned["rows"]
        if not (cleaned.get("rows") or "").strip():
            self.add_error("rows", _("Paste some rows or choose a CSV file."))
        return cleaned
