"""The orders of the scale data set: 100k orders, ~300k lines, ~500k events, their slips and
invoices.

Customers ordered over the 18 months of the timeline (each order placed after the contact
became a customer). Most orders were confirmed within hours, shipped a few days before the
promised date (some in two parts) and delivered on time; a few were cancelled; about one in
twelve slipped (late, a back-ordered line, a failed delivery). Slips of the last week are
still being handled — to tell, told, or the customer's choice waiting — which is what puts
bad-news items on each member's Today; older ones were told (mostly by us first, sometimes
after the customer asked) and resolved. A quarter of the orders have an invoice on 30 days'
credit: nearly all paid, a few overdue and being chased. Stored state (`attention_at`,
`tell_by` in the owner's working hours, `chase_at`) is what the services would have written.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from bench.scale_load import DAY, WINDOW_DAYS, Load, cumulative, generator
from followthrough.orders import rules
from followthrough.orders.models import Invoice, Order, OrderEvent, OrderLine, Problem
from followthrough.orders.workhours import add_working_time
from followthrough.workspaces.models import Member

HOUR = 3600
LINES = [(1, 20.0), (2, 20.0), (3, 20.0), (4, 20.0), (5, 20.0)]  # three lines on average
CANCELLED_SHARE = 0.03
SLIP_SHARE = 0.085
SLIP_KINDS = [("late", 60.0), ("back_order", 30.0), ("delivery_failed", 10.0)]
SPLIT_SHIPMENT = 0.6  # of orders with several lines: shipped in two parts
NOTE_SHARE = 0.8  # a tracking update for the customer after shipping
INVOICE_SHARE = 0.25
UNPAID_SHARE = 0.04
API_SHARE = 0.6  # pushed by the shop's webhook: its events carry event ids
RECENT = 7 * DAY  # slips younger than this are still being handled
PRODUCTS = [
    ("Commuter e-bike", 2890), ("Cargo bike", 4650), ("Trail helmet", 89), ("Gravel tyre", 45),
    ("Frame lock", 79), ("Rain jacket", 129), ("Pannier set", 310), ("Bottle cage", 19),
    ("Kids' bike 20in", 429), ("Service plan", 149), ("Tent 2p", 389), ("Sleeping bag", 249),
]  # fmt: skip
REASONS = ["Supplier shipment late", "Held in customs", "Size out of stock", "Courier delay"]

ORDER_FIELDS = [
    "id", "code", "created_at", "updated_at", "workspace", "number", "contact", "owner",
    "status", "placed_at", "promised_date", "expected_date", "total", "currency", "source",
    "public_token", "public_enabled", "customer_viewed_at", "completed_at", "cancelled_at",
]  # fmt: skip
LINE_FIELDS = ["id", "workspace", "order", "position", "product", "sku", "quantity", "status"]
EVENT_FIELDS = [
    "id", "workspace", "order", "kind", "at", "received_at", "reason", "note", "expected_date",
    "lines", "event_id", "actor", "source",
]  # fmt: skip
PROBLEM_FIELDS = [
    "id", "code", "created_at", "updated_at", "workspace", "order", "owner", "line", "event",
    "kind", "state", "reason", "detected_at", "tell_by", "promised_date", "new_date", "told_at",
    "told_how", "told_by", "told_via", "options_offered", "customer_choice", "choice_note",
    "chosen_at", "heard_first", "them_at", "them_via", "resolved_at", "attention_at",
]  # fmt: skip
INVOICE_FIELDS = [
    "id", "code", "created_at", "updated_at", "workspace", "order", "owner", "number", "amount",
    "currency", "issued_on", "due_date", "paid_date", "chasers_sent", "last_chased_at",
    "chase_at",
]  # fmt: skip


def _default_orders(sizes: dict[str, int]) -> int:
    """One per contact: 100k at the scale set's 100k contacts."""
    return sizes.get("contacts", 0)


@generator(
    "orders",
    size="orders",
    default=_default_orders,
    help="orders (~3 lines, ~5 events each) with slips and invoices; default 1 per contact",
    bulk=(Order, OrderLine, OrderEvent, Problem, Invoice),
)
def gen_orders(load: Load) -> int:
    n = load.sizes["orders"]
    if n == 0:
        return 0
    plan = _Plan(load)
    for k in range(n):
        plan.order(k)
    w = load.writer
    written = w.insert(Order, ORDER_FIELDS, plan.orders)
    w.insert(OrderLine, LINE_FIELDS, plan.lines)
    w.insert(OrderEvent, EVENT_FIELDS, plan.events)
    w.insert(Problem, PROBLEM_FIELDS, plan.problems)
    w.insert(Invoice, INVOICE_FIELDS, plan.invoices)
    return written


