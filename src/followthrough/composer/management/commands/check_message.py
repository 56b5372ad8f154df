"""`followthrough check-message FILE`: the message guard in the terminal, for scripts.

Prints each finding with its span underlined; exits 1 when any finding blocks, 0 otherwise
(2 on bad usage). FILE and --reply-to may be '-' for standard input.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser

from followthrough.composer.findings import finding_json
from followthrough.core.timeutil import is_valid_timezone, utcnow
from followthrough.guard import (
    DraftContext,
    InboundAnalysis,
    analyze_inbound,
    check_draft,
    format_findings,
)
from followthrough.guard.types import KINDS

MAX_BYTES = 2_000_000


def _read(name: str, what: str) -> str:
    try:
        raw = sys.stdin.buffer.read(MAX_BYTES + 1) if name == "-" else _read_file(name)
    except OSError as exc:
        raise CommandError(f"Cannot read {what} {name}: {exc.strerror}.", returncode=2) from None
    if len(raw) > MAX_BYTES:
        raise CommandError(f"{what.capitalize()} {name} is over 2 MB.", returncode=2)
    return raw.decode("utf-8", errors="replace")


def _read_file(name: str) -> bytes:
    with Path(name).open("rb") as f:
        return f.read(MAX_BYTES + 1)


def _when(text: str, tz: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"--received {text!r}: give a date and time like “2026-11-24 10:00”.", returncode=2
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))


def summary(a: InboundAnalysis) -> str:
    mood = "heated" if a.heated else ("unhappy" if a.unhappy else a.sentiment)
    lines = [
        f"They wrote: {mood} (anger {a.anger:.2f}), "
        f"{'a complaint' if a.is_complaint else 'not a complaint'}, "
        f"category {a.category}, urgency {a.urgency}."
    ]
    lines += [f"  asked: {q}" for q in a.questions]
    if a.reasons:
        lines.append("  cues: " + ", ".join(a.reasons[:8]))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Check a draft with the message guard; exit 1 when a finding blocks it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The draft (a text file), or - for standard input.")
        parser.add_argument("--reply-to", help="The message it answers (a text file, or -).")
        parser.add_argument("--kind", choices=KINDS, help="Kind of touch (default: reply/new).")
        parser.add_argument(
            "--received", help="When the answered message arrived, e.g. “2026-11-24 10:00”."
        )
        parser.add_argument(
            "--customer-days", type=int, help="Days since the customer's first order."
        )
        parser.add_argument(
            "--tags", action="append", default=[], help="Policy tags, e.g. no-offer (repeatable)."
        )
        parser.add_argument("--cooling-off", type=int, default=30, help="Minutes (default 30).")
        parser.add_argument("--tz", default="UTC", help="Your timezone (reads “by Friday”).")
        parser.add_argument("--json", action="store_true", help="Findings as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        tz = options["tz"]
        if not is_valid_timezone(tz):
            raise CommandError(f"--tz {tz!r} is not an IANA timezone.", returncode=2)
        if options["file"] == "-" and options["reply_to"] == "-":
            raise CommandError(
                "Only one of FILE and --reply-to can be standard input.", returncode=2
            )
        if options["customer_days"] is not None and options["customer_days"] < 0:
            raise CommandError("--customer-days cannot be negative.", returncode=2)
        text = _read(options["file"], "draft")
        inbound_text = _read(options["reply_to"], "message") if options["reply_to"] else None
        inbound = analyze_inbound(inbound_text) if inbound_text else None
        tags = {t.strip() for raw in options["tags"] for t in raw.split(",") if t.strip()}
        ctx = DraftContext(
            kind=options["kind"] or ("reply" if inbound_text else "new"),
            inbound_text=inbound_text,
            inbound_analysis=inbound,
            inbound_received_at=_when(options["received"], tz) if options["received"] else None,
            now=utcnow(),
            cooling_off_minutes=max(0, options["cooling_off"]),
            customer_since_days=options["customer_days"],
            policy_tags=frozenset(tags),
            timezone=tz,
        )
        findings = check_draft(text, ctx)
        if options["json"]:
            out = {"findings": [finding_json(f, tz) for f in findings]}
            self.stdout.write(json.dumps(out, indent=2, ensure_ascii=False))
        else:
            if inbound is not None:
                self.stdout.write(summary(inbound) + "\n")
            self.stdout.write(format_findings(text, findings, tz=tz))
        if any(f.severity == "block" for f in findings):
            raise SystemExit(1)
