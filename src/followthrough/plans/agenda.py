"""Plans on Today: touches due, chasers (with the tries left), and the next prospects to call
when one goes cold or is lost. Each provider reads stored state: `next_due_at` by owner."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import urlencode

from followthrough.agenda.due import Action, AgendaContext, AgendaItem, Field, Urgency, url
from followthrough.agenda.text import contact_name, duration
from followthrough.contacts.models import Contact
from followthrough.plans import schedule
from followthrough.plans.models import (
    Chaser,
    ChaserReason,
    ChaserState,
    Enrollment,
    EnrollmentState,
    PlanKind,
    TouchChannel,
)
from followthrough.plans.services import HOW_LABELS
from followthrough.plans.suggest import next_prospects, recent_cold
from followthrough.workspaces.models import Member

TOUCH_LIMIT = 200
CHASER_LIMIT = 200
SNOOZE_CHOICES = (("1h", "for an hour"), ("3h", "for 3 hours"), ("tomorrow", "until tomorrow"))

TOUCH_COLUMNS = (
    "code", "next_due_at", "anchored_at", "plan__kind", "plan__name", "plan__ideal_days",
    "plan__max_days", "next_touch__title", "next_touch__channel", "next_touch__guidance",
    "next_touch__policy_tags", "contact__code", "contact__first_name", "contact__last_name",
    "contact__email", "contact__phone", "contact__last_two_way_at",
)  # fmt: skip


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


def _open(code: str) -> Action:
    return Action("open", "Open", url("contacts:detail", code), method="get")


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


def touch_items(ctx: AgendaContext) -> list[AgendaItem]:
    """Touches due before the end of the window, soonest first: one indexed range read."""
    rows = (
        Enrollment.objects.filter(
            owner=ctx.member,
            next_due_at__lte=ctx.until,
            state=EnrollmentState.ACTIVE,
            contact__do_not_contact=False,
            contact__archived_at__isnull=True,
        )
        .order_by("next_due_at")
        .values_list(*TOUCH_COLUMNS)[: ctx.cap(TOUCH_LIMIT)]
    )
    items = []
    for row in rows:
        (code, due, _anchored, kind, plan_name, ideal, most, title, channel, guidance, tags,
         c_code, first, last, email, phone, last_two_way) = row  # fmt: skip
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
            _open(c_code),
            _snooze(key),
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
            _open(c_code),
            _snooze(key),
        ),
        due_at=due,
        ref=code,
        extra={"colour": colour},
    )


CHASER_COLUMNS = (
    "code", "reason", "started_at", "schedule", "tries_done", "next_due_at", "contact__code",
    "contact__first_name", "contact__last_name", "contact__email", "contact__phone",
    "contact__preferred_channel",
)  # fmt: skip

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


def chaser_items(ctx: AgendaContext) -> list[AgendaItem]:
    """Chaser tries due, soonest first: one indexed range read. Each says the tries left."""
    rows = (
        Chaser.objects.filter(
            owner=ctx.member,
            next_due_at__lte=ctx.until,
            state=ChaserState.ACTIVE,
            contact__do_not_contact=False,
            contact__archived_at__isnull=True,
        )
        .order_by("next_due_at")
        .values_list(*CHASER_COLUMNS)[: ctx.cap(CHASER_LIMIT)]
    )
    items = []
    for code, reason, started, days, done, due, c_code, first, last, email, phone, pref in rows:
        if reason == ChaserReason.NO_SHOW and done == 0 and ctx.now - started < timedelta(days=30):
            continue  # Today's "reschedule" item speaks for a fresh no-show
        total = len([d for d in days.split(",") if d.strip()])
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
                    _open(c_code),
                    _snooze(key),
                ),
                due_at=due,
                ref=code,
                extra={"tries_left": str(left), "tries_total": str(total), "reason": reason},
            )
        )
    return items


def next_prospect_items(ctx: AgendaContext) -> list[AgendaItem]:
    """When a prospect went cold or a contact was lost this week: the next best prospects."""
    cold = recent_cold(ctx.member, now=ctx.now)
    if cold is None:
        return []
    picks = next_prospects(ctx.member, now=ctx.now, exclude=cold.contact_id)
    if not picks:
        return []
    key = f"next:{cold.key}"
    listing = "; ".join(f"{p.name} ({p.reason})" for p in picks)
    first = picks[0]
    return [
        AgendaItem(
            key=key,
            kind="next_prospect",
            urgency=Urgency.LATER,
            at=cold.at,
            title=f"Next: {first.name}",
            why=f"{cold.why} There is always the next prospect: {listing}.",
            contact_code=first.code,
            contact_name=first.name,
            actions=(_open(first.code), _snooze(key)),
            extra={"suggestions": ",".join(p.code for p in picks)},
        )
    ]
