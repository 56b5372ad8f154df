"""Orders at the scale set: Today with bad-news items, and event ingestion through the API.

    python -m bench.bench_orders [--database-url URL] [--runs 200] [--repeat 3]
                                 [--load-seconds 15] [--no-load]

1. Today for the rep of Scale Co with the most bad news waiting (to tell, or a customer's
   choice to act on: the worst case), through Django's test client: one warm-up pass that
   counts SQL queries, then --runs timed requests; p50/p95 server time in ms. In the same run:
   `agenda_for` alone and the two order providers alone (bad news, invoice chasers). Repeated
   --repeat times; each figure is the median over the repeats.
2. `POST /api/orders/{number}/events` under gunicorn (4 sync workers) on loopback, driven by
   wrk (2 threads, 8 connections) for --load-seconds: each request records a note on one of
   1,000 orders with a fresh event id, and one in ten repeats an earlier event id of its
   connection (a retried webhook, answered 200 with the first event). Events/s, latency, and
   a check that the database holds exactly one new event per 201. The events, and the API
   token made for the run, are deleted afterwards.
"""

from __future__ import annotations

if __name__ == "__main__":  # configure Django before the models load
    from bench.common import setup_django_from_argv

    setup_django_from_argv()

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.db.models import Count, QuerySet
from django.test import Client

from bench.bench_today import _free_port, _ms, _wait_for
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
from followthrough.agenda.due import _PROVIDERS, agenda_for, providers, register_provider
from followthrough.core.timeutil import utcnow
from followthrough.orders.models import Order, OrderEvent, Problem
from followthrough.workspaces.models import ApiToken, Member
from followthrough.workspaces.services import api_token_create

EVENT_PREFIX = "bench-"
PROBLEM_KINDS = ("bad_news", "choices")
ORDER_PROVIDERS = (*PROBLEM_KINDS, "invoices")
CONNECTIONS = 8


def pick_member() -> Member:
    """The member with the most bad news waiting on them (the worst case)."""
    waiting = dict(
        Problem.objects.filter(
            workspace__name=WORKSPACE_NAME, attention_at__isnull=False, owner__isnull=False
        )
        .values_list("owner")
        .annotate(n=Count("id"))
        .values_list("owner", "n")
    )
    if not waiting:
        raise SystemExit("No Scale Co orders here: run `python -m bench.scale --orders …` first.")
    chosen = max(waiting, key=lambda pk: waiting[pk])
    return Member.objects.select_related("workspace", "user").get(pk=chosen)


# Today with bad news ----------------------------------------------------------------------------


@dataclass
class TodayResult:
    page: Timing
    page_without: Timing  # the same page with the orders' providers switched off
    agenda: Timing
    bad_news: Timing
    chasers: Timing
    items: int
    bad_news_items: int
    chaser_items: int


def bench_today(member: Member, *, runs: int, repeat: int) -> TodayResult:
    client = Client()
    client.force_login(member.user)

    def get_page() -> None:
        response = client.get("/")
        if response.status_code != 200:
            raise SystemExit(f"Today answered {response.status_code}")

    items = agenda_for(member, now=utcnow())
    bad = [i for i in items if i.kind in ("bad_news", "customer_chose")]
    chasers = [i for i in items if i.kind == "invoice_chaser"]
    pages, withouts, agendas, bads, chases = [], [], [], [], []
    for _ in range(repeat):
        pages.append(measure(get_page, runs=runs))
        with _orders_switched_off():
            withouts.append(measure(get_page, runs=runs))
        agendas.append(measure(lambda: agenda_for(member, now=utcnow()), runs=runs))
        bads.append(
            measure(lambda: agenda_for(member, now=utcnow(), only=PROBLEM_KINDS), runs=runs)
        )
        chases.append(
            measure(lambda: agenda_for(member, now=utcnow(), only={"invoices"}), runs=runs)
        )
    return TodayResult(
        median_timing(pages),
        median_timing(withouts),
        median_timing(agendas),
        median_timing(bads),
        median_timing(chases),
        len(items),
        len(bad),
        len(chasers),
    )


