"""Write checked rows in batches: skip what exists, create companies and contacts in bulk.

Each batch is its own transaction, so an interrupted import keeps what it wrote and a re-run
picks up the rest (nothing is written twice). A batch that collides with a concurrent import
(the unique email constraint) is checked again and retried.

Companies and contacts go in as multi-row INSERTs built from the models' _meta (a field
added later is written with its default), and each new contact's first StageChange with one
INSERT … SELECT; not with `bulk_create`. Building ~30-field model instances and compiling
Django's INSERT (at most 999 parameters a statement on SQLite) cost several times the insert
itself: on 100k rows of bench/import_bench.py on this 2-core machine, under load from other
work, the whole import ran at 1,800-2,400 rows/s with bulk_create and 4,800-7,900 this way.
Batches are large (5,000 rows) because on SQLite each commit writes every index page the
batch touched.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Field, Model

from followthrough.contacts.importing.rows import ContactRow
from followthrough.contacts.keys import fold, sort_key
from followthrough.contacts.models import Company, Contact, Stage, StageChange
from followthrough.core.codes import _ALPHABET as CODE_ALPHABET
from followthrough.workspaces.models import Workspace

_ATTEMPTS = 3
CODE_LENGTH = 12

# The Contact columns an import sets, in the order of the rows `_contact_values` builds.
CONTACT_COLUMNS = (
    "code",
    "created_at",
    "updated_at",
    "workspace_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "company_id",
    "title",
    "address",
    "notes",
    "stage",
    "owner_id",
    "birthday",
    "customer_since",
    "guidance",
    "preferred_channel",
    "do_not_contact",
    "sort_key",
    "first_key",
    "company_key",
    "phone_key",
)


# Each random byte below the largest multiple of the alphabet's size names a letter (byte %
# size); the bytes above it are dropped, since they would make some letters likelier.
_LIMIT = 256 - 256 % len(CODE_ALPHABET)
_BYTE_TO_LETTER = bytes(ord(CODE_ALPHABET[b % len(CODE_ALPHABET)]) for b in range(256))
_UNEVEN_BYTES = bytes(range(_LIMIT, 256))


def new_codes(count: int) -> list[str]:
    """`count` public codes like core.codes.new_code makes, from one call to the OS random."""
    codes: list[str] = []
    while len(codes) < count:
        raw = secrets.token_bytes((count - len(codes)) * CODE_LENGTH * 2)
        letters = raw.translate(_BYTE_TO_LETTER, _UNEVEN_BYTES).decode("ascii")
        for start in range(0, len(letters) - CODE_LENGTH + 1, CODE_LENGTH):
            codes.append(letters[start : start + CODE_LENGTH])
            if len(codes) == count:
                break
    return codes


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _other_fields(model: type[Model], explicit: Sequence[str]) -> list[Field[Any, Any]]:
    return [
        f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in explicit
    ]


COMPANY_COLUMNS = ("code", "created_at", "updated_at", "workspace_id", "name", "name_key")


@dataclass(frozen=True)
class _Insert:
    """A multi-row INSERT of one model: the given columns, then the others at their defaults.

    One statement carries up to 1,000 rows (as many as the database takes parameters for);
    that is faster than executemany's statement per row, and the defaults are computed once.
    On PostgreSQL a plain insert is a COPY instead: Django's cursors bind parameters on the
    client, and quoting ~30,000 values a statement made the write 10x slower than the rest.
    """

    head: str
    row: str
    tail: str
    defaults: tuple[Any, ...]
    copy: str = ""  # COPY … FROM STDIN, when the database and the statement allow it

    def run(self, cursor: Any, rows: list[tuple[Any, ...]]) -> None:
        if self.copy:
            with cursor.cursor.copy(self.copy) as copy:  # the driver's own cursor
                for row in rows:
                    copy.write_row(row)
            return
        width = len(rows[0]) if rows else 1
        per = max(1, min(1000, _max_parameters() // width))
        for start in range(0, len(rows), per):
            part = rows[start : start + per]
            sql = self.head + ", ".join([self.row] * len(part)) + self.tail
            cursor.execute(sql, [value for row in part for value in row])


@cache
def _insert(model: type[Model], columns: tuple[str, ...], vendor: str, tail: str = "") -> _Insert:
    others = _other_fields(model, columns)
    names = [*columns, *(f.column for f in others)]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in others)
    # Names from the model's metadata only; every value is a parameter.
    head = f"INSERT INTO {_q(model._meta.db_table)} ({', '.join(_q(c) for c in names)}) VALUES "  # noqa: S608
    row = f"({', '.join(['%s'] * len(names))})"
    copy = ""
    if vendor == "postgresql" and not tail:
        copy = f"COPY {_q(model._meta.db_table)} ({', '.join(_q(c) for c in names)}) FROM STDIN"
    return _Insert(
        head=head, row=row, tail=f" {tail}" if tail else "", defaults=defaults, copy=copy
    )


def _max_parameters() -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        return int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return 65535  # PostgreSQL's wire protocol


@dataclass
class WriteCounts:
    created: int = 0
    skipped_existing: int = 0


@dataclass
class FileDedupe:
    """Remembers the rows of one file: a repeat has the same email, or no email and the same
    name and phone digits as an earlier row."""

    repeated: int = 0
    _emails: set[str] = field(default_factory=set)
    _keys: set[tuple[str, str]] = field(default_factory=set)

    def keep(self, row: ContactRow) -> bool:
        seen: set[Any] = self._emails
        key: Any = row.email
        if not key:
            seen, key = self._keys, (row.name_key, row.phone_key)
        if key in seen:
            self.repeated += 1
            return False
        seen.add(key)
        return True


@dataclass
class BatchWriter:
    workspace: Workspace
    now: datetime
    default_stage: str
    default_owner_id: int | None = None
    actor_id: int | None = None
    reason: str = ""
    dry_run: bool = False
    counts: WriteCounts = field(default_factory=WriteCounts)
    _companies: dict[str, int] = field(default_factory=dict)

    def write(self, rows: list[ContactRow]) -> None:
        """Create the rows whose contact is not in the workspace yet, a transaction per batch."""
        # Lookups name every row of a batch as a query parameter: stay under the limit.
        step = max(1, _max_parameters() - 100)
        for start in range(0, len(rows), step):
            self._flush(rows[start : start + step])

    def _flush(self, rows: list[ContactRow]) -> None:
        for attempt in range(_ATTEMPTS):
            fresh = self._not_in_workspace(rows)
            if not self.dry_run and fresh:
                try:
                    with transaction.atomic():
                        self._write(fresh)
                except IntegrityError:
                    self._companies.clear()  # rolled back with the batch
                    if attempt == _ATTEMPTS - 1:
                        raise
                    continue
            self.counts.created += len(fresh)
            self.counts.skipped_existing += len(rows) - len(fresh)
            return

    def _not_in_workspace(self, rows: list[ContactRow]) -> list[ContactRow]:
        contacts = Contact.objects.filter(workspace=self.workspace)
        emails = [r.email for r in rows if r.email]
        known_emails: set[str] = set()
        if emails:
            known_emails = set(contacts.filter(email__in=emails).values_list("email", flat=True))
        no_email = [r for r in rows if not r.email]
        known_keys: set[tuple[str, str]] = set()
        if no_email:
            known_keys = set(
                contacts.filter(
                    first_key__in={r.name_key for r in no_email},
                    phone_key__in={r.phone_key for r in no_email},
                ).values_list("first_key", "phone_key")
            )
        return [
            r
            for r in rows
            if (
                r.email not in known_emails
                if r.email
                else (r.name_key, r.phone_key) not in known_keys
            )
        ]

    def _write(self, rows: list[ContactRow]) -> None:
        names = {_company_key(r.company): r.company for r in rows if r.company}
        companies = self._company_ids(names)
        insert = _insert(Contact, CONTACT_COLUMNS, connection.vendor)
        codes = new_codes(len(rows))
        stamp = connection.ops.adapt_datetimefield_value(self.now)
        values = [
            (*self._contact_values(row, code, stamp, companies), *insert.defaults)
            for row, code in zip(rows, codes, strict=True)
        ]
        with connection.cursor() as cursor:
            insert.run(cursor, values)
            self._insert_stage_changes(cursor, codes, stamp)

    def _insert_stage_changes(self, cursor: Any, codes: list[str], stamp: Any) -> None:
        """Each new contact's first StageChange, made in the database from the new rows."""
        explicit: dict[str, Any] = {
            "created_at": stamp,
            "updated_at": stamp,
            "workspace_id": self.workspace.pk,
            "from_stage": "",
            "at": stamp,
            "by_id": self.actor_id,
            "reason": self.reason,
        }
        taken = {"contact_id": "id", "to_stage": "stage"}
        columns: list[str] = []
        selected: list[str] = []
        params: list[Any] = []
        for f in _other_fields(StageChange, ()):
            columns.append(_q(f.column))
            if f.attname in taken:
                selected.append(_q(taken[f.attname]))
            else:
                selected.append("%s")
                value = explicit.get(f.attname, f.get_default())
                params.append(
                    value if f.attname in explicit else f.get_db_prep_save(value, connection)
                )
        marks = ", ".join(["%s"] * len(codes))
        # Names from the models' metadata only; every value is a parameter.
        cursor.execute(
            f"INSERT INTO {_q(StageChange._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(selected)} FROM {_q(Contact._meta.db_table)} "
            f"WHERE {_q('code')} IN ({marks})",  # unique, and made by this batch
            [*params, *codes],
        )

    def _company_ids(self, names: dict[str, str]) -> dict[str, int]:
        """Get or create the companies by folded name, in two or three queries per batch."""
        missing = [key for key in names if key not in self._companies]
        if not missing:
            return self._companies
        companies = Company.objects.filter(workspace=self.workspace)
        self._companies.update(companies.filter(name_key__in=missing).values_list("name_key", "pk"))
        new = [key for key in missing if key not in self._companies]
        if new:
            # ON CONFLICT: a concurrent import may have just made the same company.
            insert = _insert(Company, COMPANY_COLUMNS, connection.vendor, "ON CONFLICT DO NOTHING")
            stamp = connection.ops.adapt_datetimefield_value(self.now)
            rows = [
                (
                    code,
                    stamp,
                    stamp,
                    self.workspace.pk,
                    _tidy(names[key])[:200],
                    key,
                    *insert.defaults,
                )
                for key, code in zip(new, new_codes(len(new)), strict=True)
            ]
            with connection.cursor() as cursor:
                insert.run(cursor, rows)
            self._companies.update(companies.filter(name_key__in=new).values_list("name_key", "pk"))
        return self._companies

    def _contact_values(
        self, row: ContactRow, code: str, stamp: Any, companies: dict[str, int]
    ) -> tuple[Any, ...]:
        """One contact's values in the order of CONTACT_COLUMNS."""
        stage = row.stage or self.default_stage
        company_key = _company_key(row.company) if row.company else ""
        customer_since = row.customer_since
        if stage == Stage.CUSTOMER and customer_since is None:
            customer_since = self.now.date()
        return (
            code,
            stamp,
            stamp,
            self.workspace.pk,
            row.first_name,
            row.last_name,
            row.email,
            row.phone,
            companies.get(company_key) if company_key else None,
            row.title,
            row.address,
            row.notes,
            stage,
            row.owner_id if row.owner_given else self.default_owner_id,
            _date(row.birthday),
            _date(customer_since),
            row.guidance,
            row.preferred_channel,
            row.do_not_contact,
            sort_key(row.first_name, row.last_name, row.email)[:210],
            row.name_key,
            company_key,
            row.phone_key,
        )


@lru_cache(maxsize=65536)
def _company_key(name: str) -> str:
    return fold(name)[:200]


def _tidy(name: str) -> str:
    return " ".join(name.split())


def _date(value: date | None) -> Any:
    return None if value is None else connection.ops.adapt_datefield_value(value)
