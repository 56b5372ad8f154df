"""Every change to losses: the one way a contact is marked lost, with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from followthrough.commitments.models import Commitment
from followthrough.commitments.services import commitment_create
from followthrough.contacts.models import Contact, Stage, StageChange
from followthrough.contacts.services import contact_set_stage, recording_loss
from followthrough.lost.models import Loss, LossEvent, LostReason
from followthrough.lost.reasons import BUILT_IN
from followthrough.workspaces.models import Member, Workspace


def reasons_ensure(workspace: Workspace) -> None:
    """Give the workspace the built-in reasons (idempotent; safe with several workers)."""
    LostReason.objects.bulk_create(
        [
            LostReason(
                workspace=workspace,
                key=b.key,
                label=b.label,
                ours=b.ours,
                builtin=True,
                asks_competitor=b.asks_competitor,
                position=i,
            )
            for i, b in enumerate(BUILT_IN)
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def reason_add(*, workspace: Workspace, label: str, ours: bool = False) -> LostReason:
    """A reason of the workspace's own, added after the built-in ones."""
    label = " ".join(label.split())
    if not label or len(label) > 120:
        raise ValidationError({"label": "Name the reason in 1 to 120 characters."})
    key = slugify(label)[:40] or "reason"
    if LostReason.objects.filter(workspace=workspace, label__iexact=label).exists():
        raise ValidationError({"label": f"“{label}” is already a reason."})
    base, n = key, 2
    while LostReason.objects.filter(workspace=workspace, key=key).exists():
        key = f"{base[:36]}-{n}"
        n += 1
    return LostReason.objects.create(workspace=workspace, key=key, label=label, ours=ours)


@transaction.atomic
def reason_retire(*, reason: LostReason, now: datetime) -> LostReason:
    """Stop offering one of the workspace's own reasons (losses keep it). Built-ins stay."""
    if reason.builtin:
        raise ValidationError({"reason": "The built-in reasons cannot be removed."})
    reason.retired_at = now
    reason.save(update_fields=["retired_at", "updated_at"])
    return reason


@dataclass(frozen=True)
class Corrective:
    """What we will do about a loss that was our fault, by whom and by when."""

    what: str
    owner: Member
    due_at: datetime


@dataclass(frozen=True)
class LossData:
    reason: LostReason
    verbatim: str = ""
    competitor: str = ""
    corrective: Corrective | None = None


def _validate(contact: Contact, data: LossData) -> None:
    errors: dict[str, str] = {}
    if data.reason.workspace_id != contact.workspace_id or data.reason.retired_at:
        errors["reason"] = "Choose one of your workspace's reasons."
    if len(data.verbatim) > 5000:
        errors["verbatim"] = "Keep their words under 5,000 characters."
    if len(data.competitor) > 120:
        errors["competitor"] = "Keep the competitor's name under 120 characters."
    if data.reason.ours and data.corrective is None:
        errors["corrective"] = (
            f"“{data.reason.label}” is on us: say what we will do about it, who, and by when."
        )
    if data.corrective and data.corrective.owner.workspace_id != contact.workspace_id:
        errors["corrective_owner"] = "The owner must be a member of your workspace."
    if errors:
        raise ValidationError(errors)


def _corrective(
    contact: Contact, data: LossData, actor: Member, now: datetime
) -> Commitment | None:
    """An our-fault loss becomes a promise of ours: tracked to done like every other one."""
    if not data.reason.ours or data.corrective is None:
        return None
    c = data.corrective
    try:
        return commitment_create(
            owner=c.owner,
            contact=contact,
            what=f"Put right: {c.what}",
            due_at=c.due_at,
            now=now,
            actor=actor,
        )
    except ValidationError as exc:
        raise ValidationError({f"corrective_{k}": v for k, v in exc.message_dict.items()}) from None


@transaction.atomic
def contact_mark_lost(*, contact: Contact, data: LossData, actor: Member, now: datetime) -> Loss:
    """Mark a prospect or customer lost, with why. The only way a contact becomes lost."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if (
        contact.stage == Stage.LOST
        and Loss.objects.filter(contact=contact, ended_at__isnull=True).exists()
    ):
        raise ValidationError({"stage": f"{contact.name} is already marked lost."})
    _validate(contact, data)
    was_customer = contact.stage == Stage.CUSTOMER
    with recording_loss():
        contact_set_stage(
            contact=contact,
            stage=Stage.LOST,
            actor=actor,
            now=now,
            reason=data.reason.label,
        )
    change = StageChange.objects.filter(contact=contact, to_stage=Stage.LOST).first()
    Loss.objects.filter(contact=contact, ended_at__isnull=True).update(ended_at=now)
    loss = Loss.objects.create(
        workspace_id=contact.workspace_id,
        contact=contact,
        reason=data.reason,
        competitor=data.competitor.strip() if data.reason.asks_competitor else "",
        verbatim=data.verbatim.strip(),
        was_customer=was_customer,
        lost_at=now,
        recorded_by=actor,
        stage_change=change,
        corrective=_corrective(contact, data, actor, now),
    )
    LossEvent.objects.create(
        loss=loss,
        kind=LossEvent.Kind.RECORDED,
        at=now,
        by=actor,
        reason_to=data.reason.label,
        note=loss.verbatim,
    )
    return loss


@transaction.atomic
def loss_hear(
    *,
    loss: Loss,
    actor: Member,
    now: datetime,
    said: str,
    reason: LostReason | None = None,
    competitor: str = "",
    corrective: Corrective | None = None,
) -> Loss:
    """What the customer said in the exit conversation — which may change why we think they left."""
    loss = Loss.objects.select_for_update().get(pk=loss.pk)
    said = said.strip()
    if not said and (reason is None or reason == loss.reason):
        raise ValidationError({"said": "Write down what they said, in their words."})
    if len(said) > 5000:
        raise ValidationError({"said": "Keep their words under 5,000 characters."})
    if said:
        loss.verbatim = f"{loss.verbatim}\n\n{said}".strip() if loss.verbatim else said
        LossEvent.objects.create(loss=loss, kind=LossEvent.Kind.HEARD, at=now, by=actor, note=said)
    fields = ["verbatim", "updated_at"]
    if reason is not None and reason.pk != loss.reason_id:
        data = LossData(reason=reason, competitor=competitor, corrective=corrective)
        _validate(loss.contact, data)
        LossEvent.objects.create(
            loss=loss,
            kind=LossEvent.Kind.REVISED,
            at=now,
            by=actor,
            reason_from=loss.reason.label,
            reason_to=reason.label,
        )
        loss.reason = reason
        loss.competitor = competitor.strip() if reason.asks_competitor else ""
        fields += ["reason", "competitor"]
        if reason.ours and loss.corrective is None:
            loss.corrective = _corrective(loss.contact, data, actor, now)
            fields.append("corrective")
    loss.save(update_fields=fields)
    return loss


def end_loss_when_back(contact: Contact, stage: str, now: datetime) -> None:
    """A lost contact that becomes a prospect or customer again closes its loss (history stays)."""
    if stage == Stage.LOST:
        return
    for loss in Loss.objects.filter(contact=contact, ended_at__isnull=True):
        loss.ended_at = now
        loss.save(update_fields=["ended_at", "updated_at"])
        LossEvent.objects.create(loss=loss, kind=LossEvent.Kind.ENDED, at=now, reason_to=stage)
