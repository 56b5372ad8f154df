"""Contact list pages, contact search and the API list at the scale set.

    python -m bench.bench_contacts [--database-url URL] [--runs 30] [--repeat 3] [--explain]

Signed in as a rep of Scale Co (bench/scale.py loads it), each case is requested through
Django's test client: one warm-up pass that also counts the SQL queries, then --runs timed
requests; p50/p95 are server time in milliseconds (the whole request through middleware, view,
queries and template, in-process). The whole set is repeated --repeat times and each figure is
the median over the repeats. --explain prints every query of every case with its time and the
database's plan for it.
"""

from __future__ import annotations

if __name__ == "__main__":  # configure Django before the models load
    from bench.common import setup_django_from_argv

    setup_django_from_argv()

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.common import (
    Timing,
    database_label,
    machine_label,
    markdown_table,
    measure,
    median_timing,
)
from bench.scale_load import WORKSPACE_NAME
from followthrough.contacts.models import Contact
from followthrough.contacts.selectors import ContactFilters, contact_list
from followthrough.workspaces.models import ApiToken, Member, Role, Workspace
from followthrough.workspaces.services import api_token_create


@dataclass
class Case:
    name: str
    path: str
    params: dict[str, str]
    api: bool = False
    matches: int = 0
    timings: list[Timing] = field(default_factory=list)


