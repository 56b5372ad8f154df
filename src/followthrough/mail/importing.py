"""Import mail files (mbox, .eml, Maildir): streamed, one message at a time, every bad message
reported by its number and line, never losing a good one because of a bad one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from followthrough.mail.models import MailSource
from followthrough.mail.parsing import UnreadableMailError, parse_mail
from followthrough.mail.services import Mailroom, Outcome, mail_record
from followthrough.mail.sources import RawMessage, SourceError, iter_path, path_size
from followthrough.workspaces.models import Member, Workspace

OUTCOME_WORDS = {
    Outcome.CREATED: "recorded",
    Outcome.DUPLICATE: "already there",
    Outcome.TRIAGED: "to triage (unknown sender)",
    Outcome.IGNORED: "from ignored senders",
    Outcome.INTERNAL: "internal (members only)",
    Outcome.NO_CONTACT: "sent to no contact",
}


@dataclass(frozen=True)
class MessageError:
    number: int
    line: int
    origin: str
    reason: str

    def __str__(self) -> str:
        where = f"message {self.number}" + (f" (line {self.line})" if self.line > 1 else "")
        return f"{self.origin}: {where}: {self.reason}"


@dataclass
class MailImportReport:
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[MessageError] = field(default_factory=list)
    notes: list[MessageError] = field(default_factory=list)  # read, with a part left out

    @property
    def read(self) -> int:
        return sum(self.counts.values()) + len(self.errors)

    def summary(self) -> str:
        parts = [f"{self.counts[k]:,} {w}" for k, w in OUTCOME_WORDS.items() if self.counts[k]]
        if self.errors:
            parts.append(f"{len(self.errors):,} unreadable")
        return f"Read {self.read:,} messages: " + (", ".join(parts) or "nothing to import") + "."


def import_mail(
    *,
    workspace: Workspace,
    paths: Iterable[Path],
    now: datetime,
    member: Member | None = None,
    progress: Callable[[int], None] | None = None,
) -> MailImportReport:
    report = MailImportReport()
    room = Mailroom(workspace)
    offset = 0
    for path in paths:
        base = offset

        def advance(done: int, base: int = base) -> None:
            if progress is not None:
                progress(base + done)

        offset += path_size(path)
        try:
            for raw in iter_path(path, advance):
                _one(raw, report, workspace=workspace, now=now, member=member, room=room)
        except SourceError as exc:
            report.errors.append(MessageError(0, 0, path.name, str(exc)))
        except OSError as exc:
            report.errors.append(MessageError(0, 0, path.name, exc.strerror or str(exc)))
    return report


def _one(
    raw: RawMessage,
    report: MailImportReport,
    *,
    workspace: Workspace,
    now: datetime,
    member: Member | None,
    room: Mailroom,
) -> None:
    try:
        parsed = parse_mail(raw.data)
    except UnreadableMailError as exc:
        report.errors.append(MessageError(raw.number, raw.line, raw.origin, str(exc)))
        return
    for problem in parsed.problems:
        report.notes.append(MessageError(raw.number, raw.line, raw.origin, problem))
    result = mail_record(
        workspace=workspace,
        parsed=parsed,
        source=MailSource.FILE,
        now=now,
        member=member,
        room=room,
    )
    report.counts[result.outcome] += 1
