"""IMAP: testing a connection step by step, and syncing INBOX and Sent into the timeline.

Sync rules (docs/mail.md):

* by UID, per folder, with UIDVALIDITY remembered: when it changes the folder is read again
  from the start of the window (nothing doubles: a message is its Message-ID and digest);
* first sync reads the last `initial_days` days; later ones what came after the last UID;
* the last UID is saved after each message, so a crash resumes where it stopped;
* one sync per mailbox at a time, even with several workers: `MailboxLease`, taken with a
  conditional UPDATE, expires after LEASE so a killed worker does not block it for ever.
"""

from __future__ import annotations

import contextlib
import re
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from imap_tools import AND, BaseMailBox, H, MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import MailboxFolderSelectError, MailboxLoginError

from followthrough.mail.crypto import MailKeyError, credential_load
from followthrough.mail.models import Mailbox, MailboxFolder, MailboxLease, MailSource
from followthrough.mail.parsing import UnreadableMailError, parse_mail
from followthrough.mail.services import Mailroom, mail_record

LEASE = timedelta(minutes=10)
TIMEOUT = 20.0
BATCH = 50
SENT_NAMES = (
    "sent",
    "sent items",
    "sent messages",
    "sent mail",
    "[gmail]/sent mail",
    "gesendet",
    "gesendete elemente",
    "envoyés",
    "éléments envoyés",
    "enviados",
    "inviati",
)
FETCH_UID = re.compile(rb"UID (\d+)")


class MailConnectionError(Exception):
    """What failed, in the member's words: `step` is dns, connect, tls, login, folder or key."""

    def __init__(self, step: str, message: str) -> None:
        super().__init__(message)
        self.step = step
        self.message = message


def ssl_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    extra = getattr(settings, "MAIL_TLS_CAFILE", "")
    if extra:
        context.load_verify_locations(cafile=str(extra))
    return context


def connect(mailbox: Mailbox) -> BaseMailBox:
    """A logged-in IMAP connection, or MailConnectionError naming the step that failed."""
    host, port = mailbox.imap_host, mailbox.imap_port
    try:
        credential = credential_load(mailbox.sealed_credential)
    except MailKeyError as exc:
        raise MailConnectionError("key", str(exc)) from None
    try:
        socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise MailConnectionError(
            "dns", f"The server name {host!r} was not found. Check the spelling of the IMAP server."
        ) from None
    try:
        client: BaseMailBox
        if mailbox.imap_security == "ssl":
            client = MailBox(host, port, timeout=TIMEOUT, ssl_context=ssl_context())
        elif mailbox.imap_security == "starttls":
            client = MailBoxStartTls(host, port, timeout=TIMEOUT, ssl_context=ssl_context())
        else:
            client = MailBoxUnencrypted(host, port, timeout=TIMEOUT)
    except ssl.SSLCertVerificationError as exc:
        raise MailConnectionError(
            "tls",
            f"The secure connection to {host} failed: its certificate is not trusted "
            f"({exc.verify_message}).",
        ) from None
    except ssl.SSLError as exc:
        raise MailConnectionError(
            "tls",
            f"The secure connection to {host}:{port} failed ({exc.reason or exc}). "
            "Check the port and the security setting.",
        ) from None
    except TimeoutError:
        raise MailConnectionError(
            "connect", f"{host}:{port} did not answer within {TIMEOUT:.0f} seconds."
        ) from None
    except OSError as exc:
        raise MailConnectionError(
            "connect", f"Could not connect to {host}:{port} ({exc.strerror or exc})."
        ) from None
    try:
        client.login(mailbox.username, credential.secret, initial_folder=None)
    except MailboxLoginError:
        _close(client)
        raise MailConnectionError(
            "login",
            f"The server refused the user name {mailbox.username!r} or its password "
            "(with two-step sign-in, use an app password).",
        ) from None
    return client


def _close(client: BaseMailBox) -> None:
    with contextlib.suppress(OSError, AttributeError):  # already closed
        client.client.shutdown()


@dataclass(frozen=True)
class Folders:
    inbox: str
    sent: str  # "" when none was found


def find_folders(client: BaseMailBox) -> Folders:
    """INBOX, and the Sent folder by SPECIAL-USE (RFC 6154), else by a usual name."""
    listed = client.folder.list()
    sent = next((f.name for f in listed if "\\Sent" in f.flags), "")
    if not sent:
        sent = next((f.name for f in listed if f.name.casefold() in SENT_NAMES), "")
    return Folders(inbox="INBOX", sent=sent)


@dataclass
class ConnectionCheck:
    ok: bool
    step: str = ""
    message: str = ""
    folders: Folders | None = None


def mailbox_test(mailbox: Mailbox) -> ConnectionCheck:
    """Connect, sign in and open INBOX and Sent; say exactly what failed."""
    try:
        client = connect(mailbox)
    except MailConnectionError as exc:
        return ConnectionCheck(ok=False, step=exc.step, message=exc.message)
    try:
        folders = find_folders(client)
        for name in (folders.inbox, folders.sent):
            if name:
                try:
                    client.folder.set(name, readonly=True)
                except MailboxFolderSelectError:
                    return ConnectionCheck(
                        ok=False, step="folder", message=f"The folder {name!r} cannot be opened."
                    )
        note = "" if folders.sent else " No Sent folder was found: only received mail is read."
        return ConnectionCheck(
            ok=True, message="Connected: INBOX can be read." + note, folders=folders
        )
    finally:
        _logout(client)