def _token(load: Load) -> str:
    """Like new_token(): 32 random bytes, URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(load.rng.randbytes(32)).rstrip(b"=").decode()


class _Plan:
    """Builds the rows of every table; ids are assigned up front, so rows refer to each other."""

    def __init__(self, load: Load) -> None:
        self.load = load
        self.rng = load.rng
        self.ws = load.workspace_id
        plan = load.contacts
        self.buyers = [i for i, at in enumerate(plan.customer_at) if at is not None] or list(
            range(len(plan.ids))
        )
        if not self.buyers:
            raise ValueError("orders need contacts: pass --contacts above 0")
        self.zones = dict(
            Member.objects.filter(pk__in=load.member_ids).values_list("id", "timezone")
        )
        w = load.writer
        self.order_id = w.next_id(Order)
        self.line_id = w.next_id(OrderLine)
        self.event_id = w.next_id(OrderEvent)
        self.problem_id = w.next_id(Problem)
        self.invoice_id = w.next_id(Invoice)
        size = load.sizes["orders"]
        self.order_codes = iter(load.codes(size))
        self.problem_codes: Iterator[str] = iter(load.codes(int(size * SLIP_SHARE * 1.5) + 10))
        self.invoice_codes: Iterator[str] = iter(load.codes(int(size * INVOICE_SHARE * 1.5) + 10))
        self.line_cum = cumulative(w for _, w in LINES)
        self.slip_cum = cumulative(w for _, w in SLIP_KINDS)
        self.orders: list[tuple[Any, ...]] = []
        self.lines: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []
        self.problems: list[tuple[Any, ...]] = []
        self.invoices: list[tuple[Any, ...]] = []

    # One order ------------------------------------------------------------------------------

    def order(self, k: int) -> None:
        load, rng, now = self.load, self.rng, self.load.now_s
        i = rng.choice(self.buyers)
        contact = load.contacts.ids[i]
        owner = load.contacts.owner_ids[i] or rng.choice(load.member_ids)
        since = max(load.contacts.customer_at[i] or 0, now - WINDOW_DAYS * DAY)
        until = load.contacts.lost_at[i] or now - HOUR
        # A growing business: twice as many orders a day now as on average (density ∝ time).
        placed = since + int(max(1, until - since) * rng.random() ** 0.5)
        pk = self.order_id + k
        promised = placed + rng.randrange(4, 15) * DAY
        count = load.pick_weighted([c for c, _ in LINES], self.line_cum)
        items = [rng.choice(PRODUCTS) for _ in range(count)]
        api = rng.random() < API_SHARE
        story = _Story(self, pk, owner, placed, promised, count, api)
        if rng.random() < CANCELLED_SHARE:
            story.cancelled()
        else:
            story.lived(slip=rng.random() < SLIP_SHARE)
        total = sum(price for _, price in items)
        self.orders.append(
            (
                pk, next(self.order_codes), load.ts(placed), load.ts(story.last), self.ws,
                f"#{100000 + k}", contact, owner, story.status, load.ts(placed),
                load.date(promised), load.date(story.expected), f"{total:.2f}", "USD",
                "api" if api else "manual", _token(load), True, None,
                _opt(load, story.completed), _opt(load, story.cancelled_at),
            )
        )  # fmt: skip
        for position, (name, _price) in enumerate(items, start=1):
            self.lines.append(
                (
                    self.line_id, self.ws, pk, position, name, f"SKU-{position}{k % 997}",
                    rng.choice([1, 1, 1, 2, 3]), story.line_status(position),
                )
            )  # fmt: skip
            self.line_id += 1
        if story.status != "cancelled" and rng.random() < INVOICE_SHARE:
            self.invoice(pk, owner, placed, total, story.last)

    def event(
        self, pk: int, kind: str, at: int, *, api: bool, expected: int | None = None, **kw: Any
    ) -> int:
        load = self.load
        eid = self.event_id
        self.event_id += 1
        self.events.append(
            (
                eid, self.ws, pk, kind, load.ts(at), load.ts(at), kw.get("reason", ""),
                kw.get("note", ""), load.date(expected) if expected else None,
                json.dumps(kw.get("lines", [])), f"shop-{eid}" if api else "", None,
                "api" if api else "manual",
            )
        )  # fmt: skip
        return eid

    def invoice(self, pk: int, owner: int, placed: int, total: int, last: int) -> None:
        load, rng, now = self.load, self.rng, self.load.now_s
        due = placed + 30 * DAY
        paid = chase = last_chased = None
        sent = 0
        overdue_long = due < now - 60 * DAY  # long overdue invoices were paid in the end
        if due < now - 3 * DAY and (overdue_long or rng.random() >= UNPAID_SHARE):
            paid = due - rng.randrange(0, 20) * DAY
        else:
            if due < now:
                sent = min(3, (now - due) // (7 * DAY))
                last_chased = now - rng.randrange(1, 6) * DAY if sent else None
            at = rules.next_chase_at(
                due_date=_day(due),
                chasers_sent=sent,
                last_chased_at=_dt(last_chased) if last_chased else None,
                tz=self.zones.get(owner, "UTC"),
                work_start=time(9, 0),
            )
            chase = int(at.timestamp())
        code = next(self.invoice_codes)
        self.invoices.append(
            (
                self.invoice_id, code, load.ts(placed), load.ts(max(placed, last)), self.ws, pk,
                owner, f"INV-{pk}", f"{total:.2f}", "USD", load.date(placed), load.date(due),
                load.date(paid) if paid is not None else None, sent,
                _opt(load, last_chased), _opt(load, chase),
            )
        )  # fmt: skip
        self.invoice_id += 1


class _Story:
    """What happened to one order, event by event, up to `now`."""

    def __init__(
        self, plan: _Plan, pk: int, owner: int, placed: int, promised: int, count: int, api: bool
    ) -> None:
        self.plan, self.pk, self.owner, self.api = plan, pk, owner, api
        self.placed, self.promised, self.expected, self.count = placed, promised, promised, count
        self.now = plan.load.now_s
        self.status = "placed"
        self.shipped_lines = 0
        self.delivered = False
        self.backordered: int | None = None
        self.completed: int | None = None
        self.cancelled_at: int | None = None
        self.last = placed
        plan.event(pk, "placed", placed, api=api, expected=promised)

    def _at(self, kind: str, at: int, **kw: Any) -> int | None:
        if at >= self.now:
            return None
        self.last = max(self.last, at)
        return self.plan.event(self.pk, kind, at, api=self.api, **kw)

    def cancelled(self) -> None:
        at = self.placed + self.plan.rng.randrange(HOUR, 3 * DAY)
        if self._at("cancelled", at, lines=list(range(1, self.count + 1))):
            self.status = "cancelled"
            self.cancelled_at = at

    def lived(self, *, slip: bool) -> None:
        rng = self.plan.rng
        if self._at("confirmed", self.placed + rng.randrange(HOUR, 6 * HOUR)) is None:
            return
        self.status = "confirmed"
        slip_at = self.placed + rng.randrange(DAY, 3 * DAY)
        kind = self.plan.load.pick_weighted([k for k, _ in SLIP_KINDS], self.plan.slip_cum)
        if slip and kind != "delivery_failed":
            self._slip_before_shipping(kind, slip_at)
        ship_at = self.expected - rng.randrange(1, 3) * DAY
        if self.count > 1 and rng.random() < SPLIT_SHIPMENT:
            part = self.count // 2
            if self._at("partially_shipped", ship_at - DAY, lines=list(range(1, part + 1))):
                self.status, self.shipped_lines = "partially_shipped", part
        if self._at("shipped", ship_at, lines=list(range(self.shipped_lines + 1, self.count + 1))):
            self.status, self.shipped_lines, self.backordered = "shipped", self.count, None
        else:
            return
        if rng.random() < NOTE_SHARE:
            self._at("note", ship_at + HOUR, note="On its way: tracking link in your email.")
        deliver_at = self.expected - DAY + rng.randrange(8 * HOUR, 20 * HOUR)
        if slip and kind == "delivery_failed":
            failed = self._at("delivery_failed", deliver_at, reason="Nobody home")
            if failed is None:
                return
            self.plan_problem("delivery_failed", deliver_at, failed, None)
            deliver_at += 2 * DAY
        if self._at("delivered", deliver_at, lines=list(range(1, self.count + 1))):
            self.status, self.delivered, self.completed = "delivered", True, deliver_at

    def _slip_before_shipping(self, kind: str, at: int) -> None:
        """A delay past the promise, or a back-ordered line due back in time for it (one
        problem each, as the services would open: a back-order that also moved the expected
        date would be two)."""
        rng = self.plan.rng
        reason = rng.choice(REASONS)
        if kind == "late":
            self.expected = self.promised + rng.randrange(3, 11) * DAY
            eid = self._at("delayed", at, expected=self.expected, reason=reason)
            line = None
        else:
            line = rng.randrange(1, self.count + 1)
            eid = self._at("back_ordered", at, reason=reason, lines=[line])
        if eid is None:
            self.expected = self.promised  # the slip is still ahead of now
            return
        if kind == "back_order":
            self.backordered = line
        self.plan_problem(kind, at, eid, line, reason=reason)

    def line_status(self, position: int) -> str:
        if self.status == "cancelled":
            return rules.CANCELLED
        if self.delivered:
            return rules.DELIVERED
        if position <= self.shipped_lines:
            return rules.SHIPPED
        if self.backordered == position:
            return rules.BACK_ORDERED
        return rules.IN_STOCK

    # The slip's problem row -------------------------------------------------------------------

    def plan_problem(
        self, kind: str, detected: int, event_id: int, line: int | None, reason: str = ""
    ) -> None:
        plan, rng, now, load = self.plan, self.plan.rng, self.now, self.plan.load
        zone = plan.zones.get(self.owner, "UTC")
        tell_by = int(
            add_working_time(
                _dt(detected),
                timedelta(hours=4),
                tz=zone,
                work_start=time(9, 0),
                work_end=time(17, 0),
                work_days=(1, 2, 3, 4, 5),
            ).timestamp()
        )
        o = _Outcome()
        if now - detected < RECENT:
            o = _recent(rng, kind, detected, now)
        else:
            o = _past(rng, detected)
            o.resolved = min(self.completed or (o.told or detected) + 2 * DAY, now - 60)
        if o.told is not None:
            self.last = max(self.last, o.told)
            plan.event(self.pk, "told", o.told, api=False, note="Called them about it.")
        if o.chosen is not None:
            plan.event(self.pk, "chose", o.chosen, api=False, note=f"They chose: {o.choice}.")
        line_pk = plan.line_id + line - 1 if line is not None else None  # lines come next
        touched = max(detected, o.told or detected, o.chosen or detected)
        plan.problems.append(
            (
                plan.problem_id, next(plan.problem_codes), load.ts(detected), load.ts(touched),
                plan.ws, self.pk, self.owner, line_pk, event_id, kind, o.state, reason,
                load.ts(detected), load.ts(tell_by), load.date(self.promised),
                load.date(self.expected), _opt(load, o.told), "rep" if o.told else "",
                self.owner if o.told else None, None, json.dumps(rules.options_for(kind)),
                o.choice, "", _opt(load, o.chosen), o.heard, _opt(load, o.them), None,
                _opt(load, o.resolved), _opt(load, o.attention),
            )
        )  # fmt: skip
        plan.problem_id += 1


@dataclass
class _Outcome:
    state: str = "resolved"
    heard: str = "us"
    told: int | None = None
    them: int | None = None
    chosen: int | None = None
    choice: str = ""
    resolved: int | None = None
    attention: int | None = None


def _recent(rng: random.Random, kind: str, detected: int, now: int) -> _Outcome:
    """A slip of the last week: a third still to tell (some after the customer asked), a
    third told, the rest with the customer's choice waiting on its owner."""
    r = rng.random()
    if r < 0.35:
        o = _Outcome("to_tell", "", attention=detected)
        if rng.random() < 0.2:
            o.heard, o.them = "them", detected + rng.randrange(60, max(61, now - detected))
    elif r < 0.7:
        o = _Outcome("told", told=detected + rng.randrange(600, 4 * HOUR))
    else:
        told = detected + rng.randrange(600, 3 * HOUR)
        chosen = told + rng.randrange(600, 6 * HOUR)
        choice = rng.choice(rules.options_for(kind))
        o = _Outcome("chosen", told=told, chosen=chosen, choice=choice, attention=chosen)
    if any(t is not None and t >= now for t in (o.told, o.chosen, o.them)):
        return _Outcome("to_tell", "", attention=detected)  # it happens after now: not yet
    return o


def _past(rng: random.Random, detected: int) -> _Outcome:
    """An older slip, resolved: most told by us first, some after the customer asked,
    a few never told."""
    r = rng.random()
    if r < 0.8:
        return _Outcome(told=detected + rng.randrange(600, 6 * HOUR))
    if r < 0.95:
        them = detected + rng.randrange(2 * HOUR, DAY)
        return _Outcome(heard="them", them=them, told=them + rng.randrange(600, 3 * HOUR))
    return _Outcome(heard="")


def _dt(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def _day(seconds: int) -> Any:
    return _dt(seconds).date()


def _opt(load: Load, seconds: int | None) -> str | None:
    return load.ts(seconds) if seconds is not None else None
