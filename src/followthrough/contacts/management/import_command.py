"""The shape every `followthrough import X FILE` command shares: options, progress, report."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from followthrough.contacts.management.workspace_option import resolve_member, resolve_workspace
from followthrough.workspaces.models import Member, Workspace

ERRORS_SHOWN = 50

Progress = Callable[[int, int], None]


class RowError(Protocol):
    line: int
    field: str
    reason: str


class Report(Protocol):
    @property
    def dry_run(self) -> bool: ...

    @property
    def layout_key(self) -> str: ...

    @property
    def ignored_columns(self) -> tuple[str, ...]: ...

    @property
    def errors(self) -> list[Any]: ...

    @property
    def warnings(self) -> list[Any]: ...

    def summary(self) -> str: ...


class FileImportCommand(BaseCommand):
    """Subclasses name the file kind, add their own options and run the import service."""

    file_help = "the .csv file"
    owner_help = "owner of the rows that name none (a member)"
    import_error: type[Exception] = Exception

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=self.file_help)
        parser.add_argument("--workspace", metavar="CODE", help="default: the only workspace")
        parser.add_argument("--owner", metavar="EMAIL", help=self.owner_help)
        self.add_import_arguments(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help="read and check everything, write nothing"
        )
        parser.add_argument(
            "--errors-csv",
            metavar="PATH",
            help="write every problem (line, field, reason, imported) here",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def add_import_arguments(self, parser: CommandParser) -> None:
        """Options of one kind of import (e.g. a default stage)."""

    def run_import(
        self,
        *,
        workspace: Workspace,
        source: BinaryIO,
        owner: Member | None,
        path: Path,
        progress: Progress,
        options: dict[str, Any],
    ) -> Report:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        workspace = resolve_workspace(options["workspace"])
        owner = resolve_member(workspace, options["owner"]) if options["owner"] else None
        bar = tqdm(
            total=path.stat().st_size,
            unit="B",
            unit_scale=True,
            desc=path.name,
            disable=True if options["no_progress"] else None,
        )

        def advance(done: int, _total: int) -> None:
            bar.update(done - bar.n)

        try:
            with path.open("rb") as source:
                report = self.run_import(
                    workspace=workspace,
                    source=source,
                    owner=owner,
                    path=path,
                    progress=advance,
                    options=options,
                )
        except self.import_error as exc:
            raise CommandError(f"{path.name}: {exc}") from None
        finally:
            bar.close()
        self._print(report, workspace_name=workspace.name)
        if options["errors_csv"]:
            _write_errors(report, Path(options["errors_csv"]))
            count = len(report.errors) + len(report.warnings)
            self.stdout.write(f"Wrote {count:,} problems to {options['errors_csv']}.")

    def _print(self, report: Report, *, workspace_name: str) -> None:
        if report.dry_run:
            self.stdout.write("Dry run: nothing was written.")
        self.stdout.write(f"{report.summary()} (workspace: {workspace_name})")
        if report.ignored_columns and report.layout_key == "plain":
            self.stdout.write("Columns not imported: " + ", ".join(report.ignored_columns))
        for title, problems in (
            ("Not imported:", report.errors),
            ("Imported, with what could not be read kept in the notes:", report.warnings),
        ):
            if not problems:
                continue
            self.stdout.write(title)
            for problem in problems[:ERRORS_SHOWN]:
                self.stdout.write(f"  {problem}")
            hidden = len(problems) - ERRORS_SHOWN
            if hidden > 0:
                self.stdout.write(
                    f"  … and {hidden:,} more (write them all with --errors-csv PATH)"
                )


def _write_errors(report: Report, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["line", "field", "reason", "imported"])
        problems = [(e, "no") for e in report.errors] + [(w, "yes") for w in report.warnings]
        problems.sort(key=lambda item: item[0].line)
        writer.writerows((p.line, p.field, p.reason, imported) for p, imported in problems)
