"""Plans on Today: touches due, chasers (with the tries left), and the next prospects to call
when one goes cold or is lost. Each is placed by an indexed read of stored state (`next_due_at`
by owner, a part of the agenda's one query) and worded, from one read by id, only when shown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import urlencode

from followthrough.agenda.due import (
    Action,
    AgendaContext,
    AgendaItem,
    Field,
    Place,
    Placement,
    Urgency,
    db_time,
    open_contact_action,
    snooze_action,
    url,
)
from followthrough.agenda.text import contact_name, duration
from followthrough.contacts.models import Contact
from followthrough.plans import schedule
from followthrough.plans.models import (
    ChaserReason,
    ChaserState,
    EnrollmentState,
    PlanKind,
    TouchChannel,
)
from followthrough.plans.services import HOW_LABELS
from followthrough.plans.suggest import COLD_WINDOW, cold_by_key, picks_for
from followthrough.workspaces.models import Member

FRESH_NO_SHOW = timedelta(days=30)


@lru_cache(maxsize=16)
def _how(default: str) -> Field:
    choices = tuple(sorted(HOW_LABELS, key=lambda c: c[0] != default))
    return Field("how", "How", kind="select", choices=choices, value=default)


def fill_values(contact: Contact, member: Member) -> dict[str, str]:
    """What a template's {slots} are filled with."""
    return {
        "first_name": contact.first_name or contact.name,
        "name": contact.name,
        "member": member.display_name,
    }


def compose_url(
    contact_code: str, *, kind: str, tags: str, subject: str, body: str, channel: str
) -> str:
    query = urlencode(
        {
            "contact": contact_code,
            "kind": kind,
            "tags": tags,
            "channel": "message" if channel == TouchChannel.MESSAGE else "email",
            "subject": subject,
            "body": body,
        }
    )
    return f"{url('composer:new')}?{query}"


# Touches due before the end of the window, soonest first.
TOUCHES_SQL = f"""
SELECT CASE WHEN pl.kind = '{PlanKind.STAY_IN_TOUCH.value}' THEN 'stay:' ELSE 'touch:' END
         || e.code AS akey,
       {Urgency.LATER:d} AS urgency, e.next_due_at AS placed_at, e.id AS ref
FROM plans_enrollment e
JOIN plans_plan pl ON pl.id = e.plan_id
JOIN contacts_contact ct ON ct.id = e.contact_id
WHERE e.owner_id = %(member)s AND e.next_due_at IS NOT NULL AND e.next_due_at <= %(until)s
  AND e.state = '{EnrollmentState.ACTIVE.value}'
  AND NOT ct.do_not_contact AND ct.archived_at IS NULL
"""  # noqa: S608 - constants only; values are parameters


TOUCH_DETAIL_SQL = """
SELECT json_object('code', e.code, 'due', e.next_due_at, 'kind', pl.kind,
                   'plan_name', pl.name, 'ideal_days', pl.ideal_days,
                   'max_days', pl.max_days, 'title', t.title, 'channel', t.channel,
                   'guidance', t.guidance, 'policy_tags', t.policy_tags,
                   'contact_code', ct.code, 'first_name', ct.first_name,
                   'last_name', ct.last_name, 'email', ct.email, 'phone', ct.phone,
                   'last_two_way_at', ct.last_two_way_at)
FROM plans_enrollment e JOIN plans_plan pl ON pl.id = e.plan_id
JOIN contacts_contact ct ON ct.id = e.contact_id
LEFT JOIN plans_touch t ON t.id = e.next_touch_id
WHERE e.id = head.ref
"""


def build_touches(ctx: AgendaContext, places: Sequence[Place]) -> list[AgendaItem]:
    items = []
    for place in places:
        d = place.data
        code, kind, c_code, channel = d["code"], d["kind"], d["contact_code"], d["channel"] or ""
        due = db_time(d["due"])
        last_two_way = db_time(d["last_two_way_at"]) if d["last_two_way_at"] else None
        ideal, most, plan_name = d["ideal_days"], d["max_days"], d["plan_name"]
        title, guidance, tags = d["title"] or "", d["guidance"] or "", d["policy_tags"] or ""
        first, last, email, phone = d["first_name"], d["last_name"], d["email"], d["phone"]
        name = contact_name(first, last, email, phone)
        if kind == PlanKind.STAY_IN_TOUCH:
            items.append(_stay_item(ctx, code, due, ideal, most, c_code, name, last_two_way))
            continue
        key = f"touch:{code}"
        late = f" — {duration(ctx.now - due)} ago" if due < ctx.now - timedelta(hours=12) else ""
        why = f"{plan_name}: due{late}. {guidance}".strip()
        actions: list[Action] = []
        if channel in (TouchChannel.EMAIL, TouchChannel.MESSAGE):
            # The template is filled when the member opens it (plans:touch_compose), not for
            # every item of every Today.
            actions.append(
                Action("compose", "Write it", url("plans:touch_compose", code), method="get")
            )
        default_how = {"call": "call", "meeting": "meeting", "message": "message"}.get(
            channel, "email"
        )
        actions += [
            Action(
                "log",
                "Log it",
                url("plans:touch_log", code),
                api=f"/api/plans/enrollments/{code}/log",
                fields=(_how(default_how),),
            ),
            Action(
                "skip",
                "Skip",
                url("plans:touch_skip", code),
                api=f"/api/plans/enrollments/{code}/skip",
                fields=(Field("reason", "Why skip", placeholder="e.g. we spoke yesterday"),),
            ),
            open_contact_action(c_code),
            snooze_action(key),
        ]
        items.append(
            AgendaItem(
                key=key,
                kind="touch_due",
                urgency=Urgency.LATER,
                at=due,
                title=f"{title} — {plan_name}",
                why=why,
                contact_code=c_code,
                contact_name=name,
                actions=tuple(actions),
                due_at=due,
                ref=code,
                extra={"plan": kind, "channel": channel, "policy_tags": tags},
            )
        )
    return items


