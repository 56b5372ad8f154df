"""The mark-lost and exit-conversation forms."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms

from followthrough.commitments.forms import due_error, parse_due_for
from followthrough.duetime import DueParseError
from followthrough.lost.models import LostReason
from followthrough.lost.services import Corrective
from followthrough.workspaces.models import Member


class _LossForm(forms.Form):
    reason = forms.ChoiceField(widget=forms.RadioSelect)
    competitor = forms.CharField(max_length=120, required=False, label="Which competitor?")
    corrective_what = forms.CharField(
        max_length=250, required=False, label="What we will do to put it right"
    )
    corrective_owner = forms.ChoiceField(required=False, label="Who")
    corrective_due = forms.CharField(
        max_length=100, required=False, label="By when", help_text="e.g. “by Friday”"
    )

    def __init__(
        self, *args: Any, member: Member, reasons: list[LostReason], now: datetime, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.member, self.now = member, now
        self.reasons = {str(r.pk): r for r in reasons}
        reason_field: Any = self.fields["reason"]
        reason_field.choices = [
            (str(r.pk), f"{r.label}{' (on us)' if r.ours else ''}") for r in reasons
        ]
        team = Member.objects.filter(workspace_id=member.workspace_id, is_active=True).order_by(
            "display_name"
        )
        self.team = {m.code: m for m in team}
        owner_field: Any = self.fields["corrective_owner"]
        owner_field.choices = [(m.code, m.display_name) for m in team]
        self.fields["corrective_owner"].initial = member.code

    def chosen_reason(self) -> LostReason | None:
        return self.reasons.get(self.cleaned_data.get("reason") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reason = self.chosen_reason()
        if reason is not None and reason.ours:
            what = (data.get("corrective_what") or "").strip()
            due = (data.get("corrective_due") or "").strip()
            if not what:
                self.add_error("corrective_what", "Say what we will do to put it right.")
            if not due:
                self.add_error("corrective_due", "Say by when.")
            else:
                owner = self.team.get(data.get("corrective_owner") or "", self.member)
                try:
                    data["corrective_due_at"] = parse_due_for(owner, due, now=self.now)
                except DueParseError as exc:
                    self.add_error("corrective_due", due_error(due, exc))
        return data

    def corrective(self) -> Corrective | None:
        reason = self.chosen_reason()
        if reason is None or not reason.ours or "corrective_due_at" not in self.cleaned_data:
            return None
        owner = self.team.get(self.cleaned_data.get("corrective_owner") or "", self.member)
        return Corrective(
            what=self.cleaned_data["corrective_what"].strip(),
            owner=owner,
            due_at=self.cleaned_data["corrective_due_at"],
        )


class MarkLostForm(_LossForm):
    verbatim = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        label="Their words, if they told you",
    )
    field_order = ["reason", "competitor", "verbatim"]


class HearForm(_LossForm):
    said = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        label="What they said, in their words",
    )
    field_order = ["said", "reason", "competitor"]


class ReasonForm(forms.Form):
    label = forms.CharField(max_length=120, label="New reason")
    ours = forms.BooleanField(required=False, label="Our fault (needs a corrective action)")
