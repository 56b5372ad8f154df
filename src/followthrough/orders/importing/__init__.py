"""Order imports: a Shopify orders export as it comes, and the plain layout (docs/imports.md).

The file is decoded and read with the contact import's helpers (encoding detection, delimiter
sniffing, line-numbered records, RowError); layouts.py holds the two layouts as data, rows.py
groups the rows of each order and checks them, service.py writes each order through
`order_create` and reports every problem by line.
"""

from followthrough.contacts.importing.records import ImportFileError, RowError
from followthrough.orders.importing.service import OrderImportReport, import_orders

__all__ = ["ImportFileError", "OrderImportReport", "RowError", "import_orders"]
