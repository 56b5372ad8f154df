"""`followthrough import orders FILE`: import a Shopify orders export or a plain orders CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from followthrough.contacts.management.import_command import (
    FileImportCommand,
    Progress,
    Report,
)
from followthrough.core.timeutil import utcnow
from followthrough.orders.importing import ImportFileError, import_orders
from followthrough.workspaces.models import Member, Workspace


class Command(FileImportCommand):
    help = (
        "Import orders from a Shopify orders export (as it comes) or the plain orders layout "
        "of docs/imports.md. Orders whose number is already in the workspace are skipped, so "
        "running it twice imports nothing twice."
    )
    owner_help = "owner of orders that name none (default: the customer's owner)"
    import_error = ImportFileError

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
        return import_orders(
            workspace=workspace,
            source=source,
            now=utcnow(),
            default_owner=owner,
            dry_run=options["dry_run"],
            progress=progress,
        )
