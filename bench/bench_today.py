"""Today at the scale set: page time and queries, the same answer in one SQL query, the sweep,
and throughput under gunicorn beside a trivial view.

    python -m bench.bench_today [--database-url URL] [--runs 200] [--repeat 3]
                                [--load-seconds 10] [--warm-seconds 10] [--no-load]
                                [--no-sweep] [--median]

1. Today for one rep of Scale Co (the one owed the most replies: the worst case) through
   Django's test client: one warm-up pass that counts SQL queries, then --runs timed requests;
   p50/p95 server time in ms. In the same run: `agenda_for` as the page asks it (its first
   51 items: the 50 shown and a probe for "show everything"), `agenda_for` for the whole list
   (the API, the CLI, ?all=1), and one hand-written SQL query giving the page's answer — the
   same keys in the same order, checked equal before timing — and the ratios to it. Repeated
   --repeat times; each figure is the median over the repeats.
2. The broken-promise sweep over the 200k commitments at the data's `now` (a backlog of open
   promises past due, as after a worker outage): seconds and rows; then a second run that must
   change nothing (rows broken, events and credibility compared). Both are rolled back.
3. Today and /healthz under gunicorn (4 sync workers) on loopback, each warmed up for
   --warm-seconds and then driven by wrk for --load-seconds with 8 connections: requests/s,
   latency p50/p99 (with 8 connections on 4 workers, mostly queueing), and the ratio.
"""

from __future__ import annotations

if __name__ == "__main__":  # configure Django before the models load
    from bench.common import setup_django_from_argv

    setup_django_from_argv()

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client

from bench.agenda_sql import SQL
from bench.common import (
    ROOT,
    Timing,
    database_label,
    machine_label,
    markdown_table,
    measure,
    median_timing,
)
from bench.scale_load import WORKSPACE_NAME
from followthrough.agenda.due import DUE_NOW_WITHIN, agenda_for, default_until
from followthrough.agenda.due import _fetch as prepared_fetch
from followthrough.agenda.providers import NO_SHOW_LOOKBACK
from followthrough.agenda.views import PAGE_LIMIT
from followthrough.commitments.models import Commitment, CommitmentEvent, Credibility
from followthrough.commitments.services import commitments_sweep
from followthrough.contacts.models import Contact
from followthrough.core.timeutil import utcnow
from followthrough.plans.suggest import COLD_WINDOW
from followthrough.workspaces.models import Member, Role


class RollbackError(Exception):
    pass


