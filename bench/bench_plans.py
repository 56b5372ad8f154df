"""Plans at the scale set: the sweep (twice: the second must change nothing) and Today for the
rep with the most touches and chasers due.

    python -m bench.bench_plans [--database-url URL] [--runs 200] [--repeat 3]

1. `plans_sweep` over Scale Co (100k contacts, ~60k enrollments over ~45k contacts, chasers)
   at the data's `now`: seconds and what it changed; then a second run at the same `now`,
   which must change nothing. Both inside one transaction that is rolled back.
2. Today for the rep with the most plan items due, through Django's test client: one warm-up
   pass that counts queries, then --runs timed requests; p50/p95 in ms. In the same run: the
   touches and chasers providers alone. Repeated --repeat times; medians reported.
"""

from __future__ import annotations

if __name__ == "__main__":  # configure Django before the models load
    from bench.common import setup_django_from_argv

    setup_django_from_argv()

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.test import Client

from bench.common import (
    Timing,
    database_label,
    machine_label,
    markdown_table,
    measure,
    median_timing,
)
from bench.scale_load import WORKSPACE_NAME
from followthrough.agenda.due import agenda_for
from followthrough.core.timeutil import utcnow
from followthrough.plans.models import Chaser, Enrollment
from followthrough.plans.sweep import SweepResult, plans_sweep
from followthrough.workspaces.models import Member


class RollbackError(Exception):
    pass


@dataclass
class SweepFigures:
    enrollments: int
    chasers: int
    first_seconds: float
    first: SweepResult
    second_seconds: float
    second: SweepResult


def bench_sweep() -> SweepFigures:
    now = utcnow()
    enrollments = Enrollment.objects.filter(workspace__name=WORKSPACE_NAME).count()
    chasers = Chaser.objects.filter(workspace__name=WORKSPACE_NAME).count()
    if not enrollments:
        raise SystemExit("No plans in Scale Co: run `python -m bench.scale` (with scale_plans).")
    figures: SweepFigures | None = None
    try:
        with transaction.atomic():
            start = time.perf_counter()
            first = plans_sweep(now=now)
            first_seconds = time.perf_counter() - start
            start = time.perf_counter()
            second = plans_sweep(now=now)
            second_seconds = time.perf_counter() - start
            figures = SweepFigures(
                enrollments, chasers, first_seconds, first, second_seconds, second
            )
            raise RollbackError
    except RollbackError:
        pass
    assert figures is not None
    return figures


def pick_member() -> Member:
    """The member with the most plan items (touches and chasers) due today: the worst case."""
    now = utcnow()
    counts: dict[int, int] = {}
    for model in (Enrollment, Chaser):
        rows = (
            model.objects.filter(
                workspace__name=WORKSPACE_NAME, next_due_at__lte=now, owner__isnull=False
            )
            .values_list("owner")
            .annotate(n=Count("id"))
            .values_list("owner", "n")
        )
        for owner, n in rows:
            counts[owner] = counts.get(owner, 0) + n
    if not counts:
        raise SystemExit("Nothing due in Scale Co's plans.")
    chosen = max(counts, key=lambda pk: counts[pk])
    return Member.objects.select_related("workspace", "user").get(pk=chosen)


@dataclass
class TodayFigures:
    page: Timing
    agenda: Timing
    touches: Timing
    chasers: Timing
    items: int
    touch_items: int
    chaser_items: int


def bench_today(member: Member, *, runs: int, repeat: int) -> TodayFigures:
    client = Client()
    client.force_login(member.user)

    def get_page() -> None:
        response = client.get("/")
        if response.status_code != 200:
            raise SystemExit(f"Today answered {response.status_code}")

    items = agenda_for(member, now=utcnow())
    pages, agendas, touches, chasers = [], [], [], []
    for _ in range(repeat):
        pages.append(measure(get_page, runs=runs))
        agendas.append(measure(lambda: agenda_for(member, now=utcnow()), runs=runs))
        touches.append(
            measure(lambda: agenda_for(member, now=utcnow(), only={"touches"}), runs=runs)
        )
        chasers.append(
            measure(lambda: agenda_for(member, now=utcnow(), only={"chasers"}), runs=runs)
        )
    return TodayFigures(
        median_timing(pages),
        median_timing(agendas),
        median_timing(touches),
        median_timing(chasers),
        len(items),
        sum(1 for i in items if i.kind in ("touch_due", "stay_in_touch")),
        sum(1 for i in items if i.kind == "chaser"),
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    print(f"{database_label()} · {machine_label()}\n")
    sweep = bench_sweep()
    print(
        f"Sweep over {sweep.enrollments:,} enrollments and {sweep.chasers:,} chasers:\n"
        f"  first run  {sweep.first_seconds:.2f} s — {sweep.first.line()}\n"
        f"  second run {sweep.second_seconds:.2f} s — {sweep.second.line()}"
        f" ({'changes nothing' if sweep.second.changed == 0 else 'CHANGED ROWS: not idempotent'})\n"
    )
    member = pick_member()
    today = bench_today(member, runs=args.runs, repeat=args.repeat)
    print(
        f"Today for {member.display_name}: {today.items} items "
        f"({today.touch_items} touches, {today.chaser_items} chasers)\n"
    )
    rows = [
        ("Today page (test client)", today.page),
        ("agenda_for (all providers)", today.agenda),
        ("touches provider", today.touches),
        ("chasers provider", today.chasers),
    ]
    print(
        markdown_table(
            ["what", "p50 ms", "p95 ms", "SQL p50 ms", "queries"],
            [
                (name, f"{t.p50_ms:.1f}", f"{t.p95_ms:.1f}", f"{t.sql_p50_ms:.1f}", t.queries)
                for name, t in rows
            ],
        )
    )
    if sweep.second.changed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
