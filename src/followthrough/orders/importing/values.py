"""Reading single order values as shops and spreadsheets write them. Pure; no database.

Each parser returns the value or raises ValueError with the reason, written to follow
"line 14, Lineitem quantity: " in a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation

from followthrough.contacts.importing.values import parse_date
from followthrough.contacts.keys import fold
from followthrough.orders import rules

_MONEY_JUNK = re.compile(r"[\s$€£¥]|[A-Za-z]{3}$|^[A-Za-z]{3}")
_CURRENCY = re.compile(r"[A-Z]{3}")
DATE_ONLY_AT = time(12, 0)  # a date without a time: noon UTC, the same day nearly everywhere


_CLOCK = re.compile(
    r"(?P<day>\S+?)[ T]+(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
)


def parse_moment(text: str, *, today: date, day_first: bool = False) -> datetime | None:
    """A time with its offset, an ISO 8601 time, a shop's "24/11/2026 14:05" (`day_first`)
    or "11/24/2026 2:05 PM", or a date (read as noon UTC). A time without a zone is UTC."""
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
            moment = _clock_time(text, today=today, day_first=day_first)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    day = parse_date(text, today=today, day_first=day_first)
    return None if day is None else datetime.combine(day, DATE_ONLY_AT, tzinfo=UTC)


def _clock_time(text: str, *, today: date, day_first: bool) -> datetime:
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a time (write 2026-11-24 14:30:00 +0100 or 2026-11-24)")
    day = parse_date(match["day"], today=today, day_first=day_first)
    hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    ampm = (match["ampm"] or "").replace(".", "").lower()
    if ampm and not 1 <= hour <= 12:
        raise ValueError(f"{text!r} is not a time ({hour} {ampm})")
    if ampm == "pm" and hour != 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if day is None or hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"{text!r} is not a time")
    zone = match["zone"]
    tz = UTC
    if zone and zone not in ("Z", "UTC", "GMT"):
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return datetime.combine(day, time(hour, minute, second), tzinfo=tz)


def parse_day(text: str, *, today: date, day_first: bool = False) -> date | None:
    text = text.strip()
    if len(text) > 10 and (":" in text or "T" in text):
        moment = parse_moment(text, today=today, day_first=day_first)
        return None if moment is None else moment.date()
    return parse_date(text, today=today, day_first=day_first)


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


# WooCommerce order statuses (also with their "wc-" prefix), as the status of every line.
_ORDER_STATUSES = {
    "pending": rules.IN_STOCK,  # pending payment
    "pending payment": rules.IN_STOCK,
    "processing": rules.IN_STOCK,
    "on-hold": rules.IN_STOCK,
    "on hold": rules.IN_STOCK,
    "completed": rules.SHIPPED,
    "complete": rules.SHIPPED,
    "shipped": rules.SHIPPED,
    "delivered": rules.DELIVERED,
    "cancelled": rules.CANCELLED,
    "canceled": rules.CANCELLED,
    "refunded": rules.CANCELLED,
    "failed": rules.CANCELLED,
}
_NOT_ORDERS = {"checkout-draft", "draft", "trash", "auto-draft"}


def parse_order_status(text: str) -> str:
    """A WooCommerce order status → the status of the order's lines."""
    key = fold(text).removeprefix("wc-").strip()
    if key in _NOT_ORDERS:
        raise ValueError(f"{text!r} is a checkout that was never placed, not an order")
    value = _ORDER_STATUSES.get(key)
    if value is None:
        value = _LINE_STATUSES.get(key)
    if value is None:
        raise ValueError(
            f"{text!r} is not an order status (pending, processing, on-hold, completed, "
            "cancelled, refunded or failed)"
        )
    return value


@dataclass(frozen=True)
class PackedLine:
    product: str
    sku: str
    quantity: int
    total: Decimal | None


_ITEM_START = re.compile(r";\s*(?=(?:name|product_id|product_name|item_name|sku)\s*:)")
_NAME_KEYS = ("name", "product_name", "item_name", "title")


def parse_packed_items(text: str) -> list[PackedLine]:
    """WooCommerce exporters pack a line into one cell: WebToffee's
    "name:Beanie|product_id:15|sku:woo-beanie|quantity:2|total:36.00|sub_total:36.00|…", the
    older "product_id:15|2|36.00|size: Medium", several of them joined by ";"."""
    lines = []
    for part in _ITEM_START.split(text.strip()):
        if not part.strip():
            continue
        fields: dict[str, str] = {}
        loose: list[str] = []
        for piece in part.split("|"):
            key, sep, value = piece.partition(":")
            if sep and re.fullmatch(r"[A-Za-z_ -]+", key.strip()):
                fields.setdefault(key.strip().lower().replace(" ", "_"), value.strip())
            elif piece.strip():
                loose.append(piece.strip())
        name = next((fields[k] for k in _NAME_KEYS if fields.get(k)), "")
        sku = fields.get("sku", "")
        quantity_text = fields.get("quantity") or fields.get("qty") or (loose[0] if loose else "1")
        total_text = (
            fields.get("total") or fields.get("line_total") or (loose[1] if len(loose) > 1 else "")
        )
        if not name:
            product_id = fields.get("product_id", "")
            name = sku or (f"Product #{product_id}" if product_id else "")
        if not name:
            raise ValueError(f"{part.strip()[:80]!r} does not name a product")
        lines.append(
            PackedLine(
                product=" ".join(name.split()),
                sku=sku,
                quantity=parse_quantity(quantity_text),
                total=parse_money(total_text) if total_text else None,
            )
        )
    return lines


_COUNT_BEFORE = re.compile(r"(\d+)\s*[x\u00d7]\s*(.+)", re.IGNORECASE)
_COUNT_AFTER = re.compile(r"(.+?)\s*(?:[x\u00d7]\s*(\d+)|\((\d+)\))", re.IGNORECASE)


def parse_product_list(text: str, items_sold: int | None) -> list[tuple[str, int]]:
    """WooCommerce Analytics' "Product(s)": names joined by ", ", perhaps with "2x " counts.
    A single product without a count takes the order's "Items sold" as its quantity."""
    names = [n.strip() for n in text.split(", ") if n.strip()]
    out: list[tuple[str, int]] = []
    for name in names:
        if m := _COUNT_BEFORE.fullmatch(name):
            out.append((m[2].strip(), int(m[1])))
        elif (m := _COUNT_AFTER.fullmatch(name)) and (m[2] or m[3]):
            out.append((m[1].strip(), int(m[2] or m[3])))
        else:
            out.append((name, 1))
    if len(out) == 1 and items_sold and not _COUNT_BEFORE.fullmatch(names[0]):
        out = [(out[0][0], items_sold)]
    return [(name, quantity) for name, quantity in out if quantity >= 1]