def cases_for(rep: Member) -> list[Case]:
    """The pages and searches a rep uses, with search terms taken from the data itself."""
    active = Contact.objects.filter(workspace_id=rep.workspace_id, archived_at__isnull=True)
    sample = (
        active.exclude(first_name="")
        .exclude(last_name="")
        .exclude(phone_key="")
        .filter(company__isnull=False)
        .select_related("company")
        .order_by("id")
    )
    who = sample[sample.count() // 2]
    assert who.company is not None
    middle = max(1, active.count() // 50 // 2)
    return [
        Case("list: first page", "/contacts/", {}),
        Case(f"list: page {middle:,} (deep offset)", "/contacts/", {"page": str(middle)}),
        Case("list: stage = customer", "/contacts/", {"stage": "customer"}),
        Case("list: owner = me", "/contacts/", {"owner": "me"}),
        Case("list: sort = quiet", "/contacts/", {"sort": "quiet"}),
        Case("list: owed a reply", "/contacts/", {"owed": "1"}),
        Case(f"search: last name {who.last_name[:3]!r}", "/contacts/", {"q": who.last_name[:3]}),
        Case(f"search: first name {who.first_name!r}", "/contacts/", {"q": who.first_name}),
        Case(f"search: email {who.email[:9]!r}", "/contacts/", {"q": who.email[:9]}),
        Case(f"search: phone {who.phone_key[:6]!r}", "/contacts/", {"q": who.phone_key[:6]}),
        Case(
            f"search: company {who.company.name[:8]!r}", "/contacts/", {"q": who.company.name[:8]}
        ),
        Case("search: no match 'zzqx'", "/contacts/", {"q": "zzqx"}),
        Case(f"API: q={who.last_name[:3]!r}", "/api/contacts", {"q": who.last_name[:3]}, True),
        Case("API: first page", "/api/contacts", {}, True),
    ]


def filters_of(case: Case) -> ContactFilters:
    p = case.params
    return ContactFilters(
        q=p.get("q", ""),
        stage=p.get("stage", ""),
        owner=p.get("owner", ""),
        owed_reply=p.get("owed") == "1",
        sort=p.get("sort", "name"),
    )


CAP = 1000


def count_cases(rep: Member, cases: Sequence[Case]) -> list[tuple[str, Callable[[], object]]]:
    """The list's COUNT(*) exactly, and capped as "1,000+" would be (SQL only, no request)."""
    out: list[tuple[str, Callable[[], object]]] = []
    seen: set[tuple[str, str, str, bool]] = set()
    for case in cases:
        f = filters_of(case)
        if case.api or case.matches <= CAP or (f.q, f.stage, f.owner, f.owed_reply) in seen:
            continue
        seen.add((f.q, f.stage, f.owner, f.owed_reply))
        qs = contact_list(rep, f).order_by()
        out.append((f"{case.name}: exact", qs.count))
        out.append((f"{case.name}: capped at {CAP + 1:,}", qs[: CAP + 1].count))
    return out


def request(client: Client, case: Case) -> Callable[[], object]:
    def call() -> object:
        response = client.get(case.path, case.params)
        if response.status_code != 200:
            raise RuntimeError(f"{case.name}: HTTP {response.status_code}")
        return response

    return call


def explain(client: Client, case: Case) -> None:
    with CaptureQueriesContext(connection) as captured:
        request(client, case)()
    print(f"\n### {case.name}  ({case.path} {case.params})")
    for query in captured.captured_queries:
        sql = query["sql"]
        print(f"\n-- {float(query['time']) * 1000:.1f} ms: {sql[:600]}")
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                print("\n".join(f"   {row[-1]}" for row in cursor.fetchall()))
            else:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                print("\n".join(f"   {row[0]}" for row in cursor.fetchall()))


def pick_rep(workspace: Workspace) -> Member:
    """The first rep: a typical book of about 2% of the workspace's contacts."""
    rep = (
        Member.objects.filter(workspace=workspace, role=Role.REP, is_active=True)
        .select_related("user", "workspace")
        .order_by("id")
        .first()
    )
    if rep is None:
        raise SystemExit(f"{WORKSPACE_NAME} has no rep to sign in as.")
    return rep


def run(args: argparse.Namespace) -> int:
    workspace = Workspace.objects.filter(name=WORKSPACE_NAME).first()
    if workspace is None:
        print(
            f"error: no {WORKSPACE_NAME} in this database; load it with "
            "`python -m bench.scale --contacts 100000 --interactions 1000000 --members 50`",
            file=sys.stderr,
        )
        return 1
    rep = pick_rep(workspace)
    web = Client()
    web.force_login(rep.user)
    token, raw = api_token_create(member=rep, name="bench_contacts")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    try:
        cases = cases_for(rep)
        for case in cases:
            case.matches = contact_list(rep, filters_of(case)).count()
        if args.explain:
            for case in cases:
                explain(api if case.api else web, case)
            return 0
        counts = count_cases(rep, cases)
        count_timings: dict[str, list[Timing]] = {name: [] for name, _ in counts}
        for _ in range(args.repeat):
            for case in cases:
                call = request(api if case.api else web, case)
                case.timings.append(measure(call, runs=args.runs))
            for name, fn in counts:
                count_timings[name].append(measure(fn, runs=args.runs))
    finally:
        ApiToken.objects.filter(pk=token.pk).delete()
    print(report(workspace, rep, cases, args))
    print()
    rows = []
    for name, timings in count_timings.items():
        t = median_timing(timings)
        rows.append([name, f"{t.p50_ms:.2f}", f"{t.p95_ms:.2f}"])
    print(markdown_table(["COUNT(*) behind the list, SQL only", "p50 ms", "p95 ms"], rows))
    return 0


def report(workspace: Workspace, rep: Member, cases: Sequence[Case], args: Any) -> str:
    total = Contact.objects.filter(workspace=workspace).count()
    mine = Contact.objects.filter(owner=rep).count()
    rows = []
    for case in cases:
        t = median_timing(case.timings)
        times = [f"{t.p50_ms:.1f}", f"{t.p95_ms:.1f}", f"{t.sql_p50_ms:.1f}"]
        rows.append([case.name, f"{case.matches:,}", *times, t.queries])
    return "\n".join(
        [
            f"### Contacts: {database_label()}, {total:,} contacts "
            f"(signed in as a rep who owns {mine:,})",
            "",
            f"{machine_label()}. Server time through Django's test client: {args.runs} "
            f"requests after a warm-up, median of {args.repeat} repeats; SQL = the part of the "
            "median request spent executing queries.",
            "",
            markdown_table(["case", "matches", "p50 ms", "p95 ms", "SQL p50 ms", "queries"], rows),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_contacts", description=__doc__)
    parser.add_argument("--database-url", help="postgres://… (default: DATABASE_URL or SQLite)")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per case (30)")
    parser.add_argument("--repeat", type=int, default=3, help="repeats of the whole set (3)")
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.repeat < 1:
        parser.error("--runs and --repeat must be at least 1")
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
