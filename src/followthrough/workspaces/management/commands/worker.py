"""`followthrough worker`: run background tasks, and enqueue the periodic sweeps."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from followthrough.core.periodic import (
    PeriodicScheduler,
    SchedulerThread,
    autodiscover_periodic,
)
from followthrough.core.timeutil import utcnow
from followthrough.workspaces.management.background import new_worker, require_database_backend

Handler = Callable[[int, FrameType | None], Any] | int | None


class Command(BaseCommand):
    help = (
        "Run the background worker (django-tasks-db's db_worker loop: tasks are rows in the "
        "database, each claimed by one worker in a transaction) and the periodic scheduler, "
        "which enqueues the registered sweeps every minute. On PostgreSQL run as many "
        "workers as you like, on any machines, and give all but one --no-scheduler (an "
        "extra scheduler is harmless: sweeps are idempotent). On SQLite run one worker. "
        "Ctrl-C (or SIGTERM) finishes the task in hand, then stops; press it twice to stop at "
        "once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue-name",
            default="*",
            help="queues to process, comma separated; '*' for all (default)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds to wait when there is nothing to do (default %(default)s)",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="enqueue due sweeps once, run every task waiting, then exit (for cron)",
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="exit after running this many tasks"
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="only run tasks; leave enqueuing the periodic sweeps to another process",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        require_database_backend()
        if options["interval"] < 0:
            raise CommandError("--interval must be zero or more seconds.")
        if options["max_tasks"] is not None and options["max_tasks"] < 1:
            raise CommandError("--max-tasks must be at least 1.")
        self._configure_logging(options["verbosity"])
        queues = [q.strip() for q in options["queue_name"].split(",") if q.strip()] or ["*"]
        worker = new_worker(
            interval=options["interval"],
            queue_names=queues,
            batch=options["batch"],
            max_tasks=options["max_tasks"],
        )
        scheduler_thread: SchedulerThread | None = None
        if not options["no_scheduler"]:
            autodiscover_periodic()
            scheduler = PeriodicScheduler()
            if options["batch"]:
                scheduler.run_pending(now=utcnow())
            else:
                scheduler_thread = SchedulerThread(scheduler, clock=utcnow)
                scheduler_thread.start()
        if options["verbosity"] >= 1:
            scheduled = "with" if not options["no_scheduler"] else "without"
            self.stdout.write(
                f"Worker {worker.worker_id} on queues {','.join(queues)}, {scheduled} the "
                "periodic scheduler."
            )
        previous = _signal_handlers()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            _restore(previous)
            if scheduler_thread is not None:
                scheduler_thread.stop()
                scheduler_thread.join(timeout=5)

    def _configure_logging(self, verbosity: int) -> None:
        level = {0: logging.CRITICAL, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        for name in ("django_tasks", "django_tasks_db", "followthrough.core.periodic"):
            logger = logging.getLogger(name)
            logger.setLevel(level)
            if not logger.hasHandlers():
                logger.addHandler(logging.StreamHandler(self.stdout))


# The signals django-tasks-db's worker handles (SIGQUIT does not exist on Windows).
_SIGNALS = [
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)
]


def _signal_handlers() -> dict[int, Handler]:
    return {sig: signal.getsignal(sig) for sig in _SIGNALS}


def _restore(previous: dict[int, Handler]) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
