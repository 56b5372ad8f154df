"""`GET /api/agenda`: the same items as Today, as JSON.

The schemas below document the answer (OpenAPI) and are its definition; the route itself
writes the same JSON straight from the items with orjson (`agenda_json`), because validating
~450 items through pydantic and django-ninja cost 70 % of the request (docs/benchmarks.md,
"The agenda API"). `tests/agenda/test_api.py` proves both give the same document.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from followthrough.agenda.due import URGENCY_LABELS, Action, AgendaItem, agenda_for
from followthrough.commitments.schemas import StandingOut
from followthrough.commitments.selectors import Standing, standing_of
from followthrough.core import clock
from followthrough.core.timeutil import utcnow
from followthrough.workspaces.api import acting_member
from followthrough.workspaces.models import Member

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

    @staticmethod
    def of(
        member: Member,
        now: datetime,
        standing: Standing,
        items: Sequence[AgendaItem],
        *,
        total: int,
    ) -> AgendaOut:
        """The documented answer, through the schemas (the definition `agenda_json` follows)."""
        return AgendaOut(
            member=member.code,
            now=now,
            standing=StandingOut.of(member.code, standing),
            total=total,
            items=[ItemOut.of(i) for i in items],
        )


JSON_CONTENT_TYPE = "application/json; charset=utf-8"  # what django-ninja's renderer sends


def agenda_json(
    member: Member,
    now: datetime,
    standing: Standing,
    items: Sequence[AgendaItem],
    *,
    total: int,
) -> bytes:
    """`AgendaOut.of(...)` as the API's renderer writes it (times in the member's zone), built
    as plain dicts and encoded by orjson: no schema instance per item."""
    zone = clock.zone(member.timezone)
    s = StandingOut.of(member.code, standing)  # one small schema: its rounding is the rule
    document = {
        "member": member.code,
        "now": _local(now, zone),
        "standing": {
            "member": s.member,
            "credibility": s.credibility,
            "kept": s.kept,
            "broken": s.broken,
            "kept_rate_30d": s.kept_rate_30d,
            "kept_rate_90d": s.kept_rate_90d,
        },
        "total": total,
        "items": [_item(i, zone) for i in items],
    }
    return orjson.dumps(document)


def _local(value: datetime, zone: tzinfo) -> str:
    # LocalTimeRenderer's rule: aware times in the member's zone, naive ones as they are.
    return value.astimezone(zone).isoformat() if value.tzinfo is not None else value.isoformat()


def _item(i: AgendaItem, zone: tzinfo) -> dict[str, Any]:
    return {
        "key": i.key,
        "kind": i.kind,
        "urgency": int(i.urgency),
        "urgency_label": URGENCY_LABELS[i.urgency],
        "at": _local(i.at, zone),
        "due_at": None if i.due_at is None else _local(i.due_at, zone),
        "title": i.title,
        "why": i.why,
        "contact": i.contact_code,
        "contact_name": i.contact_name,
        "ref": i.ref,
        "actions": [
            {
                "name": a.name,
                "label": a.label,
                "api": a.api,
                "fields": [f.name for f in a.fields if f.kind != "hidden"],
            }
            for a in i.actions
        ],
    }


@router.get("", response=AgendaOut, summary="What you owe whom, most urgent first")
def agenda(request: HttpRequest, hours: int | None = None) -> HttpResponse:
    """Today's list. `hours` widens the window (default: to the end of your working day)."""
    member = acting_member(request)
    now = utcnow()
    horizon = timedelta(hours=max(1, min(hours, 24 * 60))) if hours else None
    items = agenda_for(member, now=now, horizon=horizon)
    standing = standing_of(member, now=now)
    return HttpResponse(
        agenda_json(member, now, standing, items, total=items.total),
        content_type=JSON_CONTENT_TYPE,
    )
