"""API shapes for lost reasons and losses."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from followthrough.core.schemas import InSchema
from followthrough.lost.models import Loss, LostReason


class LostReasonOut(Schema):
    key: str
    label: str
    ours: bool
    builtin: bool
    asks_competitor: bool
    retired: bool

    @staticmethod
    def of(r: LostReason) -> LostReasonOut:
        return LostReasonOut(
            key=r.key,
            label=r.label,
            ours=r.ours,
            builtin=r.builtin,
            asks_competitor=r.asks_competitor,
            retired=r.retired_at is not None,
        )


class LostReasonIn(InSchema):
    label: str = Field(max_length=120)
    ours: bool = False


class CorrectiveIn(InSchema):
    what: str = Field(max_length=250)
    owner: str = Field("", max_length=16, description="A member's code; default: you.")
    due: str = Field(max_length=100, description="When, in plain words (“by Friday”).")


class LossIn(InSchema):
    contact: str = Field(max_length=16, description="The contact's code.")
    reason: str = Field(max_length=40, description="A reason's key (GET /api/lost/reasons).")
    verbatim: str = Field("", max_length=5000)
    competitor: str = Field("", max_length=120)
    corrective: CorrectiveIn | None = Field(None, description="Required when the reason is ours.")


class HeardIn(InSchema):
    said: str = Field("", max_length=5000)
    reason: str = Field("", max_length=40, description="A new reason's key, if it changed.")
    competitor: str = Field("", max_length=120)
    corrective: CorrectiveIn | None = None


class LossOut(Schema):
    code: str
    contact: str
    contact_name: str
    reason: str
    reason_label: str
    ours: bool
    competitor: str
    verbatim: str
    was_customer: bool
    lost_at: datetime
    corrective: str | None = Field(None, description="The corrective promise's code.")
    corrective_state: str | None = None
    ended_at: datetime | None = None

    @staticmethod
    def of(loss: Loss) -> LossOut:
        return LossOut(
            code=loss.code,
            contact=loss.contact.code,
            contact_name=loss.contact.name,
            reason=loss.reason.key,
            reason_label=loss.reason.label,
            ours=loss.reason.ours,
            competitor=loss.competitor,
            verbatim=loss.verbatim,
            was_customer=loss.was_customer,
            lost_at=loss.lost_at,
            corrective=loss.corrective.code if loss.corrective else None,
            corrective_state=loss.corrective.state if loss.corrective else None,
            ended_at=loss.ended_at,
        )
