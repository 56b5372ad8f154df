"""WooCommerce order exports: WebToffee's layout (one row per order, its lines packed into
line_item_N cells, billing names, day-first dates, order statuses) and WooCommerce's own
Analytics → Orders download. Fixtures follow the columns those exporters document."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from followthrough.contacts.models import Contact
from followthrough.orders.importing import ImportFileError, import_orders
from followthrough.orders.importing.layouts import detect_order_layout
from followthrough.orders.importing.values import parse_moment, parse_packed_items
from followthrough.orders.models import Order

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
NOW = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)


def run(workspace, name, **kw):
    with (FILES / name).open("rb") as source:
        return import_orders(workspace=workspace, source=source, now=NOW, **kw)


def lines(number: str) -> list[tuple[str, str, int, str]]:
    order = Order.objects.get(number=number)
    return [(ln.product, ln.sku, ln.quantity, ln.status) for ln in order.lines.order_by("position")]


def test_a_webtoffee_export_is_read_as_it_comes(alice):
    report = run(alice.workspace, "woocommerce_webtoffee_orders.csv")
    assert (report.layout, report.encoding) == ("WooCommerce order export", "utf-8")
    assert (report.rows, report.created, report.lines) == (6, 5, 7)
    assert [str(e) for e in report.errors] == [
        "line 3, status: 'checkout-draft' is a checkout that was never placed, not an order"
    ]
    assert report.summary().startswith("WooCommerce order export file (utf-8), 6 rows:")
    assert lines("1041") == [
        ("Cargo bike", "CB-1", 1, "shipped"),
        ("Pannier bags", "PB-2", 2, "shipped"),
    ]
    assert lines("1044") == [
        ("Cargo bike", "CB-1", 1, "in_stock"),
        ("Bar tape, black", "BT-1", 1, "in_stock"),  # a comma inside a packed name
    ]
    assert lines("1043") == [("Bar tape, black", "BT-1", 1, "cancelled")]
    assert lines("1045") == [("Helmet", "HM-1", 1, "cancelled")]  # refunded
    first = Order.objects.get(number="1041")
    assert (first.total, first.currency) == (Decimal("3619.00"), "EUR")
    # Day first: 03/11/2026 10:12 is 3 November (the file also has 20/11/2026).
    assert first.placed_at == datetime(2026, 11, 3, 10, 12, tzinfo=UTC)


def test_webtoffee_customers_get_their_billing_names_and_the_date_of_their_first_order(alice):
    run(alice.workspace, "woocommerce_webtoffee_orders.csv")
    dana = Contact.objects.get(email="dana@harbor.test")
    assert (dana.first_name, dana.last_name, dana.phone) == ("Dana", "Reyes", "+49 30 5550101")
    assert dana.stage == "customer"
    # Her orders come newest first (20 Nov, then 3 Nov): a customer since the first one.
    assert dana.customer_since == date(2026, 11, 3)
    assert Order.objects.filter(contact=dana).count() == 2
    jorg = Contact.objects.get(email="jorg@muller.test")  # only billing_email is filled
    assert (jorg.first_name, jorg.last_name) == ("Jörg", "Müller")
    assert jorg.customer_since == date(2026, 11, 10)


def test_importing_a_webtoffee_file_twice_creates_nothing_twice(alice):
    run(alice.workspace, "woocommerce_webtoffee_orders.csv")
    again = run(alice.workspace, "woocommerce_webtoffee_orders.csv")
    assert (again.created, again.skipped_existing) == (0, 5)
    assert Order.objects.count() == 5


def test_the_woocommerce_analytics_download_is_read(alice):
    report = run(alice.workspace, "woocommerce_analytics_orders.csv")
    assert report.layout == "WooCommerce Analytics orders download"
    assert report.errors == []
    assert (report.created, report.lines) == (3, 4)
    assert lines("2051") == [("Pannier bags", "", 2, "in_stock")]  # one product: items sold
    assert lines("2050") == [("Cargo bike", "", 1, "shipped"), ("Bar tape", "", 1, "shipped")]
    assert lines("2049") == [("Helmet", "", 1, "cancelled")]
    ana = Contact.objects.get(first_name="Ana", last_name="Souza")
    assert Order.objects.filter(contact=ana).count() == 2
    assert ana.customer_since == date(2026, 11, 22)
    assert Order.objects.get(number="2050").total == Decimal("3508.00")


@pytest.mark.parametrize(
    "header",
    [
        "order_id,customer_email,billing_first_name,line_item_1",
        "order_number,order_date,status,billing_email,billing_first_name,billing_last_name,"
        "item_name,item_sku,item_quantity",
        "order_number,billing_email,line_items",
    ],
)
def test_woocommerce_headers_are_never_taken_for_the_plain_layout(header):
    assert detect_order_layout(header.split(",")).key == "woocommerce"


def test_a_layout_we_do_not_know_is_refused_listing_the_ones_we_know(alice):
    source = io.BytesIO(b"Invoice No,Client,Amount,Due\n7,Dana,10.00,2026-12-01\n")
    with pytest.raises(ImportFileError) as caught:
        import_orders(workspace=alice.workspace, source=source, now=NOW)
    message = str(caught.value)
    assert "'Invoice No', 'Client', 'Amount', 'Due'" in message
    for known in ("Shopify", "WebToffee", "WooCommerce Analytics", "plain layout"):
        assert known in message
    assert not Order.objects.exists()


def test_order_numbers_with_emails_but_no_lines_are_not_a_plain_orders_file(alice):
    source = io.BytesIO(b"order_number,email,customer_name\n1,dana@x.test,Dana Reyes\n")
    with pytest.raises(ImportFileError, match="not an orders layout we know"):
        import_orders(workspace=alice.workspace, source=source, now=NOW)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "name:Beanie|product_id:15|sku:woo-beanie|quantity:2|total:36.00|sub_total:36.00"
            '|tax:0.00|tax_data:a:2:{s:5:"total";a:0:{}}|meta:',
            [("Beanie", "woo-beanie", 2, Decimal("36.00"))],
        ),
        ("product_id:4959|1|30|size: Medium", [("Product #4959", "", 1, Decimal("30.00"))]),
        (
            "name:Cap|quantity:1|total:9.50;name:Scarf|sku:SC|quantity:3|total:30",
            [("Cap", "", 1, Decimal("9.50")), ("Scarf", "SC", 3, Decimal("30.00"))],
        ),
    ],
)
def test_packed_line_items_in_the_forms_woocommerce_exporters_write(cell, expected):
    packed = parse_packed_items(cell)
    assert [(p.product, p.sku, p.quantity, p.total) for p in packed] == expected


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("24/11/2026 14:05", True, datetime(2026, 11, 24, 14, 5, tzinfo=UTC)),
        ("05/11/2026 14:05:09", True, datetime(2026, 11, 5, 14, 5, 9, tzinfo=UTC)),
        ("9/6/2016 6:29:00", False, datetime(2016, 9, 6, 6, 29, tzinfo=UTC)),
        ("11/24/2026 2:05 PM", False, datetime(2026, 11, 24, 14, 5, tzinfo=UTC)),
        ("24.11.2026 14:05", False, datetime(2026, 11, 24, 14, 5, tzinfo=UTC)),
        ("2026-11-24 14:05:00", False, datetime(2026, 11, 24, 14, 5, tzinfo=UTC)),
    ],
)
def test_shop_times_with_and_without_seconds_and_day_first(text, day_first, expected):
    assert parse_moment(text, today=NOW.date(), day_first=day_first) == expected
