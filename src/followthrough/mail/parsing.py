"""Reading one RFC 822 message as the real world writes it. No Django here.

What it copes with (each case has a fixture in tests/mail/files, written from the RFCs and the
published behaviour of the clients):

* RFC 2047 encoded words in any header, also in display names holding quoted commas;
* bodies in undeclared 8-bit (UTF-8 tried first, then Windows-1252/Latin-1), quoted-printable
  and base64;
* nested multipart/mixed → alternative: plain text preferred, HTML turned to text (html2text);
  later inline text parts (mailing-list footers) kept apart from the body;
* ``message/rfc822`` forwarded as an attachment: its sender is noted, never taken as ours;
* Outlook's TNEF ``winmail.dat`` (tnefparse): its body when the plain part is nearly empty,
  and the files inside it;
* ``text/calendar`` meeting requests (icalendar), Windows time-zone names included;
* a missing ``From:``, ``Date:`` or ``Message-ID:``.

`ParsedMail.digest` tells apart different messages that share one Message-ID: it is taken
from what the message says (sender, date, subject, text, attachments), not from the transport
headers, so the same message read from an mbox and from IMAP has the same digest.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.header import Header, decode_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import html2text
import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
from mailparser_reply import EmailReplyParser
from tnefparse import TNEF

REPLY_LANGUAGES = ["en", "de", "fr", "es", "it", "nl"]
NEARLY_EMPTY = 20  # characters: an Outlook plain part this short defers to the TNEF body
NO_REPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]daemon|postmaster|bounces?|notifications?)"
    r"([-_.+].*)?$",
    re.IGNORECASE,
)
MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
WHITESPACE = re.compile(r"\s+")

_PARSER = BytesParser(policy=policy.compat32)
_REPLY_PARSER = EmailReplyParser(languages=REPLY_LANGUAGES)


@dataclass(frozen=True)
class Address:
    name: str
    email: str  # lower-cased; "" when the header held no address

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class CalendarEvent:
    method: str
    uid: str
    summary: str
    start: datetime  # UTC
    end: datetime | None
    organizer: str
    attendees: tuple[str, ...]
    location: str


@dataclass(frozen=True)
class Forwarded:
    sender: Address | None
    subject: str
    date: datetime | None


@dataclass
class ParsedMail:
    message_id: str = ""
    sender: Address | None = None
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    reply_to: tuple[Address, ...] = ()
    subject: str = ""
    date: datetime | None = None
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    body: str = ""  # the main text of the message
    extra_text: list[str] = field(default_factory=list)  # footers, forwarded messages
    new_text: str = ""  # the body without quoted history and signature
    attachments: list[Attachment] = field(default_factory=list)
    events: list[CalendarEvent] = field(default_factory=list)
    forwarded: list[Forwarded] = field(default_factory=list)
    automated: str = ""  # why this mail is automated ("mailing list", "bounce", …); "" if not
    problems: list[str] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        return "\n\n".join(p for p in (self.body, *self.extra_text) if p.strip())

    @property
    def recipients(self) -> tuple[Address, ...]:
        return self.to + self.cc

    @cached_property
    def digest(self) -> str:
        h = hashlib.sha256()
        sender = self.sender.email if self.sender else ""
        date = self.date.isoformat() if self.date else ""
        for piece in (self.message_id, sender, date, self.subject, _squash(self.full_text)):
            h.update(piece.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        for a in self.attachments:
            h.update(f"{a.filename}\x00{a.size}\x00".encode("utf-8", "surrogatepass"))
        return h.hexdigest()


class UnreadableMailError(ValueError):
    """The bytes are not a mail message at all."""


def parse_mail(raw: bytes) -> ParsedMail:
    if not raw.strip():
        raise UnreadableMailError("The message is empty.")
    msg = _PARSER.parsebytes(raw)
    if not any(k for k in msg):
        raise UnreadableMailError("No mail headers were found.")
    mail = ParsedMail()
    _read_headers(msg, mail)
    _read_parts(msg, mail)
    mail.body = mail.body.strip()
    mail.new_text = reply_text(mail.body)
    mail.automated = automated_reason(msg, mail)
    return mail


# Headers ----------------------------------------------------------------------------------


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Text from bytes whose charset may be missing or wrong (8-bit mail that never said)."""
    if charset:
        try:
            return data.decode(charset.strip().strip('"').lower())
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def header_text(value: Any) -> str:
    """A header's text with RFC 2047 words decoded and raw 8-bit guessed; one line."""
    if value is None:
        return ""
    raw = _raw_header(value)
    try:
        chunks = decode_header(raw)
    except Exception:  # a broken encoded word: show it as it came
        return _squash(raw)
    out: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            out.append(decode_bytes(chunk, None if charset in (None, "unknown-8bit") else charset))
        else:
            out.append(chunk)
    return _squash("".join(out))