@contextmanager
def _orders_switched_off() -> Iterator[None]:
    """Today without the orders' items, to see what they add (same process, same run)."""
    saved = providers()
    for name in ORDER_PROVIDERS:
        del _PROVIDERS[name]
    try:
        yield
    finally:
        for name in ORDER_PROVIDERS:
            register_provider(name, saved[name])


# Event ingestion through the API ----------------------------------------------------------------

LUA = """
local numbers = %(numbers)s
local token = "%(token)s"
local threads = {}

function setup(thread)
  thread:set("tid", tostring(#threads + 1))
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(tonumber(tid) * 7919)
  sent, fresh, retried, created, repeated, failed = {}, 0, 0, 0, 0, 0
end

function request()
  local number, id
  if fresh > 20 and math.random() < 0.1 then
    local earlier = sent[math.random(#sent)]
    number, id = earlier[1], earlier[2]
    retried = retried + 1
  else
    fresh = fresh + 1
    number = numbers[math.random(#numbers)]
    id = "%(prefix)s" .. tid .. "-" .. fresh
    if #sent < 5000 then table.insert(sent, {number, id}) end
  end
  local body = '{"event_id": "' .. id .. '", "kind": "note", "note": "Packed and labelled."}'
  return wrk.format("POST", "/api/orders/" .. number .. "/events", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 200 then repeated = repeated + 1
  else failed = failed + 1 end
end

function done(summary, latency, requests)
  local c, r, f = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); r = r + t:get("repeated"); f = f + t:get("failed")
  end
  io.write(string.format("STATUS created=%%d repeated=%%d failed=%%d\\n", c, r, f))
end
"""


