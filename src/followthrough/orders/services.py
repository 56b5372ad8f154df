"""Every change to orders: create one, record a status event (idempotent by the caller's event
id), change its owner, manage the customer's page link, and log a timeline entry about it.

Slip detection (slips.py) runs inside the same transaction as the event that causes the slip,
so the bad-news item is on the owner's Today the moment the event is stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from followthrough.contacts.models import Contact, Interaction, Stage
from followthrough.contacts.services import InteractionData, contact_set_stage, interaction_log
from followthrough.core.codes import new_token
from followthrough.orders import rules, slips
from followthrough.orders.models import (
    LIVE_PROBLEM_STATES,
    RECORDABLE_KINDS,
    EventKind,
    Invoice,
    LineStatus,
    Order,
    OrderEvent,
    OrderInteraction,
    OrderLine,
    OrderStatus,
    Problem,
    Source,
)
from followthrough.workspaces.models import Member, Workspace

MAX_LINES = 500
MAX_QUANTITY = 1_000_000
_BAD_NUMBER = re.compile(r"[/?%\\\x00-\x1f\x7f]")
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class LineData:
    product: str
    quantity: int = 1
    sku: str = ""
    status: str = LineStatus.IN_STOCK


@dataclass(frozen=True)
class OrderData:
    number: str
    contact: Contact
    lines: Sequence[LineData] = ()
    placed_at: datetime | None = None  # default: now
    promised_date: date | None = None
    expected_date: date | None = None  # default: the promised date
    owner: Member | None = None  # default: the contact's owner, else the actor
    total: Decimal | None = None
    currency: str = ""


@dataclass(frozen=True)
class EventData:
    kind: str
    at: datetime
    lines: Sequence[str] = ()  # SKUs or 1-based line positions; none: the event's usual lines
    expected_date: date | None = None
    reason: str = ""
    note: str = ""
    event_id: str = ""


@dataclass(frozen=True)
class Recorded:
    event: OrderEvent
    created: bool  # False: a retry of an event we already had (nothing was changed)


# The completion hook: the after-sale follow-up plans start here. Hooks run inside the
# transaction that completes the order, once per order, with the moment it completed.
OrderCompletedHook = Callable[[Order, datetime], None]
ORDER_COMPLETED_HOOKS: list[OrderCompletedHook] = []


def register_order_completed(hook: OrderCompletedHook) -> None:
    if hook not in ORDER_COMPLETED_HOOKS:
        ORDER_COMPLETED_HOOKS.append(hook)


def clean_number(raw: str) -> str:
    number = " ".join(raw.split())
    if not number:
        raise ValidationError({"number": "An order needs a number, e.g. #1001."})
    if len(number) > 64:
        raise ValidationError({"number": "An order number is at most 64 characters."})
    if _BAD_NUMBER.search(number):
        raise ValidationError(
            {"number": f"{number[:64]!r}: an order number cannot contain / ? % or \\."}
        )
    return number


def _validate_lines(lines: Sequence[LineData]) -> None:
    if len(lines) > MAX_LINES:
        raise ValidationError({"lines": f"An order has at most {MAX_LINES} lines."})
    for i, line in enumerate(lines, start=1):
        where = f"lines.{i}"
        if not line.product.strip():
            raise ValidationError({where: "Each line needs a product."})
        if len(line.product) > 300 or len(line.sku) > 100:
            raise ValidationError({where: "Product is at most 300 characters, SKU 100."})
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise ValidationError({where: f"Quantity must be between 1 and {MAX_QUANTITY:,}."})
        if line.status not in LineStatus.values:
            raise ValidationError(
                {where: f"Line status must be one of {', '.join(LineStatus.values)}."}
            )


def _validate_order(workspace: Workspace, data: OrderData, owner: Member | None) -> str:
    number = clean_number(data.number)
    errors: dict[str, str] = {}
    if data.contact.workspace_id != workspace.pk:
        errors["contact"] = "The contact must belong to this workspace."
    if owner is not None and owner.workspace_id != workspace.pk:
        errors["owner"] = "The owner must be a member of this workspace."
    if data.placed_at is not None and data.placed_at.tzinfo is None:
        errors["placed_at"] = "The time needs a timezone."
    if data.currency and not _CURRENCY.fullmatch(data.currency):
        errors["currency"] = "A currency is a three-letter code such as EUR or USD."
    if data.total is not None and data.total < 0:
        errors["total"] = "The total cannot be negative."
    if data.total is not None and abs(data.total) >= Decimal("1e10"):
        errors["total"] = "The total is too large."
    if errors:
        raise ValidationError(errors)
    _validate_lines(data.lines)
    if Order.objects.filter(workspace=workspace, number=number).exists():
        raise ValidationError({"number": f"There is already an order {number}."})
    return number


@transaction.atomic
def order_create(
    *,
    workspace: Workspace,
    data: OrderData,
    actor: Member | None,
    now: datetime,
    source: str = Source.MANUAL,
) -> Order:
    """A new order with its lines and its "placed" event. A slip it already has (expected
    after promised, a back-ordered line) goes to its owner's Today at once."""
    owner = data.owner or data.contact.owner or actor
    number = _validate_order(workspace, data, owner)
    placed_at = data.placed_at or now
    statuses = [line.status for line in data.lines]
    order = Order.objects.create(
        workspace=workspace,
        number=number,
        contact=data.contact,
        owner=owner,
        status=rules.order_status(OrderStatus.PLACED, statuses, EventKind.PLACED),
        placed_at=placed_at,
        promised_date=data.promised_date,
        expected_date=data.expected_date or data.promised_date,
        total=data.total,
        currency=data.currency,
        source=source,
    )
    lines = OrderLine.objects.bulk_create(
        OrderLine(
            workspace=workspace,
            order=order,
            position=i,
            product=line.product.strip(),
            sku=line.sku.strip(),
            quantity=line.quantity,
            status=line.status,
        )
        for i, line in enumerate(data.lines, start=1)
    )
    if lines and lines[0].pk is None:
        lines = list(order.lines.order_by("position"))
    event = OrderEvent.objects.create(
        workspace=workspace,
        order=order,
        kind=EventKind.PLACED,
        at=placed_at,
        received_at=now,
        expected_date=order.expected_date,
        actor=actor,
        source=source,
    )
    if data.contact.stage != Stage.CUSTOMER:
        contact_set_stage(
            contact=data.contact,
            stage=Stage.CUSTOMER,
            actor=actor,
            now=placed_at,
            reason=f"Order {number}",
        )
    backordered = [line for line in lines if line.status == LineStatus.BACK_ORDERED]
    slips.detect(order, event=event, backordered=backordered, cleared=[], now=now)
    _after_status(order, was_open=True, at=placed_at, now=now)
    return order


