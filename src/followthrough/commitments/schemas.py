"""API shapes for promises and standing."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from followthrough.commitments.models import Commitment, CommitmentEvent
from followthrough.commitments.selectors import Standing
from followthrough.core.schemas import InSchema


class CommitmentIn(InSchema):
    contact: str = Field(..., description="Contact code or email address.")
    what: str = Field(..., max_length=300, description="What was promised.")
    due: str = Field(
        "",
        max_length=100,
        description="In plain words, read in the owner's timezone: “in ten minutes”, "
        "“by Friday”, “tomorrow 3pm”. Give this or due_at.",
    )
    due_at: datetime | None = Field(None, description="ISO 8601 with offset, instead of due.")
    side: str = Field("ours", description="ours (we promised) or theirs (they promised us)")
    fulfilled_by: str = Field(
        "", description="'' (mark kept by hand), call, message or any: logging it keeps it"
    )
    owner: str | None = Field(None, description="Member code; managers only. Default: you.")
    about: str | None = Field(None, description="Code of the interaction it is about.")


class CommitmentPatch(InSchema):
    what: str | None = Field(None, max_length=300)
    fulfilled_by: str | None = None


class RenegotiateIn(InSchema):
    due: str = Field("", max_length=100, description="The new time, in plain words.")
    due_at: datetime | None = None
    told: bool = Field(False, description="Must be true: the customer has been told the new time.")
    note: str = Field("", max_length=500)


class KeepIn(InSchema):
    note: str = Field("", max_length=500)


class ReleaseIn(InSchema):
    reason: str = Field(..., max_length=500)


class CommitmentOut(Schema):
    code: str
    owner: str
    contact: str
    contact_name: str
    side: str
    what: str
    made_at: datetime
    due_at: datetime
    due_text: str
    state: str
    needs_attention: bool
    fulfilled_by: str
    closed_at: datetime | None
    settled_at: datetime | None
    renegotiated_from: str | None

    @staticmethod
    def of(c: Commitment) -> CommitmentOut:
        return CommitmentOut(
            code=c.code,
            owner=c.owner.code,
            contact=c.contact.code,
            contact_name=c.contact.name,
            side=c.side,
            what=c.what,
            made_at=c.made_at,
            due_at=c.due_at,
            due_text=c.due_text,
            state=c.state,
            needs_attention=c.needs_attention,
            fulfilled_by=c.fulfilled_by,
            closed_at=c.closed_at,
            settled_at=c.settled_at,
            renegotiated_from=c.renegotiated_from.code if c.renegotiated_from else None,
        )


class CommitmentPage(Schema):
    count: int
    page: int
    pages: int
    results: list[CommitmentOut]


class CommitmentEventOut(Schema):
    kind: str
    at: datetime
    by: str | None
    due_at: datetime
    new_due_at: datetime | None
    interaction: str | None
    note: str

    @staticmethod
    def of(e: CommitmentEvent) -> CommitmentEventOut:
        return CommitmentEventOut(
            kind=e.kind,
            at=e.at,
            by=e.by.code if e.by else None,
            due_at=e.due_at,
            new_due_at=e.new_due_at,
            interaction=e.interaction.code if e.interaction else None,
            note=e.note,
        )


class StandingOut(Schema):
    member: str
    credibility: float = Field(..., description="0 to 100; see docs/credibility.md")
    kept: int
    broken: int
    kept_rate_30d: float | None
    kept_rate_90d: float | None

    @staticmethod
    def of(member_code: str, s: Standing) -> StandingOut:
        return StandingOut(
            member=member_code,
            credibility=round(s.score, 1),
            kept=s.kept,
            broken=s.broken,
            kept_rate_30d=s.kept_rate_30,
            kept_rate_90d=s.kept_rate_90,
        )
