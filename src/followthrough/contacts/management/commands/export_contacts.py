"""`followthrough export contacts`: write a workspace's contacts as plain-layout CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from followthrough.contacts.exporting import export_queryset, write_csv
from followthrough.contacts.management.workspace_option import resolve_workspace


class Command(BaseCommand):
    help = (
        "Write the contacts of a workspace as CSV in the plain layout (docs/imports.md), "
        "which `import contacts` reads back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workspace", metavar="CODE", help="default: the only workspace")
        parser.add_argument("--output", metavar="FILE", help="default: standard output")
        parser.add_argument(
            "--include-archived", action="store_true", help="also archived contacts"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workspace = resolve_workspace(options["workspace"])
        contacts = export_queryset(workspace, include_archived=options["include_archived"])
        if options["output"]:
            with Path(options["output"]).open("w", newline="", encoding="utf-8") as out:
                count = write_csv(contacts, out)
            noun = "contact" if count == 1 else "contacts"
            self.stderr.write(f"Wrote {count:,} {noun} to {options['output']}.")
        else:
            write_csv(contacts, self.stdout)  # type: ignore[arg-type]
