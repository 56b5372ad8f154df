"""`followthrough import mail` writes in batches: the same outcome as one message at a time,
nothing twice on a re-run, and a crash loses only the batch it was writing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from followthrough.contacts.models import Contact
from followthrough.mail import importing
from followthrough.mail.importing import import_mail
from followthrough.mail.models import Mailbox, MailMessage, TriageEntry
from followthrough.mail.services import mail_ingest
from followthrough.mail.sources import iter_path
from followthrough.workspaces.models import Workspace
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def message(
    i: int,
    *,
    sender: str,
    subject: str,
    day: int,
    reply_to: int | None = None,
    to: str = "bob@example.com",
) -> str:
    head = [
        f"From {sender} Mon Nov {day:02d} 10:00:00 2026",
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Date: Mon, {day:02d} Nov 2026 10:{i % 60:02d}:00 +0000",
        f"Message-ID: <m{i}@customer.test>",
    ]
    if reply_to is not None:
        head += [
            f"In-Reply-To: <m{reply_to}@customer.test>",
            f"References: <m{reply_to}@customer.test>",
        ]
    return "\n".join([*head, "", f"Message {i} about the {subject.lower()}.", "", ""])


def conversation_mbox(path: Path) -> Path:
    """Replies to messages earlier in the same file, a subject continued without References,
    an exact duplicate, a second message reusing a Message-ID, and unknown senders."""
    parts = [
        message(1, sender="dana@customer.test", subject="Saddle", day=2),
        message(
            2,
            sender="bob@example.com",
            to="dana@customer.test",
            subject="Re: Saddle",
            day=3,
            reply_to=1,
        ),
        message(3, sender="dana@customer.test", subject="Re: Saddle", day=4, reply_to=2),
        message(4, sender="dana@customer.test", subject="Helmet", day=5),
        message(5, sender="dana@customer.test", subject="Re: Helmet", day=6),  # by subject
        message(6, sender="stranger@elsewhere.test", subject="Hello", day=6),
        message(1, sender="dana@customer.test", subject="Saddle", day=2),  # the same again
        message(4, sender="eve@customer.test", subject="Invoice", day=7),  # id reused
        message(7, sender="eve@customer.test", subject="Re: Invoice", day=8, reply_to=4),
        message(8, sender="stranger@elsewhere.test", subject="Hello again", day=9),
    ]
    path.write_text("".join(parts))
    return path


def outcome(workspace: Workspace) -> tuple[list[tuple[Any, ...]], list[tuple[str, str]]]:
    rows = MailMessage.objects.filter(workspace=workspace).order_by("sent_at", "id")
    keys: dict[str, int] = {}  # thread keys named by the order they first appear
    out = []
    for m in rows.select_related("contact", "interaction"):
        assert m.contact is not None
        assert m.interaction is not None
        out.append(
            (
                m.message_id,
                m.subject,
                m.direction,
                m.contact.email,
                keys.setdefault(m.thread_key, len(keys)),
                m.interaction.reply_owed,
                m.interaction.replied_at,
                m.interaction.in_reply_to.subject if m.interaction.in_reply_to else None,
            )
        )
    triage = sorted(
        TriageEntry.objects.filter(workspace=workspace).values_list("sender", "subject")
    )
    return out, triage


@pytest.fixture
def eve(contact):
    return ContactFactory.create(
        workspace=contact.workspace,
        first_name="Eve",
        owner=contact.owner,
        email="eve@customer.test",
    )


@pytest.fixture
def twin(charlie):
    """A second workspace with the same contacts, to import the same file differently."""
    for email in ("dana@customer.test", "eve@customer.test"):
        ContactFactory.create(workspace=charlie.workspace, email=email, owner=charlie)
    Mailbox.objects.create(  # the same "us" address in both workspaces
        workspace=charlie.workspace,
        owner=charlie,
        address="bob@example.com",
        imap_host="imap.example.com",
        username="bob",
    )
    return charlie.workspace


@pytest.mark.parametrize("batch_size", [200, 3])
def test_a_batched_import_records_what_one_message_at_a_time_records(
    tmp_path, contact, eve, bob, twin, now, batch_size
):
    mbox = conversation_mbox(tmp_path / "talk.mbox")
    report = import_mail(workspace=contact.workspace, paths=[mbox], now=now, batch_size=batch_size)
    assert report.summary() == (
        "Read 10 messages: 7 recorded, 1 already there, 2 to triage (unknown sender)."
    )
    for raw in iter_path(mbox):  # the webhook's path: each message alone, no batch
        mail_ingest(workspace=twin, raw=raw.data, source="file", now=now)
    batched, alone = outcome(contact.workspace), outcome(twin)
    assert batched == alone
    saddle = [row for row in batched[0] if "Saddle" in row[1]]
    assert {row[4] for row in saddle} == {0}  # one conversation
    assert saddle[1][7] == "Saddle"  # the member's reply answers the first message
    helmet = [row for row in batched[0] if "Helmet" in row[1]]
    assert helmet[0][4] == helmet[1][4]  # continued by subject
    invoice = [row for row in batched[0] if "Invoice" in row[1]]
    assert invoice[0][4] == invoice[1][4]
    assert invoice[0][3] == "eve@customer.test"


def test_running_the_import_again_records_nothing_twice(tmp_path, contact, eve, bob, now):
    mbox = conversation_mbox(tmp_path / "talk.mbox")
    import_mail(workspace=contact.workspace, paths=[mbox], now=now, batch_size=4)
    before = outcome(contact.workspace)
    report = import_mail(workspace=contact.workspace, paths=[mbox], now=now, batch_size=4)
    assert report.summary() == "Read 10 messages: 10 already there."
    assert outcome(contact.workspace) == before
    assert Contact.objects.get(pk=contact.pk).interactions.count() == 5


def test_a_crash_keeps_the_batches_written_and_a_re_run_finishes_the_rest(
    tmp_path, contact, eve, bob, now, monkeypatch
):
    mbox = conversation_mbox(tmp_path / "talk.mbox")
    real = importing.mail_record  # type: ignore[attr-defined]
    calls = {"n": 0}

    def dies_on_the_sixth(**kw):
        calls["n"] += 1
        if calls["n"] == 6:
            raise SystemExit("killed")  # the process going away in the middle of a batch
        return real(**kw)

    monkeypatch.setattr(importing, "mail_record", dies_on_the_sixth)
    with pytest.raises(SystemExit):
        import_mail(workspace=contact.workspace, paths=[mbox], now=now, batch_size=4)
    # The first batch (4 messages) is kept; the second, interrupted, left nothing behind.
    assert MailMessage.objects.count() + TriageEntry.objects.count() == 4
    monkeypatch.setattr(importing, "mail_record", real)
    report = import_mail(workspace=contact.workspace, paths=[mbox], now=now, batch_size=4)
    assert report.summary() == (
        "Read 10 messages: 3 recorded, 5 already there, 2 to triage (unknown sender)."
    )
    assert MailMessage.objects.count() == 7
    assert TriageEntry.objects.count() == 2


@pytest.mark.slow
def test_the_mail_benchmark_runs_and_prints_its_table(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_mail", "--messages", "30"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    assert done.returncode == 0, done.stderr
    assert "Read 30 messages:" in done.stdout
    assert "| database " in done.stdout
    assert "msgs/s" in done.stdout
