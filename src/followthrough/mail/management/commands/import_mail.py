"""`followthrough import mail FILE…`: mbox files, .eml files and Maildir folders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from followthrough.contacts.management.workspace_option import resolve_member, resolve_workspace
from followthrough.core.timeutil import utcnow
from followthrough.mail.importing import import_mail
from followthrough.mail.sources import path_size

ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import mail from mbox files, .eml files and Maildir folders. Mail from contacts goes "
        "on their timelines, mail from unknown senders to the triage list; the same message "
        "imported twice is recorded once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="mbox or .eml files, Maildir folders")
        parser.add_argument("--workspace", metavar="CODE", help="default: the only workspace")
        parser.add_argument(
            "--member", metavar="EMAIL", help="whose mail it is (default: each contact's owner)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(f) for f in options["files"]]
        for path in paths:
            if not path.exists():
                raise CommandError(f"{path}: no such file or folder.")
        workspace = resolve_workspace(options["workspace"])
        member = resolve_member(workspace, options["member"]) if options["member"] else None
        total = sum(path_size(p) for p in paths)
        bar = tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            desc="mail",
            disable=True if options["no_progress"] else None,
        )

        def advance(done: int) -> None:
            bar.update(done - bar.n)

        try:
            report = import_mail(
                workspace=workspace, paths=paths, now=utcnow(), member=member, progress=advance
            )
        finally:
            bar.close()
        self.stdout.write(f"{report.summary()} (workspace: {workspace.name})")
        for error in (report.errors + report.notes)[:ERRORS_SHOWN]:
            self.stdout.write(f"  {error}")
        hidden = len(report.errors) + len(report.notes) - ERRORS_SHOWN
        if hidden > 0:
            self.stdout.write(f"  … and {hidden:,} more")
