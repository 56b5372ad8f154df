"""The scale data set: one big, lived-in workspace that the benchmarks of every issue read.

    python -m bench.scale --contacts 100000 --interactions 1000000 --members 50 \
        [--database-url URL] [--seed 7] [--now 2026-11-24T14:00] [--reset] [--if-missing]

Loads "Scale Co" (50 members, the first a manager; companies; contacts; 18 months of
interactions with the stored reply-owed state; stage history) into the configured database:
SQLite in FOLLOWTHROUGH_DATA (default bench/out/sqlite) or PostgreSQL through DATABASE_URL or
--database-url (a missing PostgreSQL database is created). It migrates first, refuses a database
that already holds a workspace unless --reset (which wipes it), and with --if-missing does
nothing when a complete scale set of the asked size is already there (and reloads one that is
incomplete or of other sizes, when Scale Co is all the database holds). Same --seed and --now,
same data.

How it is fast: rows go through the driver (sqlite3 executemany, psycopg COPY) inside one
transaction; the bulk tables' secondary indexes and foreign keys are dropped for the load and
rebuilt at its end; public codes come from a seeded source with new_code()'s alphabet and length.
The generators live in bench/scale_tables.py; how to add one is in bench/scale_load.py.
"""

from __future__ import annotations

if __name__ == "__main__":  # `python -m bench.scale`: configure Django before the models load
    from bench.common import setup_django_from_argv

    setup_django_from_argv()

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connection

from bench.scale_load import PASSWORD, WORKSPACE_NAME, Step, generators, load_scale, resolve_sizes
from followthrough.plans.suggest import store_missing_suggestions
from followthrough.workspaces.models import Member, Workspace


def scale_loaded(sizes: dict[str, int]) -> bool:
    """Is a complete scale set of these sizes, from every generator, in the database?"""
    ws = Workspace.objects.filter(name=WORKSPACE_NAME).first()
    if ws is None:
        return False
    for gen in generators():
        if gen.size and gen.counts is not None:
            rows = gen.counts._default_manager.filter(workspace=ws).count()
            if rows != sizes[gen.size]:
                return False
    return True


def describe_database() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {settings['NAME']}"
    host = f"{settings.get('HOST') or 'localhost'}:{settings.get('PORT') or 5432}"
    return f"PostgreSQL {host}/{settings['NAME']}"


def prepare_database(*, reset: bool) -> None:
    """Create the database if needed; with reset, wipe it first. Then migrate."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        path = Path(str(settings["NAME"]))
        path.parent.mkdir(parents=True, exist_ok=True)
        if reset:
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        _create_pg_database_if_missing(settings)
        if reset:
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0, interactive=False)


def _create_pg_database_if_missing(settings: dict[str, Any]) -> None:
    import psycopg

    params: dict[str, Any] = {
        "host": settings.get("HOST") or None,
        "port": settings.get("PORT") or None,
        "user": settings.get("USER") or None,
        "password": settings.get("PASSWORD") or None,
    }
    try:
        psycopg.connect(dbname=settings["NAME"], **params).close()
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'CREATE DATABASE "{settings["NAME"]}"')


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scale", description="Load the scale data set (Scale Co)."
    )
    for gen in generators():
        if gen.size:
            default = gen.default if isinstance(gen.default, int) else None
            note = f" (default {default:,})" if default is not None else ""
            parser.add_argument(f"--{gen.size}", type=int, default=None, help=gen.help + note)
    parser.add_argument("--database-url", help="postgres://… (default: DATABASE_URL or SQLite)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--now",
        type=datetime.fromisoformat,
        default=None,
        help="UTC time the data ends at (default: this hour); fixes the data with --seed",
    )
    parser.add_argument("--reset", action="store_true", help="wipe the database first")
    parser.add_argument(
        "--if-missing",
        action="store_true",
        help="do nothing if a complete scale set of these sizes is already loaded",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        sizes = resolve_sizes({g.size: getattr(args, g.size) for g in generators() if g.size})
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    now = args.now or datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    where = describe_database()
    start = time.perf_counter()
    prepare_database(reset=False)
    if args.if_missing and scale_loaded(sizes):
        print(f"The scale set is already loaded in {where}.")
        return 0
    if Workspace.objects.exists():
        only_scale = not Workspace.objects.exclude(name=WORKSPACE_NAME).exists()
        if args.if_missing and only_scale:
            print(f"The scale set in {where} is incomplete or of other sizes: reloading it.")
        elif not args.reset:
            print(
                f"error: {where} already has data ({Workspace.objects.count()} workspaces). "
                "Pass --reset to wipe it and load the scale set again.",
                file=sys.stderr,
            )
            return 1
        prepare_database(reset=True)
    migrated = time.perf_counter() - start
    print(f"Loading {WORKSPACE_NAME} into {where}")
    print(f"  seed {args.seed}, data ends {now:%Y-%m-%d %H:%M} UTC")
    print("  " + ", ".join(f"{v:,} {k}" for k, v in sizes.items()))
    print(Step("migrate", None, migrated).line())
    try:
        load_scale(sizes=sizes, seed=args.seed, now=now)
    except ValueError as exc:  # a size the generators cannot honour; nothing was written
        print(f"error: {exc}", file=sys.stderr)
        return 2
    step = time.perf_counter()
    suggested = store_missing_suggestions(now=now)  # as the plans sweep would, for cold rows
    print(Step("next prospects stored", suggested, time.perf_counter() - step).line())
    total = time.perf_counter() - start
    print(Step("total", None, total).line())
    members = Member.objects.filter(workspace__name=WORKSPACE_NAME).select_related("user")
    manager = members.order_by("id").first()
    if manager is not None:
        print(f"Sign in as {manager.user.email} (manager) with the password {PASSWORD!r}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
