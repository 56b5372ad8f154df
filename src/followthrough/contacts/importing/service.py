"""Import contacts from a CSV or vCard file into one workspace, and report on every row."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from followthrough.contacts.importing.decoding import open_text
from followthrough.contacts.importing.reading import open_records
from followthrough.contacts.importing.records import RawRecord, RowError
from followthrough.contacts.importing.rows import ContactRow, OwnerDirectory, RowBuilder
from followthrough.contacts.importing.writer import BatchWriter, FileDedupe
from followthrough.contacts.models import Stage
from followthrough.workspaces.models import Member, Workspace

BATCH_SIZE = 5000  # rows per transaction: each commit rewrites every index page it touched

TICK_ROWS = 1000  # how often the progress callback hears, in rows read
Progress = Callable[[int, int], object]  # (bytes read so far, file size)


@dataclass
class ImportReport:
    layout: str = ""  # what the file was read as, e.g. "Google Contacts"
    layout_key: str = ""
    encoding: str = ""
    dry_run: bool = False
    rows: int = 0  # records read, not counting the header and blank lines
    created: int = 0  # with dry_run: would be created
    skipped_existing: int = 0  # already in the workspace
    skipped_in_file: int = 0  # a repeat of an earlier row of the same file
    errors: list[RowError] = field(default_factory=list)  # rows not imported
    warnings: list[RowError] = field(default_factory=list)  # imported; values kept in notes
    ignored_columns: tuple[str, ...] = ()

    @property
    def rows_with_errors(self) -> int:
        return len({error.line for error in self.errors})

    @property
    def rows_with_warnings(self) -> int:
        return len({warning.line for warning in self.warnings})

    @property
    def skipped(self) -> int:
        return self.skipped_existing + self.skipped_in_file

    def summary(self) -> str:
        verb = "Would create" if self.dry_run else "Created"
        parts = [
            f"{verb} {self.created:,} contact{'s' if self.created != 1 else ''}",
            f"skipped {self.skipped_existing:,} already existing",
            f"{self.skipped_in_file:,} repeated in the file",
            f"{self.rows_with_errors:,} with errors",
        ]
        if self.warnings:
            parts.append(f"{self.rows_with_warnings:,} imported with values kept in the notes")
        return (
            f"{self.layout} file ({self.encoding}), {self.rows:,} rows: " + ", ".join(parts) + "."
        )


def import_contacts(
    *,
    workspace: Workspace,
    source: IO[bytes],
    now: datetime,
    actor: Member | None = None,
    default_owner: Member | None = None,
    default_stage: str = Stage.PROSPECT,
    dry_run: bool = False,
    source_name: str = "",
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Read `source` (a seekable binary file) row by row and create the contacts it holds.

    Raises ImportFileError when the file as a whole cannot be read. Rows with problems are
    reported in the result and never stop the rows around them. Not one transaction: each
    batch commits on its own (see writer.py), which is what lets a re-run finish the job.
    """
    if default_stage not in Stage.values:
        raise ValueError(f"The stage must be one of {', '.join(Stage.values)}.")
    for member in (actor, default_owner):
        if member is not None and member.workspace_id != workspace.pk:
            raise ValueError("Members named in an import must belong to its workspace.")
    decoded = open_text(source)
    opened = open_records(decoded.text)
    report = ImportReport(
        layout=opened.layout_label,
        layout_key=opened.layout_key,
        encoding=decoded.encoding,
        dry_run=dry_run,
        ignored_columns=opened.ignored_columns,
    )
    builder = RowBuilder(
        owners=OwnerDirectory.for_workspace(workspace),
        today=now.date(),
        day_first=opened.day_first,
    )
    dedupe = FileDedupe()
    writer = BatchWriter(
        workspace=workspace,
        now=now,
        default_stage=default_stage,
        default_owner_id=default_owner.pk if default_owner else None,
        actor_id=actor.pk if actor else None,
        reason=f"Imported from {source_name}"[:300] if source_name else "Imported",
        dry_run=dry_run,
    )

    def tick() -> None:
        if progress:
            progress(decoded.bytes_read, decoded.size)

    for batch in _checked_batches(opened.records, builder, dedupe, report, batch_size, tick):
        writer.write(batch)
        tick()
    if progress:
        progress(decoded.size, decoded.size)
    report.created = writer.counts.created
    report.skipped_existing = writer.counts.skipped_existing
    report.skipped_in_file = dedupe.repeated
    return report


def _checked_batches(
    records: Iterator[RawRecord],
    builder: RowBuilder,
    dedupe: FileDedupe,
    report: ImportReport,
    batch_size: int,
    tick: Callable[[], None],
) -> Iterator[list[ContactRow]]:
    """The file's good rows, first of their kind in it, in batches; problems go to the report."""
    batch: list[ContactRow] = []
    for record in records:
        report.rows += 1
        if report.rows % TICK_ROWS == 0:
            tick()
        row, problems = builder.build(record)
        if row is None:
            report.errors.extend(problems)
            continue
        report.warnings.extend(problems)
        if dedupe.keep(row):
            batch.append(row)
            if len(batch) >= batch_size:
                yield batch
                batch = []
    if batch:
        yield batch
