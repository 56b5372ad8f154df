"""`GET /api/agenda`: the same items as Today, as JSON."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.http import HttpRequest
from ninja import Field, Router, Schema

from followthrough.agenda.due import Action, AgendaItem, agenda_for
from followthrough.commitments.schemas import StandingOut
from followthrough.commitments.selectors import standing_of
from followthrough.core.timeutil import utcnow
from followthrough.workspaces.api import acting_member

router = Router(tags=["agenda"])


class ActionOut(Schema):
    name: str
    label: str
    api: str = Field("", description="POST here to do it through the API ('' if web only).")
    fields: list[str]

    @staticmethod
    def of(a: Action) -> ActionOut:
        return ActionOut(
            name=a.name,
            label=a.label,
            api=a.api,
            fields=[f.name for f in a.fields if f.kind != "hidden"],
        )


class ItemOut(Schema):
    key: str
    kind: str
    urgency: int = Field(..., description="0 broken · 1 due now · 2 waiting · 3 chase · 4 later")
    urgency_label: str
    at: datetime
    due_at: datetime | None
    title: str
    why: str
    contact: str
    contact_name: str
    ref: str
    actions: list[ActionOut]

    @staticmethod
    def of(i: AgendaItem) -> ItemOut:
        return ItemOut(
            key=i.key,
            kind=i.kind,
            urgency=int(i.urgency),
            urgency_label=i.urgency_label,
            at=i.at,
            due_at=i.due_at,
            title=i.title,
            why=i.why,
            contact=i.contact_code,
            contact_name=i.contact_name,
            ref=i.ref,
            actions=[ActionOut.of(a) for a in i.actions],
        )


class AgendaOut(Schema):
    member: str
    now: datetime
    standing: StandingOut
    total: int = Field(
        ...,
        description="How many items the whole list holds. Equal to the length of `items`, "
        "unless the list is longer than the 1,000 items one answer carries.",
    )
    items: list[ItemOut]


@router.get("", response=AgendaOut, summary="What you owe whom, most urgent first")
def agenda(request: HttpRequest, hours: int | None = None) -> AgendaOut:
    """Today's list. `hours` widens the window (default: to the end of your working day)."""
    member = acting_member(request)
    now = utcnow()
    horizon = timedelta(hours=max(1, min(hours, 24 * 60))) if hours else None
    items = agenda_for(member, now=now, horizon=horizon)
    return AgendaOut(
        member=member.code,
        now=now,
        standing=StandingOut.of(member.code, standing_of(member, now=now)),
        total=items.total,
        items=[ItemOut.of(i) for i in items],
    )
