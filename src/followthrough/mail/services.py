"""Mail into the timeline: match, thread, record — through the contacts services, so the
guard's reading, replies owed, promises fulfilled and "they called first" all follow.

What a message becomes (PRODUCT.md, "Mail"; docs/mail.md):

* from a contact → an inbound email on their timeline, owed a reply (unless automated);
* from a member to contacts → an outbound email on each contact's timeline: it answers what
  they were owed and fulfils the promises it fulfils;
* a meeting request (text/calendar, METHOD:REQUEST) → a meeting at its start time;
* automated mail (lists, bounces, auto-replies, no-reply senders) → a note, never owed;
* only members on it → internal mail, not stored;
* from a sender no contact matches → the triage list (sender, subject, date; 30 days);
* the same message again (same Message-ID and content digest) → nothing new.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from followthrough.contacts.models import Contact, Direction, Interaction, Kind
from followthrough.contacts.services import (
    ContactData,
    InteractionData,
    contact_create,
    interaction_log,
)
from followthrough.mail.models import (
    ContactAddress,
    IgnoredSender,
    MailAttachment,
    Mailbox,
    MailDirection,
    MailMessage,
    TriageEntry,
)
from followthrough.mail.parsing import Attachment, ParsedMail, normal_subject, parse_mail
from followthrough.workspaces.models import Member, Workspace

THREAD_WINDOW = timedelta(days=30)
TRIAGE_KEEP = timedelta(days=30)
DEFAULT_ATTACHMENT_CAP = 10 * 1024 * 1024


class Outcome:
    CREATED = "created"
    DUPLICATE = "duplicate"
    TRIAGED = "triaged"
    IGNORED = "ignored"
    INTERNAL = "internal"
    NO_CONTACT = "no_contact"  # our own mail to nobody we know: nothing to record


@dataclass
class Ingested:
    outcome: str
    message: MailMessage | None = None
    triage: TriageEntry | None = None
    interactions: list[Interaction] = field(default_factory=list)

    @property
    def created(self) -> bool:
        return self.outcome in (Outcome.CREATED, Outcome.TRIAGED)


class Mailroom:
    """What one workspace knows about addresses, read once per import or request.

    An import reads its messages in batches: `prepare(batch)` reads, in a handful of
    set-based queries, what recording them needs (which are already there, which we sent,
    the contacts their addresses belong to, the messages they answer, the conversations
    their subjects continue), and `remember` adds each message recorded in the batch, so the
    per-message path asks the database only to write. Without `prepare` (the webhook, one
    message at a time) every question is a query, as before.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        members = Member.objects.filter(workspace=workspace).select_related("user")
        # Our own addresses: every member's, and every connected mailbox's (sales@ included).
        self.us: dict[str, Member | None] = {}
        for box in Mailbox.objects.filter(workspace=workspace).select_related("owner"):
            self.us[box.address.lower()] = box.owner
        for m in members:
            self.us[m.user.email.lower()] = m
        self.ignored = set(
            IgnoredSender.objects.filter(workspace=workspace).values_list("pattern", flat=True)
        )
        self.prepared = False
        self._contacts: dict[str, Contact | None] = {}
        self._seen: dict[tuple[str, str], Ingested] = {}
        self._ours: set[str] = set()
        self._parents: dict[str, tuple[str, Interaction | None, datetime]] = {}
        self._thread_keys: set[str] = set()
        self._subjects: dict[tuple[int, str], list[tuple[datetime, str]]] = {}

    def is_ignored(self, email: str) -> bool:
        return email in self.ignored or email.rsplit("@", 1)[-1] in self.ignored

    def contacts(self, emails: list[str]) -> list[Contact]:
        """The contacts these addresses belong to, in the order given, each once."""
        wanted = [e for e in dict.fromkeys(emails) if e and e not in self.us]
        if not wanted:
            return []
        # Outside a prepared batch nothing is kept: a contact read now is saved by the
        # timeline hooks, and must not be an old copy of one a member changed since.
        known = self._contacts if self.prepared else {}
        missing = [e for e in wanted if e not in known]
        if missing:
            known.update(self._find_contacts(missing))
        seen: set[int] = set()
        out = []
        for e in wanted:
            c = known.get(e)
            if c is not None and c.pk not in seen:
                seen.add(c.pk)
                out.append(c)
        return out

    def _find_contacts(self, emails: list[str]) -> dict[str, Contact | None]:
        found: dict[str, Contact | None] = dict.fromkeys(emails)
        for c in (
            Contact.objects.filter(workspace=self.workspace, email__in=emails)
            .select_related("owner")
            .order_by("archived_at", "id")
        ):
            found[c.email] = c
        missing = [e for e in emails if found[e] is None]
        if missing:
            for a in ContactAddress.objects.filter(
                workspace=self.workspace, email__in=missing
            ).select_related("contact", "contact__owner"):
                found[a.email] = a.contact
        return found

    # Batches ------------------------------------------------------------------------------

    def prepare(self, batch: list[ParsedMail]) -> None:
        """Read what recording this batch needs, in a few queries (see the class)."""
        self.forget()
        self.prepared = True
        ws = self.workspace
        ids = {p.message_id for p in batch}
        for msg in (
            MailMessage.objects.filter(workspace=ws, message_id__in=ids)
            .defer("new_text", "full_text")
            .order_by()
        ):
            self._seen[(msg.message_id, msg.digest)] = Ingested(Outcome.DUPLICATE, message=msg)
        for entry in TriageEntry.objects.filter(workspace=ws, message_id__in=ids).order_by():
            self._seen.setdefault(
                (entry.message_id, entry.digest), Ingested(Outcome.DUPLICATE, triage=entry)
            )
        from followthrough.mail.models import OutgoingMail

        self._ours = set(
            OutgoingMail.objects.filter(workspace=ws, message_id__in=ids - {""}).values_list(
                "message_id", flat=True
            )
        )
        emails = {p.sender.email for p in batch if p.sender}
        emails.update(a.email for p in batch for a in p.recipients)
        wanted = [e for e in emails if e and e not in self.us]
        if wanted:
            self._contacts.update(self._find_contacts(wanted))
        refs = {i for p in batch for i in (p.in_reply_to, *p.references) if i}
        if refs:
            for parent in (
                MailMessage.objects.filter(workspace=ws, message_id__in=refs)
                .select_related("interaction")
                .defer("new_text", "full_text", "interaction__body")
                .order_by()
            ):
                self._parent(
                    parent.message_id, parent.thread_key, parent.interaction, parent.sent_at
                )
            self._thread_keys = set(
                MailMessage.objects.filter(workspace=ws, thread_key__in=refs)
                .order_by()
                .values_list("thread_key", flat=True)
                .distinct()
            )
        subjects = {normal_subject(p.subject) for p in batch} - {""}
        contact_ids = {c.pk for c in self._contacts.values() if c is not None}
        dates = [p.date for p in batch if p.date is not None]
        if subjects and contact_ids:
            rows = MailMessage.objects.filter(
                contact_id__in=contact_ids, subject_key__in=subjects
            ).order_by()
            if len(dates) == len(batch):
                rows = rows.filter(
                    sent_at__gte=min(dates) - THREAD_WINDOW, sent_at__lte=max(dates) + THREAD_WINDOW
                )
            for contact_id, key, sent_at, thread_key in rows.values_list(
                "contact_id", "subject_key", "sent_at", "thread_key"
            ):
                self._subjects.setdefault((contact_id, key), []).append((sent_at, thread_key))

    def forget(self) -> None:
        """Drop what a batch read (after it is written, or when a message of it failed)."""
        self.prepared = False
        self._contacts.clear()
        self._seen.clear()
        self._ours.clear()
        self._parents.clear()
        self._thread_keys.clear()
        self._subjects.clear()

    def _parent(
        self, message_id: str, thread_key: str, interaction: Interaction | None, at: datetime
    ) -> None:
        known = self._parents.get(message_id)
        if known is None or at > known[2]:
            self._parents[message_id] = (thread_key, interaction, at)

    def remember(self, parsed: ParsedMail, result: Ingested) -> None:
        """A message of the prepared batch was recorded: later ones of the batch see it."""
        if not self.prepared:
            return
        self._seen[(parsed.message_id, parsed.digest)] = Ingested(
            Outcome.DUPLICATE, message=result.message, triage=result.triage
        )
        msg = result.message
        if msg is None:
            return
        if msg.message_id:
            self._parent(msg.message_id, msg.thread_key, msg.interaction, msg.sent_at)
        self._thread_keys.add(msg.thread_key)
        if msg.contact_id is not None and msg.subject_key:
            self._subjects.setdefault((msg.contact_id, msg.subject_key), []).append(
                (msg.sent_at, msg.thread_key)
            )

    def seen(self, message_id: str, digest: str) -> Ingested | None:
        return self._seen.get((message_id, digest))

    def maybe_ours(self, message_id: str) -> bool:
        return not self.prepared or message_id in self._ours

    def thread_of(self, ids: list[str]) -> tuple[str, Interaction | None] | None:
        """The latest known message among these ids (its thread and interaction), or a thread
        one of them started."""
        parents = [self._parents[i] for i in ids if i in self._parents]
        if parents:
            key, interaction, _ = max(parents, key=lambda p: p[2])
            return key, interaction
        started = next((i for i in ids if i in self._thread_keys), None)
        return (started, None) if started else None

    def same_subject(self, contact: Contact, subject: str, at: datetime) -> str | None:
        near = [
            (sent_at, key)
            for sent_at, key in self._subjects.get((contact.pk, subject), [])
            if at - THREAD_WINDOW <= sent_at <= at + THREAD_WINDOW
        ]
        return max(near, key=lambda n: n[0])[1] if near else None


