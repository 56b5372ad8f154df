"""Order pages for members: the list, an order with everything about it, creating one by hand,
and the actions — record an event, tell the customer, record their choice, mark dealt with,
invoices (add, mark paid, log a reminder), the owner and the customer's link."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from followthrough.agenda.views import done_in_place_or_back
from followthrough.contacts.forms import InteractionForm
from followthrough.contacts.selectors import access_contact
from followthrough.core.htmx import redirect as htmx_redirect
from followthrough.core.htmx import template_for
from followthrough.core.timeutil import utcnow
from followthrough.orders import invoices, rules, services, telling
from followthrough.orders.forms import (
    EventForm,
    InvoiceForm,
    LineFormSet,
    OrderForm,
    OwnerForm,
    TellForm,
)
from followthrough.orders.models import EventKind, Order, ProblemState
from followthrough.orders.selectors import (
    STATUS_FILTERS,
    OrderFilters,
    access_invoice,
    access_order,
    access_problem,
    order_history,
    order_list,
    order_problems,
)
from followthrough.workspaces.models import Member
from followthrough.workspaces.selectors import member_list
from followthrough.workspaces.views import member_required

PAGE_SIZE = 50


def _member(request: HttpRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _form_errors(form: forms.Form) -> str:
    return "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items())


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's errors on the form's own fields where it has them, else on the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, ValidationError(error.messages))
        return
    form.add_error(None, ValidationError(exc.messages))


def _detail_url(order: Order) -> str:
    return reverse("orders:detail", args=[order.code])


# Pages ------------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> OrderFilters:
    g = request.GET
    status = g.get("status", "open")
    return OrderFilters(
        q=g.get("q", "")[:64].replace("\x00", ""),
        status=status if status in STATUS_FILTERS else "open",
        owner=g.get("owner", "")[:16],
    )


@member_required
def order_list_view(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    filters = _filters(request)
    page = Paginator(order_list(member, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        template_for(request, "orders/list.html", "rows"),
        {
            "page": page,
            "filters": filters,
            "statuses": STATUS_FILTERS,
            "owners": member_list(member.workspace),
            "query": urlencode(query),
            "nav": "orders",
        },
    )


@member_required
def order_new(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    initial: dict[str, str] = {}
    if code := request.GET.get("contact", ""):
        contact = access_contact(member, code)
        initial["contact"] = contact.email or contact.code
    form = OrderForm(request.POST or None, member=member, initial=initial)
    lines = LineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        d = form.cleaned_data
        line_data = [x for f in lines.forms if (x := f.to_data()) is not None]
        try:
            order = services.order_create(
                workspace=member.workspace,
                data=services.OrderData(
                    number=d["number"],
                    contact=d["contact"],
                    lines=line_data,
                    promised_date=d.get("promised_date"),
                    expected_date=d.get("expected_date"),
                    total=d.get("total"),
                    currency=d.get("currency") or "",
                ),
                actor=member,
                now=utcnow(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Order {order.number} added.")
            return htmx_redirect(request, _detail_url(order))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "orders/new.html",
        {"form": form, "lines": lines, "nav": "orders"},
        status=status,
    )


@member_required
def order_detail(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    order = access_order(member, code)
    lines = list(order.lines.order_by("position"))
    problems = list(order_problems(order))
    to_tell = [p for p in problems if p.state == ProblemState.TO_TELL]
    public_url = request.build_absolute_uri(reverse("order_public", args=[order.public_token]))
    return render(
        request,
        "orders/detail.html",
        {
            "order": order,
            "lines": lines,
            "events": list(order_history(order)),
            "problems": problems,
            "to_tell": to_tell,
            "tell_form": TellForm(
                initial={"options": rules.options_for(to_tell[0].kind) if to_tell else []}
            ),
            "options": rules.OPTIONS,
            "invoices": list(order.invoices.order_by("due_date", "id")),
            "event_form": EventForm(lines=lines, initial={"kind": EventKind.SHIPPED}),
            "invoice_form": InvoiceForm(initial={"currency": order.currency}),
            "owner_form": OwnerForm(
                member=member, initial={"owner": order.owner.code if order.owner else ""}
            ),
            "log_form": InteractionForm(initial={"direction": "inbound", "kind": "call"}),
            "public_url": public_url,
            "nav": "orders",
        },
    )


# Actions ----------------------------------------------------------------------------------


@member_required
@require_POST
def order_event(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    order = access_order(member, code, write=True)
    form = EventForm(request.POST, lines=list(order.lines.order_by("position")))
    if not form.is_valid():
        error = _form_errors(form)
        return done_in_place_or_back(
            request, default=_detail_url(order), error=f"Not recorded: {error}"
        )
    now = utcnow()
    try:
        services.order_record_event(
            order=order, data=form.to_data(now=now, tz=member.timezone), actor=member, now=now
        )
    except ValidationError as exc:
        return done_in_place_or_back(request, default=_detail_url(order), error=_errors(exc))
    kind = EventKind(form.cleaned_data["kind"]).label
    return done_in_place_or_back(request, default=_detail_url(order), notice=f"Recorded: {kind}.")


@member_required
@require_POST
def order_owner(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    order = access_order(member, code, write=True)
    form = OwnerForm(request.POST, member=member)
    if not form.is_valid():
        return done_in_place_or_back(request, default=_detail_url(order), error="Choose a member.")
    owner = form.cleaned_data["owner"]
    services.order_set_owner(order=order, owner=owner, actor=member, now=utcnow())
    who = owner.display_name if owner else "nobody"
    return done_in_place_or_back(
        request, default=_detail_url(order), notice=f"The order is now {who}'s."
    )


@member_required
@require_POST
def order_link(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    order = access_order(member, code, write=True)
    enabled = request.POST.get("action") != "revoke"
    services.order_public_link(order=order, enabled=enabled)
    notice = (
        "A new link for the customer: the old one no longer works."
        if enabled
        else "The customer's link is revoked: the page is gone."
    )
    return done_in_place_or_back(request, default=_detail_url(order), notice=notice)


@member_required
@require_POST
def order_log(request: HttpRequest, code: str) -> HttpResponse:
    """Log a call or message about this order (e.g. the customer asking where it is)."""
    member = _member(request)
    order = access_order(member, code, write=True)
    form = InteractionForm(request.POST)
    if not form.is_valid():
        return done_in_place_or_back(
            request, default=_detail_url(order), error="Not logged: check the fields."
        )
    try:
        services.order_log_interaction(
            order=order, member=member, data=form.to_data(now=utcnow(), tz=member.timezone)
        )
    except ValidationError as exc:
        return done_in_place_or_back(request, default=_detail_url(order), error=_errors(exc))
    return done_in_place_or_back(
        request, default=_detail_url(order), notice="Logged on the timeline."
    )


@member_required
@require_POST
def invoice_new(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    order = access_order(member, code, write=True)
    form = InvoiceForm(request.POST)
    if not form.is_valid():
        error = _form_errors(form)
        return done_in_place_or_back(
            request, default=_detail_url(order), error=f"Not added: {error}"
        )
    d = form.cleaned_data
    try:
        invoice = invoices.invoice_create(
            order=order,
            number=d["number"],
            amount=d["amount"],
            currency=d.get("currency") or "",
            due_date=d["due_date"],
            issued_on=d.get("issued_on"),
            now=utcnow(),
        )
    except ValidationError as exc:
        return done_in_place_or_back(request, default=_detail_url(order), error=_errors(exc))
    return done_in_place_or_back(
        request, default=_detail_url(order), notice=f"Invoice {invoice.number} added."
    )


@member_required
@require_POST
def problem_tell(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    problem = access_problem(member, code)
    default = _detail_url(problem.order)
    form = TellForm(request.POST)
    if not form.is_valid():
        return done_in_place_or_back(request, default=default, error="Say how you told them.")
    d = form.cleaned_data
    try:
        telling.problem_tell(
            problem=problem,
            actor=member,
            how=d["how"],
            now=utcnow(),
            note=d.get("note") or "",
            options=d.get("options") or (),
        )
    except ValidationError as exc:
        return done_in_place_or_back(request, default=default, error=_errors(exc))
    name = problem.order.contact.name
    return done_in_place_or_back(
        request, default=default, notice=f"Logged: {name} heard it from you."
    )


@member_required
@require_POST
def problem_choice(request: HttpRequest, code: str) -> HttpResponse:
    """The rep records the option the customer chose on the phone."""
    member = _member(request)
    problem = access_problem(member, code)
    default = _detail_url(problem.order)
    try:
        telling.problem_record_choice(
            problem=problem,
            choice=request.POST.get("choice", ""),
            note=request.POST.get("note", "")[:2000],
            now=utcnow(),
            actor=member,
        )
    except ValidationError as exc:
        return done_in_place_or_back(request, default=default, error=_errors(exc))
    return done_in_place_or_back(request, default=default, notice="Their choice is recorded.")


@member_required
@require_POST
def problem_resolve(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    problem = access_problem(member, code)
    default = _detail_url(problem.order)
    try:
        telling.problem_resolve(
            problem=problem,
            actor=member,
            now=utcnow(),
            with_siblings=request.POST.get("siblings") == "1",
        )
    except ValidationError as exc:
        return done_in_place_or_back(request, default=default, error=_errors(exc))
    return done_in_place_or_back(request, default=default, notice="Dealt with.")


@member_required
@require_POST
def invoice_pay(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    invoice = access_invoice(member, code)
    now = utcnow()
    invoices.invoice_pay(invoice=invoice, paid_date=now.date(), actor=member)
    return done_in_place_or_back(
        request, default=_detail_url(invoice.order), notice=f"Invoice {invoice.number} paid."
    )


@member_required
@require_POST
def invoice_chase(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    invoice = access_invoice(member, code)
    default = _detail_url(invoice.order)
    try:
        invoices.invoice_chase(
            invoice=invoice,
            actor=member,
            how=request.POST.get("how", "email"),
            now=utcnow(),
            note=request.POST.get("note", "")[:5000],
        )
    except ValidationError as exc:
        return done_in_place_or_back(request, default=default, error=_errors(exc))
    return done_in_place_or_back(
        request, default=default, notice="Reminder logged. The next one waits longer."
    )
