"""The agenda API and Today beside the reference server (`bench.refserver`), in one run.

    python -m bench.bench_api [--database-url URL] [--runs 100] [--repeat 3]
                              [--load-seconds 10] [--warm-seconds 5] [--no-load]

Issue 17's ratios. Two members of Scale Co: the worst case (the rep owed the most replies,
~450 items) and the rep whose whole list is nearest 50 items. First the answers are checked
equal: the keys of `GET /api/agenda` and of the reference's `/agenda.json` for each member, in
order, and Today's first rows and `/agenda.html`'s.

1. In process: each case as one WSGI call (the product's `followthrough.wsgi.application` and
   `bench.refserver.application`, the same harness, no HTTP), one warm-up pass, then --runs
   timed calls, p50/p95 in ms, median over --repeat; ratio to the reference's p50.
2. Over HTTP: both under gunicorn with the same settings (4 sync workers, loopback), each path
   warmed for --warm-seconds then driven by wrk (2 threads, 16 connections) for --load-seconds;
   requests/s, p50/p95/p99, and the product's throughput as a ratio of the reference's. The
   product and the reference are driven one after the other, so the pair shares the load of the
   moment; the load average is printed beside the table.
"""

from __future__ import annotations

if __name__ == "__main__":  # configure Django before the models load
    from bench.common import setup_django_from_argv

    setup_django_from_argv()

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import Client

from bench import refserver
from bench.bench_today import _free_port, _ms, _wait_for, pick_rep
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
from followthrough.agenda.due import DUE_NOW_WITHIN, WHOLE_LIST_CAP, agenda_for
from followthrough.agenda.providers import NO_SHOW_LOOKBACK
from followthrough.agenda.views import PAGE_LIMIT
from followthrough.core.timeutil import utcnow
from followthrough.plans.suggest import COLD_WINDOW, store_missing_suggestions
from followthrough.workspaces import services
from followthrough.workspaces.models import ApiToken, Member, Role

TOKEN_NAME = "bench-api (deleted after the run)"  # noqa: S105 - a label
Call = Callable[[], bytes]


def ref_config() -> dict[str, Any]:
    """The product's constants, for the reference server (its REF_CONFIG)."""
    return {
        "due_now_seconds": DUE_NOW_WITHIN.total_seconds(),
        "lookback_seconds": NO_SHOW_LOOKBACK.total_seconds(),
        "cold_seconds": COLD_WINDOW.total_seconds(),
        "page_limit": PAGE_LIMIT + 1,
        "whole_limit": WHOLE_LIST_CAP,
    }


def ref_database() -> str:
    """Where the reference reads: the product's own database."""
    if connection.vendor == "postgresql":
        return os.environ["DATABASE_URL"]
    return str(settings.DATABASES["default"]["NAME"])


def wsgi_call(app: Any, path: str, headers: dict[str, str] | None = None) -> tuple[str, bytes]:
    """One GET through a WSGI app, as a server would make it; the status and the body."""
    target, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": target,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "SCRIPT_NAME": "",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()},
    }
    status: list[str] = []

    def start_response(s: str, h: list[tuple[str, str]], exc_info: object = None) -> None:
        status.append(s)

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return status[0], body


def caller(app: Any, path: str, headers: dict[str, str] | None = None) -> Call:
    def call() -> bytes:
        status, body = wsgi_call(app, path, headers)
        if not status.startswith("200"):
            raise SystemExit(f"{path} answered {status}: {body[:200]!r}")
        return body

    return call


def pick_fifty(worst: Member) -> Member:
    """The rep whose whole list is nearest 50 items (ties: the lowest id)."""
    now = utcnow()
    reps = Member.objects.filter(workspace__name=WORKSPACE_NAME, role=Role.REP).order_by("id")
    sized = [(abs(len(agenda_for(m, now=now)) - 50), m.pk) for m in reps if m.pk != worst.pk]
    return Member.objects.select_related("workspace", "user").get(pk=min(sized)[1])


@dataclass
class Case:
    label: str
    product: Call
    reference: Call
    product_path: str
    reference_path: str
    product_headers: dict[str, str]
    reference_is_product: bool = False  # the reference path is served by the product


