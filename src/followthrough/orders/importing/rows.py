"""From raw records to checked orders: the rows of one order (same number, one after the
other) become one `OrderRow` with its lines, or the reasons it cannot be imported."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import TypeVar

from followthrough.contacts.importing.records import Cell, RawRecord, RowError
from followthrough.contacts.importing.rows import OwnerDirectory, is_valid_email
from followthrough.orders import rules
from followthrough.orders.importing import layouts as f
from followthrough.orders.importing.values import (
    parse_currency,
    parse_day,
    parse_line_status,
    parse_moment,
    parse_money,
    parse_order_status,
    parse_packed_items,
    parse_product_list,
    parse_quantity,
)

T = TypeVar("T")
_by_rank = attrgetter("rank")


@dataclass(slots=True)
class LineRow:
    line: int
    product: str
    sku: str
    quantity: int
    status: str
    total: Decimal | None = None


@dataclass(slots=True)
class OrderRow:
    """One order ready to be written. `line` is the line its first row starts on."""

    line: int
    number: str
    email: str = ""
    customer: str = ""
    phone: str = ""
    placed_at: datetime | None = None
    promised_date: date | None = None
    expected_date: date | None = None
    total: Decimal | None = None
    currency: str = ""
    owner_id: int | None = None
    owner_given: bool = False
    cancelled_at: datetime | None = None
    fulfilled_at: datetime | None = None
    paid_at: datetime | None = None
    financial_status: str = ""
    payment_due: date | None = None
    invoice_number: str = ""
    invoice_due: date | None = None
    invoice_paid: date | None = None
    order_status: str = rules.IN_STOCK  # the default status of its lines
    lines: list[LineRow] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # target → the file's column name

    def column(self, target: str) -> str:
        return self.sources.get(target, target)


def _first(records: list[RawRecord], target: str) -> Cell | None:
    """The first non-empty value of a field over the order's rows (best-ranked column)."""
    for record in records:
        cells = record.cells.get(target)
        if cells:
            return sorted(cells, key=_by_rank)[0]
    return None


