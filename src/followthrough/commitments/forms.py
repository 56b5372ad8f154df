from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from django import forms
from django.urls import reverse

from followthrough.commitments.models import FulfilledBy, Side
from followthrough.contacts.models import Contact
from followthrough.duetime import DueParseError, parse_due
from followthrough.workspaces.models import Member

DUE_HELP = (
    "In your words: “in ten minutes”, “3pm tomorrow”, “first thing Monday”, “by Friday”, "
    "“end of day”, “16/03”."
)
_ANGLE = re.compile(r"<([^>]+)>")


def parse_due_for(member: Member, text: str, *, now: datetime) -> datetime:
    """The member's words read in their timezone, their working day ending at their hour."""
    end = member.work_end if member.work_end > time(12, 0) else time(17, 0)
    start = member.work_start if member.work_start < end else time(9, 0)
    return parse_due(text, now=now, tz=member.timezone, end_of_day=end, start_of_day=start)


def due_error(text: str, exc: DueParseError) -> str:
    """One sentence: the words, why they cannot be read (said once), and what works."""
    return f"Could not read “{text.strip()[:60]}” as a time: {exc}. {DUE_HELP}"


def find_contact(member: Member, text: str) -> Contact | None:
    """A contact of the member's workspace named by its code, its email, or "Name <email>"."""
    text = text.strip()
    if m := _ANGLE.search(text):
        text = m.group(1).strip()
    if not text:
        return None
    qs = Contact.objects.filter(workspace_id=member.workspace_id)
    if "@" in text:
        return qs.filter(email=text.lower()).first()
    return qs.filter(code=text).first()


class PromiseForm(forms.Form):
    contact = forms.CharField(
        label="To whom",
        max_length=300,
        widget=forms.TextInput(attrs={"list": "promise-contacts", "autocomplete": "off"}),
        help_text="Their email, or pick from the list as you type.",
    )
    what = forms.CharField(
        label="What",
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "call back with pricing"}),
    )
    due = forms.CharField(
        label="By when",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "in ten minutes", "autocomplete": "off"}),
        help_text=DUE_HELP,
    )
    side = forms.ChoiceField(
        label="Whose promise",
        choices=[(Side.OURS, "I promised them"), (Side.THEIRS, "They promised us")],
        initial=Side.OURS,
        widget=forms.RadioSelect,
    )
    fulfilled_by = forms.ChoiceField(
        label="Kept by itself when I log",
        choices=FulfilledBy.choices,
        required=False,
    )

    def __init__(self, *args: Any, member: Member, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        self.now = now
        self.fields["due"].widget.attrs.update(
            {
                "hx-get": reverse("commitments:preview"),
                "hx-trigger": "input changed delay:300ms, load",
                "hx-target": "#due-preview",
                "hx-sync": "this:replace",
                "aria-describedby": "due-preview",
            }
        )
        self.fields["contact"].widget.attrs.update(
            {
                "hx-get": reverse("commitments:contact_options"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#promise-contacts",
            }
        )

    def clean_contact(self) -> Contact:
        found = find_contact(self.member, self.cleaned_data["contact"])
        if found is None:
            raise forms.ValidationError(
                "No contact with that email in your workspace. Pick one from the list."
            )
        return found

    def clean_due(self) -> datetime:
        text = self.cleaned_data["due"]
        try:
            return parse_due_for(self.member, text, now=self.now)
        except DueParseError as exc:
            raise forms.ValidationError(due_error(text, exc)) from None


class RenegotiateForm(forms.Form):
    due = forms.CharField(max_length=100, label="New time")
    told = forms.BooleanField(required=False, label="I have told them")
    note = forms.CharField(max_length=500, required=False)


class ReleaseForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Why it no longer stands")
