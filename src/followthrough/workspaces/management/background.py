"""The background worker in a thread: django-tasks-db's worker plus the periodic scheduler.

`demo` and `serve --with-worker` run this inside their own process; `worker` runs the same
worker loop in the foreground. The task engine is django-tasks with the database backend
(django-tasks-db): tasks are rows, a worker claims one at a time inside a transaction.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.core.management.base import CommandError
from django.db import connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.exceptions import InvalidTaskBackendError
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from followthrough.core.periodic import (
    TICK_SECONDS,
    PeriodicRegistry,
    PeriodicScheduler,
    SchedulerThread,
    autodiscover_periodic,
)
from followthrough.core.timeutil import utcnow

logger = logging.getLogger(__name__)


def require_database_backend(alias: str = DEFAULT_TASK_BACKEND_ALIAS) -> None:
    """Fail with a clear message unless TASKS[alias] is django-tasks-db's backend."""
    try:
        backend = task_backends[alias]
    except InvalidTaskBackendError as exc:
        raise CommandError(f"TASKS has no backend {alias!r}: {exc}") from exc
    if not isinstance(backend, DatabaseBackend):
        raise CommandError(
            f"TASKS[{alias!r}] uses {type(backend).__name__}; the worker needs "
            "django_tasks_db.DatabaseBackend (the default in followthrough.settings)."
        )


def worker_id(suffix: str) -> str:
    """A worker id unique across machines and processes (at most 64 characters)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{suffix}"[:64]


def new_worker(
    *,
    interval: float = 1.0,
    queue_names: list[str] | None = None,
    batch: bool = False,
    max_tasks: int | None = None,
    suffix: str = "worker",
    backend_name: str = DEFAULT_TASK_BACKEND_ALIAS,
) -> Worker:
    return Worker(
        queue_names=queue_names or ["*"],
        interval=interval,
        batch=batch,
        backend_name=backend_name,
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=worker_id(suffix),
        excluded_queue_names=[],
    )


class BackgroundWorker:
    """Runs a task worker and (optionally) the periodic scheduler in daemon threads."""

    def __init__(
        self,
        *,
        interval: float = 1.0,
        scheduler: bool = True,
        tick: float = TICK_SECONDS,
        registry: PeriodicRegistry | None = None,
    ) -> None:
        self.worker = new_worker(interval=interval, suffix="inprocess")
        self._worker_thread = threading.Thread(
            target=self._run_worker, name="followthrough-worker", daemon=True
        )
        self._scheduler_thread: SchedulerThread | None = None
        if scheduler:
            self._scheduler_thread = SchedulerThread(
                PeriodicScheduler(registry), clock=utcnow, tick=tick
            )

    def _run_worker(self) -> None:
        try:
            self.worker.run()
        except Exception:
            logger.exception("The background worker stopped with an error.")
        finally:
            connections.close_all()

    def start(self) -> None:
        require_database_backend()
        if self._scheduler_thread is not None:
            autodiscover_periodic()
            self._scheduler_thread.start()
        self._worker_thread.start()

    def stop(self, timeout: float = 30.0) -> bool:
        """Ask both threads to finish (a running task completes first). True if they did."""
        self.worker.running = False
        if self._scheduler_thread is not None:
            self._scheduler_thread.stop()
        for thread in self.threads:
            if thread.is_alive():
                thread.join(timeout)
        return not any(thread.is_alive() for thread in self.threads)

    @property
    def threads(self) -> list[threading.Thread]:
        found: list[threading.Thread] = [self._worker_thread]
        if self._scheduler_thread is not None:
            found.append(self._scheduler_thread)
        return found

    @property
    def is_alive(self) -> bool:
        return any(thread.is_alive() for thread in self.threads)
