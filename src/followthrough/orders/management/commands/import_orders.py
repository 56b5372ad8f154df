"""`followthrough import orders FILE`: import a Shopify orders export or a plain orders CSV."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from followthrough.contacts.management.workspace_option import resolve_member, resolve_workspace
from followthrough.core.timeutil import utcnow
from followthrough.orders.importing import ImportFileError, OrderImportReport, import_orders

ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import orders from a Shopify orders export (as it comes) or the plain orders layout "
        "of docs/imports.md. Orders whose number is already in the workspace are skipped, so "
        "running it twice imports nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .csv file")
        parser.add_argument("--workspace", metavar="CODE", help="default: the only workspace")
        parser.add_argument(
            "--owner",
            metavar="EMAIL",
            help="owner of orders that name none (default: the customer's owner)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="read and check everything, write nothing"
        )
        parser.add_argument(
            "--errors-csv", metavar="PATH", help="write every bad row (line, field, reason) here"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

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
                report = import_orders(
                    workspace=workspace,
                    source=source,
                    now=utcnow(),
                    default_owner=owner,
                    dry_run=options["dry_run"],
                    progress=advance,
                )
        except ImportFileError as exc:
            raise CommandError(f"{path.name}: {exc}") from None
        finally:
            bar.close()
        self._print(report, workspace_name=workspace.name)
        if options["errors_csv"]:
            with Path(options["errors_csv"]).open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(["line", "field", "reason"])
                writer.writerows((e.line, e.field, e.reason) for e in report.errors)
            self.stdout.write(f"Wrote {len(report.errors):,} errors to {options['errors_csv']}.")

    def _print(self, report: OrderImportReport, *, workspace_name: str) -> None:
        if report.dry_run:
            self.stdout.write("Dry run: nothing was written.")
        self.stdout.write(f"{report.summary()} (workspace: {workspace_name})")
        if report.ignored_columns and report.layout_key == "plain":
            self.stdout.write("Columns not imported: " + ", ".join(report.ignored_columns))
        for error in report.errors[:ERRORS_SHOWN]:
            self.stdout.write(f"  {error}")
        hidden = len(report.errors) - ERRORS_SHOWN
        if hidden > 0:
            self.stdout.write(f"  … and {hidden:,} more (write them all with --errors-csv PATH)")
