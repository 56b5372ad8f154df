"""Import of a 100k-row plain CSV: rows per second (target: 10,000 rows/s on SQLite).

    python -m bench.import_bench [--rows 100000] [--repeat 3] [--database-url URL]

Writes a deterministic CSV (fixed seed) to bench/out/, then --repeat times: a fresh workspace
with five reps (on SQLite a fresh database file in bench/out/import-sqlite, so the benchmark
never locks the scale database others measure against; on PostgreSQL the given database,
migrated, with the workspace deleted afterwards), then times
  1. the first import of the whole file (everything created: contacts, companies, history),
  2. the same file again (everything skipped as already existing: the re-run path),
  3. a dry run of it into an empty workspace (read, check and de-duplicate; no writes).
The file is read once before timing so the page cache is warm. Each figure is the median over
the repeats. Other engineers share this machine: run it when it is quiet, and compare figures
from the same run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if __name__ == "__main__":  # configure Django before the models load
    if not any(a.startswith("--database-url") for a in sys.argv) and not os.environ.get(
        "DATABASE_URL"
    ):
        os.environ["FOLLOWTHROUGH_DATA"] = str(
            Path(__file__).resolve().parent / "out" / "import-sqlite"
        )
    from bench.common import setup_django_from_argv

    setup_django_from_argv()

import argparse
import csv
import random
import shutil
import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from bench.common import OUT, database_label, machine_label, markdown_table
from followthrough.contacts.importing import ImportReport, import_contacts
from followthrough.contacts.keys import fold
from followthrough.core.timeutil import utcnow
from followthrough.workspaces.models import Member, Role, User, Workspace

FIRST = [
    "Ada",
    "Ben",
    "Chloé",
    "Dana",
    "Emil",
    "Farah",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kenji",
    "Lena",
    "Marta",
    "Noor",
    "Omar",
    "Priya",
    "Rafael",
    "Sam",
    "Tomás",
    "Zoë",
]
LAST = [
    "Reyes",
    "Müller",
    "Okafor",
    "Lindqvist",
    "Núñez",
    "Watanabe",
    "Byrne",
    "Moreau",
    "Haddad",
    "Lin",
    "Kowalska",
    "Diallo",
    "Tanaka",
    "Vogel",
    "Berg",
    "Rossi",
    "Dubois",
    "Carvalho",
    "Singh",
    "Park",
]
WORDS = [
    "Harbor",
    "Summit",
    "Cedar",
    "River",
    "North",
    "Bright",
    "Atlas",
    "Copper",
    "Maple",
    "Orchard",
    "Delta",
    "Pioneer",
]
KINDS = [
    "Cycles",
    "Bakery",
    "Logistics",
    "Textiles",
    "Furniture",
    "Imports",
    "Tiles",
    "Studio",
    "Foods",
    "Garden",
]
STAGES = ["prospect"] * 6 + ["customer"] * 3 + ["lost"]
REPS = 5


def generate(path: Path, rows: int, seed: int = 20261124) -> None:
    """A plain-layout CSV like a real export: mixed fields, some empty, 0.5 % bad rows."""
    rng = random.Random(seed)
    # About 8,000 companies for 100k people: most names come back several times.
    companies = [f"{a} {b} {n}".strip() for n in ("", *range(2, 68)) for a in WORDS for b in KINDS]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["first_name", "last_name", "email", "phone", "company", "title", "stage",
             "owner_email", "birthday", "customer_since", "guidance", "preferred_channel",
             "do_not_contact", "notes"]
        )  # fmt: skip
        for i in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            stage = rng.choice(STAGES)
            email = f"{fold(first)}.{i}@{rng.choice(WORDS).lower()}.test"
            if rng.random() < 0.005:
                email = email.replace("@", "@@")  # a bad row
            writer.writerow(
                [
                    first,
                    last,
                    email,
                    f"+1 {rng.randint(200, 999)} 555 {rng.randint(0, 9999):04d}",
                    rng.choice(companies) if rng.random() < 0.7 else "",
                    rng.choice(["Owner", "Buyer", "Manager", ""]),
                    stage,
                    f"rep{rng.randrange(REPS)}@bench.test",
                    f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                    if rng.random() < 0.4
                    else "",
                    f"2024-{rng.randint(1, 12):02d}-01" if stage == "customer" else "",
                    rng.choice(["", "", "coaching", "low_touch"]),
                    rng.choice(["", "email", "phone", "message"]),
                    "yes" if rng.random() < 0.03 else "no",
                    "Met at the fair.\nCall after 10." if rng.random() < 0.1 else "",
                ]
            )


def fresh_database() -> None:
    if connection.vendor == "sqlite":
        connection.close()
        data = Path(settings.DATA_DIR)
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
    call_command("migrate", verbosity=0)


def make_workspace(run: int) -> Workspace:
    workspace = Workspace.objects.create(name=f"Import bench {run}")
    for r in range(REPS):
        user, _ = User.objects.get_or_create(email=f"rep{r}@bench.test")
        Member.objects.create(
            workspace=workspace, user=user, display_name=f"Rep {r}", role=Role.REP
        )
    return workspace


def drop_workspace(workspace: Workspace) -> None:
    """Raw deletes in foreign-key order: the ORM's cascade would load 100k rows first."""
    with connection.cursor() as cursor:
        for table in ("contacts_stagechange", "contacts_contact", "contacts_company"):
            cursor.execute(f"DELETE FROM {table} WHERE workspace_id = %s", [workspace.pk])
    Member.objects.filter(workspace=workspace).delete()
    workspace.delete()


