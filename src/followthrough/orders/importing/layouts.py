"""The order CSV layouts, as data: which header feeds which field.

Headers are compared after the contact import's `normalize_header` (case, accents, spaces and
punctuation folded), so "Lineitem name" and "lineitem_name" are one column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from followthrough.contacts.importing.layouts import Column, Layout, normalize_header
from followthrough.contacts.importing.records import ImportFileError

NUMBER = "number"
EMAIL = "email"
CUSTOMER = "customer"
PHONE = "phone"
PLACED_AT = "placed_at"
PROMISED = "promised_date"
EXPECTED = "expected_date"
PRODUCT = "product"
SKU = "sku"
QUANTITY = "quantity"
LINE_STATUS = "line_status"
TOTAL = "total"
CURRENCY = "currency"
OWNER = "owner"
CANCELLED_AT = "cancelled_at"
FULFILLED_AT = "fulfilled_at"
FINANCIAL_STATUS = "financial_status"
PAID_AT = "paid_at"
PAYMENT_DUE = "payment_due"
INVOICE_NUMBER = "invoice_number"
INVOICE_DUE = "invoice_due"
INVOICE_PAID = "invoice_paid"
ORDER_STATUS = "order_status"  # the whole order's status (WooCommerce): its lines' default
FIRST_NAME = "first_name"  # the customer's name in two parts (WooCommerce billing names)
LAST_NAME = "last_name"
PACKED_ITEMS = "packed_items"  # one cell per line: "name:Beanie|sku:B-1|quantity:2|total:36"
PRODUCT_LIST = "product_list"  # "Beanie, 2x Hoodie" (WooCommerce Analytics)
ITEMS_SOLD = "items_sold"

# The plain layout's own names, in the order docs/imports.md lists them.
PLAIN_HEADERS = (
    "order_number",
    "email",
    "customer_name",
    "phone",
    "placed_at",
    "promised_date",
    "expected_date",
    "product",
    "sku",
    "quantity",
    "line_status",
    "total",
    "currency",
    "owner_email",
    "invoice_number",
    "invoice_due_date",
    "invoice_paid_date",
)


def _columns(spec: Mapping[str, str | tuple[str, int]]) -> dict[str, Column]:
    out: dict[str, Column] = {}
    for header, target in spec.items():
        out[normalize_header(header)] = (
            Column(target, 0) if isinstance(target, str) else Column(*target)
        )
    return out


# Shopify admin → Orders → Export (CSV for Excel or plain CSV): one row per line item; the
# order's own columns are filled on its first row and often left empty on the others.
SHOPIFY = Layout(
    key="shopify",
    label="Shopify orders export",
    columns=_columns(
        {
            "Name": NUMBER,
            "Email": EMAIL,
            "Billing Name": (CUSTOMER, 0),
            "Shipping Name": (CUSTOMER, 1),
            "Billing Phone": (PHONE, 0),
            "Phone": (PHONE, 1),
            "Shipping Phone": (PHONE, 2),
            "Created at": PLACED_AT,
            "Lineitem name": PRODUCT,
            "Lineitem sku": SKU,
            "Lineitem quantity": QUANTITY,
            "Lineitem fulfillment status": LINE_STATUS,
            "Total": TOTAL,
            "Currency": CURRENCY,
            "Cancelled at": CANCELLED_AT,
            "Fulfilled at": FULFILLED_AT,
            "Financial Status": FINANCIAL_STATUS,
            "Paid at": PAID_AT,
            "Next Payment Due At": PAYMENT_DUE,
        }
    ),
)

PLAIN = Layout(
    key="plain",
    label="Plain orders CSV",
    columns=_columns(
        {
            "order_number": NUMBER,
            "order": NUMBER,
            "order no": NUMBER,
            "order id": NUMBER,
            "number": NUMBER,
            "email": EMAIL,
            "customer_email": EMAIL,
            "email address": EMAIL,
            "customer_name": CUSTOMER,
            "customer": CUSTOMER,
            "name": CUSTOMER,
            "phone": PHONE,
            "placed_at": PLACED_AT,
            "order date": PLACED_AT,
            "ordered": PLACED_AT,
            "date": PLACED_AT,
            "created at": PLACED_AT,
            "promised_date": PROMISED,
            "promised": PROMISED,
            "promised for": PROMISED,
            "expected_date": EXPECTED,
            "expected": EXPECTED,
            "eta": EXPECTED,
            "product": PRODUCT,
            "item": PRODUCT,
            "description": PRODUCT,
            "sku": SKU,
            "quantity": QUANTITY,
            "qty": QUANTITY,
            "line_status": LINE_STATUS,
            "status": LINE_STATUS,
            "total": TOTAL,
            "amount": TOTAL,
            "currency": CURRENCY,
            "owner_email": OWNER,
            "owner": OWNER,
            "rep": OWNER,
            "invoice_number": INVOICE_NUMBER,
            "invoice": INVOICE_NUMBER,
            "invoice_due_date": INVOICE_DUE,
            "invoice due": INVOICE_DUE,
            "due date": INVOICE_DUE,
            "invoice_paid_date": INVOICE_PAID,
            "paid": INVOICE_PAID,
            "paid date": INVOICE_PAID,
        }
    ),
)

# WooCommerce's order exporters write one row per order; its lines are packed into cells.
# WebToffee's "Order Export & Order Import for WooCommerce" (the most used exporter): order_id,
# order_number, order_date, paid_date, status, … order_total, … order_currency, …
# customer_email, billing_first_name, billing_last_name, billing_company, billing_email,
# billing_phone, … shipping_first_name, …, line_item_1, line_item_2, … ("name:…|product_id:…|
# sku:…|quantity:…|total:…|sub_total:…|tax:…|meta:…"). SkyVerge's Customer/Order/Coupon
# Export writes the same billing_* columns, with its lines as item_name, item_sku,
# item_quantity (one row per line) or packed into line_items.
WOOCOMMERCE = Layout(
    key="woocommerce",
    label="WooCommerce order export",
    columns=_columns(
        {
            "order_number": (NUMBER, 0),
            "order_number_formatted": (NUMBER, 1),
            "order_id": (NUMBER, 2),
            "order_date": PLACED_AT,
            "date": PLACED_AT,
            "date_created": PLACED_AT,
            "paid_date": PAID_AT,
            "date_paid": PAID_AT,
            "completed_date": FULFILLED_AT,
            "date_completed": FULFILLED_AT,
            "status": ORDER_STATUS,
            "order_status": ORDER_STATUS,
            "order_total": TOTAL,
            "order_currency": CURRENCY,
            "currency": CURRENCY,
            "billing_email": (EMAIL, 0),
            "customer_email": (EMAIL, 1),
            "billing_first_name": (FIRST_NAME, 0),
            "billing_last_name": (LAST_NAME, 0),
            "shipping_first_name": (FIRST_NAME, 1),
            "shipping_last_name": (LAST_NAME, 1),
            "billing_phone": (PHONE, 0),
            "shipping_phone": (PHONE, 1),
            "item_name": PRODUCT,
            "item_sku": SKU,
            "item_quantity": QUANTITY,
            "line_items": PACKED_ITEMS,
        }
    ),
    patterns=(
        (re.compile(r"lineitem(\d+)"), PACKED_ITEMS),
        (re.compile(r"orderitem(\d+)"), PACKED_ITEMS),
    ),
    day_first=True,  # read 05/04/2026 as 5 April unless the file shows otherwise (service.py)
)

# WooCommerce's own export: Analytics → Orders → Download. One row per order: "Date, Order #,
# Status, Customer, Customer type, Product(s), Items sold, Coupon(s), Net Sales[, Attribution]".
WOOCOMMERCE_ANALYTICS = Layout(
    key="woocommerce_analytics",
    label="WooCommerce Analytics orders download",
    columns=_columns(
        {
            "Order #": NUMBER,
            "Date": PLACED_AT,
            "Status": ORDER_STATUS,
            "Customer": CUSTOMER,
            "Product(s)": PRODUCT_LIST,
            "Items sold": ITEMS_SOLD,
            "Net Sales": TOTAL,
        }
    ),
    day_first=True,
)

KNOWN_LAYOUTS = (
    "a Shopify orders export (Name, Email, Financial Status, Lineitem name, Lineitem quantity…)",
    "a WooCommerce order export from WebToffee or Customer/Order/Coupon Export (order_number, "
    "order_date, status, billing_email, billing_first_name, line_item_1…)",
    "a WooCommerce Analytics orders download (Date, Order #, Status, Customer, Product(s), "
    "Items sold, Net Sales)",
    "the plain layout, a header row such as order_number,email,customer_name,product,quantity "
    "(see docs/imports.md)",
)

_SHOPIFY_MARKERS = frozenset(
    normalize_header(h)
    for h in ("Lineitem name", "Lineitem quantity", "Financial Status", "Fulfillment Status")
)


_WOO_ORDER = frozenset({"ordernumber", "orderid", "ordernumberformatted"})
_WOO_CUSTOMER = frozenset({"billingemail", "customeremail", "billingfirstname", "billinglastname"})
_WOO_LINES = re.compile(r"(line|order)items?\d*|itemname")
_ANALYTICS_MARKERS = frozenset(
    normalize_header(h)
    for h in ("Order #", "Product(s)", "Items sold", "Net Sales", "Customer type")
)


def detect_order_layout(headers: Iterable[str]) -> Layout:
    """The layout of an orders file, or ImportFileError naming the columns it saw and the
    layouts we know (rather than reading it as the wrong one and reporting every row)."""
    header = list(headers)
    keys = {normalize_header(h) for h in header} - {""}
    if "name" in keys and len(keys & _SHOPIFY_MARKERS) >= 2:
        return SHOPIFY
    if keys & _WOO_ORDER and keys & _WOO_CUSTOMER and any(_WOO_LINES.fullmatch(k) for k in keys):
        return WOOCOMMERCE
    if "order" in keys and len(keys & _ANALYTICS_MARKERS) >= 3:
        return WOOCOMMERCE_ANALYTICS
    targets = {c.target for k in keys if (c := PLAIN.columns.get(k)) is not None}
    if NUMBER in targets and PRODUCT in targets:
        return PLAIN
    shown = ", ".join(repr(h) for h in header[:8]) + (", …" if len(header) > 8 else "")
    raise ImportFileError(
        f"This is not an orders layout we know (columns: {shown}). Orders can be imported from "
        + "; ".join(KNOWN_LAYOUTS)
        + ". An order needs its number and at least one line (a product)."
    )
