"""Slip detection and miss detection.

A slip is bad news the customer should hear from us first (PRODUCT.md, "Order"):

* the expected date moves past the promised date ("late"). Each further move past the date
  the customer was last told is news again; a move back on time before anyone told them
  withdraws it;
* a line becomes back-ordered ("back_order"), one problem per line; the line shipping before
  anyone told them withdraws it;
* a delivery fails ("delivery_failed").

Each problem is owned by the order's owner and must be told within the workspace's
`bad_news_deadline_hours` of the owner's working time. A miss: the customer contacts us
about the order (an inbound entry linked to it, or naming its number) before we told them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Q

from followthrough.contacts.models import Direction, Interaction
from followthrough.contacts.services import InteractionData
from followthrough.orders.models import (
    LIVE_PROBLEM_STATES,
    EventKind,
    HeardFirst,
    Order,
    OrderEvent,
    OrderInteraction,
    OrderLine,
    Problem,
    ProblemKind,
    ProblemState,
)
from followthrough.orders.rules import mentions_number, number_variants
from followthrough.orders.workhours import add_working_time
from followthrough.workspaces.models import Member, Workspace

MISS_LOOKBACK = timedelta(days=120)
DEFAULT_HOURS = (time(9, 0), time(17, 0), (1, 2, 3, 4, 5))


def tell_by(owner: Member | None, workspace: Workspace, detected_at: datetime) -> datetime:
    """The deadline to tell the customer: the workspace's hours of the owner's working time."""
    hours = timedelta(hours=workspace.bad_news_deadline_hours)
    if owner is None:
        start, end, days = DEFAULT_HOURS
        return add_working_time(
            detected_at, hours, tz="UTC", work_start=start, work_end=end, work_days=days
        )
    return add_working_time(
        detected_at,
        hours,
        tz=owner.timezone,
        work_start=owner.work_start,
        work_end=owner.work_end,
        work_days=owner.weekdays,
    )


def _open(
    order: Order,
    kind: str,
    *,
    event: OrderEvent,
    now: datetime,
    line: OrderLine | None = None,
) -> Problem:
    return Problem.objects.create(
        workspace_id=order.workspace_id,
        order=order,
        owner=order.owner,
        line=line,
        event=event,
        kind=kind,
        reason=event.reason,
        detected_at=now,
        tell_by=tell_by(order.owner, order.workspace, now),
        promised_date=order.promised_date,
        new_date=order.expected_date,
        attention_at=now,
    )


def _close(problem: Problem, state: str, *, now: datetime) -> None:
    problem.state = state
    problem.resolved_at = now
    problem.attention_at = None
    problem.save(update_fields=["state", "resolved_at", "attention_at", "updated_at"])


def detect(
    order: Order,
    *,
    event: OrderEvent,
    backordered: list[OrderLine],
    cleared: list[OrderLine],
    now: datetime,
) -> list[Problem]:
    """Open (or withdraw) the problems an event causes. `order` is the saved, current order."""
    if not order.is_open:
        return []
    opened: list[Problem] = []
    live = list(order.problems.filter(state__in=LIVE_PROBLEM_STATES))
    for line in cleared:
        for p in live:
            if p.kind == ProblemKind.BACK_ORDER and p.line_id == line.pk:
                _close(
                    p,
                    ProblemState.WITHDRAWN
                    if p.state == ProblemState.TO_TELL
                    else ProblemState.RESOLVED,
                    now=now,
                )
    for line in backordered:
        if not any(p.kind == ProblemKind.BACK_ORDER and p.line_id == line.pk for p in live):
            opened.append(_open(order, ProblemKind.BACK_ORDER, event=event, now=now, line=line))
    late = _check_late(order, event=event, now=now)
    if late is not None:
        opened.append(late)
    if event.kind == EventKind.DELIVERY_FAILED:
        if not any(
            p.kind == ProblemKind.DELIVERY_FAILED and p.state == ProblemState.TO_TELL for p in live
        ):
            opened.append(_open(order, ProblemKind.DELIVERY_FAILED, event=event, now=now))
    elif event.kind == EventKind.DELIVERED:
        for p in live:
            if p.kind == ProblemKind.DELIVERY_FAILED and p.state != ProblemState.CHOSEN:
                _close(p, ProblemState.RESOLVED, now=now)
    return opened


def _check_late(order: Order, *, event: OrderEvent, now: datetime) -> Problem | None:
    latest = (
        order.problems.filter(kind=ProblemKind.LATE)
        .exclude(state=ProblemState.WITHDRAWN)
        .order_by("-detected_at", "-id")
        .first()
    )
    if not order.is_late:
        if latest is not None and latest.state == ProblemState.TO_TELL:
            _close(latest, ProblemState.WITHDRAWN, now=now)
        return None
    expected = order.expected_date
    if expected is None:
        return None
    if latest is None:
        return _open(order, ProblemKind.LATE, event=event, now=now)
    if latest.state == ProblemState.TO_TELL:
        if latest.new_date != expected:
            latest.new_date = expected
            latest.reason = event.reason or latest.reason
            latest.save(update_fields=["new_date", "reason", "updated_at"])
        return None
    told_date = latest.new_date or latest.promised_date
    if told_date is None or expected > told_date:
        return _open(order, ProblemKind.LATE, event=event, now=now)
    return None


def close_all(order: Order, *, now: datetime) -> None:
    """The order is delivered or cancelled: its live problems are over. One never told stays
    untold (it counts against the bad-news-first rate)."""
    for p in order.problems.filter(state__in=LIVE_PROBLEM_STATES):
        _close(p, ProblemState.RESOLVED, now=now)


# Miss detection --------------------------------------------------------------------------


def _heard_from_them(problem: Problem, interaction: Interaction) -> None:
    problem.heard_first = HeardFirst.THEM
    problem.them_at = interaction.occurred_at
    problem.them_via = interaction
    problem.save(update_fields=["heard_first", "them_at", "them_via", "updated_at"])


def _untold_at(at: datetime) -> Q:
    return Q(detected_at__lte=at) & (Q(told_at__isnull=True) | Q(told_at__gt=at))


def note_contact_about(order: Order, interaction: Interaction) -> list[Problem]:
    """An entry linked to `order`: if it came from them before we told them, it's a miss."""
    if interaction.direction != Direction.INBOUND:
        return []
    at = interaction.occurred_at
    missed = list(
        order.problems.filter(_untold_at(at))
        .exclude(state=ProblemState.WITHDRAWN)
        .exclude(heard_first=HeardFirst.THEM)
    )
    for p in missed:
        _heard_from_them(p, interaction)
    return missed


def orders_after_interaction(interaction: Interaction, data: InteractionData) -> None:
    """The timeline's post-log hook: an inbound entry naming an order number with a problem
    we had not told yet records the miss and links the entry to the order."""
    if data.direction != Direction.INBOUND:
        return
    text = f"{data.subject}\n{data.body}"
    variants = number_variants(text)
    if not variants:
        return
    at = data.occurred_at
    candidates = (
        Problem.objects.filter(
            _untold_at(at),
            workspace_id=interaction.workspace_id,
            order__number__in=variants,
            detected_at__gte=at - MISS_LOOKBACK,
        )
        .exclude(state=ProblemState.WITHDRAWN)
        .exclude(heard_first=HeardFirst.THEM)
        .select_related("order")
    )
    linked: set[int] = set()
    for p in candidates:
        order = p.order
        own = order.contact_id == interaction.contact_id
        if not mentions_number(text, order.number, from_its_customer=own):
            continue
        _heard_from_them(p, interaction)
        if order.pk not in linked:
            linked.add(order.pk)
            OrderInteraction.objects.get_or_create(
                order=order,
                interaction=interaction,
                defaults={"workspace_id": order.workspace_id},
            )