def _raw_header(value: Any) -> str:
    """A header as a string, undeclared 8-bit bytes read as text (compat32 wraps them in a
    Header of charset unknown-8bit, or keeps them as surrogates)."""
    if isinstance(value, Header):
        out = []
        for chunk, charset in decode_header(value):
            if isinstance(chunk, bytes):
                known = None if charset in (None, "unknown-8bit") else charset
                out.append(decode_bytes(chunk, known))
            else:
                out.append(chunk)
        return "".join(out)
    return _unsurrogate(str(value))


def _unsurrogate(text: str) -> str:
    """compat32 keeps undeclared 8-bit header bytes as surrogates: read them as text."""
    if not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    return decode_bytes(text.encode("ascii", "surrogateescape"))


def addresses(msg: Message, name: str) -> tuple[Address, ...]:
    values = [_raw_header(v) for v in msg.get_all(name, [])]
    if not values:
        return ()
    found = []
    for display, email in getaddresses(values):
        email = email.strip().strip("<>").lower()
        if "@" not in email:
            continue
        found.append(Address(name=header_text(display).strip('"').strip(), email=email))
    return tuple(found)


def _message_ids(value: Any) -> tuple[str, ...]:
    return tuple(MESSAGE_ID.findall(str(value or "")))


def _read_headers(msg: Message, mail: ParsedMail) -> None:
    ids = _message_ids(msg.get("Message-ID"))
    mail.message_id = ids[0][:290] if ids else ""
    senders = addresses(msg, "From") or addresses(msg, "Sender")
    mail.sender = senders[0] if senders else None
    mail.to = addresses(msg, "To")
    mail.cc = addresses(msg, "Cc")
    mail.reply_to = addresses(msg, "Reply-To")
    mail.subject = header_text(msg.get("Subject"))[:300]
    mail.date = parse_date(msg.get("Date"))
    if msg.get("Date") and mail.date is None:
        mail.problems.append(f"Date header {header_text(msg.get('Date'))!r} is not a date")
    replying = _message_ids(msg.get("In-Reply-To"))
    mail.in_reply_to = replying[0] if replying else ""
    mail.references = _message_ids(msg.get("References"))


def parse_date(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        at = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if at is None:
        return None
    if at.tzinfo is None:  # "-0000": the time is UTC, the zone unknown (RFC 5322 3.3)
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC)


# Parts ------------------------------------------------------------------------------------


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    text = decode_bytes(payload, part.get_content_charset())
    if part.get_content_type() == "text/html":
        return html_to_text(text)
    return text.replace("\r\n", "\n")


def html_to_text(html: str) -> str:
    converter = html2text.HTML2Text()
    converter.ignore_links = True
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.body_width = 0
    return converter.handle(html).strip()


def _filename(part: Message) -> str:
    name = part.get_filename()
    if name is None:
        return ""
    return header_text(name)[:200]


def _is_attachment(part: Message) -> bool:
    disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    return disposition == "attachment" or (
        bool(_filename(part)) and part.get_content_maintype() != "text"
    )