def check_same_answer(case: Case, *, html: bool = False) -> int:
    """The keys the product and the reference answer, in order; the number of items."""
    if html:  # the page shows PAGE_LIMIT rows: the reference's ids, in the page's order
        page = case.product().decode()
        ref = re.findall(r'<li class="u\d" id="([^"]+)"', case.reference().decode())
        positions = [page.find(key.split(":", 1)[1]) for key in ref]
        if -1 in positions or positions != sorted(positions):
            raise SystemExit(f"{case.label}: Today and the reference HTML show other rows.")
        return len(ref)
    product = [i["key"] for i in orjson.loads(case.product())["items"]]
    reference = [i["key"] for i in orjson.loads(case.reference())["items"]]
    if product != reference:
        diff = sorted(set(product) ^ set(reference))[:3] or "(the order)"
        raise SystemExit(f"{case.label}: the API and the reference disagree: {diff}")
    return len(product)


@dataclass
class InProcess:
    label: str
    items: int
    product: Timing
    reference: Timing


def bench_in_process(cases: list[Case], sizes: list[int], *, runs: int, repeat: int) -> list[Any]:
    results = []
    for case, size in zip(cases, sizes, strict=True):
        product, reference = [], []
        for _ in range(repeat):
            product.append(measure(case.product, runs=runs))
            reference.append(measure(case.reference, runs=runs))
        results.append(
            InProcess(case.label, size, median_timing(product), median_timing(reference))
        )
    return results


@dataclass
class Wrk:
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int


