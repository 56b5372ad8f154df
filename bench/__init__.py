"""Scale data and benchmarks. `followthrough bench` runs what BENCHMARKS lists, in order.

A benchmark is a module run as `python -m MODULE [--runs N] [--repeat N]` from the repository
root with DJANGO_SETTINGS_MODULE=bench.settings and the database chosen by FOLLOWTHROUGH_DATA
or DATABASE_URL. It prints a markdown table and exits non-zero on failure. To add one, write
the module (bench/common.py has the timing, query-count and table helpers) and add a line here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Benchmark:
    name: str  # what `followthrough bench --only NAME` selects
    module: str  # run as `python -m MODULE`
    summary: str
    needs_scale: bool = True  # the scale data set (bench/scale.py) must be loaded first
    timing_args: tuple[str, ...] = ("runs", "repeat")  # which of --runs, --repeat it accepts
    short: tuple[str, ...] = ()  # its arguments in `followthrough bench --short`


# What `--short` passes to the benchmarks that take --runs/--repeat (before their own `short`).
SHORT_TIMING = {"runs": "20", "repeat": "1"}

BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark(
        "today",
        "bench.bench_today",
        "Today for the worst-case rep: page, agenda_for, hand-written SQL, sweep, gunicorn",
        short=("--load-seconds", "5", "--warm-seconds", "3", "--no-sweep"),
    ),
    Benchmark(
        "api-agenda",
        "bench.bench_api",
        "GET /api/agenda and Today beside the reference server's hand-written SQL, over HTTP",
        short=("--load-seconds", "5", "--warm-seconds", "2"),
    ),
    Benchmark(
        "contacts",
        "bench.bench_contacts",
        "contact list pages, search and the API list at the scale set",
    ),
    Benchmark(
        "orders",
        "bench.bench_orders",
        "Today with bad-news items, and order events pushed through the API under gunicorn",
        short=("--load-seconds", "5"),
    ),
    Benchmark(
        "plans",
        "bench.bench_plans",
        "the plans sweep, twice, and Today for the rep with the most touches and chasers",
    ),
    Benchmark(
        "import",
        "bench.import_bench",
        "import of a 100k-row CSV into a fresh workspace: rows per second",
        needs_scale=False,
        timing_args=("repeat",),
        short=("--rows", "20000"),
    ),
    Benchmark("guard", "bench.guard_speed", "message guard: speed, then accuracy", False, ()),
    Benchmark(
        "guard-drafts",
        "bench.guard_drafts",
        "message guard on labelled drafts: false alarms and bad ones caught, per rule",
        False,
        (),
    ),
    Benchmark(
        "mail",
        "bench.bench_mail",
        "mail import: messages/s for a 100,000-message mbox of varied shapes, peak memory",
        needs_scale=False,
        timing_args=(),
        short=("--messages", "2000"),
    ),
    Benchmark(
        "promises",
        "bench.promise_eval",
        "promise detection in drafts: recall and false alarms on labelled sentences",
        False,
        (),
    ),
)


def find(name: str) -> Benchmark | None:
    return next((b for b in BENCHMARKS if b.name == name), None)
