"""API shapes for orders, their events, problems and invoices."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from followthrough.core.schemas import InSchema
from followthrough.orders.models import Invoice, Order, OrderEvent, OrderLine, Problem
from followthrough.orders.rates import BadNewsFirst


class LineIn(InSchema):
    product: str = Field(..., max_length=300)
    sku: str = Field("", max_length=100)
    quantity: int = Field(1, description="1 or more")
    status: str = Field("in_stock", description="in_stock, back_ordered, shipped, delivered")


class OrderIn(InSchema):
    number: str = Field(..., max_length=64, description="The shop's order number, e.g. #1001.")
    contact: str | None = Field(None, description="Contact code of the customer.")
    email: str = Field(
        "", max_length=254, description="Or the customer's email: found, or added as a contact."
    )
    name: str = Field("", max_length=200, description="The customer's name, for a new contact.")
    lines: list[LineIn] = Field(default_factory=list, max_length=500)
    placed_at: datetime | None = Field(None, description="Defaults to now.")
    promised_date: date | None = None
    expected_date: date | None = Field(None, description="Defaults to the promised date.")
    owner: str | None = Field(None, description="Member code; default the contact's owner.")
    total: Decimal | None = None
    currency: str = Field("", max_length=3)


class EventIn(InSchema):
    event_id: str = Field(
        "",
        max_length=200,
        description="Your id for this event. Sending it again returns the first one (200).",
    )
    kind: str = Field(
        ...,
        description="confirmed, back_ordered, delayed, partially_shipped, shipped, delivered, "
        "delivery_failed, cancelled or note",
    )
    at: datetime | None = Field(None, description="When it happened; defaults to now.")
    lines: list[str | int] = Field(
        default_factory=list, max_length=500, description="SKUs or 1-based line positions."
    )
    expected_date: date | None = Field(None, description="The new expected date, if it moved.")
    reason: str = Field("", max_length=500)
    note: str = Field("", max_length=5000, description="A note shown to the customer.")


class LineOut(Schema):
    position: int
    product: str
    sku: str
    quantity: int
    status: str

    @staticmethod
    def of(line: OrderLine) -> LineOut:
        return LineOut(
            position=line.position,
            product=line.product,
            sku=line.sku,
            quantity=line.quantity,
            status=line.status,
        )


class OrderEventOut(Schema):
    event_id: str
    kind: str
    at: datetime
    received_at: datetime
    reason: str
    note: str
    expected_date: date | None
    lines: list[int]
    source: str

    @staticmethod
    def of(e: OrderEvent) -> OrderEventOut:
        return OrderEventOut(
            event_id=e.event_id,
            kind=e.kind,
            at=e.at,
            received_at=e.received_at,
            reason=e.reason,
            note=e.note,
            expected_date=e.expected_date,
            lines=[int(x) for x in e.lines],
            source=e.source,
        )


class ProblemOut(Schema):
    code: str
    kind: str
    state: str
    line: int | None
    reason: str
    detected_at: datetime
    tell_by: datetime
    promised_date: date | None
    new_date: date | None
    told_at: datetime | None
    told_how: str
    heard_first: str
    options_offered: list[str]
    customer_choice: str
    chosen_at: datetime | None
    resolved_at: datetime | None

    @staticmethod
    def of(p: Problem) -> ProblemOut:
        return ProblemOut(
            code=p.code,
            kind=p.kind,
            state=p.state,
            line=p.line.position if p.line else None,
            reason=p.reason,
            detected_at=p.detected_at,
            tell_by=p.tell_by,
            promised_date=p.promised_date,
            new_date=p.new_date,
            told_at=p.told_at,
            told_how=p.told_how,
            heard_first=p.heard_first,
            options_offered=list(p.options_offered),
            customer_choice=p.customer_choice,
            chosen_at=p.chosen_at,
            resolved_at=p.resolved_at,
        )


class InvoiceOut(Schema):
    code: str
    order: str
    number: str
    amount: Decimal
    currency: str
    issued_on: date
    due_date: date
    paid_date: date | None
    chasers_sent: int
    next_reminder_at: datetime | None

    @staticmethod
    def of(i: Invoice, order_number: str) -> InvoiceOut:
        return InvoiceOut(
            code=i.code,
            order=order_number,
            number=i.number,
            amount=i.amount,
            currency=i.currency,
            issued_on=i.issued_on,
            due_date=i.due_date,
            paid_date=i.paid_date,
            chasers_sent=i.chasers_sent,
            next_reminder_at=i.chase_at,
        )


class OrderSummary(Schema):
    code: str
    number: str
    contact: str
    contact_name: str
    owner: str | None
    status: str
    placed_at: datetime
    promised_date: date | None
    expected_date: date | None
    slipping: bool

    @staticmethod
    def of(o: Order) -> OrderSummary:
        return OrderSummary(
            code=o.code,
            number=o.number,
            contact=o.contact.code,
            contact_name=o.contact.name,
            owner=o.owner.code if o.owner else None,
            status=o.status,
            placed_at=o.placed_at,
            promised_date=o.promised_date,
            expected_date=o.expected_date,
            slipping=bool(getattr(o, "has_problem", False)),
        )


class OrderOut(OrderSummary):
    total: Decimal | None
    currency: str
    completed_at: datetime | None
    cancelled_at: datetime | None
    public_url: str | None
    lines: list[LineOut]
    problems: list[ProblemOut]
    invoices: list[InvoiceOut]


class OrderPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OrderSummary]


class TellIn(InSchema):
    how: str = Field("call", description="call, email, message or meeting")
    note: str = Field("", max_length=5000, description="What you told them.")
    options: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="Options offered: wait, partial, substitute, cancel, refund (default: all).",
    )


class ChoiceIn(InSchema):
    choice: str = Field(..., description="One of the options offered.")
    note: str = Field("", max_length=2000)


class InvoiceIn(InSchema):
    number: str = Field(..., max_length=64)
    amount: Decimal
    currency: str = Field("", max_length=3)
    issued_on: date | None = None
    due_date: date
    paid_date: date | None = None


class PayIn(InSchema):
    paid_date: date | None = Field(None, description="Defaults to today.")


class ChaseIn(InSchema):
    how: str = Field("email", description="email, message or call")
    note: str = Field("", max_length=5000)


class RateOut(Schema):
    days: int
    problems: int
    heard_from_us_first: int
    heard_from_them_first: int
    never_told: int
    pending: int
    rate: float | None = Field(description="Heard from us first ÷ decided; null when none.")
    median_hours_to_tell: float | None

    @staticmethod
    def of(r: BadNewsFirst) -> RateOut:
        return RateOut(
            days=r.days,
            problems=r.problems,
            heard_from_us_first=r.us,
            heard_from_them_first=r.them,
            never_told=r.never_told,
            pending=r.pending,
            rate=None if r.rate is None else round(r.rate, 4),
            median_hours_to_tell=r.median_hours,
        )


class MemberRatesOut(Schema):
    member: str
    name: str
    windows: list[RateOut]


class RatesOut(Schema):
    workspace: list[RateOut]
    members: list[MemberRatesOut]
