"""API shapes for the guard and drafts."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from followthrough.composer.models import Draft, OutboxEntry
from followthrough.composer.services import MAX_BODY
from followthrough.core.schemas import InSchema
from followthrough.guard import Finding, InboundAnalysis


class GuardCheckIn(InSchema):
    text: str = Field(..., max_length=MAX_BODY, description="The draft to check.")
    kind: str = Field(
        "reply",
        description="reply, new, greeting, after_sale, check_in, exit_conversation, chaser "
        "or feedback_ask",
    )
    reply_to: str = Field(
        "",
        max_length=16,
        description="Code of the inbound interaction it answers: its text, reading and "
        "arrival time (for cooling-off) come from the timeline.",
    )
    inbound_text: str = Field(
        "", max_length=MAX_BODY, description="Or: the text it answers, when not on a timeline."
    )
    received_at: datetime | None = Field(
        None, description="When inbound_text arrived (ISO 8601 with offset)."
    )
    contact: str = Field(
        "", max_length=254, description="Contact code or email: how long they have been a customer."
    )
    customer_days: int | None = Field(
        None, ge=0, le=100_000, description="Or: days since their first order."
    )
    tags: list[str] = Field(default_factory=list, max_length=10, description="e.g. no-offer")
    timezone: str = Field("", max_length=64, description="IANA zone; default: yours.")


class PromiseOut(Schema):
    what: str
    due: datetime
    due_text: str


class FindingOut(Schema):
    rule: str
    severity: str
    start: int
    end: int
    message: str
    suggestion: str | None
    promise: PromiseOut | None

    @staticmethod
    def of(f: Finding) -> FindingOut:
        promise = None
        if f.data is not None:
            promise = PromiseOut(what=f.data.what, due=f.data.due, due_text=f.data.due_text)
        return FindingOut(
            rule=f.rule,
            severity=f.severity,
            start=f.start,
            end=f.end,
            message=f.message,
            suggestion=f.suggestion,
            promise=promise,
        )


class InboundOut(Schema):
    unhappy: bool
    anger: float
    heated: bool
    sentiment: str
    category: str
    urgency: str
    questions: list[str]
    is_complaint: bool
    reasons: list[str]

    @staticmethod
    def of(a: InboundAnalysis) -> InboundOut:
        return InboundOut(
            unhappy=a.unhappy,
            anger=round(a.anger, 3),
            heated=a.heated,
            sentiment=a.sentiment,
            category=a.category,
            urgency=a.urgency,
            questions=list(a.questions),
            is_complaint=a.is_complaint,
            reasons=list(a.reasons),
        )


class GuardCheckOut(Schema):
    blocked: bool = Field(..., description="True when any finding blocks sending.")
    findings: list[FindingOut]
    inbound: InboundOut | None = Field(None, description="How the message answered reads.")


class DraftIn(InSchema):
    contact: str = Field(..., max_length=254, description="Contact code or email address.")
    reply_to: str = Field("", max_length=16, description="Code of the interaction it answers.")
    kind: str = Field("", description="Default: reply when answering, else new.")
    channel: str = Field("email", description="email or message")
    subject: str = Field("", max_length=300)
    body: str = Field("", max_length=MAX_BODY)
    tags: list[str] = Field(default_factory=list, max_length=10)


class DraftPatch(InSchema):
    subject: str | None = Field(None, max_length=300)
    body: str | None = Field(None, max_length=MAX_BODY)
    kind: str | None = None
    channel: str | None = None
    tags: list[str] | None = Field(None, max_length=10)


class SpanIn(InSchema):
    rule: str = Field("", max_length=40, description="The finding's rule (apply only).")
    start: int = Field(..., ge=0, le=MAX_BODY)
    end: int = Field(..., ge=0, le=MAX_BODY)


class SendIn(InSchema):
    confirm: bool = Field(
        False, description="One more read: required to send a reply that was held."
    )


class DraftOut(Schema):
    code: str
    contact: str
    reply_to: str | None
    author: str
    kind: str
    channel: str
    tags: list[str]
    subject: str
    body: str
    status: str
    hold_until: datetime | None
    held: bool
    changed_after_hold: bool
    suggestions_applied: int
    sent_at: datetime | None
    interaction: str | None
    created_at: datetime
    updated_at: datetime
    findings: list[FindingOut] | None = Field(
        None, description="The guard's findings now (one draft), or as sent."
    )

    @staticmethod
    def of(d: Draft, findings: list[Finding] | None = None) -> DraftOut:
        return DraftOut(
            code=d.code,
            contact=d.contact.code,
            reply_to=d.in_reply_to.code if d.in_reply_to else None,
            author=d.author.code,
            kind=d.kind,
            channel=d.channel,
            tags=sorted(d.tags),
            subject=d.subject,
            body=d.body,
            status=d.status,
            hold_until=d.hold_until,
            held=d.held_at is not None,
            changed_after_hold=d.changed_after_hold,
            suggestions_applied=d.suggestions_applied,
            sent_at=d.sent_at,
            interaction=d.sent_interaction.code if d.sent_interaction else None,
            created_at=d.created_at,
            updated_at=d.updated_at,
            findings=[FindingOut.of(f) for f in findings] if findings is not None else None,
        )


class SendOut(Schema):
    sent: bool
    reason: str = Field(..., description="sent, held (cooling-off), blocked, or confirm")
    message: str
    hold_until: datetime | None
    interaction: str | None
    outbox: str | None
    findings: list[FindingOut]
    draft: DraftOut


class PromiseRecordedOut(Schema):
    commitment: str
    what: str
    due_at: datetime
    due_text: str


class OutboxOut(Schema):
    code: str
    draft: str
    contact: str
    channel: str
    to_address: str
    subject: str
    status: str
    queued_at: datetime
    interaction: str | None

    @staticmethod
    def of(o: OutboxEntry) -> OutboxOut:
        return OutboxOut(
            code=o.code,
            draft=o.draft.code,
            contact=o.contact.code,
            channel=o.channel,
            to_address=o.to_address,
            subject=o.subject,
            status=o.status,
            queued_at=o.queued_at,
            interaction=o.interaction.code if o.interaction else None,
        )