TOUCHES = Placement(TOUCHES_SQL, build_touches, detail=TOUCH_DETAIL_SQL, timed=True)


def _stay_item(
    ctx: AgendaContext,
    code: str,
    due: datetime,
    ideal: int | None,
    most: int | None,
    c_code: str,
    name: str,
    last_two_way: datetime | None,
) -> AgendaItem:
    ideal, most = ideal or 30, most or 60
    base = last_two_way or (due - timedelta(days=ideal))
    colour = schedule.stay_colour(
        last_two_way_at=last_two_way, since=base, ideal_days=ideal, max_days=most, now=ctx.now
    )
    since = (
        f"{duration(ctx.now - base)} since you last really spoke"
        if last_two_way
        else "no real conversation yet"
    )
    key = f"stay:{code}"
    return AgendaItem(
        key=key,
        kind="stay_in_touch",
        urgency=Urgency.LATER,
        at=due,
        title=f"Stay in touch with {name}",
        why=f"{since} (ideal every {ideal} days, at most {most}). A call, a meeting or their "
        "reply restarts the clock.",
        contact_code=c_code,
        contact_name=name,
        actions=(
            Action(
                "log",
                "Log the conversation",
                url("plans:touch_log", code),
                api=f"/api/plans/enrollments/{code}/log",
                fields=(_how("call"),),
            ),
            open_contact_action(c_code),
            snooze_action(key),
        ),
        due_at=due,
        ref=code,
        extra={"colour": colour},
    )


REASON_WHY = {
    ChaserReason.UNRETURNED_CALL: "hasn't returned your call",
    ChaserReason.UNANSWERED_MESSAGE: "hasn't answered your message",
    ChaserReason.NO_SHOW: "missed the meeting without notice and hasn't rebooked",
    ChaserReason.QUIET_PROSPECT: "has gone quiet since your last message",
}
FINAL_BODY = (
    "Hi {first_name},\n\nI don't want to crowd you, so this is my last note for now. If the "
    "time is ever right, I'm glad to help.\n\n{member}"
)
TRY_BODY = "Hi {first_name},\n\nJust checking this reached you. No rush.\n\n{member}"


# Chaser tries due, soonest first; a fresh no-show waits for Today's "reschedule" item.
CHASERS_SQL = f"""
SELECT 'chaser:' || ch.code AS akey, {Urgency.CHASE:d} AS urgency,
       ch.next_due_at AS placed_at, ch.id AS ref
FROM plans_chaser ch JOIN contacts_contact ct ON ct.id = ch.contact_id
WHERE ch.owner_id = %(member)s AND ch.next_due_at IS NOT NULL AND ch.next_due_at <= %(until)s
  AND ch.state = '{ChaserState.ACTIVE.value}'
  AND NOT ct.do_not_contact AND ct.archived_at IS NULL
  AND NOT (ch.reason = '{ChaserReason.NO_SHOW.value}' AND ch.tries_done = 0
           AND ch.started_at > %(fresh_no_show)s)
"""  # noqa: S608 - constants only; values are parameters


def _chaser_params(ctx: AgendaContext) -> Mapping[str, object]:
    return {"fresh_no_show": ctx.now - FRESH_NO_SHOW}


CHASER_DETAIL_SQL = """
SELECT json_object('code', ch.code, 'reason', ch.reason, 'started_at', ch.started_at,
                   'schedule', ch.schedule, 'tries_done', ch.tries_done,
                   'due', ch.next_due_at, 'contact_code', ct.code,
                   'first_name', ct.first_name, 'last_name', ct.last_name,
                   'email', ct.email, 'phone', ct.phone, 'channel', ct.preferred_channel)
FROM plans_chaser ch JOIN contacts_contact ct ON ct.id = ch.contact_id
WHERE ch.id = head.ref
"""


