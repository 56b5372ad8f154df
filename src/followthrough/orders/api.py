"""REST endpoints for orders: push them in from a shop, record what happens to them
(idempotent by your event id), tell the customer, invoices, and the bad-news-first rate."""

from __future__ import annotations

import contextlib
import math
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Status

from followthrough.contacts.importing.rows import is_valid_email, split_name
from followthrough.contacts.models import Contact, Interaction, Stage
from followthrough.contacts.schemas import InteractionIn, InteractionOut
from followthrough.contacts.services import ContactData, InteractionData, contact_create
from followthrough.core.once import create_once
from followthrough.core.schemas import InSchema
from followthrough.core.timeutil import utcnow
from followthrough.orders import invoices, services, telling
from followthrough.orders.models import Invoice, Order, Source
from followthrough.orders.schemas import (
    ChaseIn,
    ChoiceIn,
    EventIn,
    InvoiceIn,
    InvoiceOut,
    LineOut,
    MemberRatesOut,
    OrderEventOut,
    OrderIn,
    OrderOut,
    OrderPage,
    OrderSummary,
    PayIn,
    ProblemOut,
    RateOut,
    RatesOut,
    TellIn,
)
from followthrough.orders.selectors import (
    STATUS_FILTERS,
    OrderFilters,
    access_invoice,
    access_problem,
    bad_news_first_team,
    order_by_number,
    order_list,
    order_problems,
)
from followthrough.workspaces import access
from followthrough.workspaces.api import acting_member
from followthrough.workspaces.models import Member

router = Router(tags=["orders"])


class OrderQuery(InSchema):
    q: str = ""
    status: str = "open"
    owner: str = ""
    page: int = 1
    page_size: int = 50


def _order_out(request: HttpRequest, order: Order) -> OrderOut:
    summary = OrderSummary.of(order).model_dump()
    summary["slipping"] = any(p.is_live for p in order.problems.all())
    public_url = (
        request.build_absolute_uri(reverse("order_public", args=[order.public_token]))
        if order.public_enabled
        else None
    )
    return OrderOut(
        **summary,
        total=order.total,
        currency=order.currency,
        completed_at=order.completed_at,
        cancelled_at=order.cancelled_at,
        public_url=public_url,
        lines=[LineOut.of(line) for line in order.lines.order_by("position")],
        problems=[ProblemOut.of(p) for p in order_problems(order)],
        invoices=[InvoiceOut.of(i, order.number) for i in order.invoices.order_by("due_date")],
    )


def _member_by_code(actor: Member, code: str | None) -> Member | None:
    if not code:
        return None
    found = Member.objects.filter(workspace_id=actor.workspace_id, code=code).first()
    if found is None:
        raise ValidationError({"owner": f"No member with code {code!r} in this workspace."})
    return found


def _customer(actor: Member, payload: OrderIn, now: Any) -> Contact:
    qs = Contact.objects.filter(workspace_id=actor.workspace_id)
    if payload.contact:
        found = qs.filter(code=payload.contact).first()
        if found is None:
            raise ValidationError({"contact": f"No contact with code {payload.contact!r}."})
        return found
    email = payload.email.strip().lower()
    if not email:
        raise ValidationError({"contact": "Say who the customer is: a contact code or an email."})
    if not is_valid_email(email):
        raise ValidationError({"email": f"{payload.email!r} is not a valid email address."})
    found = qs.filter(email=email).first()
    if found is not None:
        return found
    first, last = split_name(payload.name)
    return contact_create(
        workspace=actor.workspace,
        data=ContactData(first_name=first, last_name=last, email=email),
        actor=actor,
        now=now,
        stage=Stage.CUSTOMER,
    )