def mail_ingest(
    *,
    workspace: Workspace,
    raw: bytes,
    source: str,
    now: datetime,
    member: Member | None = None,
    room: Mailroom | None = None,
) -> Ingested:
    """Read one raw message and record it; `UnreadableMailError` for bytes that are no mail."""
    parsed = parse_mail(raw)
    return mail_record(
        workspace=workspace, parsed=parsed, source=source, now=now, member=member, room=room
    )


def mail_record(
    *,
    workspace: Workspace,
    parsed: ParsedMail,
    source: str,
    now: datetime,
    member: Member | None = None,
    room: Mailroom | None = None,
) -> Ingested:
    """Record a parsed message once. Safe under concurrency: a second writer of the same
    message meets the unique constraint inside a savepoint and gets the first one back."""
    digest = parsed.digest
    room = room or Mailroom(workspace)
    existing = (
        room.seen(parsed.message_id, digest)
        if room.prepared
        else _existing(workspace, parsed.message_id, digest)
    )
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            result = _record(
                workspace=workspace,
                parsed=parsed,
                digest=digest,
                source=source,
                now=now,
                member=member,
                room=room,
            )
    except IntegrityError:
        room.forget()
        again = _existing(workspace, parsed.message_id, digest)
        if again is None:
            raise
        return again
    except Exception:
        room.forget()  # its contacts may hold what the rollback undid
        raise
    room.remember(parsed, result)
    return result


