from __future__ import annotations

from django import forms

from followthrough.core.timeutil import timezone_choices
from followthrough.workspaces.models import WEEKDAYS, Role


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


class MemberAddForm(MemberEditForm):
    email = forms.EmailField()
    password = forms.CharField(
        widget=forms.PasswordInput,
        min_length=10,
        help_text="At least 10 characters. Share it with them privately; they can change it.",
    )
    field_order = ["display_name", "email", "password", "role"]


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
