"""API shapes for plans, enrollments and chasers."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from followthrough.core.schemas import InSchema


class TouchOut(Schema):
    code: str
    position: int
    offset_days: int
    on_date: str
    channel: str
    kind: str
    title: str
    subject: str
    body: str
    guidance: str
    policy_tags: list[str]


class PlanOut(Schema):
    code: str
    kind: str
    name: str
    description: str
    anchor: str
    active: bool
    builtin: bool
    ideal_days: int | None
    max_days: int | None
    touches: list[TouchOut]


class EnrollIn(InSchema):
    contact: str = Field(..., max_length=40, description="The contact's code.")


class ReasonIn(InSchema):
    reason: str = Field("", max_length=300)


class LogIn(InSchema):
    how: str = Field(
        "email", max_length=20, description="email, message, call, voicemail, no_answer or meeting"
    )


class EnrollmentOut(Schema):
    code: str
    plan: str
    plan_name: str
    contact: str
    contact_name: str
    state: str
    anchored_at: datetime
    next_touch: str | None
    next_touch_title: str | None
    next_due_at: datetime | None
    end_reason: str


class ChaserOut(Schema):
    code: str
    contact: str
    reason: str
    state: str
    tries_done: int
    tries_left: int
    tries_total: int
    next_due_at: datetime | None
