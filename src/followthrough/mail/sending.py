"""Sending the composer's outbox by SMTP, never twice (docs/mail.md, "Sending").

1. When a draft is sent the outbox row gets an `OutgoingMail` with its Message-ID (and
   In-Reply-To/References when it answers a mail we have).
2. A worker *claims* a row: one conditional UPDATE (queued/retry and due → sending, attempts
   + 1) that commits before any SMTP is spoken. Two workers never hold the same row.
3. It speaks SMTP. A refusal before DATA (4xx: retry with backoff; 5xx: failed) means nothing
   was delivered. A connection lost *during* DATA may have delivered: the row becomes
   "unknown — check before resending".
4. A row still "sending" after STALE (its worker died) is looked for in the Sent folder by
   Message-ID when IMAP is connected; found → sent, else unknown. Never resent by itself.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q

from followthrough.composer.models import OutboxEntry, OutboxStatus
from followthrough.mail.crypto import MailKeyError, credential_load
from followthrough.mail.models import Mailbox, MailMessage, OutgoingMail, SendState
from followthrough.workspaces.models import Member

STALE = timedelta(minutes=10)
MAX_ATTEMPTS = 8
TIMEOUT = 30.0


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after each temporary failure, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def new_message_id(address: str) -> str:
    domain = address.rsplit("@", 1)[-1] if "@" in address else "followthrough.invalid"
    return f"{uuid.uuid4().hex}@{domain}"


def sender_mailbox(author: Member) -> Mailbox | None:
    return (
        Mailbox.objects.filter(owner=author, enabled=True)
        .exclude(smtp_host="")
        .order_by("id")
        .first()
    )


def outgoing_create(outbox: OutboxEntry, now: datetime) -> None:
    """The composer's outbox hook: an email gets its Message-ID the moment it is queued."""
    if outbox.channel != "email":
        return
    box = sender_mailbox(outbox.author)
    address = box.address if box else outbox.author.user.email
    parent_id, refs = "", ""
    answered = outbox.draft.in_reply_to_id
    if answered:
        parent = (
            MailMessage.objects.filter(interaction_id=answered)
            .exclude(message_id="")
            .values_list("message_id", "references")
            .first()
        )
        if parent:
            parent_id = parent[0]
            refs = " ".join(p for p in (parent[1], f"<{parent_id}>") if p)
    OutgoingMail.objects.create(
        workspace_id=outbox.workspace_id,
        outbox=outbox,
        message_id=new_message_id(address),
        in_reply_to=parent_id,
        references=refs[:5000],
        next_attempt_at=now,
    )


@dataclass(frozen=True)
class Transport:
    host: str
    port: int
    security: str
    username: str
    password: str
    sender: str

    def __repr__(self) -> str:
        return f"Transport({self.host}:{self.port}, {self.security}, {self.username!r})"


def transport_for(author: Member) -> Transport | None:
    """The member's own SMTP, else the workspace relay (settings.MAIL_RELAY), else none."""
    box = sender_mailbox(author)
    if box is not None:
        try:
            secret = credential_load(box.sealed_credential).secret
        except MailKeyError:
            return None
        return Transport(
            box.smtp_host, box.smtp_port, box.smtp_security, box.username, secret, box.address
        )
    relay = getattr(settings, "MAIL_RELAY", None)
    if relay:
        return Transport(
            relay["host"],
            int(relay.get("port", 587)),
            relay.get("security", "starttls"),
            relay.get("username", ""),
            relay.get("password", ""),
            author.user.email,
        )
    return None


def build_message(om: OutgoingMail, sender: str) -> EmailMessage:
    outbox = om.outbox
    msg = EmailMessage()
    msg["From"] = formataddr((outbox.author.display_name, sender))
    msg["To"] = formataddr((outbox.contact.name, outbox.to_address))
    msg["Subject"] = outbox.subject
    msg["Date"] = format_datetime(outbox.queued_at)
    msg["Message-ID"] = f"<{om.message_id}>"
    if om.in_reply_to:
        msg["In-Reply-To"] = f"<{om.in_reply_to}>"
    if om.references:
        msg["References"] = om.references
    msg.set_content(outbox.body)
    return msg


# Claiming ---------------------------------------------------------------------------------


