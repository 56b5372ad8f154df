"""`followthrough import contacts FILE`: import a CSV or vCard file into a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from django.core.management.base import CommandParser

from followthrough.contacts.importing import ImportFileError, import_contacts
from followthrough.contacts.management.import_command import (
    FileImportCommand,
    Progress,
    Report,
)
from followthrough.contacts.models import Stage
from followthrough.core.timeutil import utcnow
from followthrough.workspaces.models import Member, Workspace


class Command(FileImportCommand):
    help = (
        "Import contacts from a CSV file (Google Contacts, Outlook or the plain layout of "
        "docs/imports.md) or a vCard file. Rows whose email is already in the workspace are "
        "skipped, so running it twice imports nothing twice."
    )
    file_help = "the .csv or .vcf file"
    owner_help = "owner of the rows that name no owner (a member)"
    import_error = ImportFileError

    def add_import_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stage",
            choices=Stage.values,
            default=Stage.PROSPECT,
            help="stage of the rows that name none (default: prospect)",
        )

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
        return import_contacts(
            workspace=workspace,
            source=source,
            now=utcnow(),
            default_owner=owner,
            default_stage=options["stage"],
            dry_run=options["dry_run"],
            source_name=path.name,
            progress=progress,
        )
