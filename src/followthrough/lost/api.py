"""REST endpoints for lost reasons and losses, scoped to the token's workspace."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status

from followthrough.commitments.forms import due_error, parse_due_for
from followthrough.contacts.selectors import access_contact
from followthrough.core.timeutil import utcnow
from followthrough.duetime import DueParseError
from followthrough.lost import selectors, services
from followthrough.lost.models import LostReason
from followthrough.lost.schemas import (
    CorrectiveIn,
    HeardIn,
    LossIn,
    LossOut,
    LostReasonIn,
    LostReasonOut,
)
from followthrough.workspaces import access
from followthrough.workspaces.api import acting_member
from followthrough.workspaces.models import Member

router = Router(tags=["lost"])


def _reason(member: Member, key: str) -> LostReason:
    for r in selectors.reasons_for(member.workspace):
        if r.key == key:
            return r
    raise ValidationError({"reason": f"{key[:40]!r} is not one of your workspace's reasons."})


def _corrective(
    member: Member, given: CorrectiveIn | None, now: datetime
) -> services.Corrective | None:
    if given is None:
        return None
    owner = member
    if given.owner:
        found = Member.objects.filter(workspace_id=member.workspace_id, code=given.owner).first()
        if found is None:
            raise ValidationError({"corrective.owner": "No such member in your workspace."})
        owner = found
    try:
        due_at = parse_due_for(owner, given.due, now=now)
    except DueParseError as exc:
        raise ValidationError({"corrective.due": due_error(given.due, exc)}) from None
    return services.Corrective(what=given.what.strip(), owner=owner, due_at=due_at)


@router.get("/reasons", response=list[LostReasonOut], summary="The workspace's lost reasons")
def list_reasons(request: HttpRequest) -> list[LostReasonOut]:
    member = acting_member(request)
    return [LostReasonOut.of(r) for r in selectors.reasons_for(member.workspace, with_retired=True)]


@router.post("/reasons", response={201: LostReasonOut}, summary="Add a reason (managers)")
def add_reason(request: HttpRequest, payload: LostReasonIn) -> Status[Any]:
    member = acting_member(request)
    access.require_manager(member)
    reason = services.reason_add(workspace=member.workspace, label=payload.label, ours=payload.ours)
    return Status(201, LostReasonOut.of(reason))


@router.get("", response=list[LossOut], summary="Losses, most recent first")
def list_losses(request: HttpRequest, limit: int = 100) -> list[LossOut]:
    member = acting_member(request)
    limit = max(1, min(limit, 500))
    return [LossOut.of(loss) for loss in selectors.losses(member)[:limit]]


@router.post("", response={201: LossOut}, summary="Mark a contact lost, with why")
def mark_lost(request: HttpRequest, payload: LossIn) -> Status[Any]:
    member = acting_member(request)
    contact = access_contact(member, payload.contact, write=True)
    now = utcnow()
    loss = services.contact_mark_lost(
        contact=contact,
        data=services.LossData(
            reason=_reason(member, payload.reason),
            verbatim=payload.verbatim,
            competitor=payload.competitor,
            corrective=_corrective(member, payload.corrective, now),
        ),
        actor=member,
        now=now,
    )
    return Status(201, LossOut.of(loss))


@router.get("/{code}", response=LossOut, summary="One loss")
def get_loss(request: HttpRequest, code: str) -> LossOut:
    return LossOut.of(selectors.access_loss(acting_member(request), code))


@router.post("/{code}/heard", response=LossOut, summary="What they said; revise the reason")
def heard(request: HttpRequest, code: str, payload: HeardIn) -> LossOut:
    member = acting_member(request)
    loss = selectors.access_loss(member, code)
    now = utcnow()
    loss = services.loss_hear(
        loss=loss,
        actor=member,
        now=now,
        said=payload.said,
        reason=_reason(member, payload.reason) if payload.reason else None,
        competitor=payload.competitor,
        corrective=_corrective(member, payload.corrective, now),
    )
    return LossOut.of(selectors.access_loss(member, loss.code))
