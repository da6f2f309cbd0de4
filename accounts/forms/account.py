"""The small forms of a member's account pages: inviting a co-founder to their enterprise
group, and confirming the deletion of their account."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _


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
