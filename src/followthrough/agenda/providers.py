"""Agenda providers that read the timeline's stored state: replies owed, voicemails awaiting
a call-back, and no-show meetings to reschedule."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef

from followthrough.agenda.due import (
    Action,
    AgendaContext,
    AgendaItem,
    Deferred,
    Field,
    Urgency,
    url,
)
from followthrough.agenda.text import contact_name, duration
from followthrough.contacts.models import (
    CallOutcome,
    Contact,
    Direction,
    Interaction,
    Kind,
    MeetingOutcome,
)

OWED_LIMIT = 200
NO_SHOW_LOOKBACK = timedelta(days=30)
NO_SHOW_LIMIT = 50

HOW_CHOICES = (
    ("email", "by email"),
    ("call", "by phone"),
    ("message", "by message"),
)
SNOOZE_CHOICES = (("1h", "for an hour"), ("3h", "for 3 hours"), ("tomorrow", "until tomorrow"))


def _snooze(key: str) -> Action:
    return Action(
        "snooze",
        "Snooze",
        url("agenda_snooze"),
        fields=(
            Field("key", "", kind="hidden", value=key),
            Field("for", "Snooze", kind="select", choices=SNOOZE_CHOICES),
        ),
    )


def _open(contact_code: str) -> Action:
    return Action("open", "Open", url("contacts:detail", contact_code), method="get")


def _log(contact_code: str, label: str, how: str, subject: str) -> Action:
    choices = tuple(sorted(HOW_CHOICES, key=lambda c: c[0] != how))
    return Action(
        "log",
        label,
        url("agenda_log", contact_code),
        api=f"/api/contacts/{contact_code}/interactions",
        fields=(
            Field("how", "How", kind="select", choices=choices, value=how),
            Field("subject", "", kind="hidden", value=subject),
        ),
    )


@dataclass(frozen=True)
class Owed:
    kind: str
    call_outcome: str
    subject: str
    occurred_at: datetime
    code: str = ""
    heated: bool | None = None  # the guard's reading, stored when logged (composer)


@dataclass(frozen=True)
class Waiting:
    code: str
    name: str
    preferred_channel: str
    since: datetime


def owed_items(ctx: AgendaContext) -> list[Deferred]:
    """One item per contact owed an answer (oldest first): a call-back when what they left
    us includes a voicemail, a reply otherwise. Two queries, read as tuples; the items are
    worded only for the contacts the list shows."""
    contacts = list(
        Contact.objects.filter(
            owner=ctx.member,
            owed_reply_since__isnull=False,
            owed_reply_since__lte=ctx.until,
            archived_at__isnull=True,
        )
        .order_by("owed_reply_since")
        .values_list(
            "id", "code", "first_name", "last_name", "email", "phone", "preferred_channel",
            "owed_reply_since",
        )[: ctx.cap(OWED_LIMIT)]
    )  # fmt: skip
    if not contacts:
        return []
    owed: dict[int, list[Owed]] = defaultdict(list)
    rows = (
        Interaction.objects.filter(
            contact_id__in=[c[0] for c in contacts], reply_owed=True, replied_at__isnull=True
        )
        .order_by("occurred_at")
        .values_list(
            "contact_id", "kind", "call_outcome", "subject", "occurred_at", "code", "heated"
        )
    )
    for contact_id, kind, outcome, subject, at, code, heated in rows:
        owed[contact_id].append(Owed(kind, outcome, subject, at, code, heated))
    items = []
    for pk, code, first, last, email, phone, channel, since in contacts:
        waiting = Waiting(code, contact_name(first, last, email, phone), channel, since or ctx.now)
        left = owed.get(pk, [])
        key = f"callback:{code}" if _voicemail(left) is not None else f"reply:{code}"
        items.append(
            Deferred(Urgency.WAITING, waiting.since, key, partial(_owed_item, waiting, left, ctx))
        )
    return items


def _voicemail(owed: list[Owed]) -> Owed | None:
    return next(
        (i for i in owed if i.kind == Kind.CALL and i.call_outcome == CallOutcome.VOICEMAIL),
        None,
    )


def _owed_item(contact: Waiting, owed: list[Owed], ctx: AgendaContext) -> AgendaItem:
    since = contact.since
    waited = duration(ctx.now - since)
    voicemail = _voicemail(owed)
    name = contact.name
    more = f" ({len(owed)} waiting)" if len(owed) > 1 else ""
    if voicemail is not None:
        key = f"callback:{contact.code}"
        return AgendaItem(
            key=key,
            kind="callback",
            urgency=Urgency.WAITING,
            at=since,
            title=f"Call {name} back",
            why=f"{name} left a voicemail {duration(ctx.now - voicemail.occurred_at)} ago"
            f"{more}; nobody has called back.",
            contact_code=contact.code,
            contact_name=name,
            actions=(
                _log(contact.code, "Log the call-back", "call", "Call-back"),
                _open(contact.code),
                _snooze(key),
            ),
            extra={"waiting_since": since.isoformat()},
        )
    first = owed[0] if owed else None
    subject = first.subject if first is not None else ""
    what = f" “{subject}”" if subject else ""
    verb = "messaged" if first is not None and first.kind == Kind.MESSAGE else "wrote"
    key = f"reply:{contact.code}"
    how = {"phone": "call", "message": "message"}.get(contact.preferred_channel, "email")
    return AgendaItem(
        key=key,
        kind="reply_owed",
        urgency=Urgency.WAITING,
        at=since,
        title=f"Reply to {name}",
        why=f"{name} {verb}{what} {waited} ago{more} and is waiting for an answer."
        + _cooling(owed, ctx),
        contact_code=contact.code,
        contact_name=name,
        actions=(
            _log(contact.code, "Log the reply", how, f"Re: {subject}" if subject else "Reply"),
            *_compose(owed),
            _open(contact.code),
            _snooze(key),
        ),
        extra={"waiting_since": since.isoformat()},
    )


def _cooling(owed: list[Owed], ctx: AgendaContext) -> str:
    """ " Heated — cooling off until 15:20." while a heated message's cooling-off runs."""
    minutes = ctx.member.workspace.cooling_off_minutes
    ends = [i.occurred_at + timedelta(minutes=minutes) for i in owed if i.heated]
    until = max(ends, default=None)
    if until is None or until <= ctx.now:
        return ""
    return f" Heated — cooling off until {until.astimezone(ZoneInfo(ctx.member.timezone)):%H:%M}."


