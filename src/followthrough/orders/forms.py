"""Forms for the reps' order pages and the customer's choice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from followthrough.contacts.models import Contact
from followthrough.orders import rules
from followthrough.orders.models import RECORDABLE_KINDS, EventKind, OrderLine, Problem
from followthrough.orders.services import EventData, LineData
from followthrough.orders.telling import HOW_CHOICES
from followthrough.workspaces.models import Member

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
EVENT_CHOICES = [(k, EventKind(k).label) for k in RECORDABLE_KINDS]


def wall_clock(value: datetime | None, *, now: datetime, tz: str) -> datetime:
    """A datetime-local value as the member's wall clock (the form parses it in UTC)."""
    if value is None:
        return now
    return value.replace(tzinfo=None).replace(tzinfo=ZoneInfo(tz))


class OrderForm(forms.Form):
    contact = forms.CharField(
        max_length=254,
        help_text="The customer's email address, or their contact code.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    number = forms.CharField(max_length=64, label="Order number", help_text="e.g. #1001")
    promised_date = forms.DateField(required=False, widget=DATE, label="Promised for")
    expected_date = forms.DateField(
        required=False, widget=DATE, label="Expected", help_text="Leave empty: as promised."
    )
    total = forms.DecimalField(required=False, max_digits=12, decimal_places=2, min_value=0)
    currency = forms.CharField(max_length=3, required=False, help_text="e.g. EUR")

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_contact(self) -> Contact:
        text = self.cleaned_data["contact"].strip()
        qs = Contact.objects.filter(workspace_id=self.member.workspace_id)
        found = qs.filter(email=text.lower()).first() if "@" in text else None
        if found is None:
            found = qs.filter(code=text).first()
        if found is None:
            raise forms.ValidationError(f"No contact with the email or code {text!r}.")
        return found

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()


class LineForm(forms.Form):
    product = forms.CharField(max_length=300, required=False)
    sku = forms.CharField(max_length=100, required=False, label="SKU")
    quantity = forms.IntegerField(min_value=1, max_value=1_000_000, initial=1, required=False)
    back_ordered = forms.BooleanField(required=False, label="Back-ordered")

    def to_data(self) -> LineData | None:
        d = self.cleaned_data
        if not d.get("product"):
            return None
        status = rules.BACK_ORDERED if d.get("back_ordered") else rules.IN_STOCK
        return LineData(d["product"], d.get("quantity") or 1, d.get("sku") or "", status)


LineFormSet = forms.formset_factory(LineForm, extra=4, max_num=200)


class EventForm(forms.Form):
    kind = forms.ChoiceField(choices=EVENT_CHOICES, label="What happened")
    lines = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: the lines it usually concerns.",
    )
    expected_date = forms.DateField(required=False, widget=DATE, label="New expected date")
    reason = forms.CharField(max_length=500, required=False)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Note to the customer",
        help_text="Shown on their order page.",
    )
    at = forms.DateTimeField(required=False, widget=WHEN, label="When", help_text="Empty: now.")

    def __init__(self, *args: Any, lines: list[OrderLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lines"].choices = [  # type: ignore[attr-defined]
            (str(line.position), f"{line.quantity} x {line.product}") for line in lines
        ]

    def to_data(self, *, now: datetime, tz: str) -> EventData:
        d = self.cleaned_data
        return EventData(
            kind=d["kind"],
            at=wall_clock(d.get("at"), now=now, tz=tz),
            lines=tuple(d.get("lines") or ()),
            expected_date=d.get("expected_date"),
            reason=d.get("reason") or "",
            note=d.get("note") or "",
        )


class TellForm(forms.Form):
    how = forms.ChoiceField(choices=HOW_CHOICES, label="How")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="What you told them",
    )
    options = forms.MultipleChoiceField(
        required=False,
        choices=list(rules.OPTIONS.items()),
        widget=forms.CheckboxSelectMultiple,
        label="Options offered",
    )


class InvoiceForm(forms.Form):
    number = forms.CharField(max_length=64, label="Invoice number")
    amount = forms.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal(0))
    currency = forms.CharField(max_length=3, required=False)
    due_date = forms.DateField(widget=DATE, label="Due")
    issued_on = forms.DateField(
        widget=DATE, required=False, label="Issued", help_text="Empty: today."
    )


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=Member.objects.none(), required=False, to_field_name="code", label="Owner"
    )

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Member.objects.filter(  # type: ignore[attr-defined]
            workspace_id=member.workspace_id, is_active=True
        ).order_by("display_name")


class ChoiceForm(forms.Form):
    """The customer's pick on their order page: one choice for what went wrong."""

    choice = forms.ChoiceField(widget=forms.RadioSelect, label="What would you prefer?")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        label="Anything we should know? (optional)",
    )

    def __init__(self, *args: Any, problems: Sequence[Problem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = rules.options_of_all(
            [p.options_offered or rules.options_for(p.kind) for p in problems]
        )
        kinds = {p.kind for p in problems}
        kind = kinds.pop() if len(kinds) == 1 else ""
        self.fields["choice"].choices = [  # type: ignore[attr-defined]
            (key, rules.option_label(key, kind)) for key in offered
        ]