@router.get("", response=OrderPage, summary="List orders")
def list_orders(request: HttpRequest, query: Query[OrderQuery]) -> OrderPage:
    member = acting_member(request)
    status = query.status if query.status in STATUS_FILTERS else "open"
    filters = OrderFilters(q=query.q[:64], status=status, owner=query.owner[:16])
    size = max(1, min(query.page_size, 200))
    paginator = Paginator(order_list(member, filters), size)
    pages = max(1, math.ceil(paginator.count / size))
    page = max(1, min(query.page, pages))
    rows = paginator.page(page).object_list
    return OrderPage(
        count=paginator.count,
        page=page,
        pages=pages,
        results=[OrderSummary.of(o) for o in rows],
    )


@router.post(
    "",
    response={200: OrderOut, 201: OrderOut},
    summary="Create an order (an existing number returns that order, unchanged, with 200)",
)
def create_order(request: HttpRequest, payload: OrderIn) -> Status[Any]:
    member = acting_member(request)
    now = utcnow()
    number = services.clean_number(payload.number)

    def create() -> Order:
        return services.order_create(
            workspace=member.workspace,
            data=services.OrderData(
                number=number,
                contact=_customer(member, payload, now),
                lines=[
                    services.LineData(line.product, line.quantity, line.sku, line.status)
                    for line in payload.lines
                ],
                placed_at=payload.placed_at,
                promised_date=payload.promised_date,
                expected_date=payload.expected_date,
                owner=_member_by_code(member, payload.owner),
                total=payload.total,
                currency=payload.currency.strip().upper(),
            ),
            actor=member,
            now=now,
            source=Source.API,
        )

    order, created = create_once(
        lambda: Order.objects.filter(workspace_id=member.workspace_id, number=number).first(),
        create,
    )
    return Status(201 if created else 200, _order_out(request, order))


@router.get("/bad-news-first", response=RatesOut, summary="Bad-news-first rate, 30 and 90 days")
def bad_news_first(request: HttpRequest) -> RatesOut:
    """The workspace's rate and each member's (a rep sees only their own)."""
    member = acting_member(request)
    team = bad_news_first_team(member.workspace, now=utcnow())
    return RatesOut(
        workspace=[RateOut.of(r) for r in team.workspace.values()],
        members=[
            MemberRatesOut(
                member=m.code,
                name=m.display_name,
                windows=[RateOut.of(r) for r in rates.values()],
            )
            for m, rates in team.members
            if access.can_see_member_scores(member, m)
        ],
    )


@router.post("/problems/{code}/tell", response=ProblemOut, summary="We told the customer")
def tell(request: HttpRequest, code: str, payload: TellIn) -> ProblemOut:
    member = acting_member(request)
    problem = telling.problem_tell(
        problem=access_problem(member, code),
        actor=member,
        how=payload.how,
        now=utcnow(),
        note=payload.note,
        options=payload.options,
    )
    return ProblemOut.of(problem)


@router.post("/problems/{code}/choice", response=ProblemOut, summary="The customer chose")
def choice(request: HttpRequest, code: str, payload: ChoiceIn) -> ProblemOut:
    member = acting_member(request)
    problem = telling.problem_record_choice(
        problem=access_problem(member, code),
        choice=payload.choice,
        note=payload.note,
        now=utcnow(),
        actor=member,
    )
    return ProblemOut.of(problem)


@router.post("/problems/{code}/resolve", response=ProblemOut, summary="Dealt with")
def resolve(request: HttpRequest, code: str, siblings: bool = False) -> ProblemOut:
    """`siblings=true` closes every other choice of the same order waiting on its owner too
    (Today shows an order's choices as one item)."""
    member = acting_member(request)
    problem = telling.problem_resolve(
        problem=access_problem(member, code), actor=member, now=utcnow(), with_siblings=siblings
    )
    return ProblemOut.of(problem)


@router.post("/invoices/{code}/pay", response=InvoiceOut, summary="Mark an invoice paid")
def pay(request: HttpRequest, code: str, payload: PayIn) -> InvoiceOut:
    member = acting_member(request)
    invoice = access_invoice(member, code)
    paid = payload.paid_date or utcnow().date()
    invoice = invoices.invoice_pay(invoice=invoice, paid_date=paid, actor=member)
    return InvoiceOut.of(invoice, invoice.order.number)