def _existing(workspace: Workspace, message_id: str, digest: str) -> Ingested | None:
    msg = MailMessage.objects.filter(
        workspace=workspace, message_id=message_id, digest=digest
    ).first()
    if msg is not None:
        return Ingested(Outcome.DUPLICATE, message=msg)
    entry = TriageEntry.objects.filter(
        workspace=workspace, message_id=message_id, digest=digest
    ).first()
    if entry is not None:
        return Ingested(Outcome.DUPLICATE, triage=entry)
    return None


def _record(
    *,
    workspace: Workspace,
    parsed: ParsedMail,
    digest: str,
    source: str,
    now: datetime,
    member: Member | None,
    room: Mailroom,
) -> Ingested:
    sender = parsed.sender.email if parsed.sender else ""
    sent_at = parsed.date or now
    ours = (
        _sent_by_us(workspace, parsed, digest, source, sent_at)
        if room.maybe_ours(parsed.message_id)
        else None
    )
    if ours is not None:
        return ours
    if sender and sender in room.us:
        outsiders = [a.email for a in parsed.recipients if a.email not in room.us]
        if not outsiders:
            return Ingested(Outcome.INTERNAL)
        contacts = room.contacts(outsiders)
        if not contacts:
            return Ingested(Outcome.NO_CONTACT)
        direction = MailDirection.OUTBOUND
        acting: Member | None = room.us[sender] or member
    else:
        found = room.contacts([sender])
        if not found:
            if sender and room.is_ignored(sender):
                return Ingested(Outcome.IGNORED)
            entry = TriageEntry.objects.create(
                workspace=workspace,
                member=member,
                sender=sender[:254],
                sender_name=(parsed.sender.name if parsed.sender else "")[:200],
                subject=parsed.subject[:300],
                sent_at=sent_at,
                received_at=now,
                message_id=parsed.message_id,
                digest=digest,
                automated=parsed.automated[:60],
            )
            return Ingested(Outcome.TRIAGED, triage=entry)
        contacts = found
        direction = MailDirection.INBOUND
        acting = member or found[0].owner
    primary = contacts[0]
    thread_key, parent = _thread(workspace, parsed, primary, sent_at, digest, room)
    thread_key = thread_key[:300]
    interactions = [
        _log(
            contact=c,
            member=acting,
            parsed=parsed,
            direction=direction,
            sent_at=sent_at,
            thread_key=thread_key,
            parent=parent if parent is not None and parent.contact_id == c.pk else None,
        )
        for c in contacts
    ]
    msg = MailMessage.objects.create(
        workspace=workspace,
        message_id=parsed.message_id,
        digest=digest,
        direction=direction,
        source=source,
        member=acting,
        contact=primary,
        interaction=interactions[0],
        sender=sender[:254],
        sender_name=(parsed.sender.name if parsed.sender else "")[:200],
        recipients=[str(a) for a in parsed.recipients][:50],
        subject=parsed.subject[:300],
        subject_key=normal_subject(parsed.subject),
        sent_at=sent_at,
        in_reply_to=parsed.in_reply_to[:300],
        references=" ".join(parsed.references)[:5000],
        thread_key=thread_key,
        new_text=parsed.new_text,
        full_text=parsed.full_text,
        automated=parsed.automated[:60],
        problems=parsed.problems[:20],
    )
    if parsed.attachments:
        _store_attachments(msg, parsed.attachments)
    return Ingested(Outcome.CREATED, message=msg, interactions=interactions)