def claim(om_id: int, *, holder: str, now: datetime) -> bool:
    """Take one due row for this worker: the attempt is counted and committed before SMTP."""
    taken = OutgoingMail.objects.filter(
        pk=om_id, state__in=(SendState.QUEUED, SendState.RETRY), next_attempt_at__lte=now
    ).update(
        state=SendState.SENDING,
        claimed_by=holder[:100],
        claimed_at=now,
        attempts=F("attempts") + 1,
    )
    return taken == 1


def _finish(om: OutgoingMail, holder: str, **fields: object) -> bool:
    """Update a row this worker still holds (never one another worker recovered)."""
    done = OutgoingMail.objects.filter(
        pk=om.pk, state=SendState.SENDING, claimed_by=holder[:100]
    ).update(**fields)
    return done == 1


# Delivering -------------------------------------------------------------------------------


class _RefusedError(Exception):
    def __init__(self, code: int | None, text: str) -> None:
        super().__init__(text)
        self.code = code
        self.text = text


@dataclass
class SendReport:
    sent: int = 0
    retry: int = 0
    failed: int = 0
    unknown: int = 0
    recovered: int = 0
    skipped: int = 0  # no way to send (no mailbox with SMTP, no relay)
    codes: list[int] = field(default_factory=list)


def _connect(t: Transport) -> smtplib.SMTP:
    context = ssl.create_default_context()
    extra = getattr(settings, "MAIL_TLS_CAFILE", "")
    if extra:
        context.load_verify_locations(cafile=str(extra))
    smtp: smtplib.SMTP
    if t.security == "ssl":
        smtp = smtplib.SMTP_SSL(t.host, t.port, timeout=TIMEOUT, context=context)
    else:
        smtp = smtplib.SMTP(t.host, t.port, timeout=TIMEOUT)
        if t.security == "starttls":
            smtp.starttls(context=context)
    smtp.ehlo_or_helo_if_needed()
    if t.username and t.password and smtp.has_extn("auth"):
        smtp.login(t.username, t.password)
    return smtp


def deliver(om: OutgoingMail, t: Transport, *, holder: str, now: datetime) -> str:
    """Speak SMTP for one claimed row and record the result; returns the new state."""
    message = build_message(om, t.sender)
    raw = message.as_bytes()
    smtp: smtplib.SMTP | None = None
    try:
        smtp = _connect(t)
        return _speak(om, smtp, t, holder=holder, now=now, raw=raw)
    except smtplib.SMTPAuthenticationError:
        return _refused(om, holder, now, 535, "The server refused the SMTP user name or password.")
    except (smtplib.SMTPException, OSError) as exc:
        return _refused(om, holder, now, getattr(exc, "smtp_code", None), _words(exc))
    finally:
        if smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.quit()


def _speak(
    om: OutgoingMail, smtp: smtplib.SMTP, t: Transport, *, holder: str, now: datetime, raw: bytes
) -> str:
    try:
        code, text = smtp.mail(t.sender)
        if code != 250:
            raise _RefusedError(code, text.decode(errors="replace"))
        code, text = smtp.rcpt(om.outbox.to_address)
        if code not in (250, 251):
            raise _RefusedError(code, text.decode(errors="replace"))
    except _RefusedError as exc:
        return _refused(om, holder, now, exc.code, exc.text)
    try:
        code, text = smtp.data(raw)
    except (smtplib.SMTPServerDisconnected, OSError) as exc:
        # The message may have been delivered: never guess, never resend by itself.
        _finish(
            om,
            holder,
            state=SendState.UNKNOWN,
            error=f"The connection was lost while sending ({_words(exc)}). Check before resending."[
                :500
            ],
        )
        _outbox(om, OutboxStatus.FAILED, "Unknown — check before resending.")
        return SendState.UNKNOWN
    except smtplib.SMTPResponseException as exc:
        code, text = exc.smtp_code, _as_bytes(exc.smtp_error)
    if code == 250:
        return _sent(om, holder, now, raw)
    return _refused(om, holder, now, code, text.decode(errors="replace"))


def _as_bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode()


def _words(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__)[:300]


def _refused(om: OutgoingMail, holder: str, now: datetime, code: int | None, text: str) -> str:
    temporary = code is None or 400 <= code < 500
    if temporary and om.attempts < MAX_ATTEMPTS:
        _finish(
            om,
            holder,
            state=SendState.RETRY,
            smtp_code=code,
            error=text[:500],
            next_attempt_at=now + backoff(om.attempts),
        )
        return SendState.RETRY
    _finish(om, holder, state=SendState.FAILED, smtp_code=code, error=text[:500])
    _outbox(om, OutboxStatus.FAILED, f"{code or ''} {text}".strip())
    return SendState.FAILED


