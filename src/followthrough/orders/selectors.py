"""Every read of orders, problems and invoices, scoped to the acting member's workspace; and
the one read by token, for the customer's page."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from followthrough.contacts.models import Contact
from followthrough.orders.models import (
    LIVE_PROBLEM_STATES,
    OPEN_STATUSES,
    Invoice,
    Order,
    OrderEvent,
    OrderStatus,
    Problem,
    ProblemState,
)
from followthrough.orders.rates import BadNewsFirst, ProblemFact, bad_news_first
from followthrough.workspaces.models import Member, Workspace

WINDOWS = (30, 90)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def order_queryset(member: Member) -> QuerySet[Order]:
    return Order.objects.filter(workspace_id=member.workspace_id)


def access_order(member: Member, code: str, *, write: bool = False) -> Order:
    """The only way a page gets an order. Every member of the workspace may work on it."""
    try:
        return order_queryset(member).select_related("contact", "owner", "workspace").get(code=code)
    except Order.DoesNotExist:
        raise Http404("No such order.") from None


def order_by_number(member: Member, number: str) -> Order:
    """For the API: the shop's number as sent ("#1001"), or without its "#" ("1001")."""
    qs = order_queryset(member).select_related("contact", "owner", "workspace")
    number = number.strip()
    found = qs.filter(number=number).first()
    if found is None and number and not number.startswith("#"):
        found = qs.filter(number=f"#{number}").first()
    if found is None:
        raise Http404("No such order.")
    return found


def access_problem(member: Member, code: str) -> Problem:
    try:
        return (
            Problem.objects.filter(workspace_id=member.workspace_id)
            .select_related("order__contact", "order__workspace", "order__owner", "line")
            .get(code=code)
        )
    except Problem.DoesNotExist:
        raise Http404("No such problem.") from None


def access_invoice(member: Member, code: str) -> Invoice:
    try:
        return (
            Invoice.objects.filter(workspace_id=member.workspace_id)
            .select_related("order__contact", "owner")
            .get(code=code)
        )
    except Invoice.DoesNotExist:
        raise Http404("No such invoice.") from None


@dataclass(frozen=True)
class OrderFilters:
    q: str = ""
    status: str = "open"  # open, slipping, delivered, cancelled, all
    owner: str = ""  # "me", "none" or a member code
    contact_id: int | None = None


STATUS_FILTERS = {
    "open": "Open",
    "slipping": "Slipping",
    "delivered": "Delivered",
    "cancelled": "Cancelled",
    "all": "All",
}


def _live_problem() -> Exists:
    return Exists(Problem.objects.filter(order_id=OuterRef("pk"), state__in=LIVE_PROBLEM_STATES))


def order_list(member: Member, filters: OrderFilters) -> QuerySet[Order]:
    qs = order_queryset(member).annotate(has_problem=_live_problem())
    if filters.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status == "slipping":
        qs = qs.filter(status__in=OPEN_STATUSES, has_problem=True)
    elif filters.status in (OrderStatus.DELIVERED, OrderStatus.CANCELLED):
        qs = qs.filter(status=filters.status)
    if filters.owner == "me":
        qs = qs.filter(owner=member)
    elif filters.owner == "none":
        qs = qs.filter(owner__isnull=True)
    elif filters.owner:
        qs = qs.filter(owner__code=filters.owner)
    if filters.contact_id is not None:
        qs = qs.filter(contact_id=filters.contact_id)
    q = filters.q.strip().replace("\x00", "")
    if q:
        qs = qs.filter(Q(number__istartswith=q) | Q(number__istartswith=f"#{q.lstrip('#')}"))
    return qs.select_related("contact", "owner").order_by("-placed_at", "-id")


def order_history(order: Order) -> QuerySet[OrderEvent]:
    return order.events.select_related("actor").order_by("at", "id")


def order_problems(order: Order) -> QuerySet[Problem]:
    return order.problems.select_related("line", "told_by", "told_via").order_by("-detected_at")


def contact_orders(member: Member, contact: Contact, *, limit: int = 10) -> list[Order]:
    return list(
        order_queryset(member)
        .filter(contact=contact)
        .annotate(has_problem=_live_problem())
        .order_by("-placed_at")[:limit]
    )


# The customer's page -------------------------------------------------------------------


def public_order(token: str) -> Order:
    """The order a customer's link names; 404 for a wrong, old or revoked link."""
    if not _TOKEN.fullmatch(token):
        raise Http404("No such page.")
    order = (
        Order.objects.select_related("workspace", "owner", "contact")
        .filter(public_token=token, public_enabled=True)
        .first()
    )
    if order is None:
        raise Http404("No such page.")
    return order


def public_events(order: Order) -> list[OrderEvent]:
    from followthrough.orders.models import CUSTOMER_KINDS

    return list(order.events.filter(kind__in=CUSTOMER_KINDS).order_by("at", "id"))


def open_problems(order: Order) -> list[Problem]:
    return list(
        order.problems.filter(state__in=LIVE_PROBLEM_STATES).select_related("line").order_by("id")
    )


# The bad-news-first rate ---------------------------------------------------------------


def _facts(qs: QuerySet[Problem]) -> list[tuple[int | None, ProblemFact]]:
    rows = qs.exclude(state=ProblemState.WITHDRAWN).values_list(
        "owner_id", "detected_at", "told_at", "heard_first", "state"
    )
    return [
        (owner_id, ProblemFact(detected, told, heard, state == ProblemState.RESOLVED))
        for owner_id, detected, told, heard, state in rows
    ]


def _windows(facts: list[ProblemFact], now: datetime) -> dict[int, BadNewsFirst]:
    return {days: bad_news_first(facts, now=now, days=days) for days in WINDOWS}


def bad_news_first_of(member: Member, *, now: datetime) -> dict[int, BadNewsFirst]:
    """The member's rate over 30 and 90 days (one query)."""
    since = now - timedelta(days=max(WINDOWS))
    qs = Problem.objects.filter(owner=member, detected_at__gte=since, detected_at__lte=now)
    return _windows([fact for _, fact in _facts(qs)], now)


@dataclass(frozen=True)
class TeamRates:
    workspace: dict[int, BadNewsFirst]
    members: list[tuple[Member, dict[int, BadNewsFirst]]]


def bad_news_first_team(workspace: Workspace, *, now: datetime) -> TeamRates:
    """The workspace's rate and each active member's, over 30 and 90 days (two queries)."""
    since = now - timedelta(days=max(WINDOWS))
    qs = Problem.objects.filter(workspace=workspace, detected_at__gte=since, detected_at__lte=now)
    facts = _facts(qs)
    by_owner: dict[int | None, list[ProblemFact]] = defaultdict(list)
    for owner_id, fact in facts:
        by_owner[owner_id].append(fact)
    members = Member.objects.filter(workspace=workspace, is_active=True).order_by("display_name")
    return TeamRates(
        workspace=_windows([fact for _, fact in facts], now),
        members=[(m, _windows(by_owner.get(m.pk, []), now)) for m in members],
    )
