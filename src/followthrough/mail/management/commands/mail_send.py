"""`followthrough manage mail_send`: deliver the outbox by SMTP (once, or --loop)."""

from __future__ import annotations

import os
import socket
import time
import uuid
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from followthrough.core.timeutil import utcnow
from followthrough.mail.sending import STALE, send_due


class Command(BaseCommand):
    help = (
        "Send every queued email of the outbox that is due, each exactly once: rows are claimed "
        "one by one, so several of these can run side by side."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep sending until stopped")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between rounds")
        parser.add_argument(
            "--stale-after",
            type=float,
            default=STALE.total_seconds(),
            help="seconds after which a row left 'sending' by a dead worker is checked",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        stale = timedelta(seconds=options["stale_after"])
        while True:
            report = send_due(holder=holder, now=utcnow(), stale=stale)
            self.stdout.write(
                f"sent {report.sent}, retry {report.retry}, failed {report.failed}, "
                f"unknown {report.unknown}, recovered {report.recovered}"
            )
            if not options["loop"]:
                return
            time.sleep(options["interval"])