def _read_parts(msg: Message, mail: ParsedMail) -> None:
    body_found = [False]

    def add_text(text: str) -> None:
        if not text.strip():
            return
        if not body_found[0]:
            mail.body = text
            body_found[0] = True
        else:
            mail.extra_text.append(text.strip())

    def walk(part: Message) -> None:
        ctype = part.get_content_type()
        if ctype == "multipart/alternative":
            _alternative(part)
            return
        if part.is_multipart() and ctype != "message/rfc822":
            for child in part.get_payload() or []:
                if isinstance(child, Message):
                    walk(child)
            return
        if ctype == "message/rfc822":
            _forwarded(part)
            return
        if ctype == "text/calendar":
            _calendar(part)
            return
        if ctype == "application/ms-tnef" or _filename(part).lower() == "winmail.dat":
            _tnef(part)
            return
        if ctype in ("text/plain", "text/html") and not _is_attachment(part):
            add_text(_part_text(part))
            return
        _attachment(part)

    def _alternative(part: Message) -> None:
        children = [c for c in part.get_payload() or [] if isinstance(c, Message)]
        for child in children:
            if child.get_content_type() == "text/calendar":
                _calendar(child)
        plain = [c for c in children if c.get_content_type() == "text/plain"]
        for child in plain:
            text = _part_text(child)
            if len(text.strip()) > NEARLY_EMPTY or len(children) == 1:
                add_text(text)
                return
        # The plain part is missing or nearly empty: the richest other part speaks.
        for child in reversed(children):
            if child.get_content_type() == "text/html":
                add_text(_part_text(child))
                return
            if child.is_multipart():
                walk(child)
                return
        for child in plain:
            add_text(_part_text(child))

    def _forwarded(part: Message) -> None:
        inner = part.get_payload()
        inner_msg = inner[0] if isinstance(inner, list) and inner else None
        if not isinstance(inner_msg, Message):
            _attachment(part)
            return
        senders = addresses(inner_msg, "From")
        fwd = Forwarded(
            sender=senders[0] if senders else None,
            subject=header_text(inner_msg.get("Subject")),
            date=parse_date(inner_msg.get("Date")),
        )
        mail.forwarded.append(fwd)
        inner_mail = ParsedMail()
        _read_parts(inner_msg, inner_mail)
        head = "---------- Forwarded message ----------"
        lines = [head, f"From: {fwd.sender or '(unknown)'}", f"Subject: {fwd.subject}"]
        if not body_found[0]:
            body_found[0] = True  # a forward with no note of its own: the body stays empty
        mail.extra_text.append("\n".join(lines) + "\n\n" + inner_mail.full_text.strip())
        mail.attachments.extend(inner_mail.attachments)
        mail.events.extend(inner_mail.events)

    def _tnef(part: Message) -> None:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            return
        try:
            tnef = TNEF(payload, do_checksum=False)
        except Exception as exc:  # tnefparse raises plain errors on damaged files
            mail.problems.append(f"winmail.dat could not be read ({exc})")
            mail.attachments.append(Attachment("winmail.dat", "application/ms-tnef", payload))
            return
        text = ""
        if tnef.body:
            text = tnef.body if isinstance(tnef.body, str) else decode_bytes(tnef.body)
        elif tnef.htmlbody:
            html = tnef.htmlbody
            text = html_to_text(html if isinstance(html, str) else decode_bytes(html))
        text = text.replace("\r\n", "\n").strip("\x00").strip()
        if text and len(mail.body.strip()) <= NEARLY_EMPTY:
            mail.body = text
            body_found[0] = True
        for att in tnef.attachments:
            mail.attachments.append(
                Attachment(_tnef_name(att), "application/octet-stream", att.data)
            )

    def _tnef_name(att: Any) -> str:
        try:
            name = att.long_filename()
        except UnicodeDecodeError:  # tnefparse reads names as UTF-8; Outlook writes its codepage
            name = getattr(att, "_name", b"")
        if isinstance(name, bytes):
            name = decode_bytes(name)
        return str(name).strip("\x00")[:200] or "attachment"

    def _calendar(part: Message) -> None:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            return
        try:
            mail.events.extend(calendar_events(payload))
        except ValueError as exc:
            mail.problems.append(f"the calendar part could not be read ({exc})")

    def _attachment(part: Message) -> None:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            payload = b""
        name = _filename(part) or f"unnamed.{part.get_content_subtype()}"
        mail.attachments.append(Attachment(name, part.get_content_type(), payload))

    walk(msg)


