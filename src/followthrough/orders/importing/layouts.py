"""The order CSV layouts, as data: which header feeds which field.

Headers are compared after the contact import's `normalize_header` (case, accents, spaces and
punctuation folded), so "Lineitem name" and "lineitem_name" are one column.
"""

from __future__ import annotations

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

_SHOPIFY_MARKERS = frozenset(
    normalize_header(h)
    for h in ("Lineitem name", "Lineitem quantity", "Financial Status", "Fulfillment Status")
)


def detect_order_layout(headers: Iterable[str]) -> Layout:
    """The layout of an orders file, or ImportFileError naming the columns it saw."""
    header = list(headers)
    keys = {normalize_header(h) for h in header} - {""}
    if "name" in keys and len(keys & _SHOPIFY_MARKERS) >= 2:
        return SHOPIFY
    targets = {c.target for k in keys if (c := PLAIN.columns.get(k)) is not None}
    if NUMBER in targets and (PRODUCT in targets or EMAIL in targets or CUSTOMER in targets):
        return PLAIN
    shown = ", ".join(repr(h) for h in header[:8]) + (", …" if len(header) > 8 else "")
    raise ImportFileError(
        f"The columns were not recognised ({shown}). Expected a Shopify orders export "
        "(Name, Email, Financial Status, Lineitem name, Lineitem quantity…) or the plain "
        "layout with a header row such as order_number,email,product,quantity "
        "(see docs/imports.md)."
    )
