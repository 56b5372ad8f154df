"""The order rules that need no database: how an order's status follows from its lines,
which lines an event moves, which options to offer on a slip, whether a message mentions an
order number, and when to send the next polite payment reminder."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Line statuses, in the order a line moves through them. Delivered and cancelled are final.
IN_STOCK = "in_stock"
BACK_ORDERED = "back_ordered"
SHIPPED = "shipped"
DELIVERED = "delivered"
CANCELLED = "cancelled"

_LINE_RANK = {IN_STOCK: 0, BACK_ORDERED: 0, SHIPPED: 1, DELIVERED: 2, CANCELLED: 2}
FINAL_LINE = frozenset({DELIVERED, CANCELLED})


def line_can_move(current: str, new: str) -> bool:
    """Lines only move forward: a late 'shipped' webhook never un-delivers a line, and
    only a line still waiting in the warehouse can become back-ordered."""
    if current == new or current in FINAL_LINE:
        return False
    if new == BACK_ORDERED:
        return current == IN_STOCK
    return _LINE_RANK[new] >= _LINE_RANK[current]


# Order statuses.
PLACED = "placed"
CONFIRMED = "confirmed"
PARTIALLY_SHIPPED = "partially_shipped"
_ORDER_RANK = {PLACED: 0, CONFIRMED: 1, PARTIALLY_SHIPPED: 2, SHIPPED: 3, DELIVERED: 4}
FINAL_ORDER = frozenset({DELIVERED, CANCELLED})

# What an event says about an order that has no lines.
_EVENT_STATUS = {
    "confirmed": CONFIRMED,
    "partially_shipped": PARTIALLY_SHIPPED,
    "shipped": SHIPPED,
    "delivered": DELIVERED,
    "cancelled": CANCELLED,
}


def order_status(current: str, line_statuses: Sequence[str], event_kind: str) -> str:
    """The order's status after an event, from its lines (or from the event when it has none)."""
    if current in FINAL_ORDER:
        return current
    if not line_statuses:
        new = _EVENT_STATUS.get(event_kind, current)
        if new == CANCELLED:
            return CANCELLED
        return new if _ORDER_RANK.get(new, 0) >= _ORDER_RANK.get(current, 0) else current
    active = [s for s in line_statuses if s != CANCELLED]
    if not active:
        return CANCELLED
    if all(s == DELIVERED for s in active):
        return DELIVERED
    if all(s in (SHIPPED, DELIVERED) for s in active):
        return SHIPPED
    if any(s in (SHIPPED, DELIVERED) for s in active):
        return PARTIALLY_SHIPPED
    if event_kind == "confirmed" or current == CONFIRMED:
        return CONFIRMED
    return current


def default_targets(event_kind: str, line_statuses: Sequence[str]) -> list[int]:
    """The lines (by index) an event moves when it names none."""
    wanted = {
        "back_ordered": {IN_STOCK},
        "shipped": {IN_STOCK, BACK_ORDERED},
        "delivered": {IN_STOCK, BACK_ORDERED, SHIPPED},
        "cancelled": {IN_STOCK, BACK_ORDERED, SHIPPED},
    }.get(event_kind)
    if wanted is None:
        return []
    return [i for i, s in enumerate(line_statuses) if s in wanted]


LINE_STATUS_OF_EVENT = {
    "back_ordered": BACK_ORDERED,
    "partially_shipped": SHIPPED,
    "shipped": SHIPPED,
    "delivered": DELIVERED,
    "cancelled": CANCELLED,
}


# The options to offer the customer when an order slips --------------------------------

OPTIONS: dict[str, str] = {
    "wait": "Wait until the new date",
    "partial": "Ship what is ready now, the rest when it arrives",
    "substitute": "Substitute a similar item that is in stock",
    "cancel": "Cancel the order (or the missing items)",
    "refund": "A refund for what cannot be delivered",
}
_OPTIONS_BY_KIND = {
    "late": ("wait", "partial", "substitute", "cancel", "refund"),
    "back_order": ("wait", "partial", "substitute", "cancel", "refund"),
    "delivery_failed": ("wait", "cancel", "refund"),
}
DELIVERY_FAILED_WAIT = "Deliver again (tell us a good day)"
# The same options in a few words, for the rep's list ("Offer: wait, …").
SHORT: dict[str, str] = {
    "wait": "wait for the new date",
    "partial": "ship what's ready now",
    "substitute": "a substitute",
    "cancel": "cancel",
    "refund": "a refund",
}


