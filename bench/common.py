"""What every benchmark needs: Django set-up, timing with a warm-up, query counts, tables.

Timing rules (docs/benchmarks.md): read the data in with one warm-up pass before timing (a cold
page cache is 30-60x slower here), count SQL queries on that pass, report p50/p95 over N runs,
repeat the whole measurement and report the median of each figure, and compare ratios only
between figures measured in the same run.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def setup_django(database_url: str | None = None) -> None:
    """Configure Django for a benchmark process (settings bench.settings unless set)."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    src = str(ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    import django

    django.setup()


def setup_django_from_argv(argv: Sequence[str] | None = None) -> None:
    """Set Django up before the models are imported, honouring --database-url on the line."""
    args = list(sys.argv[1:] if argv is None else argv)
    url = None
    for i, arg in enumerate(args):
        if arg == "--database-url" and i + 1 < len(args):
            url = args[i + 1]
        elif arg.startswith("--database-url="):
            url = arg.split("=", 1)[1]
    setup_django(url)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least pct % of values at or below."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil without floats drifting
    return ordered[int(rank) - 1]


@dataclass(frozen=True)
class Timing:
    runs: int
    p50_ms: float
    p95_ms: float
    queries: int
    sql_p50_ms: float = 0.0  # of the time, how much the database took (median call)


class SqlClock:
    """Adds up the time Django's default connection spends executing queries."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(
        self, execute: Callable[..., object], sql: str, params: object, many: bool, context: object
    ) -> object:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def time_calls(fn: Callable[[], object], *, runs: int) -> tuple[list[float], list[float]]:
    """Wall time of each of `runs` calls and the SQL time within it, in milliseconds."""
    from django.db import connection

    times: list[float] = []
    sql: list[float] = []
    clock = SqlClock()
    with connection.execute_wrapper(clock):
        for _ in range(runs):
            clock.seconds = 0.0
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
            sql.append(clock.seconds * 1000)
    return times, sql


def count_queries(fn: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def measure(fn: Callable[[], object], *, runs: int) -> Timing:
    """One warm-up pass (which counts the queries), then `runs` timed calls."""
    queries = count_queries(fn)
    times, sql = time_calls(fn, runs=runs)
    return Timing(runs, percentile(times, 50), percentile(times, 95), queries, percentile(sql, 50))


def median_timing(timings: Sequence[Timing]) -> Timing:
    """The median of each figure over repeated measurements of the same thing."""
    return Timing(
        runs=sum(t.runs for t in timings),
        p50_ms=statistics.median(t.p50_ms for t in timings),
        p95_ms=statistics.median(t.p95_ms for t in timings),
        queries=max(t.queries for t in timings),
        sql_p50_ms=statistics.median(t.sql_p50_ms for t in timings),
    )


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A markdown table; columns after the first are right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [
            row[i].ljust(widths[i]) if i == 0 else row[i].rjust(widths[i]) for i in range(len(row))
        ]
        return "| " + " | ".join(parts) + " |"

    rule = "|" + "|".join(
        "-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)
    )
    return "\n".join([line(cells[0]), rule + "|", *(line(r) for r in cells[1:])])


def database_label() -> str:
    """'SQLite 3.40.1' or 'PostgreSQL 15.20', for table captions."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def machine_label() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {load} "
        "(other processes share these cores)"
    )
