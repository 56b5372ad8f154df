"""Periodic sweeps: a tiny registry and the scheduler that enqueues them.

An app registers its sweeps in its `tasks.py`, next to the task::

    @task()
    def commitments_sweep() -> None: ...

    register_periodic(commitments_sweep, every=timedelta(minutes=5))

One scheduler (started by `followthrough worker`, `serve --with-worker` and `demo`) wakes
every minute and enqueues each sweep whose interval has passed. The task engine runs them.
Sweeps are idempotent, so an extra run (two schedulers, a restart) is harmless.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils.module_loading import autodiscover_modules
from django_tasks import TaskResult
from django_tasks.base import Task

logger = logging.getLogger(__name__)

TICK_SECONDS = 60.0

SweepTask = Task[[], Any]


@dataclass(frozen=True)
class Periodic:
    task: SweepTask
    every: timedelta

    @property
    def name(self) -> str:
        return self.task.module_path


class PeriodicRegistry:
    """The sweeps to enqueue, each with its interval. Registering a task again replaces it."""

    def __init__(self) -> None:
        self._entries: dict[str, Periodic] = {}

    def register(self, task: SweepTask, *, every: timedelta) -> SweepTask:
        if every <= timedelta(0):
            raise ValueError(f"{task.module_path}: the interval must be positive, got {every}.")
        entry = Periodic(task=task, every=every)
        self._entries[entry.name] = entry
        return task

    def unregister(self, task: SweepTask) -> None:
        self._entries.pop(task.module_path, None)

    def entries(self) -> list[Periodic]:
        return sorted(self._entries.values(), key=lambda e: e.name)


periodic_registry = PeriodicRegistry()


def register_periodic(task: SweepTask, *, every: timedelta) -> SweepTask:
    """Enqueue `task` (no arguments) about every `every`, for as long as a scheduler runs."""
    return periodic_registry.register(task, every=every)


def autodiscover_periodic() -> None:
    """Import every installed app's `tasks` module so its sweeps register themselves."""
    autodiscover_modules("tasks")


class PeriodicScheduler:
    """Remembers when it last enqueued each sweep; enqueues those that are due."""

    def __init__(self, registry: PeriodicRegistry | None = None) -> None:
        self.registry = registry or periodic_registry
        self._last: dict[str, datetime] = {}

    def due(self, *, now: datetime) -> list[Periodic]:
        return [
            entry
            for entry in self.registry.entries()
            if (last := self._last.get(entry.name)) is None or now - last >= entry.every
        ]

    def run_pending(self, *, now: datetime) -> list[TaskResult[Any]]:
        results: list[TaskResult[Any]] = []
        for entry in self.due(now=now):
            try:
                results.append(entry.task.enqueue())
            except Exception:
                logger.exception("Could not enqueue the periodic task %s", entry.name)
                continue
            self._last[entry.name] = now
        return results


class SchedulerThread(threading.Thread):
    """Runs `PeriodicScheduler.run_pending` now and then every tick, until stopped."""

    def __init__(
        self,
        scheduler: PeriodicScheduler,
        *,
        clock: Callable[[], datetime],
        tick: float = TICK_SECONDS,
    ) -> None:
        super().__init__(name="followthrough-scheduler", daemon=True)
        self.scheduler = scheduler
        self.clock = clock
        self.tick = tick
        self._stop_event = threading.Event()

    def run(self) -> None:
        from django.db import close_old_connections, connections

        try:
            while not self._stop_event.is_set():
                close_old_connections()
                try:
                    self.scheduler.run_pending(now=self.clock())
                except Exception:
                    logger.exception("The periodic scheduler failed; retrying next tick.")
                self._stop_event.wait(self.tick)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self._stop_event.set()
