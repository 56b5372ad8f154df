"""Import mail files (mbox, .eml, Maildir): streamed, one message at a time, every bad message
reported by its number and line, never losing a good one because of a bad one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from followthrough.mail.models import MailSource
from followthrough.mail.parsing import ParsedMail, UnreadableMailError, parse_mail
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


BATCH = 200  # messages written in one transaction


def import_mail(
    *,
    workspace: Workspace,
    paths: Iterable[Path],
    now: datetime,
    member: Member | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
) -> MailImportReport:
    """Import every message of these files. Messages are parsed as they stream in and written
    in batches of `batch_size`, each batch in one transaction after a few set-based reads
    (`Mailroom.prepare`). A crash loses at most the batch being written, and running the
    import again skips everything already recorded (Message-ID and digest)."""
    report = MailImportReport()
    room = Mailroom(workspace)
    batch: list[tuple[RawMessage, ParsedMail]] = []

    def flush() -> None:
        _write(batch, report, workspace=workspace, now=now, member=member, room=room)
        batch.clear()

    offset = 0
    for path in paths:
        base = offset

        def advance(done: int, base: int = base) -> None:
            if progress is not None:
                progress(base + done)

        offset += path_size(path)
        try:
            for raw in iter_path(path, advance):
                parsed = _parse(raw, report)
                if parsed is not None:
                    batch.append((raw, parsed))
                    if len(batch) >= batch_size:
                        flush()
        except SourceError as exc:
            report.errors.append(MessageError(0, 0, path.name, str(exc)))
        except OSError as exc:
            report.errors.append(MessageError(0, 0, path.name, exc.strerror or str(exc)))
    flush()
    return report


def _parse(raw: RawMessage, report: MailImportReport) -> ParsedMail | None:
    try:
        parsed = parse_mail(raw.data)
    except UnreadableMailError as exc:
        report.errors.append(MessageError(raw.number, raw.line, raw.origin, str(exc)))
        return None
    for problem in parsed.problems:
        report.notes.append(MessageError(raw.number, raw.line, raw.origin, problem))
    return parsed


def _write(
    batch: list[tuple[RawMessage, ParsedMail]],
    report: MailImportReport,
    *,
    workspace: Workspace,
    now: datetime,
    member: Member | None,
    room: Mailroom,
) -> None:
    if not batch:
        return
    counts: Counter[str] = Counter()
    errors: list[MessageError] = []
    with transaction.atomic():
        room.prepare([parsed for _, parsed in batch])
        for raw, parsed in batch:
            try:
                result = mail_record(
                    workspace=workspace,
                    parsed=parsed,
                    source=MailSource.FILE,
                    now=now,
                    member=member,
                    room=room,
                )
            except ValidationError as exc:  # one message the timeline refused; not the rest
                reason = " ".join(exc.messages) or "The message could not be recorded."
                errors.append(MessageError(raw.number, raw.line, raw.origin, reason))
                continue
            counts[result.outcome] += 1
    room.forget()
    # Counted only once the batch is committed: a crash reports nothing it did not keep.
    report.counts.update(counts)
    report.errors.extend(errors)
