"""`followthrough serve`: the web app under gunicorn, optionally with the worker alongside."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from importlib.metadata import version
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from followthrough.workspaces.management.background import BackgroundWorker

STOP_TIMEOUT = 30.0


def default_workers() -> int:
    """gunicorn's rule of thumb (2 * cores + 1), capped at 4 for a small server."""
    return min(2 * (os.cpu_count() or 1) + 1, 4)


class Command(BaseCommand):
    help = (
        "Serve the web app with gunicorn (sync workers) running followthrough.wsgi. "
        "Static files are served by WhiteNoise; with production settings they are collected "
        "first (collectstatic). --with-worker also runs the background worker and the "
        "periodic scheduler in this process — enough for one machine; with PostgreSQL you "
        "can instead run any number of `followthrough worker` processes. "
        "Settings: with SECRET_KEY set, followthrough.settings.prod (HTTPS only, put it "
        "behind a TLS proxy that sets X-Forwarded-Proto). Without SECRET_KEY the development "
        "settings are used (DEBUG on, a public secret key): still gunicorn, with a warning — "
        "fine on your own machine, never on a network."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="HOST:PORT to listen on (default %(default)s)"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="gunicorn worker processes (default 2 * cores + 1, at most 4: %(default)s)",
        )
        parser.add_argument(
            "--timeout", type=int, default=30, help="seconds before a stuck request is killed"
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run the background worker and periodic scheduler in this process",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="skip collectstatic (when it already ran at build time)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        if settings.DEBUG:
            self.stderr.write(
                f"Warning: development settings ({settings.SETTINGS_MODULE}): DEBUG is on and "
                "the secret key is public. Fine on your own machine; set SECRET_KEY (or "
                "SECRET_KEY_FILE) to serve anyone else."
            )
        self._warn_unapplied_migrations()
        if not options["no_collectstatic"] and not getattr(
            settings, "WHITENOISE_USE_FINDERS", False
        ):
            call_command("collectstatic", interactive=False, verbosity=0)
        for connection in connections.all(initialized_only=True):
            connection.close()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "followthrough.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--timeout",
            str(options["timeout"]),
            "--access-logfile",
            "-",
        ]
        if _gunicorn_major() >= 27:
            # The control socket (new in 27) lives in $HOME and clashes between instances.
            command.append("--no-control-socket")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": str(settings.SETTINGS_MODULE)}
        self._run(command, env, with_worker=options["with_worker"])

    def _run(self, command: list[str], env: dict[str, str], *, with_worker: bool) -> None:
        background = BackgroundWorker() if with_worker else None
        if background is not None:
            background.start()
            self.stdout.write("Background worker and scheduler running in this process.")
        server = subprocess.Popen(command, env=env)  # noqa: S603 — our own interpreter

        def forward_term(signum: int, frame: FrameType | None) -> None:
            server.send_signal(signal.SIGTERM)  # graceful: finish requests in flight

        previous = signal.signal(signal.SIGTERM, forward_term)
        try:
            code = server.wait()
        except KeyboardInterrupt:
            code = _stop(server)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if background is not None and not background.stop(timeout=STOP_TIMEOUT):
                self.stderr.write("The background worker did not finish its task in time.")
        if code not in (0, -signal.SIGINT, -signal.SIGTERM):
            raise CommandError(f"gunicorn exited with status {code}.")

    def _warn_unapplied_migrations(self) -> None:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            self.stderr.write(
                f"Warning: {len(plan)} database migrations are not applied. "
                "Run `followthrough migrate` first."
            )


def _gunicorn_major() -> int:
    return int(version("gunicorn").split(".")[0])


def _stop(process: subprocess.Popen[bytes]) -> int:
    """Ctrl-C reached gunicorn too (same terminal); give it time, then insist."""
    try:
        return process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()