@router.post("/invoices/{code}/chase", response=InvoiceOut, summary="Log a payment reminder")
def chase(request: HttpRequest, code: str, payload: ChaseIn) -> InvoiceOut:
    member = acting_member(request)
    invoice = access_invoice(member, code)
    invoices.invoice_chase(
        invoice=invoice, actor=member, how=payload.how, now=utcnow(), note=payload.note
    )
    return InvoiceOut.of(invoice, invoice.order.number)


@router.get("/{number}", response=OrderOut, summary="One order, by its number")
def get_order(request: HttpRequest, number: str) -> OrderOut:
    return _order_out(request, order_by_number(acting_member(request), number))


@router.get("/{number}/events", response=list[OrderEventOut], summary="An order's history")
def list_events(request: HttpRequest, number: str) -> list[OrderEventOut]:
    order = order_by_number(acting_member(request), number)
    return [OrderEventOut.of(e) for e in order.events.order_by("at", "id")]


@router.post(
    "/{number}/events",
    response={200: OrderEventOut, 201: OrderEventOut},
    summary="Record what happened (201); the same event_id again returns it (200)",
)
def create_event(request: HttpRequest, number: str, payload: EventIn) -> Status[Any]:
    member = acting_member(request)
    order = order_by_number(member, number)
    now = utcnow()
    recorded = services.order_record_event(
        order=order,
        data=services.EventData(
            kind=payload.kind,
            at=payload.at or now,
            lines=tuple(str(x) for x in payload.lines),
            expected_date=payload.expected_date,
            reason=payload.reason,
            note=payload.note,
            event_id=payload.event_id.strip(),
        ),
        actor=member,
        now=now,
        source=Source.API,
    )
    return Status(201 if recorded.created else 200, OrderEventOut.of(recorded.event))


@router.post(
    "/{number}/invoices",
    response={200: InvoiceOut, 201: InvoiceOut},
    summary="Add an invoice (the same number again returns it with 200)",
)
def create_invoice(request: HttpRequest, number: str, payload: InvoiceIn) -> Status[Any]:
    member = acting_member(request)
    order = order_by_number(member, number)
    invoice_number = payload.number
    with contextlib.suppress(ValidationError):  # invoice_create says what is wrong with it
        invoice_number = services.clean_number(payload.number)
    invoice, created = create_once(
        lambda: Invoice.objects.filter(
            workspace_id=member.workspace_id, number=invoice_number, order=order
        ).first(),
        lambda: invoices.invoice_create(
            order=order,
            number=payload.number,
            amount=payload.amount,
            currency=payload.currency,
            due_date=payload.due_date,
            issued_on=payload.issued_on,
            paid_date=payload.paid_date,
            now=utcnow(),
        ),
    )
    return Status(201 if created else 200, InvoiceOut.of(invoice, order.number))


@router.post(
    "/{number}/interactions",
    response={200: InteractionOut, 201: InteractionOut},
    summary="Log a call or message about this order on the customer's timeline (201); a "
    "message_id already logged returns that interaction, unchanged, with 200",
)
def create_interaction(request: HttpRequest, number: str, payload: InteractionIn) -> Status[Any]:
    member = acting_member(request)
    order = order_by_number(member, number)

    def find() -> Interaction | None:
        if not payload.message_id:
            return None
        return (
            Interaction.objects.select_related("contact")
            .filter(workspace_id=member.workspace_id, message_id=payload.message_id[:300])
            .first()
        )

    interaction, created = create_once(
        find,
        lambda: services.order_log_interaction(
            order=order,
            member=member,
            data=InteractionData(
                kind=payload.kind,
                direction=payload.direction,
                occurred_at=payload.occurred_at or utcnow(),
                subject=payload.subject,
                body=payload.body,
                call_outcome=payload.call_outcome,
                meeting_outcome=payload.meeting_outcome,
                message_id=payload.message_id,
            ),
        ),
    )
    return Status(201 if created else 200, InteractionOut.of(interaction, interaction.contact.code))
