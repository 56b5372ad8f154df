"""API shapes for contacts and the timeline."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from followthrough.contacts.models import Contact, Interaction
from followthrough.core.schemas import InSchema


class ContactIn(InSchema):
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    company: str = Field("", max_length=200, description="Company name; created if new.")
    title: str = Field("", max_length=150)
    address: str = ""
    notes: str = ""
    stage: str = Field("prospect", description="prospect, customer or lost")
    owner: str | None = Field(None, description="Member code; empty for none.")
    referred_by: str | None = Field(None, description="Contact code of the referrer.")
    referred_by_partner: str = Field("", max_length=200)
    birthday: date | None = None
    customer_since: date | None = None
    guidance: str = Field("", description="'' (not asked), coaching or low_touch")
    preferred_channel: str = Field("", description="'', email, phone, message or meeting")
    do_not_contact: bool = False


class ContactPatch(InSchema):
    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    company: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=150)
    address: str | None = None
    notes: str | None = None
    stage: str | None = None
    stage_reason: str | None = Field(None, max_length=300)
    owner: str | None = None
    referred_by: str | None = None
    referred_by_partner: str | None = Field(None, max_length=200)
    birthday: date | None = None
    customer_since: date | None = None
    guidance: str | None = None
    preferred_channel: str | None = None
    do_not_contact: bool | None = None
    archived: bool | None = None


class ContactOut(Schema):
    code: str
    name: str
    first_name: str
    last_name: str
    email: str
    phone: str
    company: str
    title: str
    stage: str
    owner: str | None
    referred_by: str | None
    referred_by_partner: str
    birthday: date | None
    customer_since: date | None
    guidance: str
    preferred_channel: str
    do_not_contact: bool
    archived: bool
    owed_reply_since: datetime | None
    last_two_way_at: datetime | None
    created_at: datetime

    @staticmethod
    def of(c: Contact) -> ContactOut:
        return ContactOut(
            code=c.code,
            name=c.name,
            first_name=c.first_name,
            last_name=c.last_name,
            email=c.email,
            phone=c.phone,
            company=c.company.name if c.company else "",
            title=c.title,
            stage=c.stage,
            owner=c.owner.code if c.owner else None,
            referred_by=c.referred_by.code if c.referred_by else None,
            referred_by_partner=c.referred_by_partner,
            birthday=c.birthday,
            customer_since=c.customer_since,
            guidance=c.guidance,
            preferred_channel=c.preferred_channel,
            do_not_contact=c.do_not_contact,
            archived=c.archived_at is not None,
            owed_reply_since=c.owed_reply_since,
            last_two_way_at=c.last_two_way_at,
            created_at=c.created_at,
        )


class ContactPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ContactOut]


class InteractionIn(InSchema):
    kind: str = Field(..., description="email, call, meeting, message or note")
    direction: str = Field(..., description="inbound, outbound or internal")
    occurred_at: datetime | None = Field(None, description="Defaults to now. ISO 8601 with offset.")
    subject: str = Field("", max_length=300)
    body: str = ""
    call_outcome: str = Field("", description="connected, voicemail or no_answer (calls)")
    meeting_outcome: str = Field(
        "", description="held, no_show, cancelled or rescheduled (meetings)"
    )
    message_id: str = Field(
        "",
        max_length=300,
        description="External id (e.g. the email's Message-ID): logging it again returns "
        "the interaction first logged with it, with 200.",
    )


class InteractionOut(Schema):
    code: str
    contact: str
    member: str | None
    kind: str
    direction: str
    occurred_at: datetime
    subject: str
    body: str
    call_outcome: str
    meeting_outcome: str
    reply_owed: bool
    replied_at: datetime | None

    @staticmethod
    def of(i: Interaction, contact_code: str) -> InteractionOut:
        return InteractionOut(
            code=i.code,
            contact=contact_code,
            member=i.member.code if i.member else None,
            kind=i.kind,
            direction=i.direction,
            occurred_at=i.occurred_at,
            subject=i.subject,
            body=i.body,
            call_outcome=i.call_outcome,
            meeting_outcome=i.meeting_outcome,
            reply_owed=i.reply_owed and i.replied_at is None,
            replied_at=i.replied_at,
        )
