"""`followthrough demo`: a local database, a demo business, the web app and its worker."""

from __future__ import annotations

import signal
import socketserver
import time
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.servers.basehttp import (
    WSGIRequestHandler,
    WSGIServer,
    get_internal_wsgi_application,
)
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from followthrough.core.timeutil import utcnow
from followthrough.demo.loader import DemoSignIn, load_demo, remove_demo
from followthrough.workspaces.management.background import BackgroundWorker


class ThreadedWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True  # a stuck request never keeps Ctrl-C from stopping the server


class Command(BaseCommand):
    help = (
        "Create the data folder (FOLLOWTHROUGH_DATA, default ./data), bring the database up "
        "to date, load the demo business Harbor Bikes & Outdoor once (later runs reuse it), "
        "print how to sign in, and serve the web app with its background worker until "
        "Ctrl-C. For your own machine only: it uses Django's development server."
    )
    requires_system_checks: list[str] = []  # checked in handle(), once the folder exists

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help="address to serve on (another machine's browser also needs ALLOWED_HOSTS)",
        )
        parser.add_argument("--port", type=int, default=8000, help="port to serve on")
        parser.add_argument(
            "--no-serve", action="store_true", help="set up and load the demo, then exit"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete the demo business (only it) and load it afresh",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if not options["no_serve"]:
            _require_local_settings()
        data_dir = Path(settings.DATA_DIR)
        data_dir.mkdir(parents=True, exist_ok=True)
        self.check()
        self.stdout.write(f"Data folder: {data_dir}")
        self._migrate()
        if options["reset"] and remove_demo():
            self.stdout.write("Removed the demo business.")
        sign_in = self._load()
        if options["no_serve"]:
            self._print_sign_in(sign_in, None)
            return
        self._serve(options["host"], options["port"], sign_in, started)

    def _migrate(self) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            self.stdout.write(f"Setting up the database ({len(pending)} migrations)…")
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Database: {_describe_database()} — up to date.")

    def _load(self) -> DemoSignIn:
        began = time.perf_counter()
        sign_in = load_demo(now=utcnow())
        if sign_in.created:
            seconds = time.perf_counter() - began
            self.stdout.write(f"Loaded the demo business {sign_in.workspace} in {seconds:.1f} s.")
        else:
            self.stdout.write(
                f"Reusing the demo business {sign_in.workspace} (--reset reloads it)."
            )
        return sign_in

    def _print_sign_in(self, sign_in: DemoSignIn, url: str | None) -> None:
        lines = [
            "",
            "Sign in" + (f" at {url}" if url else "") + ":",
            f"  manager  {sign_in.manager_email}",
            f"  rep      {sign_in.rep_email}",
            f"  password {sign_in.password}  (the same for the whole team)",
            "",
        ]
        self.stdout.write("\n".join(lines))

    def _serve(self, host: str, port: int, sign_in: DemoSignIn, started: float) -> None:
        handler = get_internal_wsgi_application()
        ipv6 = ":" in host
        try:
            httpd = ThreadedWSGIServer((host, port), WSGIRequestHandler, ipv6=ipv6)
        except OSError as exc:
            raise CommandError(f"Cannot serve on {host}:{port}: {exc.strerror or exc}") from exc
        httpd.set_app(handler)
        for connection in connections.all(initialized_only=True):
            connection.close()  # the server and worker threads open their own
        background = BackgroundWorker()
        background.start()
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104
        url = f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"
        self._print_sign_in(sign_in, url)
        self.stdout.write(
            f"Ready in {time.perf_counter() - started:.1f} s; the background worker is running. "
            "Press Ctrl-C to stop."
        )
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            self.stdout.write("\nStopping…")
        finally:
            signal.signal(signal.SIGTERM, previous)
            httpd.server_close()
            if not background.stop(timeout=30):
                self.stderr.write("The background worker did not finish its task in time.")
        self.stdout.write("Stopped.")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _require_local_settings() -> None:
    if getattr(settings, "SECURE_SSL_REDIRECT", False) or not (
        settings.DEBUG or getattr(settings, "WHITENOISE_USE_FINDERS", False)
    ):
        raise CommandError(
            f"The demo serves plain HTTP on your machine, but the settings "
            f"({settings.SETTINGS_MODULE}) are for production. Unset SECRET_KEY so "
            "`followthrough` uses followthrough.settings.demo, or run "
            "`DJANGO_SETTINGS_MODULE=followthrough.settings.demo followthrough demo`."
        )


def _describe_database() -> str:
    db = settings.DATABASES[DEFAULT_DB_ALIAS]
    if "sqlite" in str(db["ENGINE"]):
        return f"SQLite at {db['NAME']}"
    return f"PostgreSQL {db.get('NAME', '')} on {db.get('HOST') or 'localhost'}"
