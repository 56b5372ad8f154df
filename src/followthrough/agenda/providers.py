"""Agenda placements that read the timeline's stored state: replies owed, voicemails awaiting
a call-back, and no-show meetings to reschedule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from followthrough.agenda.due import (
    Action,
    AgendaContext,
    AgendaItem,
    Field,
    Place,
    Placement,
    Urgency,
    db_list,
    db_time,
    open_contact_action,
    snooze_action,
    url,
)
from followthrough.agenda.text import contact_name, duration
from followthrough.contacts.models import (
    CallOutcome,
    Direction,
    Kind,
    MeetingOutcome,
)

NO_SHOW_LOOKBACK = timedelta(days=30)

HOW_CHOICES = (
    ("email", "by email"),
    ("call", "by phone"),
    ("message", "by message"),
)


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


# One item per contact owed an answer, oldest first: a call-back when what they left us
# includes a voicemail, a reply otherwise.
OWED_SQL = f"""
SELECT CASE WHEN EXISTS (
            SELECT 1 FROM contacts_interaction i
            WHERE i.contact_id = ct.id AND i.reply_owed AND i.replied_at IS NULL
              AND i.kind = '{Kind.CALL.value}' AND i.call_outcome = '{CallOutcome.VOICEMAIL.value}')
            THEN 'callback:' ELSE 'reply:' END || ct.code AS akey,
       {Urgency.WAITING:d} AS urgency, ct.owed_reply_since AS placed_at, ct.id AS ref
FROM contacts_contact ct
WHERE ct.owner_id = %(member)s AND ct.owed_reply_since IS NOT NULL
  AND ct.owed_reply_since <= %(until)s AND ct.archived_at IS NULL
"""  # noqa: S608 - constants only; values are parameters


# What a waiting contact shows: who, and everything they left us that awaits an answer.
OWED_DETAIL_SQL = """
SELECT json_object('code', ct.code, 'first_name', ct.first_name, 'last_name', ct.last_name,
                   'email', ct.email, 'phone', ct.phone, 'channel', ct.preferred_channel,
                   'since', ct.owed_reply_since,
                   'owed', (SELECT json_group_array(json_object(
                                'kind', i.kind, 'call_outcome', i.call_outcome,
                                'subject', i.subject, 'at', i.occurred_at, 'code', i.code,
                                'heated', i.heated))
                            FROM contacts_interaction i
                            WHERE i.contact_id = ct.id AND i.reply_owed
                              AND i.replied_at IS NULL))
FROM contacts_contact ct WHERE ct.id = head.ref
"""


def build_owed(ctx: AgendaContext, places: Sequence[Place]) -> list[AgendaItem]:
    """Word the replies and call-backs shown, from what their detail read."""
    items = []
    for place in places:
        d = place.data
        name = contact_name(d["first_name"], d["last_name"], d["email"], d["phone"])
        since = db_time(d["since"]) if d["since"] else ctx.now
        owed = sorted(
            (
                Owed(
                    i["kind"],
                    i["call_outcome"],
                    i["subject"],
                    db_time(i["at"]),
                    i["code"],
                    None if i["heated"] is None else bool(i["heated"]),
                )
                for i in db_list(d["owed"])
            ),
            key=lambda o: (o.occurred_at, o.code),
        )
        items.append(_owed_item(Waiting(d["code"], name, d["channel"], since), owed, ctx))
    return items


REPLIES = Placement(OWED_SQL, build_owed, detail=OWED_DETAIL_SQL)


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
                open_contact_action(contact.code),
                snooze_action(key),
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
            open_contact_action(contact.code),
            snooze_action(key),
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


# Meetings of the last 30 days they missed without notice, with nothing booked since: no
# later meeting or call on that contact's timeline (so the latest miss speaks for them).
NO_SHOW_SQL = f"""
SELECT 'noshow:' || i.code AS akey, {Urgency.WAITING:d} AS urgency,
       i.occurred_at AS placed_at, i.id AS ref
FROM contacts_interaction i JOIN contacts_contact ct ON ct.id = i.contact_id
WHERE i.member_id = %(member)s AND i.kind = '{Kind.MEETING.value}'
  AND i.meeting_outcome = '{MeetingOutcome.NO_SHOW.value}'
  AND i.occurred_at >= %(no_show_since)s AND i.occurred_at <= %(now)s
  AND ct.archived_at IS NULL
  AND NOT EXISTS (
    SELECT 1 FROM contacts_interaction j
    WHERE j.contact_id = i.contact_id AND j.occurred_at > i.occurred_at
      AND j.kind IN ('{Kind.MEETING.value}', '{Kind.CALL.value}')
      AND j.direction <> '{Direction.INTERNAL.value}')
"""  # noqa: S608 - constants only; values are parameters


def _no_show_params(ctx: AgendaContext) -> Mapping[str, object]:
    return {"no_show_since": ctx.now - NO_SHOW_LOOKBACK}


NO_SHOW_DETAIL_SQL = """
SELECT json_object('code', i.code, 'at', i.occurred_at, 'subject', i.subject,
                   'contact_code', ct.code, 'first_name', ct.first_name,
                   'last_name', ct.last_name, 'email', ct.email, 'phone', ct.phone)
FROM contacts_interaction i JOIN contacts_contact ct ON ct.id = i.contact_id
WHERE i.id = head.ref
"""


def build_no_shows(ctx: AgendaContext, places: Sequence[Place]) -> list[AgendaItem]:
    return [_no_show_item(place.data, ctx) for place in places]


NO_SHOWS = Placement(NO_SHOW_SQL, build_no_shows, _no_show_params, NO_SHOW_DETAIL_SQL)


def _no_show_item(d: Mapping[str, Any], ctx: AgendaContext) -> AgendaItem:
    code, at, subject, c_code = d["code"], db_time(d["at"]), d["subject"], d["contact_code"]
    name = contact_name(d["first_name"], d["last_name"], d["email"], d["phone"])
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
            open_contact_action(c_code),
            snooze_action(key),
        ),
        ref=code,
    )
