"""REST endpoints: the guard (`POST /api/guard/check`) and drafts (create, check, apply a
rewrite, record a promise, send, discard) with the outbox, scoped to the token's member."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status

from followthrough.commitments.forms import find_contact
from followthrough.composer import services
from followthrough.composer.inbound import inbound_analysis_for
from followthrough.composer.models import Draft
from followthrough.composer.schemas import (
    DraftIn,
    DraftOut,
    DraftPatch,
    FindingOut,
    GuardCheckIn,
    GuardCheckOut,
    InboundOut,
    OutboxOut,
    PromiseRecordedOut,
    SendIn,
    SendOut,
    SpanIn,
)
from followthrough.composer.selectors import (
    access_draft,
    access_inbound,
    open_drafts,
    outbox_list,
)
from followthrough.contacts.models import Contact, Direction, Interaction
from followthrough.core.timeutil import is_valid_timezone, utcnow
from followthrough.guard import DraftContext, analyze_inbound, check_draft
from followthrough.guard.types import KINDS
from followthrough.workspaces.api import acting_member
from followthrough.workspaces.models import Member

guard_router = Router(tags=["guard"])
router = Router(tags=["drafts"])


def _contact(member: Member, text: str, field: str = "contact") -> Contact:
    contact = find_contact(member, text)
    if contact is None:
        raise ValidationError({field: f"No contact {text[:100]!r} in this workspace."})
    return contact


def _inbound(member: Member, code: str) -> Interaction | None:
    if not code:
        return None
    try:
        interaction = access_inbound(member, code)
    except Exception:
        raise ValidationError({"reply_to": f"No interaction {code[:20]!r}."}) from None
    return interaction


def _check_context(member: Member, p: GuardCheckIn, now: datetime) -> DraftContext:
    from dataclasses import replace

    if p.kind not in KINDS:
        raise ValidationError({"kind": f"Kind must be one of {', '.join(KINDS)}."})
    if p.timezone and not is_valid_timezone(p.timezone):
        raise ValidationError({"timezone": f"{p.timezone!r} is not an IANA timezone."})
    if p.received_at is not None and p.received_at.tzinfo is None:
        raise ValidationError({"received_at": "Give the time with its offset, e.g. Z."})
    answered = _inbound(member, p.reply_to)
    contact = _contact(member, p.contact) if p.contact else None
    if answered is not None and contact is None:
        contact = answered.contact
    ctx = services.guard_context(
        member=member,
        now=now,
        kind=p.kind,
        contact=contact,
        in_reply_to=answered,
        policy_tags=services.parse_tags(p.tags),
    )
    changes: dict[str, Any] = {}
    if p.timezone:
        changes["timezone"] = p.timezone
    if p.customer_days is not None:
        changes["customer_since_days"] = p.customer_days
    if answered is None and p.inbound_text.strip():
        changes["inbound_text"] = p.inbound_text
        changes["inbound_received_at"] = p.received_at
    return replace(ctx, **changes) if changes else ctx


@guard_router.post("/check", response=GuardCheckOut, summary="Check a draft with the guard")
def guard_check(request: HttpRequest, payload: GuardCheckIn) -> GuardCheckOut:
    """Findings for a text: rule, severity, character span, explanation, suggested rewrite,
    and for a promise what and when. Nothing is saved."""
    member = acting_member(request)
    ctx = _check_context(member, payload, utcnow())
    findings = check_draft(payload.text, ctx)
    inbound = ctx.inbound_analysis
    if inbound is None and ctx.inbound_text:
        inbound = analyze_inbound(ctx.inbound_text)
    return GuardCheckOut(
        blocked=any(f.severity == "block" for f in findings),
        findings=[FindingOut.of(f) for f in findings],
        inbound=InboundOut.of(inbound) if inbound is not None else None,
    )


# Drafts ----------------------------------------------------------------------------------


def _out(draft: Draft, *, check: bool = True) -> DraftOut:
    findings = None
    if check and draft.is_open:
        findings = services.draft_check(draft=draft, now=utcnow())
    elif check:
        return DraftOut.of(draft).model_copy(
            update={"findings": [FindingOut(**f) for f in draft.findings]}
        )
    return DraftOut.of(draft, findings)


@router.get("", response=list[DraftOut], summary="Your unsent drafts")
def list_drafts(request: HttpRequest, limit: int = 100) -> list[DraftOut]:
    member = acting_member(request)
    rows = open_drafts(member).select_related("author", "sent_interaction")
    return [DraftOut.of(d) for d in rows[: max(1, min(limit, 500))]]


@router.post("", response={201: DraftOut}, summary="Start a draft to a contact")
def create_draft(request: HttpRequest, payload: DraftIn) -> Status[Any]:
    member = acting_member(request)
    answered = _inbound(member, payload.reply_to)
    contact = _contact(member, payload.contact)
    draft = services.draft_create(
        author=member,
        contact=contact,
        now=utcnow(),
        kind=payload.kind,
        channel=payload.channel,
        subject=payload.subject,
        body=payload.body,
        policy_tags=payload.tags,
        in_reply_to=answered,
    )
    return Status(201, _out(access_draft(member, draft.code)))


@router.get("/outbox", response=list[OutboxOut], summary="What you sent, and its delivery")
def list_outbox(request: HttpRequest, limit: int = 100) -> list[OutboxOut]:
    rows = outbox_list(acting_member(request)).select_related("draft", "interaction")
    return [OutboxOut.of(o) for o in rows[: max(1, min(limit, 500))]]


@router.get("/{code}", response=DraftOut, summary="One draft, with the guard's findings")
def get_draft(request: HttpRequest, code: str) -> DraftOut:
    return _out(access_draft(acting_member(request), code))


@router.patch("/{code}", response=DraftOut, summary="Change a draft's text, kind or tags")
def patch_draft(request: HttpRequest, code: str, payload: DraftPatch) -> DraftOut:
    member = acting_member(request)
    draft = access_draft(member, code, write=True)
    services.draft_update(
        draft=draft,
        actor=member,
        now=utcnow(),
        subject=payload.subject,
        body=payload.body,
        kind=payload.kind,
        channel=payload.channel,
        policy_tags=payload.tags,
    )
    return _out(access_draft(member, code))


@router.post("/{code}/check", response=GuardCheckOut, summary="Check a draft with the guard")
def check_saved_draft(request: HttpRequest, code: str) -> GuardCheckOut:
    member = acting_member(request)
    draft = access_draft(member, code)
    findings = services.draft_check(draft=draft, now=utcnow(), record=True)
    answered = draft.in_reply_to
    inbound = None
    if answered is not None and answered.direction == Direction.INBOUND:
        inbound = InboundOut.of(inbound_analysis_for(answered))
    return GuardCheckOut(
        blocked=any(f.severity == "block" for f in findings),
        findings=[FindingOut.of(f) for f in findings],
        inbound=inbound,
    )


@router.post("/{code}/apply", response=DraftOut, summary="Apply a finding's suggested rewrite")
def apply_suggestion(request: HttpRequest, code: str, payload: SpanIn) -> DraftOut:
    member = acting_member(request)
    draft = access_draft(member, code, write=True)
    services.draft_apply_suggestion(
        draft=draft,
        actor=member,
        now=utcnow(),
        rule=payload.rule,
        start=payload.start,
        end=payload.end,
    )
    return _out(access_draft(member, code))


@router.post(
    "/{code}/promises",
    response={201: PromiseRecordedOut},
    summary="Record the promise a finding found, with its parsed due time",
)
def record_promise(request: HttpRequest, code: str, payload: SpanIn) -> Status[Any]:
    member = acting_member(request)
    draft = access_draft(member, code, write=True)
    c = services.draft_record_promise(
        draft=draft, actor=member, now=utcnow(), start=payload.start, end=payload.end
    )
    return Status(
        201,
        PromiseRecordedOut(commitment=c.code, what=c.what, due_at=c.due_at, due_text=c.due_text),
    )


@router.post(
    "/{code}/send",
    response={201: SendOut, 409: SendOut},
    summary="Send a draft (201), or learn why not (409: held, blocked, or confirm)",
)
def send_draft(request: HttpRequest, code: str, payload: SendIn | None = None) -> Status[Any]:
    member = acting_member(request)
    draft = access_draft(member, code, write=True)
    outcome = services.draft_send(
        draft=draft, actor=member, now=utcnow(), confirm=bool(payload and payload.confirm)
    )
    out = SendOut(
        sent=outcome.sent,
        reason=outcome.reason,
        message=services.outcome_message(outcome, member.timezone),
        hold_until=outcome.hold_until,
        interaction=outcome.interaction.code if outcome.interaction else None,
        outbox=outcome.outbox.code if outcome.outbox else None,
        findings=[FindingOut.of(f) for f in outcome.findings],
        draft=DraftOut.of(access_draft(member, code)),
    )
    return Status(201 if outcome.sent else 409, out)


@router.post("/{code}/discard", response=DraftOut, summary="Discard a draft")
def discard_draft(request: HttpRequest, code: str) -> DraftOut:
    member = acting_member(request)
    draft = access_draft(member, code, write=True)
    services.draft_discard(draft=draft, actor=member, now=utcnow())
    return DraftOut.of(access_draft(member, code))