# Recording events ---------------------------------------------------------------------------


def _validate_event(data: EventData) -> None:
    errors: dict[str, str] = {}
    if data.kind not in RECORDABLE_KINDS:
        errors["kind"] = f"Kind must be one of {', '.join(RECORDABLE_KINDS)}."
    if data.at.tzinfo is None:
        errors["at"] = "The time needs a timezone."
    if len(data.event_id) > 200:
        errors["event_id"] = "An event id is at most 200 characters."
    if len(data.reason) > 500:
        errors["reason"] = "Keep the reason under 500 characters."
    if data.kind == EventKind.DELAYED and data.expected_date is None:
        errors["expected_date"] = "A delay needs the new expected date."
    if data.kind == EventKind.NOTE and not data.note.strip():
        errors["note"] = "Write the note for the customer."
    if len(data.lines) > MAX_LINES:
        errors["lines"] = f"An event names at most {MAX_LINES} lines."
    if errors:
        raise ValidationError(errors)


def _existing(order: Order, event_id: str) -> Recorded | None:
    if not event_id:
        return None
    # The explicit "not empty" lets SQLite use the partial unique index (it cannot infer it).
    found = (
        OrderEvent.objects.filter(workspace_id=order.workspace_id, event_id=event_id)
        .exclude(event_id="")
        .order_by()
        .first()
    )
    if found is None:
        return None
    if found.order_id != order.pk:
        raise ValidationError(
            {"event_id": f"The event id {event_id!r} was already used for another order."}
        )
    return Recorded(found, created=False)


def _resolve_lines(lines: list[OrderLine], refs: Sequence[str]) -> list[OrderLine]:
    """Lines named by SKU (any case) or by their 1-based position."""
    by_sku: dict[str, list[OrderLine]] = {}
    for line in lines:
        if line.sku:
            by_sku.setdefault(line.sku.lower(), []).append(line)
    by_position = {str(line.position): line for line in lines}
    found: list[OrderLine] = []
    for ref in refs:
        key = str(ref).strip()
        matches = by_sku.get(key.lower()) or ([by_position[key]] if key in by_position else None)
        if not matches:
            raise ValidationError(
                {"lines": f"The order has no line with SKU or position {key[:100]!r}."}
            )
        found += [m for m in matches if m not in found]
    return found