def _compose(owed: list[Owed]) -> tuple[Action, ...]:
    """Write the reply in the composer (the guard reads along), answering their latest."""
    latest = next((i for i in reversed(owed) if i.kind in (Kind.EMAIL, Kind.MESSAGE)), None)
    if latest is None or not latest.code:
        return ()
    return (
        Action(
            "compose",
            "Write the reply",
            url("composer:new") + f"?reply_to={latest.code}",
            method="get",
            api="/api/drafts",
        ),
    )


def no_show_items(ctx: AgendaContext) -> list[Deferred]:
    """Meetings of the last 30 days they missed without notice, with no later meeting or
    call on that contact's timeline: one query on the member's timeline index."""
    followed_up = Interaction.objects.filter(
        contact_id=OuterRef("contact_id"),
        occurred_at__gt=OuterRef("occurred_at"),
        kind__in=[Kind.MEETING, Kind.CALL],
    ).exclude(direction=Direction.INTERNAL)
    rows = (
        Interaction.objects.filter(
            member=ctx.member,
            kind=Kind.MEETING,
            meeting_outcome=MeetingOutcome.NO_SHOW,
            occurred_at__gte=ctx.now - NO_SHOW_LOOKBACK,
            occurred_at__lte=ctx.now,
            contact__archived_at__isnull=True,
        )
        .filter(~Exists(followed_up))
        .order_by("occurred_at")  # oldest first, as the list sorts them (so a cap is exact)
        .values_list(
            "code", "occurred_at", "subject", "contact_id", "contact__code",
            "contact__first_name", "contact__last_name", "contact__email", "contact__phone",
        )[: ctx.cap(NO_SHOW_LIMIT)]
    )  # fmt: skip
    latest: dict[int, tuple[Any, ...]] = {}
    for row in rows:
        latest.pop(row[3], None)  # the latest missed meeting speaks for the contact
        latest[row[3]] = row
    return [
        Deferred(Urgency.WAITING, row[1], f"noshow:{row[0]}", partial(_no_show_item, row, ctx))
        for row in latest.values()
    ]


def _no_show_item(row: tuple[Any, ...], ctx: AgendaContext) -> AgendaItem:
    code, at, subject, _contact_id, c_code, first, last, email, phone = row
    name = contact_name(first, last, email, phone)
    key = f"noshow:{code}"
    about = f" “{subject}”" if subject else ""
    return AgendaItem(
        key=key,
        kind="no_show",
        urgency=Urgency.WAITING,
        at=at,
        title=f"Reschedule with {name}",
        why=f"{name} missed the meeting{about} {duration(ctx.now - at)} "
        "ago without notice; nothing is booked since.",
        contact_code=c_code,
        contact_name=name,
        actions=(
            _log(c_code, "Log the call to reschedule", "call", "Rescheduling"),
            _open(c_code),
            _snooze(key),
        ),
        ref=code,
    )