def build_chasers(ctx: AgendaContext, places: Sequence[Place]) -> list[AgendaItem]:
    """Each chaser shown, with the tries left."""
    items = []
    for place in places:
        d = place.data
        code, reason, days, done = d["code"], d["reason"], d["schedule"], d["tries_done"]
        started, due = db_time(d["started_at"]), db_time(d["due"])
        c_code, pref = d["contact_code"], d["channel"]
        first, last, email, phone = d["first_name"], d["last_name"], d["email"], d["phone"]
        total = len([day for day in days.split(",") if day.strip()])
        left = max(0, total - done)
        final = left <= 1
        name = contact_name(first, last, email, phone)
        tries = (
            "Final try: a gentle last note, then let it rest."
            if final
            else (f"Try {done + 1} of {total} — {left - 1} more after this, then it rests.")
        )
        what = REASON_WHY.get(reason, "has not answered")
        why = f"{name} {what} ({duration(ctx.now - started)}). {tries}"
        key = f"chaser:{code}"
        default_how = (
            "no_answer"
            if reason in (ChaserReason.UNRETURNED_CALL, ChaserReason.NO_SHOW)
            else ("message" if pref == "message" else "email")
        )
        items.append(
            AgendaItem(
                key=key,
                kind="chaser",
                urgency=Urgency.CHASE,
                at=due,
                title=("Last gentle note to " if final else "Try again: ") + name,
                why=why,
                contact_code=c_code,
                contact_name=name,
                actions=(
                    Action(
                        "log",
                        "Log the try",
                        url("plans:chaser_try", code),
                        api=f"/api/plans/chasers/{code}/try",
                        fields=(_how(default_how),),
                    ),
                    Action("compose", "Write it", url("plans:chaser_compose", code), method="get"),
                    Action(
                        "rest",
                        "Let it rest",
                        url("plans:chaser_rest", code),
                        api=f"/api/plans/chasers/{code}/rest",
                        fields=(
                            Field("reason", "Why", placeholder="e.g. they are busy until spring"),
                        ),
                    ),
                    open_contact_action(c_code),
                    snooze_action(key),
                ),
                due_at=due,
                ref=code,
                extra={"tries_left": str(left), "tries_total": str(total), "reason": reason},
            )
        )
    return items


CHASERS = Placement(CHASERS_SQL, build_chasers, _chaser_params, CHASER_DETAIL_SQL, timed=True)


# The latest prospect gone cold (its chaser let rest) or contact lost in the last week.
NEXT_SQL = f"""
SELECT akey, {Urgency.LATER:d} AS urgency, placed_at, ref FROM (
  SELECT 'next:rest:' || ch.code AS akey, ch.ended_at AS placed_at, ch.id AS ref
  FROM plans_chaser ch
  WHERE ch.owner_id = %(member)s AND ch.state = '{ChaserState.RESTING.value}'
    AND ch.ended_at >= %(cold_since)s AND ch.ended_at <= %(now)s
  UNION ALL
  SELECT 'next:lost:' || e.code, e.started_at, e.id
  FROM plans_enrollment e JOIN plans_plan pl ON pl.id = e.plan_id
  WHERE e.owner_id = %(member)s AND pl.kind = '{PlanKind.EXIT.value}'
    AND e.started_at >= %(cold_since)s AND e.started_at <= %(now)s
) AS cold
ORDER BY placed_at DESC, akey
LIMIT 1
"""  # noqa: S608 - constants only; values are parameters


def _next_params(ctx: AgendaContext) -> Mapping[str, object]:
    return {"cold_since": ctx.now - COLD_WINDOW}


def build_next_prospects(ctx: AgendaContext, places: Sequence[Place]) -> list[AgendaItem]:
    """When one goes cold: the next best prospects to call (or, with none open, find some)."""
    items = []
    for place in places:
        cold = cold_by_key(ctx.member, place.key.removeprefix("next:"))
        if cold is None:
            continue
        picks = picks_for(ctx.member, cold, now=ctx.now)  # stored when it went cold
        if picks:
            listing = "; ".join(f"{p.name} ({p.reason})" for p in picks)
            first = picks[0]
            title, code, name = f"Next: {first.name}", first.code, first.name
            why = f"{cold.why} There is always the next prospect: {listing}."
            actions: tuple[Action, ...] = (
                open_contact_action(first.code),
                snooze_action(place.key),
            )
        else:
            title, code, name = "Find your next prospect", cold.contact_code, cold.name
            why = f"{cold.why} You have no open prospects left: time to find the next one."
            actions = (snooze_action(place.key),)
        items.append(
            AgendaItem(
                key=place.key,
                kind="next_prospect",
                urgency=Urgency.LATER,
                at=cold.at,
                title=title,
                why=why,
                contact_code=code,
                contact_name=name,
                actions=actions,
                extra={"suggestions": ",".join(p.code for p in picks)},
            )
        )
    return items


NEXT_PROSPECTS = Placement(NEXT_SQL, build_next_prospects, _next_params)
