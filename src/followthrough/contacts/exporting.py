"""Write a workspace's contacts as CSV in the plain layout, which the importer reads back.

Streams: contacts are read with `.iterator()` and written a chunk at a time, so exporting
100k contacts holds only a chunk in memory (the web download and `export contacts` alike).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import TextIO

from django.db.models import QuerySet

from followthrough.contacts.importing.layouts import PLAIN_HEADERS
from followthrough.contacts.importing.values import format_date
from followthrough.contacts.models import Contact
from followthrough.workspaces.models import Workspace

CHUNK_ROWS = 2000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_LIKE = re.compile(r"[+\-]?[\d\s().\-/]*")


def export_queryset(workspace: Workspace, *, include_archived: bool = False) -> QuerySet[Contact]:
    contacts = Contact.objects.filter(workspace=workspace)
    if not include_archived:
        contacts = contacts.filter(archived_at__isnull=True)
    return contacts.select_related("owner__user", "company").order_by("sort_key", "id")


def csv_safe(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula ('=HYPERLINK(…)' from a web form).

    A leading apostrophe is what spreadsheets show as "text"; the importer removes it again.
    Phone numbers such as '+1 415 555 0134' are left alone.
    """
    if value.startswith(_FORMULA_START) and not _NUMBER_LIKE.fullmatch(value):
        return "'" + value
    return value


def contact_row(contact: Contact) -> list[str]:
    owner = contact.owner
    return [
        csv_safe(contact.first_name),
        csv_safe(contact.last_name),
        csv_safe(contact.email),  # "=1+1@example.com" is a valid address
        csv_safe(contact.phone),
        csv_safe(contact.company.name) if contact.company else "",
        csv_safe(contact.title),
        contact.stage,
        csv_safe(owner.user.email) if owner else "",
        format_date(contact.birthday),
        format_date(contact.customer_since),
        contact.guidance,
        contact.preferred_channel,
        "yes" if contact.do_not_contact else "no",
        csv_safe(contact.notes),
        csv_safe(contact.address),
    ]


def export_rows(contacts: QuerySet[Contact]) -> Iterator[list[str]]:
    yield list(PLAIN_HEADERS)
    for contact in contacts.iterator(chunk_size=CHUNK_ROWS):
        yield contact_row(contact)


def write_csv(contacts: QuerySet[Contact], out: TextIO) -> int:
    """Write the header and every contact to `out`; returns how many contacts."""
    writer = csv.writer(out)
    count = -1
    for count, row in enumerate(export_rows(contacts)):  # noqa: B007
        writer.writerow(row)
    return count


class _Line:
    """A file-like object that hands back what csv.writer writes to it."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(contacts: QuerySet[Contact], *, bom: bool = False) -> Iterator[str]:
    """The CSV as text chunks for a StreamingHttpResponse (a BOM helps Excel see UTF-8)."""
    writer = csv.writer(_Line())
    chunk: list[str] = ["\ufeff"] if bom else []
    for row in export_rows(contacts):
        chunk.append(writer.writerow(row))
        if len(chunk) >= 500:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
