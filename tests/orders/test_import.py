"""`followthrough import orders FILE`: a Shopify export as it comes, the plain layout, and a
line-numbered report of every row that could not be imported."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from followthrough.agenda.due import agenda_for
from followthrough.contacts.models import Contact
from followthrough.orders.importing import ImportFileError, import_orders
from followthrough.orders.models import Invoice, Order, Problem

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
NOW = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)


def run(workspace, name, **kw):
    with (FILES / name).open("rb") as source:
        return import_orders(workspace=workspace, source=source, now=NOW, **kw)


def test_a_shopify_export_is_read_as_it_comes(alice, bob):
    report = run(alice.workspace, "shopify_orders_export.csv")
    assert report.layout == "Shopify orders export"
    assert (report.rows, report.orders, report.created, report.lines) == (8, 5, 5, 8)
    assert report.errors == []
    statuses = dict(Order.objects.values_list("number", "status"))
    assert statuses == {
        "#1001": "shipped",
        "#1002": "placed",
        "#1003": "cancelled",
        "#1004": "partially_shipped",
        "#1005": "placed",
    }


def test_the_shopify_order_keeps_its_customer_lines_time_and_money(alice):
    run(alice.workspace, "shopify_orders_export.csv")
    order = Order.objects.get(number="#1001")
    assert order.placed_at == datetime(2026, 11, 2, 9, 14, 55, tzinfo=UTC)
    assert (order.total, order.currency, order.source) == (Decimal("169.80"), "EUR", "import")
    assert list(order.lines.values_list("product", "sku", "quantity", "status")) == [
        ("Trail helmet - M / Blue", "HEL-M-BL", 1, "shipped"),
        ("Bottle cage", "CAGE-1", 2, "shipped"),
    ]
    shipped = order.events.get(kind="shipped")
    assert shipped.at == datetime(2026, 11, 4, 15, 40, tzinfo=UTC)  # Fulfilled at
    mara = Contact.objects.get(email="mara.okafor@example.com")
    assert (mara.name, mara.stage, mara.phone) == ("Mara Okafor", "customer", "+49 40 1234567")
    assert mara.orders.count() == 2  # #1001 and #1004 found the same contact
    soren = Contact.objects.get(email="soren.odegard@example.dk")
    assert soren.name == "Søren Ødegård"  # from Shipping Name when there is no Billing Name


def test_shopify_payment_terms_become_an_invoice_chased_politely_once_overdue(alice, bob):
    Contact.objects.all().delete()
    run(alice.workspace, "shopify_orders_export.csv", default_owner=bob)
    invoice = Invoice.objects.get()
    assert (invoice.number, invoice.amount, invoice.due_date, invoice.paid_date) == (
        "#1002",
        Decimal("1200.00"),
        date(2026, 11, 20),
        None,
    )
    chasers = [i for i in agenda_for(bob, now=NOW) if i.kind == "invoice_chaser"]
    assert [i.title for i in chasers] == ["Remind Okafor Cycles about invoice #1002"]


def test_importing_the_same_file_twice_creates_nothing_twice(alice):
    run(alice.workspace, "shopify_orders_export.csv")
    again = run(alice.workspace, "shopify_orders_export.csv")
    assert (again.created, again.skipped_existing) == (0, 5)
    assert Order.objects.count() == 5


def test_a_dry_run_checks_everything_and_writes_nothing(alice):
    report = run(alice.workspace, "shopify_orders_export.csv", dry_run=True)
    assert (report.created, report.lines) == (5, 8)
    assert not Order.objects.exists()
    assert report.summary().startswith(
        "Shopify orders export file (utf-8), 8 rows: Would create 5 orders"
    )


def test_the_plain_layout_with_a_late_order_puts_bad_news_on_its_owners_today(alice, bob):
    report = run(alice.workspace, "plain_orders.csv")
    assert report.layout == "Plain orders CSV"
    assert (report.created, report.lines, report.slipping) == (3, 4, 2)
    late = Order.objects.get(number="SO-1")
    assert (late.owner, late.promised_date, late.expected_date) == (
        bob,
        date(2026, 11, 27),
        date(2026, 12, 4),
    )
    so2 = Order.objects.get(number="SO-2")
    assert list(so2.lines.values_list("product", "status")) == [
        ("Pannier bags", "back_ordered"),
        ("Bar tape, black", "in_stock"),
    ]
    assert Invoice.objects.get().number == "INV-200"
    assert Order.objects.get(number="SO-3").status == "delivered"
    kinds = set(Problem.objects.values_list("order__number", "kind"))
    assert kinds == {("SO-1", "late"), ("SO-2", "back_order")}
    bad_news = [i for i in agenda_for(bob, now=NOW) if i.kind == "bad_news"]
    assert [i.extra["order"] for i in bad_news] == ["SO-1"]


def test_bad_rows_are_reported_by_line_and_the_good_ones_imported(alice, bob):
    report = run(alice.workspace, "bad_orders.csv")
    assert [str(e) for e in report.errors] == [
        "line 2, quantity: 'two' is not a quantity",
        "line 3, email: 'not-an-email' is not a valid email",
        "line 4, order_number: the row has no order number",
        "line 6, line_status: 'lost in space' is not a line status (use in_stock, "
        "back_ordered, shipped, delivered or cancelled)",
        "line 7, placed_at: '2026-02-30' is not a real date",
        "line 10, owner_email: 'nobody@example.com' is not an active member of this workspace",
        "line 11, order_number: order A4 already appeared on line 7; the rows of one order "
        "must come together",
    ]
    assert sorted(Order.objects.values_list("number", flat=True)) == ["A5", "A7"]
    assert Order.objects.get(number="A5").lines.get().product == "Mudguard set"  # spaces folded


def test_a_file_with_unknown_columns_is_refused_naming_them(alice):
    source = io.BytesIO(b"first_name,last_name,email\nDana,Reyes,dana@x.test\n")
    with pytest.raises(ImportFileError, match="'first_name', 'last_name', 'email'"):
        import_orders(workspace=alice.workspace, source=source, now=NOW)


def test_a_spreadsheet_that_is_not_csv_is_refused(alice):
    source = io.BytesIO(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ImportFileError, match="Excel"):
        import_orders(workspace=alice.workspace, source=source, now=NOW)


def test_the_command_prints_the_report_and_writes_the_errors(alice, bob, tmp_path):
    out = io.StringIO()
    errors = tmp_path / "errors.csv"
    call_command(
        "import_orders",
        str(FILES / "bad_orders.csv"),
        "--no-progress",
        "--owner",
        "bob@example.com",
        "--errors-csv",
        str(errors),
        stdout=out,
    )
    text = out.getvalue()
    assert "Plain orders CSV file (utf-8), 10 rows: Created 2 orders (2 lines)" in text
    assert "  line 2, quantity: 'two' is not a quantity" in text
    assert errors.read_text().splitlines()[:2] == [
        "line,field,reason,imported",
        "2,quantity,'two' is not a quantity,no",
    ]
    assert set(Order.objects.values_list("owner__display_name", flat=True)) == {"Bob"}


def test_the_command_explains_a_missing_file_or_member(alice, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_orders", str(tmp_path / "nope.csv"))
    with pytest.raises(CommandError, match="not an active member"):
        call_command("import_orders", str(FILES / "plain_orders.csv"), "--owner", "zed@example.com")
