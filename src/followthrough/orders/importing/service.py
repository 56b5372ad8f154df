"""Import orders from a CSV file into one workspace, and report on every row.

Each order goes through `order_create` (so a slip in the file is bad news on its owner's
Today, and its customer becomes a customer), then its shipped, delivered or cancelled lines
through `order_record_event`. Orders commit in batches; an order whose number is already in
the workspace is skipped, so running a file twice imports nothing twice.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import BinaryIO, TextIO

from django.core.exceptions import ValidationError
from django.db import transaction

from followthrough.contacts.importing.csv_reader import read_csv
from followthrough.contacts.importing.decoding import open_text
from followthrough.contacts.importing.records import (
    ImportFileError,
    RawRecord,
    RecordSource,
    RowError,
)
from followthrough.contacts.importing.rows import OwnerDirectory, split_name
from followthrough.contacts.keys import first_key
from followthrough.contacts.models import Contact, Stage
from followthrough.contacts.services import ContactData, contact_create
from followthrough.orders import rules
from followthrough.orders.importing import layouts as f
from followthrough.orders.importing.layouts import detect_order_layout
from followthrough.orders.importing.rows import OrderBuilder, OrderRow
from followthrough.orders.invoices import invoice_create
from followthrough.orders.models import Invoice, Order, Problem, Source
from followthrough.orders.services import (
    EventData,
    LineData,
    OrderData,
    order_create,
    order_record_event,
)
from followthrough.workspaces.models import Member, Workspace

BATCH_SIZE = 200
Progress = Callable[[int, int], None]  # (bytes read so far, file size)

# Lines with these statuses are created waiting, then moved by an event (so the history shows it).
_MOVED_BY_EVENT = {
    rules.SHIPPED: "shipped",
    rules.DELIVERED: "delivered",
    rules.CANCELLED: "cancelled",
}


@dataclass
class OrderImportReport:
    layout: str = ""
    layout_key: str = ""
    encoding: str = ""
    dry_run: bool = False
    rows: int = 0  # records read, not counting the header and blank lines
    orders: int = 0  # orders that passed the checks
    created: int = 0  # with dry_run: would be created
    lines: int = 0
    skipped_existing: int = 0
    slipping: int = 0  # created orders with bad news to tell
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # imported, with a note
    ignored_columns: tuple[str, ...] = ()

    @property
    def rows_with_errors(self) -> int:
        return len({error.line for error in self.errors})

    def summary(self) -> str:
        verb = "Would create" if self.dry_run else "Created"
        parts = [
            f"{verb} {self.created:,} order{'s' if self.created != 1 else ''} "
            f"({self.lines:,} lines)",
            f"skipped {self.skipped_existing:,} already existing",
            f"{self.rows_with_errors:,} rows with errors",
        ]
        text = f"{self.layout} file ({self.encoding}), {self.rows:,} rows: "
        text += ", ".join(parts) + "."
        if self.slipping:
            text += f" {self.slipping:,} slipping: the bad news is on their owners' Today."
        return text


def open_order_records(text: TextIO) -> RecordSource:
    lines = iter(text)
    offset = 0
    for line in lines:
        if line.strip():
            break
        offset += 1
    else:
        raise ImportFileError("The file is empty.")
    return read_csv(itertools.chain([line], lines), offset=offset, detect=detect_order_layout)


def import_orders(
    *,
    workspace: Workspace,
    source: BinaryIO,
    now: datetime,
    actor: Member | None = None,
    default_owner: Member | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> OrderImportReport:
    """Read `source` (a seekable binary file) and create the orders it holds.

    Raises ImportFileError when the file as a whole cannot be read. An order with a problem
    is reported by line and not imported; it never stops the orders around it.
    """
    for member in (actor, default_owner):
        if member is not None and member.workspace_id != workspace.pk:
            raise ValueError("Members named in an import must belong to its workspace.")
    decoded = open_text(source)
    opened = open_order_records(decoded.text)
    report = OrderImportReport(
        layout=opened.layout_label,
        layout_key=opened.layout_key,
        encoding=decoded.encoding,
        dry_run=dry_run,
        ignored_columns=opened.ignored_columns,
    )
    records, day_first = _date_order(opened.records, default=opened.day_first)
    builder = OrderBuilder(
        owners=OwnerDirectory.for_workspace(workspace), today=now.date(), day_first=day_first
    )
    writer = _Writer(workspace, now, actor, default_owner, dry_run, report)

    def counted() -> Iterator[RawRecord]:
        for record in records:
            report.rows += 1
            yield record

    for row, errors in builder.group(counted()):
        if row is None:
            report.errors.extend(errors)
            continue
        report.orders += 1
        writer.pending.append(row)
        if len(writer.pending) >= batch_size:
            writer.flush()
            if progress:
                progress(decoded.bytes_read, decoded.size)
    writer.flush()
    if progress:
        progress(decoded.size, decoded.size)
    report.errors.sort(key=lambda error: error.line)
    return report


_DATE_TARGETS = (
    f.PLACED_AT,
    f.PAID_AT,
    f.FULFILLED_AT,
    f.CANCELLED_AT,
    f.PROMISED,
    f.EXPECTED,
    f.PAYMENT_DUE,
    f.INVOICE_DUE,
    f.INVOICE_PAID,
)
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b")
PEEK_ROWS = 2000


def _date_order(records: Iterator[RawRecord], *, default: bool) -> tuple[Iterator[RawRecord], bool]:
    """Whether the file writes 05/04/2026 for 5 April: told from its first rows (a date like
    24/11/2026 can only be day first, 11/24/2026 only month first), else the layout's habit."""
    peeked = list(itertools.islice(records, PEEK_ROWS))
    day_first = month_first = False
    for record in peeked:
        for target in _DATE_TARGETS:
            for cell in record.cells.get(target, ()):
                match = _NUMERIC_DATE.match(cell.text.strip())
                if match:
                    day_first |= int(match[1]) > 12
                    month_first |= int(match[2]) > 12
    decided = day_first if day_first != month_first else default
    return itertools.chain(peeked, records), decided


