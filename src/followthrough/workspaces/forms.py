from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm
from django.http import HttpRequest

from followthrough.core.timeutil import timezone_choices
from followthrough.workspaces.auth import THROTTLED_MESSAGE, was_throttled
from followthrough.workspaces.models import WEEKDAYS, Role, User


class LoginForm(forms.Form):
    email = forms.EmailField(
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class MemberProfileForm(forms.Form):
    display_name = forms.CharField(max_length=150, label="Name")
    timezone = forms.ChoiceField(choices=timezone_choices)
    work_start = forms.TimeField(
        label="Working hours start", widget=forms.TimeInput(attrs={"type": "time"})
    )
    work_end = forms.TimeField(
        label="Working hours end", widget=forms.TimeInput(attrs={"type": "time"})
    )
    work_days = forms.MultipleChoiceField(
        choices=[(str(i + 1), d) for i, d in enumerate(WEEKDAYS)],
        widget=forms.CheckboxSelectMultiple,
        label="Working days",
    )
    skills = forms.CharField(
        max_length=500,
        required=False,
        help_text="Products or topics, comma separated (for routing).",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("work_start"), data.get("work_end")
        if start and end and end <= start:
            self.add_error("work_end", "Working hours must end after they start.")
        return data


class MemberEditForm(MemberProfileForm):
    role = forms.ChoiceField(choices=Role.choices)


class InvitationForm(forms.Form):
    """What a manager types to invite someone. Never a password: the invitee chooses theirs."""

    display_name = forms.CharField(max_length=150, label="Name")
    email = forms.EmailField(max_length=254)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.REP)


class NewPasswordForm(forms.Form):
    """A new password, typed twice, checked by the installation's password validators."""

    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="The same password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password2(self) -> str:
        one, two = self.cleaned_data.get("password1"), self.cleaned_data["password2"]
        if one and one != two:
            raise forms.ValidationError("The two passwords differ.")
        password_validation.validate_password(two, self.user)
        return str(two)


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """The profile's password change checks the old password through the throttled backend."""

    def __init__(self, user: User, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self) -> str:
        old = self.cleaned_data["old_password"]
        if authenticate(self.request, email=self.user.email, password=old) is None:
            if was_throttled(self.request):
                raise forms.ValidationError(THROTTLED_MESSAGE, code="throttled")
            raise forms.ValidationError(
                "Your current password was entered wrongly.", code="password_incorrect"
            )
        return str(old)


class ResetRequestForm(PasswordResetForm):
    """Django's reset form, also for an account that never had a password (added to a workspace
    before invitations existed): the link goes only to its own email."""

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(User.objects.filter(email__iexact=email.strip(), is_active=True))


class WorkspaceSettingsForm(forms.Form):
    name = forms.CharField(max_length=200, label="Business name")
    cooling_off_minutes = forms.IntegerField(
        min_value=0,
        max_value=24 * 60,
        label="Cooling-off period (minutes)",
        help_text="How long a reply to a heated message waits before it can be sent.",
    )


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, initial="API token", label="Token name")