@dataclass
class IngestResult:
    seconds: int
    created: int
    repeated: int
    failed: int
    rps: float
    p50_ms: float
    p99_ms: float
    rows: int  # new event rows found in the database afterwards

    @property
    def events_per_second(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0


def bench_ingest(member: Member, *, seconds: int) -> IngestResult:
    if not Path("/usr/bin/wrk").exists():
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    numbers = list(
        Order.objects.filter(workspace=member.workspace)
        .order_by("?")
        .values_list("number", flat=True)[:1000]
    )
    token, raw = api_token_create(member=member, name="bench_orders")
    OrderEvent.objects.filter(event_id__startswith=EVENT_PREFIX).delete()
    scripts = {run: _script(numbers, raw, f"{EVENT_PREFIX}{run}-") for run in ("warm", "run")}
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
        problems = Problem.objects.count()
        _wrk(base, scripts["warm"], 2)  # warm every worker up; its events are not counted
        result = _wrk(base, scripts["run"], seconds)
        result.rows = _settled(
            OrderEvent.objects.filter(event_id__startswith=f"{EVENT_PREFIX}run-")
        )
        if Problem.objects.count() != problems:
            raise SystemExit("A note opened a problem: the scale set is not what detection says.")
        return result
    finally:
        server.terminate()
        server.wait(timeout=30)
        for path in scripts.values():
            Path(path).unlink(missing_ok=True)
        OrderEvent.objects.filter(event_id__startswith=EVENT_PREFIX).delete()
        ApiToken.objects.filter(pk=token.pk).delete()


def _script(numbers: list[str], token: str, prefix: str) -> str:
    """A wrk Lua script posting notes with event ids starting with `prefix`; its path."""
    text = LUA % {
        "numbers": "{" + ", ".join(json.dumps(quote(n, safe="")) for n in numbers) + "}",
        "token": token,
        "prefix": prefix,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(text)
    return lua.name


def _settled(rows: QuerySet[OrderEvent], *, quiet: float = 2.0, limit: float = 60.0) -> int:
    """The count once the requests still in flight at wrk's deadline have been written."""
    deadline = time.monotonic() + limit
    count = rows.count()
    while time.monotonic() < deadline:
        time.sleep(quiet)
        again = rows.count()
        if again == count:
            break
        count = again
    return count


def _wrk(base: str, script: str, seconds: int) -> IngestResult:
    out = subprocess.run(  # noqa: S603 - fixed arguments
        [
            "/usr/bin/wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "--latency",
            "-s",
            script,
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    status = re.search(r"STATUS created=(\d+) repeated=(\d+) failed=(\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"\s50%\s+(\S+)", out)
    p99 = re.search(r"\s99%\s+(\S+)", out)
    if status is None or rps is None:
        raise SystemExit(f"Could not read wrk's output:\n{out}")
    return IngestResult(
        seconds,
        int(status.group(1)),
        int(status.group(2)),
        int(status.group(3)) + (int(timeouts.group(1)) if timeouts else 0),
        float(rps.group(1)),
        _ms(p50.group(1)) if p50 else float("nan"),
        _ms(p99.group(1)) if p99 else float("nan"),
        0,
    )


# Report ------------------------------------------------------------------------------------------


def report(
    member: Member,
    today: TodayResult | None,
    ingest: IngestResult | None,
    out: Callable[[str], None] = print,
) -> None:
    out(f"\n### Orders at the scale set — {database_label()}\n")
    orders = Order.objects.filter(workspace=member.workspace).count()
    out(f"{machine_label()}. {orders:,} orders. Member: {member.display_name} ({member.code}).\n")
    if today:
        out(
            f"{today.items} items on Today, {today.bad_news_items} of them bad news or a "
            f"customer's choice, {today.chaser_items} payment chasers; "
            f"{today.page.runs} runs per figure.\n"
        )
        rows: list[Sequence[object]] = [
            (name, f"{t.p50_ms:.1f}", f"{t.p95_ms:.1f}", t.queries)
            for name, t in (
                ("Today page (test client)", today.page),
                ("the same page without the orders' items", today.page_without),
                ("agenda_for (every provider)", today.agenda),
                ("bad news provider alone", today.bad_news),
                ("invoice chasers provider alone", today.chasers),
            )
        ]
        out(markdown_table(["", "p50 ms", "p95 ms", "queries"], rows))
    if ingest:
        out(
            f"\n`POST /api/orders/{{number}}/events` under gunicorn, 4 sync workers, wrk -t2 -c8 "
            f"on loopback for {ingest.seconds} s (one request in ten a retried event id):\n"
        )
        rows = [
            (
                f"{ingest.events_per_second:,.0f}",
                f"{ingest.rps:,.0f}",
                f"{ingest.p50_ms:.1f}",
                f"{ingest.p99_ms:.1f}",
                f"{ingest.created:,}",
                f"{ingest.repeated:,}",
                ingest.failed,
            )
        ]
        out(
            markdown_table(
                ["events/s", "requests/s", "p50 ms", "p99 ms", "201", "200 (retries)", "errors"],
                rows,
            )
        )
        # wrk stops counting at the deadline: the requests then in flight (at most one per
        # connection) are still written, and answered to nobody.
        extra = ingest.rows - ingest.created
        same = "yes" if 0 <= extra <= CONNECTIONS else "NO"
        out(
            f"\nNew event rows: {ingest.rows:,} = the 201s plus {extra} in flight at the "
            f"deadline (at most {CONNECTIONS}); none for the retries: {same}."
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_orders", description=__doc__)
    parser.add_argument("--database-url", help="postgres://… (default: DATABASE_URL or SQLite)")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--load-seconds", type=int, default=15)
    parser.add_argument("--no-load", action="store_true", help="skip the ingestion run")
    parser.add_argument("--no-today", action="store_true", help="skip Today")
    args = parser.parse_args(argv)
    member = pick_member()
    today = None if args.no_today else bench_today(member, runs=args.runs, repeat=args.repeat)
    ingest = None if args.no_load else bench_ingest(member, seconds=args.load_seconds)
    report(member, today, ingest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
