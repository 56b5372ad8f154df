"""Invoices on an order, and the polite reminders when one is overdue.

An unpaid invoice stores when its next reminder is due (`chase_at`): the first working
morning after the due date, then a week, two and four weeks after each reminder logged
(rules.next_chase_at; the follow-up plans refine the schedule). Today reads it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from followthrough.contacts.models import Direction, Interaction, Kind
from followthrough.contacts.services import InteractionData, interaction_log
from followthrough.orders import rules
from followthrough.orders.models import Invoice, Order, OrderInteraction
from followthrough.orders.services import clean_number
from followthrough.workspaces.models import Member

MAX_AMOUNT = Decimal("1e10")


def invoice_refresh_chase(invoice: Invoice) -> None:
    """Set `chase_at` from the invoice's state and its owner's hours (not saved)."""
    if invoice.paid_date is not None:
        invoice.chase_at = None
        return
    owner = invoice.owner
    invoice.chase_at = rules.next_chase_at(
        due_date=invoice.due_date,
        chasers_sent=invoice.chasers_sent,
        last_chased_at=invoice.last_chased_at,
        tz=owner.timezone if owner else "UTC",
        work_start=owner.work_start if owner else time(9, 0),
    )


@transaction.atomic
def invoice_create(
    *,
    order: Order,
    number: str,
    amount: Decimal,
    due_date: date,
    now: datetime,
    currency: str = "",
    issued_on: date | None = None,
    paid_date: date | None = None,
) -> Invoice:
    try:
        number = clean_number(number)
    except ValidationError:
        raise ValidationError(
            {"number": "An invoice needs a number (at most 64 characters, no / ? % or \\)."}
        ) from None
    issued = issued_on or min(now.date(), due_date)
    errors: dict[str, str] = {}
    if amount < 0 or amount >= MAX_AMOUNT:
        errors["amount"] = "The amount must be zero or more (and below ten billion)."
    if due_date < issued:
        errors["due_date"] = "The due date cannot be before the invoice was issued."
    currency = (currency or order.currency).upper()
    if currency and not re.fullmatch(r"[A-Z]{3}", currency):
        errors["currency"] = "A currency is a three-letter code such as EUR or USD."
    if Invoice.objects.filter(workspace_id=order.workspace_id, number=number).exists():
        errors["number"] = f"There is already an invoice {number}."
    if errors:
        raise ValidationError(errors)
    invoice = Invoice(
        workspace_id=order.workspace_id,
        order=order,
        owner=order.owner,
        number=number,
        amount=amount,
        currency=currency,
        issued_on=issued,
        due_date=due_date,
        paid_date=paid_date,
    )
    invoice_refresh_chase(invoice)
    invoice.save()
    return invoice


@transaction.atomic
def invoice_pay(*, invoice: Invoice, paid_date: date, actor: Member | None) -> Invoice:
    """Paid: the reminders stop."""
    if actor is not None and actor.workspace_id != invoice.workspace_id:
        raise ValidationError("The invoice belongs to another workspace.")
    invoice.paid_date = paid_date
    invoice_refresh_chase(invoice)
    invoice.save(update_fields=["paid_date", "chase_at", "updated_at"])
    return invoice


@transaction.atomic
def invoice_chase(
    *, invoice: Invoice, actor: Member, how: str, now: datetime, note: str = ""
) -> Interaction:
    """Log the friendly reminder we just sent; the next one waits longer."""
    if invoice.paid_date is not None:
        raise ValidationError("This invoice is paid; there is nothing to chase.")
    kinds = {"email": Kind.EMAIL, "message": Kind.MESSAGE, "call": Kind.CALL}
    if how not in kinds:
        raise ValidationError({"how": "Log the reminder as an email, message or call."})
    order = invoice.order
    amount = f"{invoice.amount:,.2f} {invoice.currency}".strip()
    interaction = interaction_log(
        contact=order.contact,
        member=actor,
        data=InteractionData(
            kind=kinds[how],
            direction=Direction.OUTBOUND,
            occurred_at=now,
            subject=f"Friendly reminder: invoice {invoice.number} ({amount})"[:300],
            body=note.strip(),
            call_outcome="connected" if how == "call" else "",
        ),
    )
    OrderInteraction.objects.get_or_create(
        order=order, interaction=interaction, defaults={"workspace_id": order.workspace_id}
    )
    invoice.chasers_sent += 1
    invoice.last_chased_at = now
    invoice_refresh_chase(invoice)
    invoice.save(update_fields=["chasers_sent", "last_chased_at", "chase_at", "updated_at"])
    return interaction
