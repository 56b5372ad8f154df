"""IMAP against a real Dovecot: test connection, sync, resume, UIDVALIDITY, leases."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from followthrough.mail.crypto import credential_load
from followthrough.mail.imap import lease_release, lease_take, mailbox_sync, mailbox_test
from followthrough.mail.mailboxes import MailboxData, mailbox_save
from followthrough.mail.models import MailboxFolder, MailMessage
from tests.mail.servers import Dovecot

pytestmark = pytest.mark.django_db


def user_for(server: Dovecot) -> tuple[str, str]:
    user, password = f"u{uuid.uuid4().hex[:8]}@example.com", "s3cret-" + uuid.uuid4().hex[:6]
    server.add_user(user, password)
    return user, password


def message(n: int, *, sender="Dana Reyes <dana@customer.test>", to="bob@example.com") -> bytes:
    return (
        f"From: {sender}\r\nTo: {to}\r\nSubject: Question {n}\r\n"
        f"Date: Tue, 24 Nov 2026 1{n % 10}:00:00 +0000\r\nMessage-ID: <q{n}@customer.test>\r\n"
        f"\r\nQuestion number {n}?\r\n"
    ).encode()


def connected(bob, server: Dovecot, user: str, password: str, **kw):
    data = MailboxData(
        address="bob@example.com",
        imap_host="127.0.0.1",
        imap_port=server.port,
        imap_security="none",
        username=user,
        password=password,
        **kw,
    )
    return mailbox_save(actor=bob, data=data)


def test_the_password_is_sealed_and_never_shown(bob, dovecot):
    user, password = user_for(dovecot)
    box = connected(bob, dovecot, user, password)
    assert password not in box.sealed_credential
    assert credential_load(box.sealed_credential).secret == password
    assert password not in repr(credential_load(box.sealed_credential))


def test_test_connection_names_each_failure(bob, dovecot, settings):
    user, password = user_for(dovecot)
    box = connected(bob, dovecot, user, password)
    assert mailbox_test(box).ok
    box.imap_host = "imap.invalid"
    assert mailbox_test(box).step == "dns"
    box.imap_host, box.imap_port = "127.0.0.1", 1
    assert mailbox_test(box).step == "connect"
    box.imap_port, box.imap_security = dovecot.tls_port, "ssl"
    check = mailbox_test(box)
    assert (check.step, "certificate is not trusted" in check.message) == ("tls", True)
    settings.MAIL_TLS_CAFILE = str(dovecot.cert)
    box.imap_host = "localhost"
    assert mailbox_test(box).ok
    box.sealed_credential = mailbox_save(
        actor=bob,
        instance=box,
        data=MailboxData(
            address=box.address,
            imap_host="localhost",
            imap_port=dovecot.tls_port,
            username=user,
            password="wrong",
        ),
    ).sealed_credential
    check = mailbox_test(box)
    assert check.step == "login"
    assert user in check.message
    assert "wrong" not in check.message


def test_sync_reads_inbox_and_sent_then_only_what_is_new(contact, bob, dovecot, now):
    user, password = user_for(dovecot)
    dovecot.append(user, password, "INBOX", [message(1), message(2)])
    reply = message(3, sender="Bob <bob@example.com>", to="dana@customer.test")
    dovecot.append(user, password, "Sent", [reply])
    box = connected(bob, dovecot, user, password)
    report = mailbox_sync(box, now=now, holder="w1")
    assert report.counts == {"created": 3}
    assert sorted(MailMessage.objects.values_list("direction", flat=True)) == [
        "inbound",
        "inbound",
        "outbound",
    ]
    assert {f.name: f.role for f in MailboxFolder.objects.all()} == {
        "INBOX": "inbox",
        "Sent": "sent",
    }
    again = mailbox_sync(box, now=now + timedelta(minutes=1), holder="w1")
    assert again.read == 0
    dovecot.append(user, password, "INBOX", [message(4)])
    newer = mailbox_sync(box, now=now + timedelta(minutes=2), holder="w1")
    assert newer.counts == {"created": 1}
    assert contact.interactions.count() == 4


def test_an_interrupted_sync_resumes_without_doubles_or_gaps(contact, bob, dovecot, now):
    user, password = user_for(dovecot)
    dovecot.append(user, password, "INBOX", [message(n) for n in range(1, 8)])
    box = connected(bob, dovecot, user, password)
    crashed = mailbox_sync(box, now=now, holder="w1", stop_after=3)
    assert crashed.counts == {"created": 3}
    # The crashed worker's lease blocks others until it expires.
    assert mailbox_sync(box, now=now + timedelta(minutes=1), holder="w2").skipped
    resumed = mailbox_sync(box, now=now + timedelta(minutes=11), holder="w2")
    assert resumed.counts == {"created": 4}
    assert MailMessage.objects.count() == 7
    assert sorted(MailMessage.objects.values_list("subject", flat=True)) == [
        f"Question {n}" for n in range(1, 8)
    ]


def test_a_new_uidvalidity_reads_the_folder_again_without_doubles(contact, bob, dovecot, now):
    user, password = user_for(dovecot)
    dovecot.append(user, password, "INBOX", [message(1), message(2)])
    box = connected(bob, dovecot, user, password)
    mailbox_sync(box, now=now, holder="w1")
    folder = MailboxFolder.objects.get(name="INBOX")
    folder.uidvalidity = 1  # as if the server rebuilt the folder
    folder.save()
    report = mailbox_sync(box, now=now + timedelta(minutes=1), holder="w1")
    assert report.counts == {"duplicate": 2}
    folder.refresh_from_db()
    assert folder.uidvalidity != 1
    assert MailMessage.objects.count() == 2


def test_one_sync_per_mailbox_at_a_time(bob, dovecot, now):
    user, password = user_for(dovecot)
    box = connected(bob, dovecot, user, password)
    assert lease_take(box, holder="w1", now=now)
    assert not lease_take(box, holder="w2", now=now + timedelta(minutes=5))
    lease_release(box, holder="w1")
    assert lease_take(box, holder="w2", now=now + timedelta(minutes=5))


def test_only_a_manager_connects_a_shared_mailbox(bob, dovecot):
    from django.core.exceptions import ValidationError

    user, password = user_for(dovecot)
    with pytest.raises(ValidationError, match="Only a manager"):
        connected(bob, dovecot, user, password, shared=True)
