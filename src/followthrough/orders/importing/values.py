"""Reading single order values as shops and spreadsheets write them. Pure; no database.

Each parser returns the value or raises ValueError with the reason, written to follow
"line 14, Lineitem quantity: " in a report.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

from followthrough.contacts.importing.values import parse_date
from followthrough.contacts.keys import fold
from followthrough.orders import rules

_MONEY_JUNK = re.compile(r"[\s$€£¥]|[A-Za-z]{3}$|^[A-Za-z]{3}")
_CURRENCY = re.compile(r"[A-Z]{3}")
DATE_ONLY_AT = time(12, 0)  # a date without a time: noon UTC, the same day nearly everywhere


def parse_moment(text: str, *, today: date) -> datetime | None:
    """A time with its offset, an ISO 8601 time, or a date (read as noon UTC)."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")  # Shopify's "… -0500"
    except ValueError:
        pass
    if "T" in text or ":" in text:
        try:
            moment = datetime.fromisoformat(text.replace(" UTC", "+00:00"))
        except ValueError:
            raise ValueError(
                f"{text!r} is not a time (write 2026-11-24 14:30:00 +0100 or 2026-11-24)"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    day = parse_date(text, today=today)
    return None if day is None else datetime.combine(day, DATE_ONLY_AT, tzinfo=UTC)


def parse_day(text: str, *, today: date) -> date | None:
    text = text.strip()
    if len(text) > 10 and (":" in text or "T" in text):
        moment = parse_moment(text, today=today)
        return None if moment is None else moment.date()
    return parse_date(text, today=today)


def parse_quantity(text: str) -> int:
    text = text.strip()
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a quantity") from None
    if value != value.to_integral_value() or not 1 <= value <= 1_000_000:
        raise ValueError(f"{text!r} is not a whole quantity from 1 to 1,000,000")
    return int(value)


def parse_money(text: str) -> Decimal | None:
    """'189.90', '1,234.56', '1.234,56', '€ 12,50' → a Decimal; '' → None."""
    raw = text.strip()
    cleaned = _MONEY_JUNK.sub("", raw)
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not an amount") from None
    if not value.is_finite() or value < 0 or value >= Decimal("1e10"):
        raise ValueError(f"{raw!r} is not an amount from 0 to 9,999,999,999")
    return value.quantize(Decimal("0.01"))


def parse_currency(text: str) -> str:
    value = text.strip().upper()
    if value and not _CURRENCY.fullmatch(value):
        raise ValueError(f"{text!r} is not a three-letter currency code such as EUR")
    return value


_LINE_STATUSES = {
    "": rules.IN_STOCK,
    "in stock": rules.IN_STOCK,
    "instock": rules.IN_STOCK,
    "in_stock": rules.IN_STOCK,
    "pending": rules.IN_STOCK,
    "unfulfilled": rules.IN_STOCK,
    "partial": rules.IN_STOCK,
    "open": rules.IN_STOCK,
    "back_ordered": rules.BACK_ORDERED,
    "back-ordered": rules.BACK_ORDERED,
    "backordered": rules.BACK_ORDERED,
    "back ordered": rules.BACK_ORDERED,
    "back order": rules.BACK_ORDERED,
    "backorder": rules.BACK_ORDERED,
    "shipped": rules.SHIPPED,
    "fulfilled": rules.SHIPPED,
    "sent": rules.SHIPPED,
    "delivered": rules.DELIVERED,
    "cancelled": rules.CANCELLED,
    "canceled": rules.CANCELLED,
    "restocked": rules.CANCELLED,
    "refunded": rules.CANCELLED,
}


def parse_line_status(text: str) -> str:
    value = _LINE_STATUSES.get(fold(text))
    if value is None:
        raise ValueError(
            f"{text!r} is not a line status (use in_stock, back_ordered, shipped, delivered "
            "or cancelled)"
        )
    return value
