"""`followthrough sweep`: run the periodic sweeps once, now (or at --now)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from followthrough.commitments.services import commitments_sweep
from followthrough.core.timeutil import utcnow


class Command(BaseCommand):
    help = "Break every promise still open past its due time (the sweep the worker runs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", default="", help="Pretend it is this time (ISO 8601 with offset)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = utcnow()
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError:
                raise CommandError(f"--now {options['now']!r} is not an ISO 8601 time.") from None
            if now.tzinfo is None:
                raise CommandError("--now needs an offset, e.g. 2026-11-24T15:00+01:00.")
        result = commitments_sweep(now=now)
        broken = result.broken
        self.stdout.write(
            f"Promises: {broken:,} past due and still open, now marked broken."
            if broken
            else "Promises: none past due and still open."
        )
        from followthrough.plans.sweep import plans_sweep  # follow-up plans and chasers

        self.stdout.write(f"Follow-ups: {plans_sweep(now=now).summary()}.")