def _sent_by_us(
    workspace: Workspace, parsed: ParsedMail, digest: str, source: str, sent_at: datetime
) -> Ingested | None:
    """A message Followthrough sent itself (found again in the Sent folder, or remembered
    when sent): its interaction was logged when it was queued, so only link it."""
    if not parsed.message_id:
        return None
    from followthrough.mail.models import OutgoingMail

    om = (
        OutgoingMail.objects.filter(workspace=workspace, message_id=parsed.message_id)
        .select_related("outbox", "outbox__interaction")
        .first()
    )
    if om is None:
        return None
    outbox = om.outbox
    interaction = outbox.interaction
    msg = MailMessage.objects.create(
        workspace=workspace,
        message_id=parsed.message_id,
        digest=digest,
        direction=MailDirection.OUTBOUND,
        source=source,
        member=outbox.author,
        contact=outbox.contact,
        interaction=interaction,
        sender=(parsed.sender.email if parsed.sender else "")[:254],
        sender_name=(parsed.sender.name if parsed.sender else "")[:200],
        recipients=[str(a) for a in parsed.recipients][:50],
        subject=parsed.subject[:300],
        subject_key=normal_subject(parsed.subject),
        sent_at=sent_at,
        in_reply_to=parsed.in_reply_to[:300],
        references=" ".join(parsed.references)[:5000],
        thread_key=(interaction.thread_key if interaction and interaction.thread_key else "")
        or (parsed.references[0] if parsed.references else parsed.message_id),
        new_text=parsed.new_text,
        full_text=parsed.full_text,
    )
    return Ingested(Outcome.CREATED, message=msg)