def wrk(url: str, headers: dict[str, str], seconds: int) -> Wrk:
    args = ["/usr/bin/wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    args += ["-s", str(LATENCY_LUA)]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(  # noqa: S603 - fixed arguments
        [*args, url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout

    def pct(n: str) -> float:
        m = re.search(rf"^\s*{n}%\s+(\S+)", out, re.M)
        return _ms(m.group(1)) if m else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    p95 = re.search(r"^p95 ([\d.]+)$", out, re.M)
    return Wrk(
        float(rps.group(1)) if rps else 0.0,
        pct("50"),
        float(p95.group(1)) / 1000 if p95 else float("nan"),
        pct("99"),
        int(errors.group(1)) if errors else 0,
    )


# wrk prints 50/75/90/99 only; the page's target is a p95.
LATENCY_LUA = ROOT / "bench" / "out" / "wrk-p95.lua"
LUA = 'done = function(summary, latency, requests)\n  io.write(string.format("p95 %d\\n", latency:percentile(95)))\nend\n'  # noqa: E501


def gunicorn(app: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The product's and the reference's server: the same settings."""
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"), app, "--workers", "4",
            "--bind", f"127.0.0.1:{port}", "--pythonpath", f"{ROOT},{ROOT / 'src'}",
            "--access-logfile", "-", "--error-logfile", "-", "--log-level", "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


@dataclass
class OverHttp:
    label: str
    product: Wrk
    reference: Wrk
    load: str


def bench_http(cases: list[Case], *, seconds: int, warm_seconds: int) -> list[OverHttp]:
    if not shutil.which("/usr/bin/wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    LATENCY_LUA.parent.mkdir(parents=True, exist_ok=True)
    LATENCY_LUA.write_text(LUA)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings")
    ref_env = dict(env, REF_DATABASE=ref_database(), REF_CONFIG=json.dumps(ref_config()))
    product_port, ref_port = _free_port(), _free_port()
    servers = [
        gunicorn("followthrough.wsgi:application", product_port, env),
        gunicorn("bench.refserver:application", ref_port, ref_env),
    ]
    try:
        _wait_for(product_port)
        _wait_for(ref_port)
        base = f"http://127.0.0.1:{product_port}"
        ref = f"http://127.0.0.1:{ref_port}"
        for case in cases:  # warm every worker of both up on every path
            wrk(base + case.product_path, case.product_headers, warm_seconds)
            wrk(
                (base if case.reference_is_product else ref) + case.reference_path, {}, warm_seconds
            )
        results = []
        for case in cases:
            product = wrk(base + case.product_path, case.product_headers, seconds)
            reference = wrk(
                (base if case.reference_is_product else ref) + case.reference_path, {}, seconds
            )
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            results.append(OverHttp(case.label, product, reference, load))
        return results
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def report(
    worst: Member,
    fifty: Member,
    local: list[InProcess],
    http: list[OverHttp] | None,
    out: Callable[[str], None] = print,
) -> None:
    out(f"\n### The agenda API and Today beside the reference server — {database_label()}\n")
    out(
        f"{machine_label()}. Worst case: {worst.display_name} ({worst.code}); "
        f"~50 items: {fifty.display_name} ({fifty.code}).\n"
    )
    out("In process (one WSGI call each, the same harness), p50/p95 ms, median of the repeats:\n")
    rows = [
        (
            r.label,
            r.items,
            f"{r.product.p50_ms:.1f}",
            f"{r.product.p95_ms:.1f}",
            r.product.queries,
            f"{r.reference.p50_ms:.1f}",
            f"{r.reference.p95_ms:.1f}",
            f"**{r.product.p50_ms / r.reference.p50_ms:.2f}x**",
        )
        for r in local
    ]
    headers = ["case", "items", "p50", "p95", "queries", "ref p50", "ref p95", "product / ref"]
    out(markdown_table(headers, rows))
    if http:
        out("\nOver HTTP, gunicorn 4 sync workers each, wrk -t2 -c16 on loopback:\n")
        rows = [
            (
                r.label,
                f"{r.product.rps:,.0f}",
                f"{r.product.p50_ms:.1f}",
                f"{r.product.p95_ms:.1f}",
                f"{r.product.p99_ms:.1f}",
                f"{r.reference.rps:,.0f}",
                f"{r.reference.p95_ms:.1f}",
                f"**{r.product.rps / r.reference.rps:.2f}x**" if r.reference.rps else "-",
                r.product.errors + r.reference.errors,
                r.load,
            )
            for r in http
        ]
        headers = ["case", "req/s", "p50", "p95", "p99", "ref req/s", "ref p95",
                   "throughput / ref", "errors", "load"]  # fmt: skip
        out(markdown_table(headers, rows))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_api", description=__doc__)
    parser.add_argument("--database-url", help="postgres://… (default: DATABASE_URL or SQLite)")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--load-seconds", type=int, default=10)
    parser.add_argument("--warm-seconds", type=int, default=5)
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn runs")
    args = parser.parse_args(argv)

    os.environ["REF_DATABASE"] = ref_database()
    refserver.CONFIG.update(ref_config())
    stored = store_missing_suggestions(now=utcnow())  # a scale set loaded before they were stored
    if stored:
        print(f"Stored the next prospects of {stored} cold rows first (as the plans sweep would).")
    worst = pick_rep()
    fifty = pick_fifty(worst)
    product = get_wsgi_application()
    ApiToken.objects.filter(name=TOKEN_NAME).delete()
    try:
        tokens = {
            m.pk: services.api_token_create(member=m, name=TOKEN_NAME)[1] for m in (worst, fifty)
        }
        client = Client()
        client.force_login(worst.user)
        cookie = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}

        def api(m: Member) -> dict[str, str]:
            return {"Authorization": f"Bearer {tokens[m.pk]}"}

        ref = refserver.application
        cases = [
            Case("GET /api/agenda, whole list", caller(product, "/api/agenda", api(worst)),
                 caller(ref, f"/agenda.json?member={worst.pk}"), "/api/agenda",
                 f"/agenda.json?member={worst.pk}", api(worst)),
            Case("GET /api/agenda, ~50 items", caller(product, "/api/agenda", api(fifty)),
                 caller(ref, f"/agenda.json?member={fifty.pk}"), "/api/agenda",
                 f"/agenda.json?member={fifty.pk}", api(fifty)),
            Case("Today page (HTML)", caller(product, "/", cookie),
                 caller(ref, f"/agenda.html?member={worst.pk}"), "/",
                 f"/agenda.html?member={worst.pk}", cookie),
            Case("/healthz signed in (ref: cookieless)", caller(product, "/healthz", cookie),
                 caller(product, "/healthz"), "/healthz", "/healthz", cookie, True),
        ]  # fmt: skip
        sizes = [
            check_same_answer(cases[0]),
            check_same_answer(cases[1]),
            check_same_answer(cases[2], html=True),
            0,
        ]
        local = bench_in_process(cases, sizes, runs=args.runs, repeat=args.repeat)
        http = (
            None
            if args.no_load
            else bench_http(cases, seconds=args.load_seconds, warm_seconds=args.warm_seconds)
        )
    finally:
        ApiToken.objects.filter(name=TOKEN_NAME).delete()
    report(worst, fifty, local, http)
    return 0


if __name__ == "__main__":
    sys.exit(main())