def pick_rep(*, median: bool = False) -> Member:
    """The rep owed the most replies (the worst case), or with --median the middle one."""
    reps = Member.objects.filter(workspace__name=WORKSPACE_NAME, role=Role.REP)
    owed = dict(
        Contact.objects.filter(owner__in=reps, owed_reply_since__isnull=False)
        .values_list("owner")
        .annotate(n=Count("id"))
        .values_list("owner", "n")
    )
    if not owed:
        raise SystemExit("No Scale Co in this database: run `python -m bench.scale` first.")
    ranked = sorted(owed, key=lambda pk: owed[pk])
    chosen = ranked[len(ranked) // 2] if median else ranked[-1]
    return Member.objects.select_related("workspace", "user").get(pk=chosen)


# The same answer in one hand-written SQL query -----------------------------------------------


def sql_answer(member: Member, now: datetime, *, limit: int, prepared: bool = False) -> list[str]:
    """The keys of the first `limit` items, in order (with what each row shows). `prepared`:
    on PostgreSQL, as a prepared statement with a generic plan, as the app runs its own."""
    at = connection.ops.adapt_datetimefield_value
    params = {
        "member": member.pk,
        "now": at(now),
        "due_now": at(now + DUE_NOW_WITHIN),
        "until": at(default_until(member, now)),
        "lookback": at(now - NO_SHOW_LOOKBACK),
        "cold": at(now - COLD_WINDOW),
        "limit": limit,
    }
    collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""  # as Python compares
    if prepared:
        return [row[0] for row in prepared_fetch(SQL.format(collate=collate), params)]
    with connection.cursor() as cursor:
        cursor.execute(SQL.format(collate=collate), params)
        return [row[0] for row in cursor.fetchall()]


def orm_answer(member: Member, now: datetime, *, limit: int | None) -> list[str]:
    return [i.key for i in agenda_for(member, now=now, limit=limit)]


@dataclass
class PageResult:
    page: Timing
    orm: Timing  # agenda_for as the page asks it: the first PAGE_LIMIT + 1 items
    full: Timing  # agenda_for without a limit (the API, the CLI, ?all=1)
    sql: Timing
    sql_prepared: Timing | None  # PostgreSQL only
    items: int
    shown: int


def bench_page(member: Member, *, runs: int, repeat: int) -> PageResult:
    client = Client()
    client.force_login(member.user)
    wanted = PAGE_LIMIT + 1
    now = utcnow()
    orm, sql = orm_answer(member, now, limit=wanted), sql_answer(member, now, limit=wanted)
    if orm != sql:
        missing = [k for k in orm if k not in sql] or [k for k in sql if k not in orm]
        raise SystemExit(
            f"The hand-written SQL and agenda_for disagree (first difference among {missing[:3]}"
            " or in the order); extend SQL to every kind the scale set now holds."
        )
    if orm != orm_answer(member, now, limit=None)[:wanted]:
        raise SystemExit("agenda_for(limit=N) is not the head of the whole list.")
    items = len(agenda_for(member, now=now))
    pg = connection.vendor == "postgresql"
    if pg and sql != sql_answer(member, now, limit=wanted, prepared=True):
        raise SystemExit("The prepared hand-written SQL gives another answer.")
    pages, orms, fulls, sqls, prepared = [], [], [], [], []
    for _ in range(repeat):

        def get_page() -> None:
            response = client.get("/")
            if response.status_code != 200:
                raise SystemExit(f"Today answered {response.status_code}")

        pages.append(measure(get_page, runs=runs))
        orms.append(measure(lambda: agenda_for(member, now=utcnow(), limit=wanted), runs=runs))
        fulls.append(measure(lambda: agenda_for(member, now=utcnow()), runs=runs))
        sqls.append(measure(lambda: sql_answer(member, utcnow(), limit=wanted), runs=runs))
        if pg:
            prepared.append(
                measure(
                    lambda: sql_answer(member, utcnow(), limit=wanted, prepared=True), runs=runs
                )
            )
    return PageResult(
        median_timing(pages),
        median_timing(orms),
        median_timing(fulls),
        median_timing(sqls),
        median_timing(prepared) if prepared else None,
        items,
        min(items, PAGE_LIMIT),
    )


# The sweep --------------------------------------------------------------------------------


@dataclass
class SweepResult:
    total: int
    first_seconds: float
    first_broken: int
    second_seconds: float
    second_broken: int
    unchanged: bool


def _fingerprint() -> tuple[int, int, tuple[tuple[int, float, int, int], ...]]:
    events = CommitmentEvent.objects.count()
    broken = Commitment.objects.filter(state="broken").count()
    cred = tuple(Credibility.objects.order_by("member_id").values_list(
        "member_id", "score", "kept", "broken"
    ))  # fmt: skip
    return events, broken, cred


def bench_sweep() -> SweepResult:
    now = utcnow()
    total = Commitment.objects.count()
    try:
        with transaction.atomic():
            start = time.perf_counter()
            first = commitments_sweep(now=now)
            first_seconds = time.perf_counter() - start
            before = _fingerprint()
            start = time.perf_counter()
            second = commitments_sweep(now=now)
            second_seconds = time.perf_counter() - start
            unchanged = _fingerprint() == before
            raise RollbackError
    except RollbackError:
        pass
    return SweepResult(total, first_seconds, first.broken, second_seconds, second.broken, unchanged)


# Under gunicorn ---------------------------------------------------------------------------


@dataclass
class LoadResult:
    path: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def _wrk(url: str, cookie: str, seconds: int) -> LoadResult:
    out = subprocess.run(  # noqa: S603 - fixed arguments
        [
            "/usr/bin/wrk",
            "-t2",
            "-c8",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"\s50%\s+(\S+)", out)
    p99 = re.search(r"\s99%\s+(\S+)", out)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return LoadResult(
        url.split("/", 3)[-1] or "/",
        rps,
        _ms(p50.group(1)) if p50 else float("nan"),
        _ms(p99.group(1)) if p99 else float("nan"),
        int(errors.group(1)) if errors else 0,
    )


def bench_load(member: Member, *, seconds: int, warm_seconds: int) -> list[LoadResult]:
    if not shutil.which("/usr/bin/wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    client = Client()
    client.force_login(member.user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    port = _free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings")
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            gunicorn, "followthrough.wsgi:application", "--workers", "4",
            "--bind", f"127.0.0.1:{port}", "--pythonpath", f"{ROOT},{ROOT / 'src'}",
            "--access-logfile", "-", "--error-logfile", "-", "--log-level", "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for(port)
        base = f"http://127.0.0.1:{port}"
        # Warm every worker up: a fresh worker's first request imports the app and compiles
        # templates (~2.5 s alone, more with four starting at once on two busy cores); a 2 s
        # warm-up left that inside the timed window (Today then read 3-6 req/s, not ~15).
        for path in ("/", "/healthz"):
            _wrk(base + path, cookie, warm_seconds)
        return [_wrk(base + "/", cookie, seconds), _wrk(base + "/healthz", cookie, seconds)]
    finally:
        server.terminate()
        server.wait(timeout=30)


# Report -----------------------------------------------------------------------------------


def report(
    member: Member,
    page: PageResult | None,
    sweep: SweepResult | None,
    load: list[LoadResult] | None,
    out: Callable[[str], None] = print,
) -> None:
    out(f"\n### Today at the scale set — {database_label()}\n")
    out(f"{machine_label()}. Member: {member.display_name} ({member.code}).\n")
    if page:
        sql = page.sql.p50_ms

        def row(label: str, t: Timing) -> Sequence[object]:
            return (
                label,
                f"{t.p50_ms:.1f}",
                f"{t.p95_ms:.1f}",
                t.queries,
                f"{t.p50_ms / sql:.1f}x",
            )

        rows: list[Sequence[object]] = [
            row("Today page (test client)", page.page),
            row(f"agenda_for, first {PAGE_LIMIT + 1} (the page's)", page.orm),
            row("agenda_for, whole list (API, ?all=1)", page.full),
            row(f"one hand-written SQL query, first {PAGE_LIMIT + 1}", page.sql),
            *(
                [row("the same query, prepared (generic plan)", page.sql_prepared)]
                if page.sql_prepared
                else []
            ),
        ]
        out(
            f"{page.items} items on the whole list, {page.shown} shown; "
            f"{page.page.runs} runs per figure (median of the repeats).\n"
        )
        out(markdown_table(["", "p50 ms", "p95 ms", "queries", "vs SQL (p50)"], rows))
    if sweep:
        out(f"\nSweep over {sweep.total:,} commitments:\n")
        out(
            markdown_table(
                ["", "seconds", "broken"],
                [
                    ("first run", f"{sweep.first_seconds:.2f}", f"{sweep.first_broken:,}"),
                    ("second run", f"{sweep.second_seconds:.2f}", f"{sweep.second_broken:,}"),
                ],
            )
        )
        out(f"\nSecond run changed nothing: {'yes' if sweep.unchanged else 'NO'}.")
    if load:
        out("\nUnder gunicorn, 4 sync workers, wrk -t2 -c8 on loopback:\n")
        rows = [
            (r.path, f"{r.rps:,.0f}", f"{r.p50_ms:.1f}", f"{r.p99_ms:.1f}", r.errors) for r in load
        ]
        out(markdown_table(["path", "req/s", "p50 ms", "p99 ms", "errors"], rows))
        out(f"\nToday / healthz throughput: {load[0].rps / load[1].rps:.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_today", description=__doc__)
    parser.add_argument("--database-url", help="postgres://… (default: DATABASE_URL or SQLite)")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--load-seconds", type=int, default=10)
    parser.add_argument("--warm-seconds", type=int, default=10, help="wrk warm-up per path")
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn run")
    parser.add_argument("--no-sweep", action="store_true", help="skip the sweep")
    parser.add_argument("--median", action="store_true", help="the typical rep, not the worst")
    args = parser.parse_args(argv)
    member = pick_rep(median=args.median)
    page = bench_page(member, runs=args.runs, repeat=args.repeat)
    sweep = None if args.no_sweep else bench_sweep()
    load = (
        None
        if args.no_load
        else bench_load(member, seconds=args.load_seconds, warm_seconds=args.warm_seconds)
    )
    report(member, page, sweep, load)
    return 0


if __name__ == "__main__":
    sys.exit(main())
