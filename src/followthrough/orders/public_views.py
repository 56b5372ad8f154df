"""The customer's order page: no sign-in, reached only through its unguessable link.

It shows this order's progress, the latest note from the rep and, when something went wrong,
the options to choose from — nothing else about the business or its other orders.

Opening it writes nothing: link previewers and mail scanners open links too. The customer
counts as told only by acting — "Got it" or picking an option (a member of the business
previewing the page can do neither). A wrong, old or revoked link is a plain 404, like any
missing page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from followthrough.core import clock
from followthrough.core.timeutil import utcnow
from followthrough.orders import rules
from followthrough.orders.forms import ChoiceForm
from followthrough.orders.models import EventKind, Order, OrderStatus, ProblemState
from followthrough.orders.selectors import open_problems, public_events, public_order
from followthrough.orders.telling import (
    headline,
    order_public_acknowledged,
    order_record_choice,
)

HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "same-origin",
}
STEPS = (
    (OrderStatus.PLACED, "Order placed"),
    (OrderStatus.CONFIRMED, "Confirmed"),
    (OrderStatus.SHIPPED, "On its way"),
    (OrderStatus.DELIVERED, "Delivered"),
)
_REACHED = {
    OrderStatus.PLACED: 0,
    OrderStatus.CONFIRMED: 1,
    OrderStatus.PARTIALLY_SHIPPED: 2,
    OrderStatus.SHIPPED: 2,
    OrderStatus.DELIVERED: 3,
}


def _is_staff_of(request: HttpRequest, order: Order) -> bool:
    member = getattr(request, "member", None)
    return member is not None and member.workspace_id == order.workspace_id


def _steps(order: Order) -> list[dict[str, object]]:
    reached = _REACHED.get(OrderStatus(order.status), -1)
    return [
        {"label": label, "done": i <= reached, "current": i == reached}
        for i, (_, label) in enumerate(STEPS)
    ]


def _context(order: Order, form: ChoiceForm | None = None) -> dict[str, object]:
    events = public_events(order)
    notes = [e for e in events if e.kind == EventKind.NOTE and e.note]
    live = open_problems(order)
    chosen = next((p for p in live if p.customer_choice), None)
    kinds = {p.kind for p in live}
    kind = next(iter(kinds)) if len(kinds) == 1 else ""
    if form is None and live:
        initial = {"choice": chosen.customer_choice} if chosen else {}
        form = ChoiceForm(problems=live, initial=initial)
    return {
        "order": order,
        "business": order.workspace.name,
        "rep": order.owner.display_name.split(" ")[0] if order.owner else "",
        "steps": _steps(order),
        "lines": list(order.lines.order_by("position")),
        "events": [e for e in events if e.kind != EventKind.NOTE],
        "note": notes[-1] if notes else None,
        "headlines": [headline(p, order) for p in live],
        "form": form,
        "chosen": rules.option_label(chosen.customer_choice, kind) if chosen else "",
        "unacknowledged": any(p.state == ProblemState.TO_TELL for p in live),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def order_page(request: HttpRequest, token: str) -> HttpResponse:
    order = public_order(token)
    now = utcnow()
    staff = _is_staff_of(request, order)
    form = None
    status = 200
    if request.method == "POST" and not staff:
        live = open_problems(order)
        if not live:
            return _with_headers(redirect(request.path))  # dealt with meanwhile: just show it
        if request.POST.get("action") == "ack":
            order_public_acknowledged(order=order, now=now)
            return _with_headers(redirect(f"{request.path}?thanks=seen"))
        form = ChoiceForm(request.POST, problems=live)
        if form.is_valid():
            try:
                order_record_choice(
                    order=order,
                    choice=form.cleaned_data["choice"],
                    note=form.cleaned_data.get("note") or "",
                    now=now,
                )
            except ValidationError as exc:
                form.add_error(None, ValidationError(exc.messages))
            else:
                return _with_headers(redirect(f"{request.path}?thanks=1"))
        status = 422
    context = _context(order, form)
    context["thanks"] = request.GET.get("thanks") == "1"
    context["seen"] = request.GET.get("thanks") == "seen"
    context["preview"] = staff
    # The customer reads times in the zone of the rep who looks after them (or the
    # business's), named on the page; never the viewer's, even for a member previewing it.
    with clock.shown_in(clock.public_timezone(order.workspace, order.owner)):
        return _with_headers(render(request, "orders/public.html", context, status=status))


def _with_headers(response: HttpResponse) -> HttpResponse:
    for name, value in HEADERS.items():
        response[name] = value
    return response
