"""REST endpoints for the promise ledger, scoped to the token's workspace."""

from __future__ import annotations

import math
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router

from followthrough.commitments import services
from followthrough.commitments.forms import due_error, find_contact, parse_due_for
from followthrough.commitments.models import Commitment
from followthrough.commitments.schemas import (
    CommitmentEventOut,
    CommitmentIn,
    CommitmentOut,
    CommitmentPage,
    CommitmentPatch,
    KeepIn,
    ReleaseIn,
    RenegotiateIn,
    StandingOut,
)
from followthrough.commitments.selectors import (
    CommitmentFilters,
    access_commitment,
    commitment_history,
    commitment_list,
    standing_of,
)
from followthrough.contacts.models import Interaction
from followthrough.core.schemas import InSchema
from followthrough.core.timeutil import utcnow
from followthrough.duetime import DueParseError
from followthrough.workspaces import access
from followthrough.workspaces.api import acting_member
from followthrough.workspaces.models import Member
from followthrough.workspaces.selectors import access_member

router = Router(tags=["promises"])


class CommitmentQuery(InSchema):
    member: str = ""
    state: str = ""
    side: str = ""
    contact: str = ""
    needs_attention: bool = False
    page: int = 1
    page_size: int = 50


def _due(member: Member, text: str, due_at: datetime | None, *, now: datetime) -> datetime:
    if due_at is not None:
        if due_at.tzinfo is None:
            raise ValidationError({"due_at": "Give the time with its offset, e.g. +01:00 or Z."})
        return due_at
    if not text.strip():
        raise ValidationError({"due": "Say when: give due (plain words) or due_at (ISO 8601)."})
    try:
        return parse_due_for(member, text, now=now)
    except DueParseError as exc:
        raise ValidationError({"due": due_error(text, exc)}) from None


def _owner(actor: Member, code: str | None) -> Member:
    if not code or code == actor.code:
        return actor
    if not actor.is_manager:
        raise ValidationError({"owner": "Only managers can record promises for others."})
    try:
        return access_member(actor, code)
    except Exception:
        raise ValidationError({"owner": f"No member with code {code!r}."}) from None


@router.get("", response=CommitmentPage, summary="List promises")
def list_commitments(request: HttpRequest, query: Query[CommitmentQuery]) -> CommitmentPage:
    actor = acting_member(request)
    owner = access.ledger_owner(actor, query.member, about_contact=bool(query.contact))
    contact_id = None
    if query.contact:
        contact = find_contact(actor, query.contact)
        contact_id = contact.pk if contact else -1
    filters = CommitmentFilters(
        owner=owner,
        state=query.state,
        side=query.side,
        contact_id=contact_id,
        needs_attention=query.needs_attention,
    )
    size = max(1, min(query.page_size, 200))
    paginator = Paginator(commitment_list(actor, filters).select_related("renegotiated_from"), size)
    pages = max(1, math.ceil(paginator.count / size))
    page = max(1, min(query.page, pages))
    rows = paginator.page(page).object_list
    return CommitmentPage(
        count=paginator.count, page=page, pages=pages, results=[CommitmentOut.of(c) for c in rows]
    )


@router.post("", response={201: CommitmentOut}, summary="Record a promise")
def create_commitment(request: HttpRequest, payload: CommitmentIn) -> tuple[int, CommitmentOut]:
    actor = acting_member(request)
    now = utcnow()
    owner = _owner(actor, payload.owner)
    contact = find_contact(actor, payload.contact)
    if contact is None:
        raise ValidationError({"contact": f"No contact {payload.contact!r} in this workspace."})
    about = None
    if payload.about:
        about = Interaction.objects.filter(workspace=actor.workspace, code=payload.about).first()
        if about is None:
            raise ValidationError({"about": f"No interaction {payload.about!r}."})
    c = services.commitment_create(
        owner=owner,
        contact=contact,
        what=payload.what,
        due_at=_due(owner, payload.due, payload.due_at, now=now),
        now=now,
        actor=actor,
        side=payload.side,
        due_text=payload.due,
        fulfilled_by=payload.fulfilled_by,
        about=about,
    )
    return 201, CommitmentOut.of(c)


@router.get("/credibility", response=StandingOut, summary="Credibility and kept-rates")
def credibility(request: HttpRequest, member: str = "") -> StandingOut:
    actor = acting_member(request)
    subject = access.scored_member(actor, member)
    return StandingOut.of(subject.code, standing_of(subject, now=utcnow()))


def _out(c: Commitment) -> CommitmentOut:
    return CommitmentOut.of(
        Commitment.objects.select_related("owner", "contact", "renegotiated_from").get(pk=c.pk)
    )


@router.get("/{code}", response=CommitmentOut, summary="One promise")
def get_commitment(request: HttpRequest, code: str) -> CommitmentOut:
    return _out(access_commitment(acting_member(request), code))


@router.patch("/{code}", response=CommitmentOut, summary="Reword a promise or what fulfils it")
def patch_commitment(request: HttpRequest, code: str, payload: CommitmentPatch) -> CommitmentOut:
    actor = acting_member(request)
    c = access_commitment(actor, code, write=True)
    c = services.commitment_edit(
        commitment=c,
        actor=actor,
        now=utcnow(),
        what=payload.what if payload.what is not None else c.what,
        fulfilled_by=payload.fulfilled_by if payload.fulfilled_by is not None else c.fulfilled_by,
    )
    return _out(c)


@router.get("/{code}/events", response=list[CommitmentEventOut], summary="A promise's history")
def list_events(request: HttpRequest, code: str) -> list[CommitmentEventOut]:
    c = access_commitment(acting_member(request), code)
    return [CommitmentEventOut.of(e) for e in commitment_history(c)]


@router.post("/{code}/keep", response=CommitmentOut, summary="Mark a promise kept (or done late)")
def keep(request: HttpRequest, code: str, payload: KeepIn | None = None) -> CommitmentOut:
    actor = acting_member(request)
    c = access_commitment(actor, code, write=True)
    note = payload.note if payload else ""
    return _out(services.commitment_keep(commitment=c, actor=actor, now=utcnow(), note=note))


@router.post(
    "/{code}/renegotiate",
    response={201: CommitmentOut},
    summary="Record a new time the customer was told; returns the new promise",
)
def renegotiate(
    request: HttpRequest, code: str, payload: RenegotiateIn
) -> tuple[int, CommitmentOut]:
    actor = acting_member(request)
    c = access_commitment(actor, code, write=True)
    now = utcnow()
    new = services.commitment_renegotiate(
        commitment=c,
        actor=actor,
        now=now,
        new_due_at=_due(c.owner, payload.due, payload.due_at, now=now),
        told=payload.told,
        due_text=payload.due,
        note=payload.note,
    )
    return 201, _out(new)


@router.post("/{code}/release", response=CommitmentOut, summary="Release a promise")
def release(request: HttpRequest, code: str, payload: ReleaseIn) -> CommitmentOut:
    actor = acting_member(request)
    c = access_commitment(actor, code, write=True)
    c = services.commitment_release(commitment=c, actor=actor, now=utcnow(), reason=payload.reason)
    return _out(c)
