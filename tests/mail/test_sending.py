"""Sending the outbox through a real SMTP server (aiosmtpd in its own process): every message
exactly once, counted at the server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from followthrough.composer.services import draft_create, draft_send
from followthrough.mail.mailboxes import MailboxData, mailbox_save
from followthrough.mail.models import OutgoingMail, SendState
from followthrough.mail.parsing import parse_mail
from followthrough.mail.sending import claim, outgoing_resend, send_due
from followthrough.mail.services import mail_ingest
from tests.factories import ContactFactory
from tests.mail.conftest import FILES

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def smtp_mailbox(member, sink):
    return mailbox_save(
        actor=member,
        data=MailboxData(
            address="bob@shop.test",
            imap_host="127.0.0.1",
            imap_port=1,
            imap_security="none",
            smtp_host="127.0.0.1",
            smtp_port=sink.port,
            smtp_security="none",
            username="bob",
            password="pw",
        ),
    )


def send(contact, member, now, *, body="The saddle ships Friday.", subject="Saddle"):
    draft = draft_create(author=member, contact=contact, now=now, subject=subject, body=body)
    outcome = draft_send(draft=draft, actor=member, now=now, confirm=True)
    assert outcome.reason == "sent", outcome.reason
    assert outcome.outbox is not None
    return outcome.outbox


def test_a_sent_draft_is_delivered_once_with_its_message_id_and_thread(
    contact, bob, now, smtp_sink
):
    smtp_mailbox(bob, smtp_sink)
    ingest = mail_ingest(
        workspace=contact.workspace,
        raw=(FILES / "gmail-reply.eml").read_bytes(),
        source="file",
        now=now,
    )
    assert ingest.message is not None
    outbox = send(contact, bob, now)
    om = OutgoingMail.objects.get(outbox=outbox)
    assert om.message_id.endswith("@shop.test")  # set when queued
    assert om.in_reply_to == "CAGmail123@mail.gmail.com"
    report = send_due(holder="w1", now=now)
    assert report.sent == 1
    assert send_due(holder="w1", now=now + timedelta(minutes=5)).sent == 0
    [raw] = smtp_sink.messages()
    received = parse_mail(raw)
    assert received.message_id == om.message_id
    assert received.in_reply_to == "CAGmail123@mail.gmail.com"
    assert received.references[-1] == "CAGmail123@mail.gmail.com"
    assert received.body.strip() == "The saddle ships Friday."
    outbox.refresh_from_db()
    assert (outbox.status, outbox.attempts) == ("sent", 1)
    # The sent message joined the customer's conversation, without a second timeline entry.
    contact.refresh_from_db()
    assert contact.interactions.filter(direction="outbound").count() == 1


def test_a_temporary_refusal_is_retried_with_backoff(contact, bob, now, smtp_sink):
    smtp_mailbox(bob, smtp_sink)
    contact.email = "tempfail@customer.test"
    contact.save()
    send(contact, bob, now)
    assert send_due(holder="w1", now=now).retry == 1
    om = OutgoingMail.objects.get()
    assert (om.state, om.smtp_code, om.next_attempt_at) == (
        "retry",
        451,
        now + timedelta(minutes=1),
    )
    assert send_due(holder="w1", now=now + timedelta(seconds=30)).retry == 0  # not due yet
    assert send_due(holder="w1", now=now + timedelta(minutes=1)).retry == 1
    om.refresh_from_db()
    assert (om.attempts, om.next_attempt_at) == (2, now + timedelta(minutes=3))
    assert smtp_sink.messages() == []


def test_a_permanent_refusal_fails_with_the_servers_reason(contact, bob, now, smtp_sink):
    smtp_mailbox(bob, smtp_sink)
    contact.email = "reject@customer.test"
    contact.save()
    outbox = send(contact, bob, now)
    assert send_due(holder="w1", now=now).failed == 1
    outbox.refresh_from_db()
    assert outbox.status == "failed"
    assert "550" in outbox.error
    assert "No such user" in outbox.error
    assert send_due(holder="w1", now=now + timedelta(hours=1)).failed == 0  # never again


def test_a_row_left_sending_by_a_dead_worker_is_held_as_unknown_never_resent(
    contact, bob, now, smtp_sink
):
    smtp_mailbox(bob, smtp_sink)
    outbox = send(contact, bob, now)
    om = OutgoingMail.objects.get()
    assert claim(om.pk, holder="dead", now=now)  # the worker dies right after claiming
    assert send_due(holder="w2", now=now + timedelta(minutes=5)).recovered == 0
    report = send_due(holder="w2", now=now + timedelta(minutes=11))
    assert (report.recovered, report.sent) == (1, 0)
    om.refresh_from_db()
    assert om.state == SendState.UNKNOWN
    assert "Check your Sent folder" in om.error
    outbox.refresh_from_db()
    assert outbox.error == "Unknown — check before resending."
    assert send_due(holder="w2", now=now + timedelta(hours=1)).sent == 0
    assert smtp_sink.messages() == []
    # The member checked: it did not go. Resending is their decision.
    outgoing_resend(om=om, actor=bob, now=now + timedelta(hours=2))
    assert send_due(holder="w2", now=now + timedelta(hours=2)).sent == 1
    assert len(smtp_sink.messages()) == 1


def test_two_workers_never_claim_the_same_row(contact, bob, now, smtp_sink):
    smtp_mailbox(bob, smtp_sink)
    send(contact, bob, now)
    om = OutgoingMail.objects.get()
    assert claim(om.pk, holder="w1", now=now)
    assert not claim(om.pk, holder="w2", now=now)


# Separate worker processes need a database they can share: PostgreSQL.
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="worker processes share PostgreSQL, not SQLite"
)


def _queue(contact, bob, now, n):
    """n queued emails, through the composer's services."""
    for i in range(n):
        send(contact, bob, now - timedelta(minutes=1), body=f"Message number {i}.", subject=f"M{i}")


def _worker(*args: str) -> subprocess.Popen[bytes]:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "followthrough.settings.test",
        "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
    }
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "django", "mail_send", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_three_workers_deliver_each_message_exactly_once(contact, bob, now, smtp_sink):
    smtp_mailbox(bob, smtp_sink)
    _queue(contact, bob, now, 60)
    workers = [_worker() for _ in range(3)]
    for w in workers:
        out, _ = w.communicate(timeout=300)
        assert w.returncode == 0, out.decode()
    ids = smtp_sink.message_ids()
    assert len(ids) == 60
    assert len(set(ids)) == 60
    assert set(OutgoingMail.objects.values_list("state", flat=True)) == {"sent"}


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_never_sends_twice(contact, bob, now, smtp_sink):
    smtp_mailbox(bob, smtp_sink)
    slow = ContactFactory.create(workspace=contact.workspace, email="slow@customer.test")
    send(slow, bob, now - timedelta(minutes=1), body="The slow one.")
    _queue(contact, bob, now, 5)
    worker = _worker()
    deadline = time.monotonic() + 120
    while not smtp_sink.messages() and time.monotonic() < deadline:
        time.sleep(0.2)  # the server has the slow message and holds its reply
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(10)
    again = _worker("--stale-after", "0")
    out, _ = again.communicate(timeout=300)
    assert again.returncode == 0, out.decode()
    ids = smtp_sink.message_ids()
    assert len(ids) == len(set(ids)) == 6  # each exactly once, the killed one included
    states = dict(OutgoingMail.objects.values_list("outbox__contact__email", "state").distinct())
    assert states == {"slow@customer.test": "unknown", "dana@customer.test": "sent"}