def _thread(
    workspace: Workspace,
    parsed: ParsedMail,
    contact: Contact,
    sent_at: datetime,
    digest: str,
    room: Mailroom,
) -> tuple[str, Interaction | None]:
    """The conversation a message belongs to: by References/In-Reply-To, else by the same
    subject with the same contact within THREAD_WINDOW. Returns its key and the message's
    parent on the timeline, if known."""
    ids = [i for i in (parsed.in_reply_to, *reversed(parsed.references)) if i]
    subject = normal_subject(parsed.subject)
    if room.prepared:
        found = room.thread_of(ids) if ids else None
        if found is not None:
            return found
        same = room.same_subject(contact, subject, sent_at) if subject else None
        if same:
            return same, None
    else:
        if ids:
            parent = (
                MailMessage.objects.filter(workspace=workspace, message_id__in=ids)
                .select_related("interaction")
                .order_by("-sent_at")
                .first()
            )
            if parent is not None:
                return parent.thread_key, parent.interaction
            key = (
                MailMessage.objects.filter(workspace=workspace, thread_key__in=ids)
                .values_list("thread_key", flat=True)
                .first()
            )
            if key:
                return key, None
        if subject:
            same = (
                MailMessage.objects.filter(
                    contact=contact,
                    subject_key=subject,
                    sent_at__gte=sent_at - THREAD_WINDOW,
                    sent_at__lte=sent_at + THREAD_WINDOW,
                )
                .values_list("thread_key", flat=True)
                .first()
            )
            if same:
                return same, None
    root = parsed.references[0] if parsed.references else parsed.in_reply_to
    return root or parsed.message_id or f"digest:{digest[:40]}", None


def _log(
    *,
    contact: Contact,
    member: Member | None,
    parsed: ParsedMail,
    direction: str,
    sent_at: datetime,
    thread_key: str,
    parent: Interaction | None,
) -> Interaction:
    requests = [e for e in parsed.events if e.method in ("REQUEST", "PUBLISH", "")]
    if requests:
        event = requests[0]
        lines = [f"Where: {event.location}" if event.location else "", parsed.new_text]
        data = InteractionData(
            kind=Kind.MEETING,
            direction=direction,
            occurred_at=event.start,
            subject=(event.summary or parsed.subject)[:300],
            body="\n\n".join(p for p in lines if p),
            thread_key=thread_key,
        )
    elif parsed.automated:
        data = InteractionData(
            kind=Kind.NOTE,
            direction=Direction.INTERNAL,
            occurred_at=sent_at,
            subject=f"Automated mail ({parsed.automated}): {parsed.subject}"[:300],
            body=parsed.new_text,
            thread_key=thread_key,
        )
    else:
        data = InteractionData(
            kind=Kind.EMAIL,
            direction=direction,
            occurred_at=sent_at,
            subject=parsed.subject,
            body=parsed.new_text,
            thread_key=thread_key,
            in_reply_to=parent,
        )
    return interaction_log(contact=contact, member=member, data=data)


# Attachments ------------------------------------------------------------------------------