def _logout(client: BaseMailBox) -> None:
    try:
        client.logout()
    except Exception:
        _close(client)


# Leases -----------------------------------------------------------------------------------


def lease_take(mailbox: Mailbox, *, holder: str, now: datetime) -> bool:
    """Take the mailbox's sync lease if it is free or expired (one conditional UPDATE)."""
    MailboxLease.objects.get_or_create(mailbox=mailbox)
    taken = MailboxLease.objects.filter(
        Q(until__isnull=True) | Q(until__lt=now), mailbox=mailbox
    ).update(holder=holder[:100], until=now + LEASE)
    return taken == 1


def lease_release(mailbox: Mailbox, *, holder: str) -> None:
    MailboxLease.objects.filter(mailbox=mailbox, holder=holder[:100]).update(holder="", until=None)


# Sync -------------------------------------------------------------------------------------


@dataclass
class SyncReport:
    skipped: bool = False  # another worker holds the lease
    error: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    unreadable: int = 0

    @property
    def read(self) -> int:
        return sum(self.counts.values()) + self.unreadable


def mailbox_sync(
    mailbox: Mailbox, *, now: datetime, holder: str, stop_after: int | None = None
) -> SyncReport:
    """Read what is new in INBOX and Sent. `stop_after` (tests) stops after that many
    messages, as a crash would, leaving the lease taken."""
    report = SyncReport()
    if not lease_take(mailbox, holder=holder, now=now):
        report.skipped = True
        return report
    try:
        client = connect(mailbox)
    except MailConnectionError as exc:
        report.error = exc.message
        Mailbox.objects.filter(pk=mailbox.pk).update(last_error=exc.message[:500])
        lease_release(mailbox, holder=holder)
        return report
    try:
        folders = find_folders(client)
        room = Mailroom(mailbox.workspace)
        budget = [stop_after]
        for name, role in ((folders.inbox, "inbox"), (folders.sent, "sent")):
            if name and not _sync_folder(client, mailbox, name, role, room, now, report, budget):
                return report  # "crashed": the lease stays taken until it expires
    finally:
        _logout(client)
    Mailbox.objects.filter(pk=mailbox.pk).update(last_sync_at=now, last_error="")
    lease_release(mailbox, holder=holder)
    return report


def _sync_folder(
    client: BaseMailBox,
    mailbox: Mailbox,
    name: str,
    role: str,
    room: Mailroom,
    now: datetime,
    report: SyncReport,
    budget: list[int | None],
) -> bool:
    status = client.folder.status(name, ["UIDVALIDITY", "UIDNEXT"])
    validity = int(status["UIDVALIDITY"])
    folder, _ = MailboxFolder.objects.get_or_create(
        mailbox=mailbox, name=name, defaults={"role": role}
    )
    if folder.uidvalidity != validity:
        # A new UIDVALIDITY: the old UIDs mean nothing. Read the window again; the digest
        # keeps what was already imported from being imported twice.
        folder.uidvalidity, folder.last_uid = validity, 0
        folder.save(update_fields=["uidvalidity", "last_uid"])
    client.folder.set(name, readonly=True)
    if folder.last_uid:
        uids = [
            u for u in client.uids(AND(uid=f"{folder.last_uid + 1}:*")) if int(u) > folder.last_uid
        ]
    else:
        since = (now - timedelta(days=mailbox.initial_days)).date()
        uids = client.uids(AND(date_gte=since))
    member = mailbox.owner
    for chunk in _chunks(sorted(int(u) for u in uids), BATCH):
        for uid, raw in _fetch(client, chunk):
            if budget[0] is not None:
                if budget[0] <= 0:
                    return False
                budget[0] -= 1
            try:
                parsed = parse_mail(raw)
            except UnreadableMailError:
                report.unreadable += 1
            else:
                result = mail_record(
                    workspace=mailbox.workspace,
                    parsed=parsed,
                    source=MailSource.IMAP,
                    now=now,
                    member=member,
                    room=room,
                )
                report.counts[result.outcome] = report.counts.get(result.outcome, 0) + 1
            MailboxFolder.objects.filter(pk=folder.pk, last_uid__lt=uid).update(last_uid=uid)
    return True


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _fetch(client: BaseMailBox, uids: list[int]) -> list[tuple[int, bytes]]:
    """The raw bytes of these messages, by UID, in UID order (BODY.PEEK: not marked read)."""
    typ, data = client.client.uid("FETCH", ",".join(str(u) for u in uids), "(UID BODY.PEEK[])")
    if typ != "OK":
        return []
    out = []
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            m = FETCH_UID.search(item[0])
            if m:
                out.append((int(m.group(1)), bytes(item[1])))
    return sorted(out)


def sent_folder_has(mailbox: Mailbox, message_id: str) -> bool:
    """Whether the Sent folder holds a message with this Message-ID (False if unreachable)."""
    try:
        client = connect(mailbox)
    except MailConnectionError:
        return False
    try:
        folders = find_folders(client)
        if not folders.sent:
            return False
        client.folder.set(folders.sent, readonly=True)
        return bool(client.uids(AND(header=[H("Message-ID", f"<{message_id}>")])))
    except Exception:  # an unreachable or odd server: we do not know, so say not found
        return False
    finally:
        _logout(client)
