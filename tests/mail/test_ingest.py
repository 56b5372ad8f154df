"""A message becomes the right thing on the right timeline, through the existing services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from followthrough.commitments.models import State
from followthrough.contacts.models import Contact, Interaction
from followthrough.mail.models import (
    ContactAddress,
    IgnoredSender,
    MailAttachment,
    MailMessage,
    TriageEntry,
)
from followthrough.mail.services import (
    Outcome,
    attachment_path,
    mail_ingest,
    triage_attach,
    triage_create_contact,
    triage_ignore,
    triage_purge,
)
from followthrough.orders.models import Problem
from followthrough.orders.services import EventData, order_record_event
from tests.commitments.helpers import promise
from tests.mail.conftest import FILES
from tests.orders.conftest import make_order

pytestmark = pytest.mark.django_db


def ingest(workspace, raw, now, **kw):
    return mail_ingest(workspace=workspace, raw=raw, source="file", now=now, **kw)


def mail(
    *,
    sender="Dana Reyes <dana@customer.test>",
    to="bob@example.com",
    subject="Saddle",
    body="When does the saddle ship?",
    mid="m1@customer.test",
    date="Tue, 24 Nov 2026 13:00:00 +0000",
    extra="",
) -> bytes:
    return (
        f"From: {sender}\nTo: {to}\nSubject: {subject}\nDate: {date}\nMessage-ID: <{mid}>\n"
        f"{extra}Content-Type: text/plain; charset=utf-8\n\n{body}\n"
    ).encode()


def test_mail_from_a_contact_is_an_inbound_email_owed_a_reply(contact, bob, now):
    result = ingest(contact.workspace, (FILES / "gmail-reply.eml").read_bytes(), now)
    assert result.outcome == Outcome.CREATED
    [interaction] = result.interactions
    assert (interaction.kind, interaction.direction, interaction.member) == (
        "email",
        "inbound",
        bob,
    )
    assert interaction.body == "Yes please, ship it Friday."  # the new text only
    assert interaction.occurred_at == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
    assert interaction.reply_owed
    contact.refresh_from_db()
    assert contact.owed_reply_since == interaction.occurred_at
    message = result.message
    assert message is not None
    assert "Shall I ship the saddle on Friday?" in message.full_text  # one click away
    assert interaction.heated is False  # the guard read it


def test_an_angry_message_is_read_as_heated(contact, now):
    body = "This is UNACCEPTABLE!!! Third time you lied to me. Worst service ever, I am furious!"
    [interaction] = ingest(contact.workspace, mail(body=body), now).interactions
    assert interaction.heated is True


def test_a_reply_from_the_member_clears_the_reply_and_keeps_the_promise(contact, bob, now):
    kept = promise(bob, contact, now=now - timedelta(hours=3), fulfilled_by="message")
    ingest(contact.workspace, mail(date="Tue, 24 Nov 2026 12:00:00 +0000"), now)
    reply = mail(
        sender="Bob <bob@example.com>",
        to="Dana <dana@customer.test>",
        subject="Re: Saddle",
        body="It ships Friday.",
        mid="r1@example.com",
        date="Tue, 24 Nov 2026 12:30:00 +0000",
        extra="In-Reply-To: <m1@customer.test>\n",
    )
    result = ingest(contact.workspace, reply, now)
    [out] = result.interactions
    assert (out.direction, out.member) == ("outbound", bob)
    contact.refresh_from_db()
    assert contact.owed_reply_since is None
    kept.refresh_from_db()
    assert kept.state == State.KEPT
    # One conversation: the reply is threaded under the message it answers.
    first = MailMessage.objects.get(message_id="m1@customer.test")
    assert result.message is not None
    assert result.message.thread_key == first.thread_key
    assert out.in_reply_to_id == first.interaction_id


def test_mentioning_an_order_with_untold_bad_news_counts_as_they_called_first(contact, bob, now):
    order = make_order(contact, now=now - timedelta(hours=2))
    order_record_event(
        order=order,
        data=EventData(kind="delivery_failed", at=now - timedelta(hours=1)),
        actor=None,
        now=now - timedelta(hours=1),
    )
    raw = mail(subject="Order #1001?", body="Nobody came!", date="Tue, 24 Nov 2026 14:00:00 +0000")
    ingest(contact.workspace, raw, now)
    assert Problem.objects.get().heard_first == "them"


def test_a_sender_no_contact_matches_goes_to_triage_with_only_who_what_and_when(alice, now):
    raw = mail(sender="Stranger <s@else.test>", body="my private medical results")
    result = ingest(alice.workspace, raw, now)
    assert result.outcome == Outcome.TRIAGED
    entry = TriageEntry.objects.get()
    assert (entry.sender, entry.sender_name, entry.subject) == ("s@else.test", "Stranger", "Saddle")
    assert not MailMessage.objects.exists()
    assert not Interaction.objects.exists()
    # Nothing of the text is kept anywhere.
    assert "medical" not in str(list(TriageEntry.objects.values()))
    assert ingest(alice.workspace, raw, now).outcome == Outcome.DUPLICATE
    assert TriageEntry.objects.count() == 1


def test_attaching_a_triaged_sender_puts_their_mail_on_the_contact(contact, alice, bob, now):
    ingest(contact.workspace, mail(sender="Dana <dana.private@home.test>"), now)
    entry = TriageEntry.objects.get()
    [logged] = triage_attach(entry=entry, contact=contact, actor=alice, now=now)
    assert (logged.contact, logged.subject, logged.reply_owed) == (contact, "Saddle", True)
    assert not TriageEntry.objects.exists()
    assert ContactAddress.objects.get().email == "dana.private@home.test"
    # From now on this address is the contact.
    again = ingest(contact.workspace, mail(sender="dana.private@home.test", mid="m2@x"), now)
    assert again.outcome == Outcome.CREATED
    assert again.interactions[0].contact == contact


def test_a_contact_is_created_from_a_triaged_sender(alice, now):
    ingest(alice.workspace, mail(sender='"Keller, Jo" <jo@new.test>'), now)
    contact = triage_create_contact(entry=TriageEntry.objects.get(), actor=alice, now=now)
    assert (contact.first_name, contact.last_name, contact.email) == ("Jo", "Keller", "jo@new.test")
    assert contact.interactions.count() == 1


def test_ignoring_a_domain_drops_its_waiting_mail_and_its_next_mail(alice, now):
    ingest(alice.workspace, mail(sender="a@spam.test", mid="1@s"), now)
    ingest(alice.workspace, mail(sender="b@spam.test", mid="2@s"), now)
    removed = triage_ignore(
        entry=TriageEntry.objects.earliest("id"), actor=alice, whole_domain=True
    )
    assert removed == 2
    assert IgnoredSender.objects.get().pattern == "spam.test"
    assert ingest(alice.workspace, mail(sender="c@spam.test", mid="3@s"), now).outcome == "ignored"


def test_triage_is_forgotten_after_thirty_days(alice, now):
    ingest(alice.workspace, mail(sender="s@else.test"), now)
    assert triage_purge(now=now + timedelta(days=29)) == 0
    assert triage_purge(now=now + timedelta(days=31)) == 1


def test_mail_between_members_is_internal_and_not_stored(alice, bob, now):
    raw = mail(sender="alice@example.com", to="bob@example.com", body="lunch?")
    assert ingest(alice.workspace, raw, now).outcome == Outcome.INTERNAL
    assert not MailMessage.objects.exists()
    assert not TriageEntry.objects.exists()


def test_automated_mail_from_a_contact_is_never_owed_a_reply(contact, now):
    result = ingest(contact.workspace, (FILES / "list.eml").read_bytes(), now)
    [note] = result.interactions
    assert (note.kind, note.direction, note.reply_owed) == ("note", "internal", False)
    assert "mailing list" in note.subject
    contact.refresh_from_db()
    assert contact.owed_reply_since is None


def test_a_meeting_request_is_a_meeting_on_the_timeline_at_its_start(contact, now):
    result = ingest(contact.workspace, (FILES / "meeting-outlook.eml").read_bytes(), now)
    [meeting] = result.interactions
    assert (meeting.kind, meeting.subject) == ("meeting", "Fitting review")
    assert meeting.occurred_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert "Where: Shop" in meeting.body


def test_the_same_message_twice_is_recorded_once_but_messages_sharing_an_id_are_kept(contact, now):
    call_command("import_mail", str(FILES / "shared-message-id.mbox"), "--no-progress")
    call_command("import_mail", str(FILES / "shared-message-id.mbox"), "--no-progress")
    subjects = sorted(MailMessage.objects.values_list("subject", flat=True))
    assert subjects == ["Invoice", "Order"]
    assert contact.interactions.count() == 2


def test_threads_follow_references_then_subject_and_participants(contact, now):
    a = ingest(contact.workspace, mail(subject="Helmet size", mid="a@c"), now).message
    b = ingest(
        contact.workspace,
        mail(subject="Re: Helmet size", mid="b@c", date="Wed, 25 Nov 2026 09:00:00 +0000"),
        now,
    ).message
    other = ingest(
        contact.workspace,
        mail(subject="Helmet size", mid="c@c", date="Fri, 01 Jan 2027 09:00:00 +0000"),
        now,
    ).message
    assert a is not None
    assert b is not None
    assert other is not None
    assert a.thread_key == b.thread_key
    assert other.thread_key != a.thread_key  # past the window: a new conversation


def test_attachments_are_listed_and_stored_under_the_cap(contact, now, settings):
    settings.MAIL_ATTACHMENT_MAX_BYTES = 50
    ingest(contact.workspace, (FILES / "nested.eml").read_bytes(), now)
    [pdf] = MailAttachment.objects.all()
    assert (pdf.filename, pdf.size, pdf.stored) == ("purchase-order.pdf", 82, False)
    settings.MAIL_ATTACHMENT_MAX_BYTES = 1000
    raw = (FILES / "nested.eml").read_bytes().replace(b"nested.1@", b"nested.2@")
    ingest(contact.workspace, raw, now)
    stored = MailAttachment.objects.get(stored=True)
    assert attachment_path(stored.sha256).read_bytes().startswith(b"%PDF-1.4")


def test_the_import_command_reports_each_bad_message_by_number_and_line(contact, capsys):
    call_command("import_mail", str(FILES / "crlf.mbox"), "--no-progress")
    out = capsys.readouterr().out
    assert "Read 4 messages: 3 recorded, 1 unreadable." in out
    assert "crlf.mbox: message 3 (line 26): The message is empty." in out
    assert Contact.objects.get().interactions.count() == 3


def test_the_triage_purge_is_a_periodic_sweep():
    from followthrough.core.periodic import autodiscover_periodic, periodic_registry

    autodiscover_periodic()
    names = {p.name for p in periodic_registry.entries()}
    assert "followthrough.mail.tasks.purge_triage" in names