def options_for(kind: str) -> list[str]:
    return list(_OPTIONS_BY_KIND.get(kind, OPTIONS))


def option_label(key: str, kind: str = "") -> str:
    if key == "wait" and kind == "delivery_failed":
        return DELIVERY_FAILED_WAIT
    return OPTIONS.get(key, key)


def offer_phrase(keys: Sequence[str], kind: str = "") -> str:
    """ "wait for the new date, ship what's ready now, a substitute, cancel or a refund"."""
    words = [
        "deliver again" if key == "wait" and kind == "delivery_failed" else SHORT.get(key, key)
        for key in keys
    ]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def options_of_all(offered: Sequence[Sequence[str]]) -> list[str]:
    """Every option offered on any of several problems, in our order."""
    keys = {key for one in offered for key in one}
    return [key for key in OPTIONS if key in keys]


def clean_options(given: Sequence[str], kind: str) -> list[str]:
    """The options offered, in our order; ValueError naming the first unknown one."""
    allowed = options_for(kind)
    for key in given:
        if key not in OPTIONS:
            raise ValueError(f"{key!r} is not an option (use {', '.join(OPTIONS)})")
    chosen = [key for key in allowed if key in given]
    return chosen or allowed


# Does a message mention an order number? ------------------------------------------------

_WORDISH = re.compile(r"#?[A-Za-z0-9][A-Za-z0-9_./-]*[A-Za-z0-9]|#?[0-9]")
_ORDER_WORD = re.compile(r"(?:order|bestellung|commande|pedido|no\.?|nr\.?|#)\s*$", re.I)
MIN_NUMBER_LENGTH = 3


def number_core(number: str) -> str:
    """'#1001' → '1001'; ' SO-77 ' → 'so-77' (how numbers are compared in text)."""
    return number.strip().lstrip("#").strip().lower()


def number_variants(text: str) -> set[str]:
    """Every token of `text` as an order number might be stored ('1001' and '#1001')."""
    found: set[str] = set()
    for match in _WORDISH.finditer(text):
        core = match.group().lstrip("#")
        if len(core) >= MIN_NUMBER_LENGTH and any(ch.isdigit() for ch in core):
            found.update({core, f"#{core}", core.upper(), f"#{core.upper()}"})
    return found


def mentions_number(text: str, number: str, *, from_its_customer: bool) -> bool:
    """Whether `text` names the order. A bare run of digits ("1001") counts only from the
    order's own customer or after a word such as "order" or "#": from anyone else it is as
    likely a street number or a price."""
    core = number_core(number)
    if len(core) < MIN_NUMBER_LENGTH:
        return False
    pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(core)}(?![A-Za-z0-9])", re.I)
    for match in pattern.finditer(text):
        if from_its_customer or not core.isdigit():
            return True
        if _ORDER_WORD.search(text[max(0, match.start() - 12) : match.start()]):
            return True
    return False


# Patient payment reminders --------------------------------------------------------------

CHASE_GAPS = (timedelta(days=7), timedelta(days=14), timedelta(days=28))


def next_chase_at(
    *,
    due_date: date,
    chasers_sent: int,
    last_chased_at: datetime | None,
    tz: str,
    work_start: time,
) -> datetime:
    """When to send the next friendly reminder about an unpaid invoice: the first working
    morning after the due date, then a week, two weeks, and four weeks after each reminder
    (the follow-up plans refine this schedule)."""
    if chasers_sent <= 0 or last_chased_at is None:
        day = due_date + timedelta(days=1)
        return datetime.combine(day, work_start, tzinfo=ZoneInfo(tz)).astimezone(UTC)
    gap = CHASE_GAPS[min(chasers_sent, len(CHASE_GAPS)) - 1]
    return last_chased_at.astimezone(UTC) + gap
