from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms

from followthrough.contacts.models import (
    CallOutcome,
    Channel,
    Contact,
    Direction,
    Guidance,
    Kind,
    MeetingOutcome,
    Stage,
)
from followthrough.contacts.services import ContactData, InteractionData
from followthrough.workspaces.models import Member

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContactForm(forms.Form):
    first_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100, required=False)
    email = forms.EmailField(max_length=254, required=False)
    phone = forms.CharField(max_length=40, required=False)
    company_name = forms.CharField(max_length=200, required=False, label="Company")
    title = forms.CharField(max_length=150, required=False, label="Job title")
    owner = forms.ModelChoiceField(
        queryset=Member.objects.none(), required=False, to_field_name="code"
    )
    stage = forms.ChoiceField(choices=Stage.choices, initial=Stage.PROSPECT)
    referred_by = forms.ModelChoiceField(
        queryset=Contact.objects.none(),
        required=False,
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "Contact code"}),
        help_text="The code of the contact who referred them (from their page address).",
    )
    referred_by_partner = forms.CharField(
        max_length=200,
        required=False,
        label="Referred by (partner)",
        help_text="A networking partner who is not a contact.",
    )
    birthday = forms.DateField(required=False, widget=DATE)
    customer_since = forms.DateField(required=False, widget=DATE, help_text="First purchase.")
    guidance = forms.ChoiceField(choices=Guidance.choices, required=False, label="After the sale")
    preferred_channel = forms.ChoiceField(choices=Channel.choices, required=False)
    do_not_contact = forms.BooleanField(required=False)
    address = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(
        self, *args: object, member: Member, editing: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        owner = self.fields["owner"]
        ref = self.fields["referred_by"]
        if isinstance(owner, forms.ModelChoiceField) and isinstance(ref, forms.ModelChoiceField):
            owner.queryset = Member.objects.filter(workspace=member.workspace, is_active=True)
            ref.queryset = Contact.objects.filter(workspace=member.workspace)
        if editing:
            del self.fields["stage"]

    def to_data(self) -> ContactData:
        d = self.cleaned_data
        return ContactData(
            first_name=d["first_name"],
            last_name=d["last_name"],
            email=d["email"],
            phone=d["phone"],
            company_name=d["company_name"],
            title=d["title"],
            address=d["address"],
            notes=d["notes"],
            owner=d["owner"],
            referred_by=d["referred_by"],
            referred_by_partner=d["referred_by_partner"],
            birthday=d["birthday"],
            customer_since=d["customer_since"],
            guidance=d["guidance"] or "",
            preferred_channel=d["preferred_channel"] or "",
            do_not_contact=d["do_not_contact"],
        )


def contact_initial(c: Contact) -> dict[str, object]:
    return {
        "first_name": c.first_name,
        "last_name": c.last_name,
        "email": c.email,
        "phone": c.phone,
        "company_name": c.company.name if c.company else "",
        "title": c.title,
        "owner": c.owner.code if c.owner else None,
        "referred_by": c.referred_by.code if c.referred_by else None,
        "referred_by_partner": c.referred_by_partner,
        "birthday": c.birthday,
        "customer_since": c.customer_since,
        "guidance": c.guidance,
        "preferred_channel": c.preferred_channel,
        "do_not_contact": c.do_not_contact,
        "address": c.address,
        "notes": c.notes,
    }


class StageForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices)
    reason = forms.CharField(max_length=300, required=False)


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices, initial=Kind.CALL)
    direction = forms.ChoiceField(choices=Direction.choices, initial=Direction.OUTBOUND)
    call_outcome = forms.ChoiceField(
        choices=CallOutcome.choices, required=False, label="Call outcome"
    )
    meeting_outcome = forms.ChoiceField(
        choices=MeetingOutcome.choices, required=False, label="Meeting outcome"
    )
    occurred_at = forms.DateTimeField(
        required=False,
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Leave empty for now.",
    )
    subject = forms.CharField(max_length=300, required=False)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="What was said"
    )

    def to_data(self, *, now: datetime, tz: str) -> InteractionData:
        d = self.cleaned_data
        kind, direction = d["kind"], d["direction"]
        if kind == Kind.NOTE:
            direction = Direction.INTERNAL
        when = d["occurred_at"]
        if when is None:
            when = now
        elif when.tzinfo is None:
            when = when.replace(tzinfo=ZoneInfo(tz))
        else:
            # The form parsed it in the server's zone; the member typed their wall clock.
            when = when.replace(tzinfo=None).replace(tzinfo=ZoneInfo(tz))
        return InteractionData(
            kind=kind,
            direction=direction,
            occurred_at=when,
            subject=d["subject"],
            body=d["body"],
            call_outcome=d["call_outcome"] if kind == Kind.CALL else "",
            meeting_outcome=d["meeting_outcome"] if kind == Kind.MEETING else "",
        )