def _sent(om: OutgoingMail, holder: str, now: datetime, raw: bytes) -> str:
    with transaction.atomic():
        if not _finish(om, holder, state=SendState.SENT, sent_at=now, error=""):
            return SendState.SENT
        OutboxEntry.objects.filter(pk=om.outbox_id).update(
            status=OutboxStatus.SENT,
            delivered_at=now,
            attempts=om.attempts,
            error="",
        )
        _remember(om, raw, now)
    return SendState.SENT


def _remember(om: OutgoingMail, raw: bytes, now: datetime) -> None:
    """Keep the sent message for threading (replies to it find their conversation)."""
    from followthrough.mail.models import MailSource
    from followthrough.mail.parsing import parse_mail
    from followthrough.mail.services import mail_record

    mail_record(
        workspace=om.outbox.contact.workspace,
        parsed=parse_mail(raw),
        source=MailSource.SENT,
        now=now,
        member=om.outbox.author,
    )


def _outbox(om: OutgoingMail, status: str, error: str) -> None:
    OutboxEntry.objects.filter(pk=om.outbox_id).update(
        status=status, attempts=om.attempts, error=error[:500]
    )


# The worker -------------------------------------------------------------------------------


def recover_stale(*, now: datetime, stale: timedelta = STALE) -> int:
    """Rows left "sending" by a worker that died: unknown, for the member to check."""
    from followthrough.mail.imap import sent_folder_has

    count = 0
    stuck = OutgoingMail.objects.filter(state=SendState.SENDING, claimed_at__lte=now - stale)
    for om in stuck.select_related("outbox__author"):
        box = sender_mailbox(om.outbox.author)
        found = box is not None and sent_folder_has(box, om.message_id)
        fields: dict[str, object] = (
            {"state": SendState.SENT, "sent_at": now, "error": ""}
            if found
            else {
                "state": SendState.UNKNOWN,
                "error": "The sending worker stopped in the middle of this message: it may or "
                "may not have gone. Check your Sent folder or ask the customer before resending.",
            }
        )
        if OutgoingMail.objects.filter(pk=om.pk, state=SendState.SENDING).update(**fields):
            status = OutboxStatus.SENT if found else OutboxStatus.FAILED
            note = "" if found else "Unknown — check before resending."
            OutboxEntry.objects.filter(pk=om.outbox_id).update(status=status, error=note)
            count += 1
    return count


def send_due(
    *, holder: str, now: datetime, limit: int | None = None, stale: timedelta = STALE
) -> SendReport:
    report = SendReport()
    report.recovered = recover_stale(now=now, stale=stale)
    tried: set[int] = set()
    while limit is None or report.sent + report.retry + report.failed + report.unknown < limit:
        due = list(
            OutgoingMail.objects.filter(
                Q(state__in=(SendState.QUEUED, SendState.RETRY)), next_attempt_at__lte=now
            )
            .exclude(pk__in=tried)
            .order_by("next_attempt_at", "id")
            .values_list("pk", flat=True)[:20]
        )
        if not due:
            break
        for pk in due:
            tried.add(pk)
            om = OutgoingMail.objects.select_related(
                "outbox", "outbox__author__user", "outbox__contact"
            ).get(pk=pk)
            t = transport_for(om.outbox.author)
            if t is None:
                report.skipped += 1
                continue
            if not claim(pk, holder=holder, now=now):
                continue  # another worker has it
            om.refresh_from_db(fields=["attempts", "state", "claimed_by"])
            state = deliver(om, t, holder=holder, now=now)
            setattr(report, state, getattr(report, state) + 1)
    return report


# The member's choices ---------------------------------------------------------------------


@transaction.atomic
def outgoing_resend(*, om: OutgoingMail, actor: Member, now: datetime) -> OutgoingMail:
    """The member checked: it did not go. Queue it again (same Message-ID)."""
    if om.outbox.author_id != actor.pk and not actor.is_manager:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only its author resends a message.")
    OutgoingMail.objects.filter(pk=om.pk, state__in=(SendState.UNKNOWN, SendState.FAILED)).update(
        state=SendState.QUEUED, next_attempt_at=now, error="", smtp_code=None
    )
    OutboxEntry.objects.filter(pk=om.outbox_id).update(status=OutboxStatus.QUEUED, error="")
    om.refresh_from_db()
    return om
