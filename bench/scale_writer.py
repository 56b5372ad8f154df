"""Bulk writes for the scale generator, through the driver under Django's default connection.

The caller opens the transaction (django.db.transaction.atomic) and the writer runs inside it:
sqlite3 executemany on SQLite, COPY on PostgreSQL. Columns a generator does not give get the
model's default (or NULL), so a new column with a default never breaks the generator; a column
with neither, or with a callable default (codes, tokens, timestamps), must be given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models

Row = tuple[Any, ...]


class Writer:
    vendor = ""

    def __init__(self) -> None:
        connection.ensure_connection()
        self.raw: Any = connection.connection
        self._deferred: list[str] = []  # SQL that rebuilds what defer_indexes dropped
        self._saved: dict[str, Any] = {}

    def columns(self, model: type[models.Model], fields: Sequence[str]) -> tuple[list[str], Row]:
        """The columns for `fields` followed by the other columns, and the others' values."""
        meta = model._meta
        given = [meta.get_field(name) for name in fields]
        names = {f.attname for f in given}  # type: ignore[union-attr]
        columns: list[str] = [f.column for f in given]  # type: ignore[union-attr,misc]
        defaults: list[Any] = []
        for f in meta.concrete_fields:
            if f.attname in names:
                continue
            if f.has_default() and callable(f.default):
                raise ValueError(f"{model.__name__}.{f.name}: the generator must give a value")
            if f.has_default() or f.null or f.empty_strings_allowed:
                value = f.get_default()  # the default, else NULL, else "" (as Django does)
                defaults.append(f.get_db_prep_save(value, connection))
            else:
                raise ValueError(f"{model.__name__}.{f.name}: the generator must give a value")
            columns.append(str(f.column))
        return columns, tuple(defaults)

    def next_id(self, model: type[models.Model]) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.db_table}"')
            return int(cursor.fetchone()[0])

    def insert(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]) -> int:
        raise NotImplementedError

    def update(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]) -> int:
        """Set `fields` by primary key; each row is (*values, id)."""
        raise NotImplementedError

    def before(self) -> None:
        """Connection settings for a bulk load (outside the transaction)."""

    def after(self) -> None:
        """Undo before()."""

    def defer_indexes(self, tables: Sequence[type[models.Model]]) -> None:
        """Drop the secondary indexes (and foreign keys where the database checks them per
        row) of `tables`, remembering how to rebuild them."""
        raise NotImplementedError

    def restore_indexes(self) -> None:
        cur = self.raw.cursor()
        for sql in self._deferred:
            cur.execute(sql)
        cur.close()
        self._deferred = []

    def reset_sequences(self, tables: Sequence[type[models.Model]]) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), list(tables))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def optimize(self) -> None:
        """After the commit: what the database would soon do on its own."""


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


class SqliteWriter(Writer):
    vendor = "sqlite"

    def insert(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]) -> int:
        columns, defaults = self.columns(model, fields)
        marks = ", ".join("?" * len(columns))
        sql = f'INSERT INTO "{model._meta.db_table}" ({_quoted(columns)}) VALUES ({marks})'
        if defaults:
            rows = (row + defaults for row in rows)
        cur = self.raw.cursor()
        cur.executemany(sql, rows)
        return int(cur.rowcount)

    def update(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]) -> int:
        meta = model._meta
        sets = ", ".join(f'"{meta.get_field(f).column}" = ?' for f in fields)  # type: ignore[union-attr]
        cur = self.raw.cursor()
        cur.executemany(f'UPDATE "{meta.db_table}" SET {sets} WHERE id = ?', rows)
        return int(cur.rowcount)

    def before(self) -> None:
        cur = self.raw.cursor()
        for name in ("foreign_keys", "synchronous", "cache_size", "temp_store"):
            self._saved[name] = int(cur.execute(f"PRAGMA {name}").fetchone()[0])
        # foreign_keys only changes outside a transaction. The generator's ids are consistent
        # by construction; tests/bench/test_scale.py proves it with PRAGMA foreign_key_check.
        cur.execute("PRAGMA foreign_keys = OFF")
        cur.execute("PRAGMA synchronous = OFF")
        cur.execute("PRAGMA cache_size = -1000000")
        cur.execute("PRAGMA temp_store = MEMORY")

    def after(self) -> None:
        cur = self.raw.cursor()
        for name, value in self._saved.items():
            cur.execute(f"PRAGMA {name} = {value}")

    def defer_indexes(self, tables: Sequence[type[models.Model]]) -> None:
        cur = self.raw.cursor()
        for model in tables:
            found = cur.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                (model._meta.db_table,),
            ).fetchall()
            for name, sql in found:
                cur.execute(f'DROP INDEX "{name}"')
                self._deferred.append(sql)

    def optimize(self) -> None:
        self.raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")


class PostgresWriter(Writer):
    vendor = "postgresql"

    def insert(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]) -> int:
        columns, defaults = self.columns(model, fields)
        return self._copy(model._meta.db_table, columns, rows, defaults)

    def _copy(
        self, table: str, columns: Sequence[str], rows: Iterable[Row], defaults: Row = ()
    ) -> int:
        n = 0
        with (
            self.raw.cursor() as cur,
            cur.copy(f'COPY "{table}" ({_quoted(columns)}) FROM STDIN') as copy,
        ):
            write = copy.write_row
            for row in rows:
                write(row + defaults if defaults else row)
                n += 1
        return n

    def update(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]) -> int:
        meta = model._meta
        columns = [str(meta.get_field(f).column) for f in fields]  # type: ignore[union-attr]
        table = meta.db_table
        with self.raw.cursor() as cur:
            cur.execute(
                f"CREATE TEMP TABLE bench_update ON COMMIT DROP AS "
                f'SELECT {_quoted(columns)}, id FROM "{table}" WITH NO DATA'
            )
            n = self._copy("bench_update", [*columns, "id"], rows)
            sets = ", ".join(f'"{c}" = u."{c}"' for c in columns)
            cur.execute(f'UPDATE "{table}" t SET {sets} FROM bench_update u WHERE t.id = u.id')
            cur.execute("DROP TABLE bench_update")
        return n

    def defer_indexes(self, tables: Sequence[type[models.Model]]) -> None:
        indexes: list[str] = []
        keys: list[str] = []
        with self.raw.cursor() as cur:
            cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for model in tables:
                table = model._meta.db_table
                cur.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f'",
                    [table],
                )
                for name, definition in cur.fetchall():
                    cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                    keys.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
                cur.execute(
                    "SELECT indexname, indexdef FROM pg_indexes "
                    "WHERE schemaname = current_schema() AND tablename = %s AND indexname NOT IN "
                    "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                    [table, table],
                )
                for name, definition in cur.fetchall():
                    cur.execute(f'DROP INDEX "{name}"')
                    indexes.append(definition)
        # Indexes first: re-adding a foreign key then validates it with an index at hand.
        self._deferred += indexes + keys

    def optimize(self) -> None:
        with self.raw.cursor() as cur:
            cur.execute("VACUUM (ANALYZE)")


def make_writer() -> Writer:
    if connection.vendor == "sqlite":
        return SqliteWriter()
    if connection.vendor == "postgresql":
        return PostgresWriter()
    raise ValueError(f"The scale generator writes SQLite or PostgreSQL, not {connection.vendor}")
