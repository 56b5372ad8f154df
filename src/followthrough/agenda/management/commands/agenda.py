"""`followthrough agenda --member EMAIL`: Today, as a table in the terminal."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from followthrough.agenda.due import AgendaItem, agenda_for
from followthrough.agenda.text import local_label
from followthrough.commitments.selectors import standing_of
from followthrough.core import clock
from followthrough.core.timeutil import utcnow
from followthrough.workspaces.models import Member

MARK = {0: "!!", 1: "! ", 2: "* ", 3: "? ", 4: "  "}
MEANS = {
    0: "broken, deal with it now",
    1: "due in the next hours",
    2: "waiting on you",
    3: "chase politely",
}


def legend(items: list[AgendaItem]) -> str:
    """What the marks in the first column mean (those the table shows)."""
    shown = sorted({int(i.urgency) for i in items} & MEANS.keys())
    if not shown:
        return ""
    return "Marks: " + " · ".join(f"{MARK[u].strip()} {MEANS[u]}" for u in shown) + "."


class Command(BaseCommand):
    help = "Show what a member owes whom, most urgent first (the same list as Today)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--member", required=True, help="The member's email address.")
        parser.add_argument("--hours", type=int, default=0, help="Look this many hours ahead.")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
        parser.add_argument("--now", default="", help="Pretend it is this time (ISO 8601).")

    def handle(self, *args: Any, **options: Any) -> None:
        member = (
            Member.objects.select_related("workspace", "user")
            .filter(user__email=options["member"].strip().lower(), is_active=True)
            .first()
        )
        if member is None:
            raise CommandError(f"No active member with the email {options['member']!r}.")
        now = _now(options["now"])
        horizon = timedelta(hours=options["hours"]) if options["hours"] > 0 else None
        items = agenda_for(member, now=now, horizon=horizon)
        if options["json"]:
            self.stdout.write(json.dumps([_as_json(i, member.timezone) for i in items], indent=2))
            return
        standing = standing_of(member, now=now)
        rate = standing.kept_rate_30
        self.stdout.write(
            f"{member.display_name} · {member.workspace.name} · "
            f"{local_label(now, member.timezone)} ({member.timezone})\n"
            f"Credibility {standing.score_label}/100 · kept "
            f"{'—' if rate is None else f'{rate:.0%}'} over 30 days\n"
        )
        if not items:
            self.stdout.write("Nothing owed right now.")
            return
        self.stdout.write(_table(items, member.timezone, now))
        self.stdout.write(f"\n{len(items)} item(s).")
        self.stdout.write(legend(items))


def _now(raw: str) -> datetime:
    if not raw:
        return utcnow()
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"--now {raw!r} is not an ISO 8601 time.") from None
    if value.tzinfo is None:
        raise CommandError("--now needs an offset, e.g. 2026-11-24T15:00+01:00.")
    return value


def _table(items: list[AgendaItem], tz: str, now: datetime) -> str:
    width = max(80, min(shutil.get_terminal_size((120, 20)).columns, 160))
    rows = [("", "WHEN", "WHO", "WHAT", "DO")]
    for i in items:
        rows.append(
            (
                MARK[int(i.urgency)],
                local_label(i.at, tz, now),
                i.contact_name,
                i.title,
                i.action.label,
            )
        )
    widths = [2, 22, 22, 0, 22]
    widths[3] = max(20, width - sum(widths) - 8)
    lines = []
    for n, row in enumerate(rows):
        cells = [_fit(v, w) for v, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
        if n > 0:
            lines.append("    " + _fit(items[n - 1].why, width - 4))
    return "\n".join(lines)


def _fit(value: str, width: int) -> str:
    return value.ljust(width) if len(value) <= width else value[: max(0, width - 1)] + "…"


def _as_json(i: AgendaItem, tz: str) -> dict[str, object]:
    return {
        "key": i.key,
        "kind": i.kind,
        "urgency": int(i.urgency),
        "at": clock.iso(i.at, tz),
        "due_at": clock.iso(i.due_at, tz),
        "title": i.title,
        "why": i.why,
        "contact": i.contact_code,
        "contact_name": i.contact_name,
        "action": i.action.label,
    }