class OrderBuilder:
    def __init__(self, *, owners: OwnerDirectory, today: date, day_first: bool = False) -> None:
        self.owners = owners
        self.today = today
        self.day_first = day_first  # how the file writes 05/04/2026 (service.py decides)

    def group(
        self, records: Iterable[RawRecord]
    ) -> Iterator[tuple[OrderRow | None, list[RowError]]]:
        """Each order of the file (or the errors that stop it), in file order. Rows of one
        order must follow each other, as Shopify writes them."""
        seen: dict[str, int] = {}
        current: list[RawRecord] = []
        number = ""
        column = "order number"  # as the file names it, once a row shows us
        for record in records:
            if record.problem:
                yield None, [RowError(record.line, record.problem_field or "row", record.problem)]
                continue
            cell = _first([record], f.NUMBER)
            this = " ".join(cell.text.split()) if cell else ""
            if cell is not None:
                column = cell.source
            if not this:
                yield None, [RowError(record.line, column, "the row has no order number")]
                continue
            if current and this == number:
                current.append(record)
                continue
            if current:
                yield self.build(current)
            if this in seen:
                source = cell.source if cell else "order number"
                yield (
                    None,
                    [
                        RowError(
                            record.line,
                            source,
                            f"order {this} already appeared on line {seen[this]}; "
                            "the rows of one order must come together",
                        )
                    ],
                )
                current, number = [], ""
                continue
            seen[this] = record.line
            current, number = [record], this
        if current:
            yield self.build(current)

    def build(self, records: list[RawRecord]) -> tuple[OrderRow | None, list[RowError]]:
        first = records[0]
        number_cell = _first(records, f.NUMBER)
        row = OrderRow(
            line=first.line, number=" ".join(number_cell.text.split()) if number_cell else ""
        )
        errors: list[RowError] = []
        for record in records:
            for target, cells in record.cells.items():
                row.sources.setdefault(target, sorted(cells, key=_by_rank)[0].source)

        def value(target: str, parse: Callable[[str], T]) -> T | None:
            cell = _first(records, target)
            if cell is None:
                return None
            try:
                return parse(cell.text)
            except ValueError as exc:
                line = next((r.line for r in records if target in r.cells), first.line)
                errors.append(RowError(line, cell.source, str(exc)))
                return None

        self._customer(row, records, errors)
        today, day_first = self.today, self.day_first

        def moment(text: str) -> datetime | None:
            return parse_moment(text, today=today, day_first=day_first)

        def day(text: str) -> date | None:
            return parse_day(text, today=today, day_first=day_first)

        row.placed_at = value(f.PLACED_AT, moment)
        row.promised_date = value(f.PROMISED, day)
        row.expected_date = value(f.EXPECTED, day)
        row.total = value(f.TOTAL, parse_money)
        row.currency = value(f.CURRENCY, parse_currency) or ""
        row.cancelled_at = value(f.CANCELLED_AT, moment)
        row.fulfilled_at = value(f.FULFILLED_AT, moment)
        row.paid_at = value(f.PAID_AT, moment)
        row.financial_status = (value(f.FINANCIAL_STATUS, str) or "").strip().lower()
        row.payment_due = value(f.PAYMENT_DUE, day)
        row.invoice_number = (value(f.INVOICE_NUMBER, str) or "").strip()[:64]
        row.invoice_due = value(f.INVOICE_DUE, day)
        row.invoice_paid = value(f.INVOICE_PAID, day)
        order_status = value(f.ORDER_STATUS, parse_order_status)
        if order_status is not None:
            row.order_status = order_status
        if row.invoice_number and row.invoice_due is None and not errors:
            errors.append(
                RowError(first.line, row.column(f.INVOICE_DUE), "an invoice needs its due date")
            )
        self._owner(row, records, errors)
        for record in records:
            self._line(row, record, errors)
            self._packed_lines(row, record, errors)
        self._listed_products(row, records, errors)
        if not row.lines and not errors:
            where = row.column(f.PRODUCT) if f.PRODUCT in row.sources else "product"
            errors.append(RowError(first.line, where, f"order {row.number} has no lines"))
        if row.total is None and row.lines and all(line.total is not None for line in row.lines):
            row.total = sum((line.total or Decimal(0) for line in row.lines), Decimal(0))
        return (None, errors) if errors else (row, errors)

    def _customer(self, row: OrderRow, records: list[RawRecord], errors: list[RowError]) -> None:
        email = _first(records, f.EMAIL)
        if email is not None:
            address = email.text.strip().lower().removeprefix("mailto:")
            if is_valid_email(address):
                row.email = address
            else:
                errors.append(
                    RowError(records[0].line, email.source, f"{email.text!r} is not a valid email")
                )
        name = _first(records, f.CUSTOMER)
        row.customer = " ".join(name.text.split())[:200] if name else ""
        if not row.customer:  # WooCommerce: billing first and last name
            first, last = _first(records, f.FIRST_NAME), _first(records, f.LAST_NAME)
            parts = [cell.text for cell in (first, last) if cell is not None]
            row.customer = " ".join(" ".join(parts).split())[:200]
        phone = _first(records, f.PHONE)
        row.phone = " ".join(phone.text.split())[:40] if phone else ""
        if not (row.email or row.customer or errors):
            errors.append(
                RowError(
                    records[0].line, row.column(f.EMAIL), "the order has no customer email or name"
                )
            )

    def _owner(self, row: OrderRow, records: list[RawRecord], errors: list[RowError]) -> None:
        cell = _first(records, f.OWNER)
        if cell is None:
            return
        row.owner_given = True
        row.owner_id = self.owners.find(cell.text)
        if row.owner_id is None:
            errors.append(
                RowError(
                    records[0].line,
                    cell.source,
                    f"{cell.text!r} is not an active member of this workspace",
                )
            )

    def _line(self, row: OrderRow, record: RawRecord, errors: list[RowError]) -> None:
        product = _first([record], f.PRODUCT)
        if product is None:
            for target in (f.SKU, f.QUANTITY):
                if target in record.cells:
                    errors.append(
                        RowError(record.line, row.column(f.PRODUCT), "the line has no product")
                    )
                    return
            return
        quantity = 1
        status = row.order_status
        cell = _first([record], f.QUANTITY)
        if cell is not None:
            try:
                quantity = parse_quantity(cell.text)
            except ValueError as exc:
                errors.append(RowError(record.line, cell.source, str(exc)))
        cell = _first([record], f.LINE_STATUS)
        if cell is not None:
            try:
                status = parse_line_status(cell.text)
            except ValueError as exc:
                errors.append(RowError(record.line, cell.source, str(exc)))
        sku = _first([record], f.SKU)
        row.lines.append(
            LineRow(
                line=record.line,
                product=" ".join(product.text.split())[:300],
                sku=sku.text.strip()[:100] if sku else "",
                quantity=quantity,
                status=status,
            )
        )

    def _packed_lines(self, row: OrderRow, record: RawRecord, errors: list[RowError]) -> None:
        """WooCommerce exports: line_item_1, line_item_2… (or line_items) pack a line each."""
        for cell in sorted(record.cells.get(f.PACKED_ITEMS, ()), key=_by_rank):
            try:
                packed = parse_packed_items(cell.text)
            except ValueError as exc:
                errors.append(RowError(record.line, cell.source, str(exc)))
                continue
            for item in packed:
                row.lines.append(
                    LineRow(
                        line=record.line,
                        product=item.product[:300],
                        sku=item.sku[:100],
                        quantity=item.quantity,
                        status=row.order_status,
                        total=item.total,
                    )
                )

    def _listed_products(
        self, row: OrderRow, records: list[RawRecord], errors: list[RowError]
    ) -> None:
        """WooCommerce Analytics: "Product(s)" names the lines, "Items sold" counts them."""
        cell = _first(records, f.PRODUCT_LIST)
        if cell is None:
            return
        sold = _first(records, f.ITEMS_SOLD)
        items_sold = None
        if sold is not None:
            try:
                items_sold = parse_quantity(sold.text)
            except ValueError as exc:
                errors.append(RowError(records[0].line, sold.source, str(exc)))
                return
        for product, quantity in parse_product_list(cell.text, items_sold):
            row.lines.append(
                LineRow(
                    line=records[0].line,
                    product=product[:300],
                    sku="",
                    quantity=quantity,
                    status=row.order_status,
                )
            )