def timed_import(
    workspace: Workspace, path: Path, *, dry_run: bool = False
) -> tuple[float, ImportReport]:
    with path.open("rb") as source:
        start = time.perf_counter()
        report = import_contacts(workspace=workspace, source=source, now=utcnow(), dry_run=dry_run)
        return time.perf_counter() - start, report


@dataclass
class Run:
    first: float
    again: float
    dry: float


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a fresh SQLite file)")
    args = parser.parse_args()

    path = OUT / f"import-{args.rows}.csv"
    if not path.exists():
        generate(path, args.rows)
    path.read_bytes()  # warm the page cache
    size_mb = path.stat().st_size / 1e6
    runs: list[Run] = []
    last: ImportReport | None = None
    for n in range(args.repeat):
        if connection.vendor == "sqlite" or n == 0:
            fresh_database()
        workspace = make_workspace(n)
        empty = make_workspace(1000 + n)
        try:
            first, last = timed_import(workspace, path)
            again, report = timed_import(workspace, path)
            assert report.created == 0, "a re-run created contacts"
            dry, _ = timed_import(empty, path, dry_run=True)
        finally:
            if connection.vendor != "sqlite":
                drop_workspace(workspace)
                drop_workspace(empty)
        runs.append(Run(first, again, dry))
        print(
            f"run {n + 1}: first {args.rows / first:,.0f} rows/s ({first:.1f} s), "
            f"re-run {args.rows / again:,.0f} rows/s, dry run {args.rows / dry:,.0f} rows/s",
            file=sys.stderr,
        )
    assert last is not None
    print(f"\nImport of {args.rows:,} rows ({size_mb:.1f} MB plain CSV) on {database_label()}; "
          f"{machine_label()}; median of {args.repeat} runs.\n")  # fmt: skip
    rows = []
    for label, pick in (
        ("first import (all created)", lambda r: r.first),
        ("re-run (all skipped as existing)", lambda r: r.again),
        ("dry run (checked, nothing written)", lambda r: r.dry),
    ):
        seconds = statistics.median(pick(r) for r in runs)
        rows.append([label, f"{seconds:.2f}", f"{args.rows / seconds:,.0f}"])
    print(markdown_table(["case", "seconds", "rows/s"], rows))
    print(
        f"\nFirst import: {last.created:,} created, {last.rows_with_errors:,} bad rows reported, "
        f"{last.skipped_in_file:,} repeated."
    )


if __name__ == "__main__":
    main()
