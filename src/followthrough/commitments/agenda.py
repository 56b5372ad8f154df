"""The promises on the agenda: placed by one indexed range read of `attention_at` (a part of
the agenda's one query); worded, from one read by id, only for the promises the list shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from followthrough.agenda.due import (
    Action,
    AgendaContext,
    AgendaItem,
    Field,
    Place,
    Placement,
    Urgency,
    db_time,
    snooze_action,
    url,
)
from followthrough.agenda.text import contact_name, duration, local_label
from followthrough.commitments.models import Side


@dataclass(frozen=True)
class Row:
    """What the agenda needs of a promise (read from its detail: no model instance)."""

    code: str
    side: str
    state: str
    what: str
    due_at: datetime
    fulfilled_by: str
    contact_code: str
    contact_name: str


def _keep(code: str, label: str) -> Action:
    return Action("keep", label, url("commitments:keep", code), api=f"/api/commitments/{code}/keep")


def _renegotiate(code: str, label: str, fields: tuple[Field, ...]) -> Action:
    return Action(
        "renegotiate",
        label,
        url("commitments:renegotiate", code),
        api=f"/api/commitments/{code}/renegotiate",
        fields=fields,
    )


OURS_FIELDS = (
    Field("due", "New time", placeholder="e.g. tomorrow 3pm"),
    Field("told", "I have told them", kind="checkbox", value="1"),
)
THEIRS_FIELDS = (
    Field("due", "New date", placeholder="e.g. next Tuesday"),
    Field("told", "", kind="hidden", value="1"),
)


def _actions_ours(code: str, *, late: bool) -> tuple[Action, ...]:
    renegotiate = _renegotiate(code, "Renegotiate", OURS_FIELDS)
    if late:
        return (renegotiate, _keep(code, "Done (late)"), snooze_action(f"promise:{code}"))
    return (_keep(code, "Kept"), renegotiate)


def _actions_theirs(code: str) -> tuple[Action, ...]:
    return (
        _keep(code, "They did it"),
        _renegotiate(code, "They gave a new date", THEIRS_FIELDS),
        snooze_action(f"promise:{code}", "Chased — remind me"),
    )


# Theirs: only once slipped (then chase). Ours: broken once due, due now within two hours.
PLACE_SQL = f"""
SELECT 'promise:' || c.code AS akey,
       CASE WHEN c.side = '{Side.THEIRS.value}' THEN {Urgency.CHASE:d}
            WHEN c.due_at <= %(now)s THEN {Urgency.BROKEN:d}
            WHEN c.due_at <= %(due_now)s THEN {Urgency.DUE_NOW:d}
            ELSE {Urgency.LATER:d} END AS urgency,
       c.due_at AS placed_at, c.id AS ref
FROM commitments_commitment c
WHERE c.owner_id = %(member)s AND c.attention_at < %(until)s
  AND NOT (c.side = '{Side.THEIRS.value}' AND c.due_at > %(now)s)
"""  # noqa: S608 - constants only; values are parameters


# What an item shows of its promise, read for the promises shown only.
DETAIL_SQL = """
SELECT json_object('code', c.code, 'side', c.side, 'state', c.state, 'what', c.what,
                   'due_at', c.due_at, 'fulfilled_by', c.fulfilled_by,
                   'contact_code', ct.code, 'first_name', ct.first_name,
                   'last_name', ct.last_name, 'email', ct.email, 'phone', ct.phone)
FROM commitments_commitment c LEFT JOIN contacts_contact ct ON ct.id = c.contact_id
WHERE c.id = head.ref
"""


def build_promises(ctx: AgendaContext, places: Sequence[Place]) -> list[AgendaItem]:
    """Word the promises the list shows, from what their detail read."""
    items = []
    for place in places:
        d = place.data
        name = contact_name(
            d["first_name"] or "", d["last_name"] or "", d["email"] or "", d["phone"] or ""
        )
        row = Row(
            d["code"], d["side"], d["state"], d["what"], db_time(d["due_at"]),
            d["fulfilled_by"], d["contact_code"] or "", name,
        )  # fmt: skip
        items.append(_item(row, place.urgency, ctx))
    return items


PROMISES = Placement(PLACE_SQL, build_promises, detail=DETAIL_SQL, timed=True)


def _item(c: Row, urgency: Urgency, ctx: AgendaContext) -> AgendaItem:
    name = c.contact_name
    now = ctx.now
    when = local_label(c.due_at, ctx.member.timezone, now)
    if urgency == Urgency.CHASE:
        why = f"{name} promised this by {when} — {duration(now - c.due_at)} late. Chase politely."
        return _make(c, "theirs_slipped", urgency, why, _actions_theirs(c.code))
    if urgency == Urgency.BROKEN:
        why = (
            f"You promised {name} this by {when} — {duration(now - c.due_at)} ago. "
            "Tell them a new time, or do it now."
        )
        return _make(c, "promise_broken", urgency, why, _actions_ours(c.code, late=True))
    why = f"You promised {name} this by {when} (in {duration(c.due_at - now)})."
    return _make(c, "promise_due", urgency, why, _actions_ours(c.code, late=False))


def _make(c: Row, kind: str, urgency: Urgency, why: str, actions: tuple[Action, ...]) -> AgendaItem:
    return AgendaItem(
        key=f"promise:{c.code}",
        kind=kind,
        urgency=urgency,
        at=c.due_at,
        title=c.what,
        why=why,
        contact_code=c.contact_code,
        contact_name=c.contact_name,
        actions=actions,
        due_at=c.due_at,
        ref=c.code,
        extra={"side": c.side, "state": c.state, "fulfilled_by": c.fulfilled_by},
    )
