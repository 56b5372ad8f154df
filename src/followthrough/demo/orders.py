"""The demo's orders: each recent customer's purchase, and the few that slipped.

Everything goes through the order services at the moment it happened, so the bad-news-first
rate, the histories and Today read as they would in real use: most orders arrive on time; a
few slip — some told by their rep well inside the deadline, one told by the customer opening
their order page, some where the customer called first — and today one rep has fresh bad
news still to tell, another a customer's choice (made on their order page) to act on, and
the manager a fleet invoice to chase politely.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from followthrough.contacts.models import CallOutcome, Direction, Kind
from followthrough.contacts.services import InteractionData, interaction_log
from followthrough.demo.context import DemoContext, Profile
from followthrough.demo.hours import customer_moment, working_moment
from followthrough.orders.invoices import invoice_create, invoice_pay
from followthrough.orders.models import Order, Problem, ProblemState
from followthrough.orders.services import (
    EventData,
    LineData,
    OrderData,
    order_create,
    order_record_event,
)
from followthrough.orders.telling import (
    order_public_acknowledged,
    order_record_choice,
    problem_record_choice,
    problem_resolve,
    problem_tell,
)

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
WINDOW = timedelta(days=75)
MAX_ORDERS = 48
FIRST_NUMBER = 2101
SLIP_EVERY = 9  # one order in nine slips

EXTRAS = {
    "ebike": ("Frame lock", 79),
    "service": ("Chain and cassette", 85),
    "outdoor": ("Camp stove", 69),
    "kids": ("Kids' helmet", 45),
    "fleet": ("Spare battery pack", 640),
}
DELAYS = [
    "The distributor's shipment is a week late",
    "Held in customs at the port",
    "The frame size is out of stock at the maker",
]
TOLD = "Called to say it slips to {day} ({reason}); offered to send what is ready now."
NOTE = "Sorry for the wait: it is now due on {day}. I will call you the moment it ships."
THEY_ASK = [
    "Hi, any news on order {number}? It was due {day}.",
    "Where is my order {number}? Nobody told me anything.",
]
# How the slipped orders went, handed out in this order.
STORIES = ["told_first", "they_called_first", "page_first", "told_first", "they_called_first"]
CHOICES = {"told_first": "wait", "they_called_first": "partial", "page_first": "wait"}


def _day(d: date | None) -> str:
    return f"{d:%A} {d.day} {d:%B}" if d else "soon"


def add_orders(ctx: DemoContext) -> None:
    rng = ctx.rng("orders")
    numbers = iter(range(FIRST_NUMBER, FIRST_NUMBER + 1000))
    stories = iter(STORIES)
    for i, p in enumerate(_customers(ctx, since=ctx.now - WINDOW)[:MAX_ORDERS]):
        order = _place(p, next(numbers), p.customer_at or ctx.now, rng)
        story = next(stories, None) if i % SLIP_EVERY == SLIP_EVERY // 2 else None
        if story is None or not _slip(ctx, order, p, story, rng):
            _on_time(ctx, order, p, rng)
    _today(ctx, rng, numbers)


def _customers(ctx: DemoContext, *, since: datetime, owner_key: str = "") -> list[Profile]:
    owner = ctx.members[owner_key] if owner_key else None
    found = [
        p
        for p in ctx.profiles
        if p.customer_at is not None
        and p.customer_at >= since
        and p.lost_at is None
        and p.do_not_contact_at is None
        and (owner is None or p.owner.pk == owner.pk)
    ]
    return sorted(found, key=lambda p: p.customer_at or ctx.now)


def _place(p: Profile, number: int, at: datetime, rng: random.Random) -> Order:
    extra, extra_price = EXTRAS.get(p.topic, ("Accessory", 40))
    code = p.topic[:3].upper()
    lines = [LineData(p.item, 1, f"{code}-{p.price}")]
    total = Decimal(p.price)
    if rng.random() < 0.5:
        lines.append(LineData(extra, 1, f"{code}-X{extra_price}"))
        total += extra_price
    return order_create(
        workspace=p.contact.workspace,
        data=OrderData(
            number=f"#H{number}",
            contact=p.contact,
            lines=lines,
            placed_at=at,
            promised_date=(at + DAY * rng.choice([5, 7, 10, 14])).date(),
            owner=p.owner,
            total=total,
            currency="USD",
        ),
        actor=p.owner,
        now=at,
    )


def _event(
    order: Order,
    kind: str,
    at: datetime,
    *,
    lines: Sequence[str] = (),
    expected: date | None = None,
    reason: str = "",
    note: str = "",
) -> None:
    order_record_event(
        order=order,
        data=EventData(kind, at, tuple(lines), expected, reason, note),
        actor=None,
        now=at,
    )


def _on_time(ctx: DemoContext, order: Order, p: Profile, rng: random.Random) -> None:
    """Confirmed within hours, shipped a few days before the promise, delivered by it."""
    placed = order.placed_at
    promised = datetime.combine(order.promised_date or placed.date(), placed.timetz())
    steps = [
        ("confirmed", working_moment(p.owner, placed + HOUR * 3, rng)),
        ("shipped", promised - DAY * rng.choice([2, 3])),
        ("delivered", promised - DAY * rng.choice([0, 1]) + HOUR * 2),
    ]
    for kind, at in steps:
        if at >= ctx.now - HOUR:
            return
        _event(order, kind, at)


def _slip(ctx: DemoContext, order: Order, p: Profile, story: str, rng: random.Random) -> bool:
    """One slipped order, from the slip to the delivery. False when it is too recent."""
    placed = order.placed_at
    detected = working_moment(p.owner, placed + DAY * 2, rng)
    if detected >= ctx.now - DAY * 6:
        return False
    new_date = (order.promised_date or placed.date()) + timedelta(days=rng.choice([4, 6, 8]))
    reason = rng.choice(DELAYS)
    if story == "page_first":
        _event(order, "shipped", detected - DAY)
        _event(order, "delivery_failed", detected, reason="Nobody home; the courier left a card")
    else:
        _event(order, "delayed", detected, expected=new_date, reason=reason)
    problem = Problem.objects.get(order=order, state=ProblemState.TO_TELL)
    if story == "page_first":
        order_public_acknowledged(order=order, now=customer_moment(p.owner, detected + HOUR, rng))
        told_at = detected + HOUR
    else:
        if story == "they_called_first":
            asked = _they_ask(order, p, at=problem.tell_by + HOUR * 2, rng=rng)
            told_at = working_moment(p.owner, asked + HOUR, rng)
        else:
            told_at = working_moment(
                p.owner, detected + timedelta(minutes=rng.randrange(30, 150)), rng
            )
        problem_tell(
            problem=problem,
            actor=p.owner,
            how="call",
            now=told_at,
            note=TOLD.format(day=_day(new_date), reason=reason.lower()),
        )
        _event(order, "note", told_at, note=NOTE.format(day=_day(new_date)))
    problem.refresh_from_db()
    chose_at = customer_moment(p.owner, told_at + HOUR * 5, rng)
    problem_record_choice(problem=problem, choice=CHOICES[story], now=chose_at)
    problem_resolve(problem=problem, actor=p.owner, now=working_moment(p.owner, chose_at, rng))
    arrives = (
        max(
            datetime.combine(new_date, detected.timetz()) if story != "page_first" else detected,
            chose_at,
        )
        + DAY
    )
    if arrives < ctx.now - HOUR:
        _event(order, "delivered", arrives)
    return True


def _they_ask(order: Order, p: Profile, *, at: datetime, rng: random.Random) -> datetime:
    """The customer gets in touch about the order before anyone told them."""
    asked = customer_moment(p.owner, at, rng)
    call = rng.random() < 0.5
    interaction_log(
        contact=p.contact,
        member=None,
        data=InteractionData(
            Kind.CALL if call else Kind.EMAIL,
            Direction.INBOUND,
            asked,
            subject=f"Order {order.number}",
            body=rng.choice(THEY_ASK).format(number=order.number, day=_day(order.promised_date)),
            call_outcome=CallOutcome.CONNECTED if call else "",
        ),
    )
    return asked


def _today(ctx: DemoContext, rng: random.Random, numbers: Iterator[int]) -> None:
    now = ctx.now
    # Sam: an order placed last week had a line back-ordered two hours ago; still to tell.
    sam = _customers(ctx, since=now - WINDOW * 4, owner_key="sam")[-1]
    order = _place(sam, next(numbers), now - DAY * 6, rng)
    _event(order, "confirmed", now - DAY * 5)
    _event(
        order,
        "back_ordered",
        now - HOUR * 2,
        lines=("1",),
        expected=(now + DAY * 9).date(),
        reason="The maker moved the batch by two weeks",
    )
    # Priya: told by email a few days ago; the customer chose on their page to get what's ready.
    priya = _customers(ctx, since=now - WINDOW * 4, owner_key="priya")[-1]
    order = _place(priya, next(numbers), now - DAY * 9, rng)
    promised = order.promised_date or (now - DAY * 3).date()
    told_at = working_moment(priya.owner, now - DAY * 4, rng)
    _event(order, "delayed", told_at - HOUR, expected=promised + DAY * 5, reason=DELAYS[0])
    problem = Problem.objects.get(order=order, state=ProblemState.TO_TELL)
    problem_tell(
        problem=problem,
        actor=priya.owner,
        how="email",
        now=told_at,
        note="Sent the new date and the options; the order page shows them too.",
    )
    order_record_choice(  # on their order page, which they opened from the email
        order=order,
        choice="partial",
        now=now - HOUR * 2,
        note="Please send what you have; the rest can follow.",
    )
    _fleet_invoices(ctx, rng, numbers)


def _fleet_invoices(ctx: DemoContext, rng: random.Random, numbers: Iterator[int]) -> None:
    """A fleet order on 30 days' credit, five days overdue; its deposit invoice was paid."""
    now = ctx.now
    fleet = _customers(ctx, since=now - WINDOW * 4, owner_key="maya") or _customers(
        ctx, since=now - WINDOW * 4
    )
    order = _place(fleet[-1], next(numbers), now - DAY * 40, rng)
    _event(order, "shipped", now - DAY * 37)
    _event(order, "delivered", now - DAY * 35)
    number = order.number.lstrip("#")
    invoice_create(
        order=order,
        number=f"INV-{number}",
        amount=order.total or Decimal(0),
        currency="USD",
        issued_on=(now - DAY * 35).date(),
        due_date=(now - DAY * 5).date(),
        now=now - DAY * 35,
    )
    deposit = invoice_create(
        order=order,
        number=f"INV-{number}-D",
        amount=Decimal(500),
        currency="USD",
        issued_on=(now - DAY * 40).date(),
        due_date=(now - DAY * 30).date(),
        now=now - DAY * 40,
    )
    invoice_pay(invoice=deposit, paid_date=(now - DAY * 32).date(), actor=None)