@transaction.atomic
def order_record_event(
    *,
    order: Order,
    data: EventData,
    actor: Member | None,
    now: datetime,
    source: str = Source.MANUAL,
) -> Recorded:
    """Record what happened to an order and move its lines and status. With an `event_id`
    it happens once: a retry (even a concurrent one) returns the event first recorded."""
    _validate_event(data)
    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("workspace", "owner")
        .get(pk=order.pk)
    )
    if (seen := _existing(order, data.event_id)) is not None:
        return seen  # a retry (perhaps one that committed while we waited for the order)
    lines = list(order.lines.order_by("position"))
    named = _resolve_lines(lines, data.lines)
    try:
        with transaction.atomic():
            event = OrderEvent.objects.create(
                workspace_id=order.workspace_id,
                order=order,
                kind=data.kind,
                at=data.at,
                received_at=now,
                reason=data.reason.strip(),
                note=data.note.strip(),
                expected_date=data.expected_date,
                event_id=data.event_id,
                actor=actor,
                source=source,
            )
    except IntegrityError:
        if (seen := _existing(order, data.event_id)) is not None:
            return seen
        raise
    was_open = order.is_open
    before = (order.status, order.expected_date)
    backordered, cleared = _move_lines(order, event, lines, named)
    if data.expected_date is not None and order.is_open:
        order.expected_date = data.expected_date
    order.status = rules.order_status(order.status, [line.status for line in lines], data.kind)
    if (order.status, order.expected_date) != before:
        order.save(update_fields=["status", "expected_date", "updated_at"])
    if was_open:
        slips.detect(order, event=event, backordered=backordered, cleared=cleared, now=now)
    _after_status(order, was_open=was_open, at=data.at, now=now)
    return Recorded(event, created=True)


def _move_lines(
    order: Order, event: OrderEvent, lines: list[OrderLine], named: list[OrderLine]
) -> tuple[list[OrderLine], list[OrderLine]]:
    """Apply the event to its lines; which became back-ordered, and which stopped being."""
    new = rules.LINE_STATUS_OF_EVENT.get(event.kind)
    if new is None or not order.is_open:
        return [], []
    if named:
        targets = named
    else:
        indexes = rules.default_targets(event.kind, [line.status for line in lines])
        targets = [lines[i] for i in indexes]
    backordered: list[OrderLine] = []
    cleared: list[OrderLine] = []
    moved: list[OrderLine] = []
    for line in targets:
        if not rules.line_can_move(line.status, new):
            continue
        if line.status == LineStatus.BACK_ORDERED:
            cleared.append(line)
        line.status = new
        moved.append(line)
        if new == LineStatus.BACK_ORDERED:
            backordered.append(line)
    if moved:
        OrderLine.objects.bulk_update(moved, ["status"])
        event.lines = [line.position for line in moved]
        event.save(update_fields=["lines"])
    return backordered, cleared


def _after_status(order: Order, *, was_open: bool, at: datetime, now: datetime) -> None:
    """Close what an order's end closes, and run the completion hook once."""
    if not was_open or order.is_open:
        return
    if order.status == OrderStatus.DELIVERED:
        order.completed_at = at
        order.save(update_fields=["completed_at", "updated_at"])
    elif order.status == OrderStatus.CANCELLED:
        order.cancelled_at = at
        order.save(update_fields=["cancelled_at", "updated_at"])
    slips.close_all(order, now=now)
    if order.status == OrderStatus.DELIVERED:
        for hook in ORDER_COMPLETED_HOOKS:
            hook(order, at)


# Owner, the customer's page, and timeline entries about an order ---------------------------


@transaction.atomic
def order_set_owner(*, order: Order, owner: Member | None, actor: Member, now: datetime) -> Order:
    """Hand an order over: its live problems and unpaid invoices follow it."""
    if owner is not None and owner.workspace_id != order.workspace_id:
        raise ValidationError({"owner": "The owner must be a member of this workspace."})
    order.owner = owner
    order.save(update_fields=["owner", "updated_at"])
    from followthrough.orders.invoices import invoice_refresh_chase  # invoices imports us

    Problem.objects.filter(order=order, state__in=LIVE_PROBLEM_STATES).update(owner=owner)
    for invoice in Invoice.objects.filter(order=order, paid_date__isnull=True):
        invoice.owner = owner
        invoice_refresh_chase(invoice)
        invoice.save(update_fields=["owner", "chase_at", "updated_at"])
    return order


@transaction.atomic
def order_public_link(*, order: Order, enabled: bool) -> Order:
    """A fresh link for the customer's page (the old one stops working), or none at all."""
    order.public_token = new_token()
    order.public_enabled = enabled
    order.save(update_fields=["public_token", "public_enabled", "updated_at"])
    return order


@transaction.atomic
def order_link_interaction(*, order: Order, interaction: Interaction) -> None:
    """Say a timeline entry is about this order. An inbound one that arrived before we told
    the customer about a problem records that they heard of it first."""
    if interaction.workspace_id != order.workspace_id:
        raise ValidationError("The timeline entry must belong to this workspace.")
    OrderInteraction.objects.get_or_create(
        order=order, interaction=interaction, defaults={"workspace_id": order.workspace_id}
    )
    slips.note_contact_about(order, interaction)


@transaction.atomic
def order_log_interaction(
    *, order: Order, member: Member | None, data: InteractionData
) -> Interaction:
    """Log a call or message about this order on its customer's timeline, linked to it."""
    interaction = interaction_log(contact=order.contact, member=member, data=data)
    order_link_interaction(order=order, interaction=interaction)
    return interaction
