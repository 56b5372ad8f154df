"""`followthrough bench`: load the scale data set if it is missing, then run the benchmarks.

The benchmarks live in bench/ of a source checkout (bench/__init__.py lists them); each runs as
its own process with bench.settings against SQLite in bench/out/sqlite (git-ignored) or the
PostgreSQL database given by --database-url, and prints a markdown table.
"""

from __future__ import annotations

import importlib
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

import followthrough

# The sizes of `--scale` (options of `python -m bench.scale`).
SCALES = {
    "full": "",  # the generators' defaults: 50 members, 100k contacts, 1M interactions…
    "small": "--contacts 10000 --interactions 100000 --members 50",
}


def repo_root() -> Path:
    """The source checkout this package runs from (bench/ sits beside src/)."""
    root = Path(followthrough.__file__).resolve().parents[2]
    if not (root / "bench" / "__init__.py").is_file():
        raise CommandError(
            f"No bench/ folder next to {root / 'src'}: `followthrough bench` runs from a "
            "source checkout (pip install -e .)."
        )
    return root


def registry(root: Path) -> list[Any]:
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return list(importlib.import_module("bench").BENCHMARKS)


class Command(BaseCommand):
    help = "Run the benchmarks in bench/ (loading the scale data set first if it is missing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            default="",
            help="comma-separated benchmark names (see --list); default: all",
        )
        parser.add_argument(
            "--database-url",
            default="",
            help="PostgreSQL URL to run against (default: SQLite in --data)",
        )
        parser.add_argument(
            "--data",
            default="",
            help="folder of the SQLite scale database (default: bench/out/sqlite, git-ignored)",
        )
        parser.add_argument("--runs", type=int, default=None, help="timed runs per case")
        parser.add_argument("--repeat", type=int, default=None, help="repeats of each benchmark")
        parser.add_argument(
            "--scale-args",
            default="",
            help='options for bench.scale, e.g. "--contacts 10000 --interactions 100000"',
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="wipe the --database-url database if it holds other data (the SQLite "
            "scale database is always reloaded when incomplete)",
        )
        parser.add_argument(
            "--db",
            default="",
            help="shorthand for the database: 'sqlite' (the default) or a PostgreSQL URL",
        )
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="",
            help="size of the scale set: 'full' (100k contacts, 1M interactions; the default) "
            "or 'small' (10k, 100k); --scale-args overrides it",
        )
        parser.add_argument(
            "--short",
            action="store_true",
            help="a few minutes in all: fewer runs, one repeat, short load runs, no sweeps",
        )
        parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        root = repo_root()
        benchmarks = registry(root)
        if options["list"]:
            for b in benchmarks:
                self.stdout.write(f"{b.name:<12} {b.summary}  (python -m {b.module})")
            return
        chosen = self._choose(benchmarks, options["only"])
        db: str = options["db"]
        if db and db != "sqlite" and not db.startswith(("postgres://", "postgresql://")):
            raise CommandError(f"--db is 'sqlite' or a postgres:// URL, not {db!r}.")
        url: str = options["database_url"] or ("" if db in ("", "sqlite") else db)
        data = Path(options["data"] or root / "bench" / "out" / "sqlite").resolve()
        env = self._environment(root, url, data)
        where = url or f"SQLite in {data}"
        self.stdout.write(f"Benchmarks: {', '.join(b.name for b in chosen)} on {where}")
        if any(b.needs_scale for b in chosen):
            sizes = options["scale_args"] or SCALES.get(options["scale"] or "full", "")
            scale = ["--if-missing", *shlex.split(sizes)]
            if options["reset"] or not url:
                scale.append("--reset")
            self._run(root, env, "bench.scale", scale)
        failed = []
        short_timing = getattr(importlib.import_module("bench"), "SHORT_TIMING", {})
        for b in chosen:
            extra: list[str] = []
            for name in b.timing_args:
                value = options[name]
                if value is None and options["short"]:
                    value = short_timing.get(name)
                if value is not None:
                    extra += [f"--{name}", str(value)]
            if options["short"]:
                extra += list(b.short)
            self.stdout.write("")
            if not self._run(root, env, b.module, extra, fail=False):
                failed.append(b.name)
        if failed:
            raise CommandError(f"Benchmarks failed: {', '.join(failed)}")

    def _choose(self, benchmarks: list[Any], only: str) -> list[Any]:
        if not only:
            return benchmarks
        names = [n.strip() for n in only.split(",") if n.strip()]
        known = {b.name: b for b in benchmarks}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise CommandError(
                f"Unknown benchmark {', '.join(unknown)}; choose from {', '.join(known)}."
            )
        return [known[n] for n in names]

    def _environment(self, root: Path, url: str, data: Path) -> dict[str, str]:
        env = dict(os.environ)
        env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(root), str(root / "src"), env.get("PYTHONPATH", "")) if p
        )
        env.pop("DATABASE_URL_FILE", None)
        if url:
            env["DATABASE_URL"] = url
        else:  # never the DATABASE_URL of the shell: that may be someone's real data
            env.pop("DATABASE_URL", None)
            env["FOLLOWTHROUGH_DATA"] = str(data)
        return env

    def _run(
        self, root: Path, env: dict[str, str], module: str, args: list[str], *, fail: bool = True
    ) -> bool:
        self.stdout.flush()
        start = time.perf_counter()
        done = subprocess.run(  # noqa: S603 - our own interpreter and modules
            [sys.executable, "-m", module, *args], cwd=root, env=env, check=False
        )
        if done.returncode != 0:
            message = f"python -m {module} exited with {done.returncode}"
            if fail:
                raise CommandError(message)
            self.stderr.write(message)
            return False
        self.stdout.write(f"({module}: {time.perf_counter() - start:.0f} s)")
        return True