def attachment_cap() -> int:
    return int(getattr(settings, "MAIL_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_CAP))


def attachment_path(sha256: str) -> Path:
    return Path(settings.DATA_DIR) / "mail" / "attachments" / sha256[:2] / sha256


def _store_attachments(msg: MailMessage, attachments: list[Attachment]) -> None:
    cap = attachment_cap()
    rows = []
    for a in attachments[:100]:
        sha = hashlib.sha256(a.data).hexdigest()
        stored = a.size <= cap
        if stored:
            path = attachment_path(sha)
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".part")
                tmp.write_bytes(a.data)
                tmp.replace(path)
        rows.append(
            MailAttachment(
                workspace_id=msg.workspace_id,
                message=msg,
                filename=a.filename[:200],
                content_type=a.content_type[:100],
                size=a.size,
                sha256=sha,
                stored=stored,
            )
        )
    MailAttachment.objects.bulk_create(rows)


# Triage -----------------------------------------------------------------------------------


@transaction.atomic
def triage_attach(
    *, entry: TriageEntry, contact: Contact, actor: Member, now: datetime
) -> list[Interaction]:
    """This sender is that contact: their mail goes to the contact from now on, and every
    message of theirs waiting in triage goes on the timeline (subject and date: the text was
    never kept)."""
    if contact.workspace_id != entry.workspace_id or actor.workspace_id != entry.workspace_id:
        raise ValidationError("The contact must belong to this workspace.")
    address = entry.sender.lower()
    if address and address != contact.email:
        ContactAddress.objects.get_or_create(
            workspace_id=entry.workspace_id, email=address, defaults={"contact": contact}
        )
    logged = []
    waiting = TriageEntry.objects.filter(workspace_id=entry.workspace_id, sender=entry.sender)
    for e in waiting.order_by("sent_at", "id"):
        msg = MailMessage.objects.create(
            workspace_id=e.workspace_id,
            message_id=e.message_id,
            digest=e.digest,
            direction=MailDirection.INBOUND,
            source="file",
            member=actor,
            contact=contact,
            sender=e.sender,
            sender_name=e.sender_name,
            subject=e.subject,
            subject_key=normal_subject(e.subject),
            sent_at=e.sent_at,
            thread_key=e.message_id or f"digest:{e.digest[:40]}",
            automated=e.automated,
            problems=["The text was not kept: the sender was not a contact yet."],
        )
        kind, direction = (Kind.NOTE, Direction.INTERNAL) if e.automated else (Kind.EMAIL, "")
        interaction = interaction_log(
            contact=contact,
            member=contact.owner or actor,
            data=InteractionData(
                kind=kind,
                direction=direction or Direction.INBOUND,
                occurred_at=e.sent_at,
                subject=e.subject,
                thread_key=msg.thread_key,
            ),
        )
        msg.interaction = interaction
        msg.save(update_fields=["interaction"])
        logged.append(interaction)
    waiting.delete()
    return logged


@transaction.atomic
def triage_create_contact(*, entry: TriageEntry, actor: Member, now: datetime) -> Contact:
    """A new contact from a triaged sender (their name split as written), then attach."""
    first, _, last = entry.sender_name.partition(" ")
    if "," in entry.sender_name:  # "Reyes, Dana"
        last, _, first = entry.sender_name.partition(",")
    existing = Contact.objects.filter(workspace_id=entry.workspace_id, email=entry.sender).first()
    contact = existing or contact_create(
        workspace=actor.workspace,
        data=ContactData(
            first_name=first.strip(), last_name=last.strip(), email=entry.sender, owner=actor
        ),
        actor=actor,
        now=now,
    )
    triage_attach(entry=entry, contact=contact, actor=actor, now=now)
    return contact


@transaction.atomic
def triage_ignore(*, entry: TriageEntry, actor: Member, whole_domain: bool = False) -> int:
    """Never triage this address (or its whole domain) again; its waiting entries go."""
    if actor.workspace_id != entry.workspace_id:
        raise ValidationError("The entry must belong to this workspace.")
    address = entry.sender.lower()
    pattern = address.rsplit("@", 1)[-1] if whole_domain else address
    if not pattern:
        raise ValidationError("A message without a sender cannot be ignored by address.")
    IgnoredSender.objects.get_or_create(
        workspace_id=entry.workspace_id, pattern=pattern, defaults={"by": actor}
    )
    match = Q(sender__iendswith="@" + pattern) if whole_domain else Q(sender__iexact=address)
    deleted, _ = TriageEntry.objects.filter(match, workspace_id=entry.workspace_id).delete()
    return deleted


def triage_purge(*, now: datetime) -> int:
    """Forget triaged mail older than 30 days: a rep's personal mail is not kept."""
    deleted, _ = TriageEntry.objects.filter(received_at__lt=now - TRIAGE_KEEP).delete()
    return deleted
