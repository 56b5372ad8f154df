"""The mail pages through the Django client: mailboxes, the triage list and file uploads,
each scoped to the workspace and the member's role, and attacked."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from followthrough.contacts.models import Contact
from followthrough.mail.mailboxes import MailboxData, mailbox_save
from followthrough.mail.models import (
    IgnoredSender,
    ImportState,
    Mailbox,
    MailImportJob,
    MailMessage,
    TriageEntry,
)
from followthrough.mail.services import mail_ingest
from followthrough.mail.uploads import uploads_dir
from followthrough.workspaces.models import Member, Role
from tests.conftest import client_for
from tests.factories import MemberFactory, UserFactory
from tests.mail.conftest import FILES
from tests.mail.servers import Dovecot
from tests.mail.test_imap import user_for

pytestmark = pytest.mark.django_db

PASSWORD = "hunter2-Secret!"  # a test password, looked for in every page


def own_box(member: Member, address: str, **kw: Any) -> Mailbox:
    data = MailboxData(
        address=address, imap_host="127.0.0.1", username=address, password=PASSWORD, **kw
    )
    return mailbox_save(actor=member, data=data)


@pytest.fixture
def erin(alice: Member) -> Member:
    return MemberFactory.create(
        workspace=alice.workspace,
        user=UserFactory.create(email="erin@example.com"),
        display_name="Erin",
        role=Role.REP,
    )


@pytest.fixture
def sales(alice: Member, bob: Member) -> Mailbox:
    """A shared mailbox the manager shared with Bob, not with Erin."""
    data = MailboxData(
        address="sales@example.com",
        imap_host="127.0.0.1",
        username="sales",
        password=PASSWORD,
        shared=True,
        shared_with=[bob],
    )
    return mailbox_save(actor=alice, data=data)


def form(**over: Any) -> dict[str, Any]:
    data = {
        "address": "bob@example.com",
        "username": "bob@example.com",
        "password": PASSWORD,
        "imap_host": "imap.example.com",
        "imap_port": 993,
        "imap_security": "ssl",
        "smtp_host": "smtp.example.com",
        "smtp_port": 587,
        "smtp_security": "starttls",
        "initial_days": 90,
    }
    data.update(over)
    return data


# Mailboxes --------------------------------------------------------------------------------


def test_a_member_connects_their_mailbox_and_the_password_is_never_shown_back(
    bob: Member, bob_client: Client
) -> None:
    response = bob_client.post("/mail/mailboxes/new/", form())
    assert response.status_code == 302
    box = Mailbox.objects.get()
    assert (box.owner, box.address) == (bob, "bob@example.com")
    assert PASSWORD not in box.sealed_credential
    for url in ("/mail/", f"/mail/mailboxes/{box.code}/"):
        page = bob_client.get(url).content.decode()
        assert PASSWORD not in page
        assert box.sealed_credential not in page
    edit = bob_client.get(f"/mail/mailboxes/{box.code}/").content.decode()
    assert "A password is saved" in edit
    # An edit without a password keeps the saved one.
    sealed = box.sealed_credential
    bob_client.post(f"/mail/mailboxes/{box.code}/", form(password="", imap_port=143))
    box.refresh_from_db()
    assert (box.imap_port, box.sealed_credential) == (143, sealed)


def test_a_rep_cannot_connect_a_shared_mailbox_even_by_posting_the_field(
    bob: Member, erin: Member, bob_client: Client
) -> None:
    bob_client.post(
        "/mail/mailboxes/new/",
        form(address="support@example.com", shared="on", shared_with=[erin.pk]),
    )
    box = Mailbox.objects.get()
    assert box.owner == bob  # the field is not on a rep's form: it stays theirs
    assert not box.shared_with.exists()


def test_a_manager_shares_a_mailbox_with_chosen_members(
    alice: Member, bob: Member, erin: Member, alice_client: Client
) -> None:
    page = alice_client.get("/mail/mailboxes/new/").content.decode()
    assert "Who sees it" in page
    response = alice_client.post(
        "/mail/mailboxes/new/",
        form(address="sales@example.com", shared="on", shared_with=[bob.pk]),
    )
    assert response.status_code == 302
    box = Mailbox.objects.get()
    assert box.owner is None
    assert list(box.shared_with.all()) == [bob]
    assert "sales@example.com" in client_for(bob).get("/mail/").content.decode()
    assert "sales@example.com" not in client_for(erin).get("/mail/").content.decode()


def test_a_rep_sees_no_shared_mailbox_not_shared_with_them_nor_anyone_elses(
    sales: Mailbox, alice: Member, bob: Member, erin: Member, charlie: Member
) -> None:
    bobs = own_box(bob, "bob@example.com")
    rep = client_for(erin)
    assert "sales@example.com" not in rep.get("/mail/").content.decode()
    assert "bob@example.com" not in rep.get("/mail/").content.decode()
    for box in (sales, bobs):
        assert rep.get(f"/mail/mailboxes/{box.code}/").status_code == 404
        assert rep.post(f"/mail/mailboxes/{box.code}/test/").status_code == 404
        assert rep.post(f"/mail/mailboxes/{box.code}/delete/").status_code == 404
        assert (
            rep.post(f"/mail/mailboxes/{box.code}/", form(address="x@example.com")).status_code
            == 404
        )
    # Bob sees the shared one but changes only his own.
    shared_to_bob = client_for(bob)
    assert "sales@example.com" in shared_to_bob.get("/mail/").content.decode()
    assert shared_to_bob.get(f"/mail/mailboxes/{sales.code}/").status_code == 404
    assert shared_to_bob.post(f"/mail/mailboxes/{sales.code}/delete/").status_code == 404
    # Another workspace's manager sees none of it.
    other = client_for(charlie)
    for box in (sales, bobs):
        assert other.get(f"/mail/mailboxes/{box.code}/").status_code == 404
        assert other.post(f"/mail/mailboxes/{box.code}/delete/").status_code == 404
    assert Mailbox.objects.filter(pk__in=[sales.pk, bobs.pk]).count() == 2
    sales.refresh_from_db()
    assert sales.address == "sales@example.com"


def test_bad_mailbox_input_is_a_clear_error_never_a_500(bob: Member, bob_client: Client) -> None:
    own_box(bob, "bob@example.com")
    cases = [
        (form(address="not-an-address"), "Enter a valid email address"),
        (form(imap_port=70000), "less than or equal to 65535"),
        (form(address="BOB@example.com"), "already connected"),
        (form(address="new@example.com", password=""), "Give the password"),
        (form(address="x@example.com", imap_host="<script>alert(1)</script>"), None),
    ]
    for data, words in cases:
        response = bob_client.post("/mail/mailboxes/new/", data)
        page = response.content.decode()
        if words is None:
            assert response.status_code == 302
            assert "<script>alert(1)</script>" not in bob_client.get("/mail/").content.decode()
        else:
            assert response.status_code == 200, data
            assert words in page, (words, data)
            assert PASSWORD not in page  # not even echoed into the form after an error


def test_test_connection_says_what_failed_in_plain_words(
    bob: Member, bob_client: Client, dovecot: Dovecot
) -> None:
    user, password = user_for(dovecot)
    box = mailbox_save(
        actor=bob,
        data=MailboxData(
            address="bob@example.com",
            imap_host="127.0.0.1",
            imap_port=dovecot.port,
            imap_security="none",
            username=user,
            password=password,
        ),
    )
    ok = bob_client.post(f"/mail/mailboxes/{box.code}/test/", HTTP_HX_REQUEST="true")
    assert "It works." in ok.content.decode()
    mailbox_save(
        actor=bob,
        instance=box,
        data=MailboxData(
            address=box.address,
            imap_host="127.0.0.1",
            imap_port=dovecot.port,
            imap_security="none",
            username=user,
            password="wrong-password",
        ),
    )
    refused = bob_client.post(f"/mail/mailboxes/{box.code}/test/", follow=True)
    page = refused.content.decode()
    assert "The user name or password was refused." in page
    assert "wrong-password" not in page
    Mailbox.objects.filter(pk=box.pk).update(imap_host="imap.invalid")
    nowhere = bob_client.post(f"/mail/mailboxes/{box.code}/test/", HTTP_HX_REQUEST="true")
    assert "The server&#x27;s name was not found." in nowhere.content.decode()


# Triage -----------------------------------------------------------------------------------


def stranger(
    workspace: Any, now: Any, member: Member | None, *, n: int = 1, sender: str = ""
) -> TriageEntry:
    raw = (
        f'From: "Reyes, Pat" <{sender or "pat@newco.test"}>\nTo: bob@example.com\n'
        f"Subject: Quote {n}\nDate: Tue, 24 Nov 2026 1{n}:00:00 +0000\n"
        f"Message-ID: <s{n}-{member.pk if member else 0}@newco.test>\n\nHello {n}\n"
    ).encode()
    result = mail_ingest(workspace=workspace, raw=raw, source="file", now=now, member=member)
    assert result.triage is not None
    return result.triage


def test_triage_creates_attaches_and_ignores(
    contact: Contact, bob: Member, bob_client: Client, now: Any
) -> None:
    ws = contact.workspace
    first = stranger(ws, now, bob, n=1)
    stranger(ws, now, bob, n=2)
    page = bob_client.get("/mail/triage/").content.decode()
    assert "Quote 1" in page
    assert "Hello" not in page  # the text was never kept
    assert bob_client.post(f"/mail/triage/{first.code}/create/").status_code == 302
    created = Contact.objects.get(email="pat@newco.test")
    assert (created.first_name, created.last_name) == ("Pat", "Reyes")
    assert created.interactions.count() == 2
    assert not TriageEntry.objects.exists()

    other = stranger(ws, now, bob, n=3, sender="dana.private@home.test")
    response = bob_client.post(
        f"/mail/triage/{other.code}/attach/", {"contact": "DANA@customer.test"}, follow=True
    )
    assert "is now Dana Reyes" in response.content.decode()
    assert MailMessage.objects.filter(contact=contact, subject="Quote 3").exists()

    spam = stranger(ws, now, bob, n=4, sender="offers@spam.test")
    missing = bob_client.post(
        f"/mail/triage/{spam.code}/attach/", {"contact": "nobody@x.test"}, follow=True
    )
    assert "No contact has that email address" in missing.content.decode()
    bob_client.post(f"/mail/triage/{spam.code}/ignore/", {"whole_domain": "1"})
    assert IgnoredSender.objects.get().pattern == "spam.test"
    assert not TriageEntry.objects.exists()


def test_triage_shows_each_member_only_their_own_unknown_senders(
    contact: Contact, alice: Member, bob: Member, erin: Member, charlie: Member, now: Any
) -> None:
    ws = contact.workspace
    bobs = stranger(ws, now, bob, n=1, sender="bobs.friend@home.test")
    shared = stranger(ws, now, None, n=2, sender="lead@prospect.test")
    rep = client_for(erin)
    page = rep.get("/mail/triage/").content.decode()
    assert "bobs.friend" not in page
    assert "lead@prospect.test" not in page
    manager_page = client_for(alice).get("/mail/triage/").content.decode()
    assert "lead@prospect.test" in manager_page
    assert "bobs.friend" not in manager_page  # a rep's personal mail stays theirs
    for entry in (bobs, shared):
        for action in ("create", "attach", "ignore"):
            assert (
                rep.post(
                    f"/mail/triage/{entry.code}/{action}/", {"contact": contact.email}
                ).status_code
                == 404
            )
            assert (
                client_for(charlie).post(f"/mail/triage/{entry.code}/{action}/").status_code == 404
            )
    assert TriageEntry.objects.count() == 2
    assert not Contact.objects.filter(email="lead@prospect.test").exists()


# Uploads ----------------------------------------------------------------------------------


def upload(client: Client, name: str, data: bytes, **extra: Any) -> Any:
    return client.post("/mail/import/", {"file": SimpleUploadedFile(name, data)}, **extra)


def test_an_uploaded_mbox_is_imported_in_the_background_with_its_report(
    contact: Contact, bob: Member, bob_client: Client
) -> None:
    response = upload(bob_client, "crlf.mbox", (FILES / "crlf.mbox").read_bytes())
    assert response.status_code == 302
    job = MailImportJob.objects.get()
    assert (job.state, job.member, job.filename) == (ImportState.DONE, bob, "crlf.mbox")
    page = bob_client.get(response["Location"]).content.decode()
    assert "Read 4 messages: 3 recorded, 1 unreadable." in page
    assert "crlf.mbox: message 3 (line 26): The message is empty." in page
    assert 'hx-trigger="every 1s"' not in page  # finished: it stops polling
    assert contact.interactions.count() == 3
    assert not list(uploads_dir().iterdir())  # the file is not kept after the import
    # The same file again adds nothing.
    upload(bob_client, "crlf.mbox", (FILES / "crlf.mbox").read_bytes())
    assert contact.interactions.count() == 3


def test_a_running_import_shows_its_progress_and_polls(bob: Member, bob_client: Client) -> None:
    job = MailImportJob.objects.create(
        workspace=bob.workspace,
        member=bob,
        filename="big.mbox",
        stored_name="x.mbox",
        size=1000,
        state=ImportState.RUNNING,
        bytes_done=420,
        bytes_total=1000,
    )
    fragment = bob_client.get(f"/mail/import/{job.code}/", HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "42 %" in text
    assert 'hx-trigger="every 1s"' in text
    assert "<html" not in text


def make_zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_a_zip_of_maildir_folders_is_imported(contact: Contact, bob_client: Client) -> None:
    gmail = (FILES / "gmail-reply.eml").read_bytes()
    archive = make_zip(
        {
            "Mail/INBOX/cur/1.eml:2,S": gmail,
            "Mail/INBOX/new/2": gmail.replace(b"Message-ID: <", b"Message-ID: <two."),
            "Mail/INBOX/tmp/.keep": b"",
            "__MACOSX/._junk": b"junk",
        }
    )
    upload(bob_client, "mail.zip", archive)
    job = MailImportJob.objects.get()
    assert job.state == ImportState.DONE, job.summary
    assert job.summary.startswith("Read 2 messages: 2 recorded")
    assert contact.interactions.count() == 2


def test_hostile_uploads_are_refused_clearly(
    contact: Contact, bob_client: Client, tmp_path: Path, settings: Any
) -> None:
    escape = make_zip({"../../escaped.eml": b"From: x@y.test\n\nhi\n"})
    upload(bob_client, "evil.zip", escape)
    job = MailImportJob.objects.get()
    assert job.state == ImportState.FAILED
    assert "leaves its folder" in job.summary
    assert not list(Path(settings.DATA_DIR).rglob("escaped.eml"))
    assert not (Path(settings.DATA_DIR).parent / "escaped.eml").exists()

    for name, data in [("notes.txt", b"hi"), ("empty.mbox", b""), ("x.zip", b"not a zip")]:
        response = upload(bob_client, name, data)
        page = response.content.decode()
        if name == "x.zip":  # accepted, then refused by the worker with a reason
            assert "damaged or not a zip" in MailImportJob.objects.latest("id").summary
        else:
            assert response.status_code == 400
            assert ("is not a mail file" in page) or ("is empty" in page)

    hostile = "..\\..\\<img src=x onerror=alert(1)>.mbox"
    upload(bob_client, hostile, (FILES / "crlf.mbox").read_bytes())
    job = MailImportJob.objects.latest("id")
    assert job.filename == "<img src=x onerror=alert(1)>.mbox"
    page = bob_client.get(f"/mail/import/{job.code}/").content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.mbox: message 3 (line 26)" in page
    assert job.stored_name == f"{job.code}.mbox"


def test_a_file_over_the_cap_is_a_clear_error_before_it_is_read(
    bob_client: Client, settings: Any
) -> None:
    settings.MAIL_UPLOAD_MAX_BYTES = 100_000
    big = b"From x\n" + b"a" * 300_000
    response = upload(bob_client, "huge.mbox", big)
    assert response.status_code == 413
    page = response.content.decode()
    assert "an upload may be at most 100.0 KB" in page
    assert not MailImportJob.objects.exists()
    settings.MAIL_UPLOAD_MAX_BYTES = 200_000
    response = upload(bob_client, "huge.mbox", b"From x\n" + b"a" * 250_000)
    assert response.status_code == 400
    assert "an upload may be at most 200.0 KB" in response.content.decode()
    assert not MailImportJob.objects.exists()


def test_uploads_are_seen_by_their_member_and_managers_only(
    bob: Member, erin: Member, alice: Member, charlie: Member, contact: Contact
) -> None:
    upload(client_for(bob), "crlf.mbox", (FILES / "crlf.mbox").read_bytes())
    job = MailImportJob.objects.get()
    assert client_for(erin).get(f"/mail/import/{job.code}/").status_code == 404
    assert "crlf.mbox" not in client_for(erin).get("/mail/import/").content.decode()
    assert client_for(charlie).get(f"/mail/import/{job.code}/").status_code == 404
    assert client_for(alice).get(f"/mail/import/{job.code}/").status_code == 200


def test_the_navigation_offers_mail_to_every_member(
    bob_client: Client, alice_client: Client
) -> None:
    for client in (bob_client, alice_client):
        assert 'href="/mail/"' in client.get("/contacts/").content.decode()
