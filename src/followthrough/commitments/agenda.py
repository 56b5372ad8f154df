"""The promises provider for the agenda: one indexed range read of `attention_at`, as tuples;
items are worded only for the promises the list shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from followthrough.agenda.due import (
    DUE_NOW_WITHIN,
    Action,
    AgendaContext,
    AgendaItem,
    Deferred,
    Field,
    Urgency,
    url,
)
from followthrough.agenda.text import contact_name, duration, local_label
from followthrough.commitments.models import Commitment, Side

LIMIT = 500
SNOOZE_CHOICES = (("1h", "for an hour"), ("3h", "for 3 hours"), ("tomorrow", "until tomorrow"))
COLUMNS = (
    "code", "side", "state", "what", "due_at", "fulfilled_by", "contact__code",
    "contact__first_name", "contact__last_name", "contact__email", "contact__phone",
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    """What the agenda needs of a promise (read as a tuple: no model instances)."""

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


def _snooze(code: str, label: str = "Snooze") -> Action:
    return Action(
        "snooze",
        label,
        url("agenda_snooze"),
        fields=(
            Field("key", "", kind="hidden", value=f"promise:{code}"),
            Field("for", "Snooze", kind="select", choices=SNOOZE_CHOICES),
        ),
    )


def _actions_ours(code: str, *, late: bool) -> tuple[Action, ...]:
    renegotiate = _renegotiate(code, "Renegotiate", OURS_FIELDS)
    if late:
        return (renegotiate, _keep(code, "Done (late)"), _snooze(code))
    return (_keep(code, "Kept"), renegotiate)


def _actions_theirs(code: str) -> tuple[Action, ...]:
    return (
        _keep(code, "They did it"),
        _renegotiate(code, "They gave a new date", THEIRS_FIELDS),
        _snooze(code, "Chased — remind me"),
    )


def promise_items(ctx: AgendaContext) -> list[Deferred]:
    """Each promise needing its owner (or slipped on the customer's side), placed in the list
    from its row; the wording and actions are built only for those that make the cut."""
    rows = (
        Commitment.objects.filter(owner=ctx.member, attention_at__lt=ctx.until)
        .order_by("attention_at")
        .values_list(*COLUMNS)[:LIMIT]
    )
    now = ctx.now
    items = []
    for row in rows:
        side, due_at = row[1], row[4]
        late = due_at <= now
        if side == Side.THEIRS:
            if not late:
                continue  # their promise is not ours to act on until it slips
            urgency = Urgency.CHASE
        elif late:
            urgency = Urgency.BROKEN
        else:
            urgency = Urgency.DUE_NOW if due_at - now <= DUE_NOW_WITHIN else Urgency.LATER
        key = f"promise:{row[0]}"
        items.append(Deferred(urgency, due_at, key, partial(_item, row, urgency, ctx)))
    return items


def _item(columns: tuple[Any, ...], urgency: Urgency, ctx: AgendaContext) -> AgendaItem:
    code, side, state, what, due_at, fulfilled_by, c_code, first, last, email, phone = columns
    name = contact_name(first, last, email, phone)
    c = Row(code, side, state, what, due_at, fulfilled_by, c_code, name)
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