# Calendar ---------------------------------------------------------------------------------


def calendar_events(data: bytes) -> list[CalendarEvent]:
    cal = icalendar.Calendar.from_ical(data)
    method = str(cal.get("METHOD", "")).upper()
    events = []
    for ev in cal.walk("VEVENT"):
        start = _event_time(ev, "DTSTART")
        if start is None:
            continue
        attendees = ev.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        events.append(
            CalendarEvent(
                method=method,
                uid=str(ev.get("UID", ""))[:200],
                summary=str(ev.get("SUMMARY", "")).strip()[:300],
                start=start,
                end=_event_time(ev, "DTEND"),
                organizer=_mailto(ev.get("ORGANIZER")),
                attendees=tuple(a for a in (_mailto(x) for x in attendees) if a),
                location=str(ev.get("LOCATION", "")).strip()[:300],
            )
        )
    return events


def _mailto(value: Any) -> str:
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.lower() if "@" in text else ""


def _event_time(ev: Any, name: str) -> datetime | None:
    prop = ev.get(name)
    if prop is None:
        return None
    at = prop.dt
    if not isinstance(at, datetime):  # an all-day event: its day, at midnight UTC
        return datetime(at.year, at.month, at.day, tzinfo=UTC)
    if at.tzinfo is None:
        tzid = str(prop.params.get("TZID", "")) if hasattr(prop, "params") else ""
        at = at.replace(tzinfo=_zone(tzid))
    return at.astimezone(UTC)


def _zone(tzid: str) -> Any:
    """A TZID the calendar did not define: an IANA name, or Windows' name for one."""
    name = WINDOWS_TO_OLSON.get(tzid, tzid)
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


# Reply text, automated mail ---------------------------------------------------------------


def reply_text(text: str) -> str:
    """The new text of a reply: quoted history and the signature left out."""
    if not text.strip():
        return ""
    try:
        parsed = _REPLY_PARSER.read(text=text)
        first = parsed.replies[0].body if parsed.replies else text
    except Exception:  # the reply parser must never lose a message
        return text.strip()
    first = (first or "").strip()
    return first or text.strip()


def automated_reason(msg: Message, mail: ParsedMail) -> str:
    auto = str(msg.get("Auto-Submitted", "")).strip().lower()
    if auto and auto != "no":
        return "sent automatically (Auto-Submitted)"
    return_path = msg.get("Return-Path")
    empty_return = return_path is not None and str(return_path).strip() in ("<>", "")
    if msg.get_content_type() == "multipart/report" or empty_return:
        return "a bounce"
    if msg.get("List-Id") or msg.get("List-Unsubscribe"):
        return "a mailing list"
    if str(msg.get("Precedence", "")).strip().lower() in ("bulk", "list", "junk"):
        return "bulk mail"
    if msg.get("X-Autoreply") or msg.get("X-Autorespond"):
        return "an auto-reply"
    if mail.sender and NO_REPLY.match(mail.sender.email.split("@")[0]):
        return "a no-reply sender"
    return ""


def normal_subject(subject: str) -> str:
    """The subject without Re:/Fwd:/AW:/WG: prefixes and list tags, folded."""
    s = subject.strip()
    while True:
        new = re.sub(
            r"^\s*(\[[^\]]{1,40}\]\s*)?((re|fw|fwd|aw|wg|sv|vs|tr|antw)(\[\d+\])?\s*:\s*)",
            "",
            s,
            flags=re.IGNORECASE,
        )
        if new == s:
            break
        s = new
    return _squash(s).casefold()[:200]


def _squash(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()
