"""Follow-up plans and chasers of the scale data set: ~40k contacts enrolled, what the app's
hooks and sweep would have written by `now` (see bench/scale_load.py for how generators work).

* Scale Co gets the built-in plans (as workspace_create gives every workspace);
* customers whose first purchase was in the last 120 days: after purchase (done after day 30)
  and coaching or low-touch by their guidance (low-touch when not asked), each at its next touch;
* every reachable customer with a birthday or a customer-since date: greetings, due on the next
  date at the owner's morning;
* one customer in twenty on stay in touch (due 30 days after the last two-way touch); one
  prospect in ten on prospect nurture; contacts lost in the last 30 days: the exit conversation;
* a reachable contact whose last outbound of the last 60 days is unanswered: a chaser started
  then (2, 5, 12 days), with the tries made since.

It reads the contacts back from the database (the stored state the timeline generator wrote),
so every row agrees with what the sweep would decide.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import connection

from bench.scale_load import DAY, Load, generator
from followthrough.plans import schedule
from followthrough.plans.models import Chaser, Enrollment, Plan, PlanKind, Touch
from followthrough.plans.services import plans_install_defaults
from followthrough.workspaces.models import Member, Workspace

ENROLL_FIELDS = [
    "id", "code", "created_at", "updated_at", "workspace", "contact", "plan", "owner", "state",
    "source", "anchored_at", "started_at", "next_touch", "next_due_at", "ended_at",
]  # fmt: skip
CHASER_FIELDS = [
    "id", "code", "created_at", "updated_at", "workspace", "contact", "owner", "reason", "state",
    "started_at", "schedule", "tries_done", "last_try_at", "next_due_at", "ended_at",
]  # fmt: skip
GAPS = [2, 5, 12]
RECENT_BUYER_DAYS = 120
STAY_SHARE = 0.05
NURTURE_SHARE = 0.1


def _dt(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _contacts(load: Load) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, stage, owner_id, birthday, customer_since, guidance, do_not_contact,"
            " archived_at, last_inbound_at, last_outbound_at, last_two_way_at"
            " FROM contacts_contact WHERE workspace_id = %s ORDER BY id",
            [load.workspace_id],
        )
        return list(cursor.fetchall())


@generator("plans", help="follow-up plans, ~40k enrollments and chasers", bulk=(Enrollment, Chaser))
def gen_plans(load: Load) -> int:
    workspace = Workspace.objects.get(pk=load.workspace_id)
    plans_install_defaults(workspace)
    plans = {p.kind: p for p in Plan.objects.filter(workspace=workspace, builtin=True)}
    touches = {
        kind: list(Touch.objects.filter(plan=plan).order_by("position", "id"))
        for kind, plan in plans.items()
    }
    clocks = {
        m.pk: (m.timezone, m.work_start)
        for m in Member.objects.filter(workspace=workspace).only("timezone", "work_start")
    }
    contacts = _contacts(load)
    lost_at = dict(zip(load.contacts.ids, load.contacts.lost_at, strict=True))
    rows = list(_enrollments(load, contacts, plans, touches, clocks, lost_at))
    written = load.writer.insert(Enrollment, ENROLL_FIELDS, _numbered(load, Enrollment, rows))
    chasers = list(_chasers(load, contacts))
    load.writer.insert(Chaser, CHASER_FIELDS, _numbered(load, Chaser, chasers))
    return written


def _numbered(load: Load, model: Any, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    # Eager on purpose: next_id() queries the database, which PostgreSQL cannot answer while
    # the COPY that consumes these rows is open on the same connection.
    first = load.writer.next_id(model)
    codes = load.codes(len(rows))
    return [(first + n, codes[n], *row) for n, row in enumerate(rows)]


def _sequence(
    anchored: datetime, steps: list[Touch], now: datetime
) -> tuple[Touch | None, datetime | None]:
    """The first touch not yet done (those due by now were done as they came)."""
    for t in steps:
        due = anchored + timedelta(days=t.offset_days)
        if due > now:
            return t, due
    return None, None


def _enrollments(
    load: Load,
    contacts: list[tuple[Any, ...]],
    plans: dict[str, Plan],
    touches: dict[str, list[Touch]],
    clocks: dict[int, tuple[str, time]],
    lost_at: dict[int, int | None],
) -> Iterable[tuple[Any, ...]]:
    rng, ts, ws = load.rng, load.ts, load.workspace_id
    now = load.now
    now_s = load.now_s

    def row(cid: int, kind: str, owner: int | None, source: str, anchored: datetime,
            touch: Touch | None, due: datetime | None) -> tuple[Any, ...]:  # fmt: skip
        started = int(anchored.timestamp())
        done = due is None
        return (
            ts(started), ts(now_s), ws, cid, plans[kind].pk, owner,
            "done" if done else "active", source, ts(started), ts(started),
            touch.pk if touch else None, ts(int(due.timestamp())) if due else None,
            ts(now_s) if done else None,
        )  # fmt: skip

    for cid, stage, owner, birthday, since, guidance, dnc, archived, _in, _out, two in contacts:
        if dnc or archived:
            continue
        since_day = _day(since)
        if stage == "customer" and since_day is not None:
            anchored = datetime.combine(since_day, time(12), tzinfo=UTC)
            if now - anchored <= timedelta(days=RECENT_BUYER_DAYS):
                t, due = _sequence(anchored, touches[PlanKind.AFTER_PURCHASE], now)
                yield row(cid, PlanKind.AFTER_PURCHASE, owner, "first_order", anchored, t, due)
                kind = PlanKind.COACHING if guidance == "coaching" else PlanKind.LOW_TOUCH
                t, due = _sequence(anchored, touches[kind], now)
                yield row(cid, kind, owner, "first_order", anchored, t, due)
        if stage == "customer" and (birthday is not None or since_day is not None):
            tz, at = clocks.get(owner, ("UTC", time(9))) if owner else ("UTC", time(9))
            best: tuple[Touch | None, datetime | None] = (None, None)
            for t in touches[PlanKind.GREETINGS]:
                day = _day(birthday) if t.on_date == "birthday" else since_day
                if day is None:
                    continue
                due = schedule.next_yearly(day, after=now - DAY_DELTA, tz=tz, at=at)
                if best[1] is None or due < best[1]:
                    best = (t, due)
            yield row(cid, PlanKind.GREETINGS, owner, "dates", now - 200 * DAY_DELTA, *best)
        if stage == "customer" and rng.random() < STAY_SHARE:
            base = _dt(two) or now - 90 * DAY_DELTA
            yield row(cid, PlanKind.STAY_IN_TOUCH, owner, "manual", now - 120 * DAY_DELTA,
                      None, base + timedelta(days=30))  # fmt: skip
        if stage == "prospect" and rng.random() < NURTURE_SHARE:
            anchored = now - timedelta(seconds=rng.randrange(60 * DAY))
            t, due = _sequence(anchored, touches[PlanKind.NURTURE], now)
            yield row(cid, PlanKind.NURTURE, owner, "manual", anchored, t, due)
        lost = lost_at.get(cid)
        if stage == "lost" and lost is not None and now_s - lost <= 30 * DAY:
            anchored = datetime.fromtimestamp(lost, UTC)
            t = touches[PlanKind.EXIT][0]
            done = anchored + timedelta(days=t.offset_days) < now - 3 * DAY_DELTA
            yield row(cid, PlanKind.EXIT, owner, "lost", anchored, None if done else t,
                      None if done else anchored + timedelta(days=t.offset_days))  # fmt: skip


DAY_DELTA = timedelta(days=1)


def _chasers(load: Load, contacts: list[tuple[Any, ...]]) -> Iterable[tuple[Any, ...]]:
    """An unanswered last outbound of the last 60 days, chased since with the tries due."""
    ts, ws, now = load.ts, load.workspace_id, load.now
    for cid, stage, owner, _b, _s, _g, dnc, archived, last_in, last_out, _two in contacts:
        out, inn = _dt(last_out), _dt(last_in)
        if dnc or archived or stage == "lost" or out is None or owner is None:
            continue
        if now - out > timedelta(days=60) or (inn is not None and inn >= out):
            continue
        tries, last, due = 0, None, out + timedelta(days=GAPS[0])
        while due <= now - timedelta(days=1) and tries < len(GAPS):
            tries, last = tries + 1, due  # the member made each try a day or so after it came
            due = last + timedelta(days=GAPS[tries]) if tries < len(GAPS) else None  # type: ignore[assignment]
            if due is None:
                break
        state = "resting" if tries >= len(GAPS) else "active"
        s = int(out.timestamp())
        yield (
            ts(s), ts(load.now_s), ws, cid, owner, "unanswered_message", state, ts(s),
            "2,5,12", tries, ts(int(last.timestamp())) if last else None,
            ts(int(due.timestamp())) if state == "active" and due else None,
            ts(int(last.timestamp())) if state == "resting" and last else None,
        )  # fmt: skip