@dataclass
class _Writer:
    workspace: Workspace
    now: datetime
    actor: Member | None
    default_owner: Member | None
    dry_run: bool
    report: OrderImportReport
    pending: list[OrderRow] = field(default_factory=list)

    def flush(self) -> None:
        rows, self.pending = self.pending, []
        if not rows:
            return
        numbers = [r.number for r in rows]
        existing = set(
            Order.objects.filter(workspace=self.workspace, number__in=numbers).values_list(
                "number", flat=True
            )
        )
        fresh = [r for r in rows if r.number not in existing]
        self.report.skipped_existing += len(rows) - len(fresh)
        if self.dry_run:
            self.report.created += len(fresh)
            self.report.lines += sum(len(r.lines) for r in fresh)
            return
        with transaction.atomic():
            for row in fresh:
                self._write_one(row)

    def _write_one(self, row: OrderRow) -> None:
        try:
            with transaction.atomic():
                order = self._create(row)
        except ValidationError as exc:
            self.report.errors.extend(_errors(row, exc))
            return
        self.report.created += 1
        self.report.lines += len(row.lines)
        if Problem.objects.filter(order=order, state="to_tell").exists():
            self.report.slipping += 1

    def _create(self, row: OrderRow) -> Order:
        contact = self._contact(row)
        owner_id = row.owner_id if row.owner_given else None
        owner = Member.objects.get(pk=owner_id) if owner_id else self.default_owner
        placed_at = row.placed_at or self.now
        order = order_create(
            workspace=self.workspace,
            data=OrderData(
                number=row.number,
                contact=contact,
                lines=[
                    LineData(
                        line.product,
                        line.quantity,
                        line.sku,
                        rules.IN_STOCK if line.status in _MOVED_BY_EVENT else line.status,
                    )
                    for line in row.lines
                ],
                placed_at=placed_at,
                promised_date=row.promised_date,
                expected_date=row.expected_date,
                owner=owner,
                total=row.total,
                currency=row.currency,
            ),
            actor=self.actor,
            now=self.now,
            source=Source.IMPORT,
        )
        self._events(order, row, placed_at)
        self._invoice(order, row)
        _customer_since(contact, placed_at.date())
        return order

    def _events(self, order: Order, row: OrderRow, placed_at: datetime) -> None:
        for status, kind in _MOVED_BY_EVENT.items():
            positions = [
                str(i) for i, line in enumerate(row.lines, start=1) if line.status == status
            ]
            whole_order = kind == "cancelled" and row.cancelled_at is not None
            if whole_order:
                positions = []  # the order was cancelled: every line still open
            elif not positions:
                continue
            at = placed_at
            if kind == "shipped" and row.fulfilled_at:
                at = row.fulfilled_at
            if kind == "cancelled" and row.cancelled_at:
                at = row.cancelled_at
            order_record_event(
                order=order,
                data=EventData(kind=kind, at=at, lines=tuple(positions)),
                actor=self.actor,
                now=self.now,
                source=Source.IMPORT,
            )

    def _invoice(self, order: Order, row: OrderRow) -> None:
        number, due, paid = row.invoice_number, row.invoice_due, row.invoice_paid
        if not number and row.payment_due is not None:  # Shopify payment terms
            number, due = order.number, row.payment_due
            if row.financial_status == "paid" and row.paid_at is not None:
                paid = row.paid_at.date()
        if not number or due is None:
            return
        if Invoice.objects.filter(workspace=self.workspace, number=number).exists():
            return
        invoice_create(
            order=order,
            number=number,
            amount=order.total if order.total is not None else Decimal(0),
            currency=order.currency,
            due_date=due,
            issued_on=min(order.placed_at.date(), due),
            paid_date=paid,
            now=self.now,
        )

    def _contact(self, row: OrderRow) -> Contact:
        contacts = Contact.objects.filter(workspace=self.workspace)
        first, last = split_name(row.customer)
        if row.email:
            found = contacts.filter(email=row.email).first()
        else:
            found = contacts.filter(first_key=first_key(first, last)).order_by("id").first()
        if found is not None:
            return found
        return contact_create(
            workspace=self.workspace,
            data=ContactData(
                first_name=first,
                last_name=last,
                email=row.email,
                phone=row.phone,
                owner=self.default_owner,
            ),
            actor=self.actor,
            now=self.now,
            stage=Stage.CUSTOMER,
        )


def _customer_since(contact: Contact, ordered: date) -> None:
    """A customer is a customer since their first order, not since the day of the import."""
    contact.refresh_from_db(fields=["customer_since"])
    if contact.customer_since is None or ordered < contact.customer_since:
        contact.customer_since = ordered
        contact.save(update_fields=["customer_since"])


def _errors(row: OrderRow, exc: ValidationError) -> list[RowError]:
    """A service's refusal as report lines, naming the file's own columns where we can."""
    columns = {
        "number": "number",
        "placed_at": "placed_at",
        "currency": "currency",
        "total": "total",
        "email": "email",
        "phone": "phone",
        "due_date": "invoice_due",
    }
    if not hasattr(exc, "error_dict"):
        return [RowError(row.line, "order", " ".join(exc.messages))]
    out = []
    for name, errors in exc.error_dict.items():
        target = columns.get(name, "")
        where = row.column(target) if target else name
        for error in errors:
            out.append(RowError(row.line, where, " ".join(error.messages)))
    return out
