"""Mail import: messages per second for an mbox of varied shapes (target: 1,000 msgs/s on
SQLite), with peak memory before and after to show the import streams.

    python -m bench.bench_mail [--messages 100000] [--database-url URL]

Writes a deterministic mbox (fixed seed) to bench/out/: plain and multipart/alternative
(plain + HTML) messages, quoted-printable Latin-1, base64 attachments, replies quoting the
message they answer (threads by References), mailing-list mail, and senders no contact
matches (triage). Then imports it through the service `followthrough import mail` uses (parse,
match, thread, guard, write) into a fresh workspace of 2,000 contacts: on SQLite a fresh
database file in bench/out/mail-sqlite; on PostgreSQL the given database, migrated.
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
            Path(__file__).resolve().parent / "out" / "mail-sqlite"
        )
    from bench.common import setup_django_from_argv

    setup_django_from_argv()

import argparse
import base64
import quopri
import random
import resource
import shutil
import time

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from bench.common import OUT, database_label, machine_label, markdown_table
from followthrough.contacts.models import Contact
from followthrough.core.timeutil import utcnow
from followthrough.mail.importing import import_mail
from followthrough.workspaces.models import Member, Role, User, Workspace

CONTACTS = 2_000
WORDS = [
    "order",
    "invoice",
    "delivery",
    "saddle",
    "helmet",
    "frame",
    "quote",
    "price",
    "thanks",
    "please",
    "when",
    "where",
    "Friday",
    "Monday",
    "shipping",
    "return",
    "refund",
    "size",
    "colour",
    "sorry",
    "late",
    "great",
    "question",
    "call",
    "back",
    "tomorrow",
]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def write_mbox(path: Path, messages: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for i in range(messages):
            contact = rng.randrange(CONTACTS + CONTACTS // 10)  # ~9 % unknown senders
            sender = f"contact{contact}@customer.test"
            day = 1 + i * 28 // messages
            date = f"{day:02d} Nov 2026 {rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:00 +0000"
            head = [
                f"From {sender} Mon Nov {day:02d} 10:00:00 2026",
                f"From: Contact {contact} <{sender}>",
                "To: Rep <rep0@shop.test>",
                f"Date: Mon, {date}",
                f"Message-ID: <m{i}@customer.test>",
                "MIME-Version: 1.0",
            ]
            shape = i % 6
            body = _text(rng, rng.randrange(8, 60))
            subject = f"Question about {rng.choice(WORDS)} {contact % 97}"
            if shape == 1 and i > 0:  # a reply quoting the previous message
                head.append(f"In-Reply-To: <m{i - 1}@customer.test>")
                head.append(f"References: <m{i - 1}@customer.test>")
                subject = "Re: " + subject
                body += "\n\nOn Mon, Nov 2 2026 Rep wrote:\n> " + _text(rng, 20)
            head.append(f"Subject: {subject}")
            if shape == 2:  # alternative, plain + HTML
                head.append('Content-Type: multipart/alternative; boundary="b"')
                lines = [
                    "",
                    "--b",
                    "Content-Type: text/plain; charset=utf-8",
                    "",
                    body,
                    "--b",
                    "Content-Type: text/html; charset=utf-8",
                    "",
                    f"<html><body><p>{body}</p></body></html>",
                    "--b--",
                ]
            elif shape == 3:  # quoted-printable Latin-1
                qp = quopri.encodestring((body + " Grüße, Zoë").encode("latin-1")).decode()
                head += [
                    "Content-Type: text/plain; charset=iso-8859-1",
                    "Content-Transfer-Encoding: quoted-printable",
                ]
                lines = ["", qp]
            elif shape == 4:  # a base64 attachment
                data = base64.encodebytes(rng.randbytes(3_000)).decode()
                head.append('Content-Type: multipart/mixed; boundary="m"')
                lines = [
                    "",
                    "--m",
                    "Content-Type: text/plain; charset=utf-8",
                    "",
                    body,
                    "--m",
                    'Content-Type: application/pdf; name="doc.pdf"',
                    "Content-Transfer-Encoding: base64",
                    'Content-Disposition: attachment; filename="doc.pdf"',
                    "",
                    data,
                    "--m--",
                ]
            elif shape == 5 and i % 12 == 5:  # list mail
                head += ["List-Id: <riders.lists.test>", "Content-Type: text/plain"]
                lines = ["", body]
            else:
                head.append("Content-Type: text/plain; charset=utf-8")
                lines = ["", body]
            body_lines = [">" + ln if ln.startswith("From ") else ln for ln in head[1:] + lines]
            out.write("\n".join([head[0], *body_lines]))
            out.write("\n\n")


def setup_workspace() -> Workspace:
    if connection.vendor == "sqlite":
        folder = Path(settings.DATA_DIR)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    call_command("migrate", verbosity=0)
    workspace = Workspace.objects.create(name=f"Mail bench {time.time_ns()}")
    user = User.objects.create(email=f"rep0-{workspace.code}@shop.test")
    rep = Member.objects.create(workspace=workspace, user=user, display_name="Rep", role=Role.REP)
    Contact.objects.bulk_create(
        Contact(
            workspace=workspace,
            first_name=f"Contact{i}",
            email=f"contact{i}@customer.test",
            owner=rep,
        )
        for i in range(CONTACTS)
    )
    return workspace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"mail-{args.messages}.mbox"
    if not path.exists():
        write_mbox(path, args.messages)
    size = path.stat().st_size
    workspace = setup_workspace()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load = os.getloadavg()[0]
    start = time.perf_counter()
    report = import_mail(workspace=workspace, paths=[path], now=utcnow())
    elapsed = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    again = import_mail(workspace=workspace, paths=[path], now=utcnow())
    rerun = time.perf_counter() - start
    load = max(load, os.getloadavg()[0])
    rows = [
        [
            database_label(),
            f"{args.messages:,}",
            f"{size / 1e6:.1f} MB",
            f"{elapsed:.1f} s",
            f"**{args.messages / elapsed:,.0f} msgs/s**",
            f"{args.messages / rerun:,.0f} msgs/s",
            f"{rss_before / 1024:.0f} → {rss_after / 1024:.0f} MB",
            f"{load:.1f}",
        ]
    ]
    print(machine_label())
    print(report.summary())
    print("Again:", again.summary())
    print(
        markdown_table(
            [
                "database",
                "messages",
                "mbox",
                "time",
                "rate",
                "re-run (all there)",
                "peak memory before → after",
                "load (1 min, max)",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
