"""Mail read into Followthrough: messages on contacts' timelines, their attachments, and the
triage list of senders no contact matches."""

from __future__ import annotations

from django.db import models

from followthrough.contacts.models import Contact, Interaction
from followthrough.core.models import CodedModel, TimestampedModel
from followthrough.workspaces.models import Member, Workspace


class MailDirection(models.TextChoices):
    INBOUND = "inbound", "From them"
    OUTBOUND = "outbound", "From us"


class MailSource(models.TextChoices):
    FILE = "file", "File import"
    WEBHOOK = "webhook", "Inbound webhook"
    IMAP = "imap", "Mailbox sync"
    SENT = "sent", "Sent by Followthrough"


class MailMessage(CodedModel):
    """One customer message. Several different messages may share a Message-ID (broken
    clients, list resends): a message is the pair (Message-ID, digest of its content)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    message_id = models.CharField(max_length=300, blank=True)
    digest = models.CharField(max_length=64)
    direction = models.CharField(max_length=16, choices=MailDirection.choices)
    source = models.CharField(max_length=16, choices=MailSource.choices)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="mail"
    )
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender = models.CharField(max_length=254, blank=True)
    sender_name = models.CharField(max_length=200, blank=True)
    recipients = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    subject_key = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField()
    in_reply_to = models.CharField(max_length=300, blank=True)
    references = models.TextField(blank=True)
    thread_key = models.CharField(max_length=300)
    new_text = models.TextField(blank=True)
    full_text = models.TextField(blank=True)
    automated = models.CharField(max_length=60, blank=True)
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "message_id", "digest"], name="mail_unique_message"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "message_id"], name="mail_message_id"),
            models.Index(fields=["workspace", "thread_key", "sent_at"], name="mail_thread"),
            models.Index(fields=["contact", "subject_key", "sent_at"], name="mail_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.subject or '(no subject)'} ({self.sent_at:%Y-%m-%d})"


class MailAttachment(TimestampedModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(MailMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    stored = models.BooleanField(default=False, help_text="False when over the size cap.")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class ContactAddress(TimestampedModel):
    """A further address of a contact, learned when a member attached a sender to them."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="addresses")
    email = models.CharField(max_length=254)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "email"], name="contact_address_unique"),
        ]

    def __str__(self) -> str:
        return self.email


class TriageEntry(CodedModel):
    """Mail from a sender no contact matches: only who, what about and when, for 30 days."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sender = models.CharField(max_length=254)
    sender_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField()
    received_at = models.DateTimeField(help_text="When it came in: forgotten 30 days later.")
    message_id = models.CharField(max_length=300, blank=True)
    digest = models.CharField(max_length=64)
    automated = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "message_id", "digest"], name="triage_unique_message"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "sender"], name="triage_sender"),
            models.Index(fields=["received_at"], name="triage_received"),
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"

    @property
    def domain(self) -> str:
        return self.sender.rsplit("@", 1)[-1] if "@" in self.sender else ""


class IgnoredSender(TimestampedModel):
    """An address (dana@x.test) or a whole domain (x.test) whose mail is not triaged."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    pattern = models.CharField(max_length=254)
    by = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "pattern"], name="ignored_unique"),
        ]

    def __str__(self) -> str:
        return self.pattern


class Security(models.TextChoices):
    SSL = "ssl", "SSL/TLS (port 993 / 465)"
    STARTTLS = "starttls", "STARTTLS (port 143 / 587)"
    NONE = "none", "None (only on this machine)"


class Mailbox(CodedModel):
    """A member's own mailbox, or a shared one (sales@) a manager connected for chosen members.
    The password is sealed (crypto.py) and never shown back."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="mailboxes"
    )
    shared_with = models.ManyToManyField(Member, blank=True, related_name="shared_mailboxes")
    address = models.EmailField(max_length=254)
    imap_host = models.CharField(max_length=200)
    imap_port = models.PositiveIntegerField(default=993)
    imap_security = models.CharField(max_length=10, choices=Security.choices, default="ssl")
    smtp_host = models.CharField(max_length=200, blank=True)
    smtp_port = models.PositiveIntegerField(default=587)
    smtp_security = models.CharField(max_length=10, choices=Security.choices, default="starttls")
    username = models.CharField(max_length=254)
    sealed_credential = models.TextField(blank=True, editable=False)
    initial_days = models.PositiveIntegerField(default=90)
    enabled = models.BooleanField(default=True)
    last_sync_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "address"], name="mailbox_unique_address"),
        ]

    def __str__(self) -> str:
        return self.address


class MailboxFolder(models.Model):
    """How far a folder was read: its UIDVALIDITY and the last UID imported."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, related_name="folders")
    name = models.CharField(max_length=300)
    role = models.CharField(max_length=10, default="inbox")  # inbox | sent
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "name"], name="mailbox_folder_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class MailboxLease(models.Model):
    """One sync per mailbox at a time: a worker takes the lease with a conditional UPDATE
    (free, or expired) and gives it back when done; a crashed worker's lease expires."""

    mailbox = models.OneToOneField(Mailbox, on_delete=models.CASCADE, related_name="lease")
    holder = models.CharField(max_length=100, blank=True)
    until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.mailbox_id}: {self.holder or 'free'}"


class SendState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    RETRY = "retry", "Waiting to retry"
    FAILED = "failed", "Failed"
    UNKNOWN = "unknown", "Unknown — check before resending"


class OutgoingMail(TimestampedModel):
    """The delivery of one outbox entry by SMTP. Its Message-ID is set when it is queued.

    Never twice: a worker claims the row (conditional UPDATE queued/retry → sending, counting
    the attempt) and commits that *before* the SMTP transaction; it marks it sent after. A row
    still "sending" after a crash is looked for in the Sent folder by Message-ID, else held as
    "unknown" for the member — never resent by itself."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    outbox = models.OneToOneField(
        "composer.OutboxEntry", on_delete=models.CASCADE, related_name="mail"
    )
    message_id = models.CharField(max_length=300)
    in_reply_to = models.CharField(max_length=300, blank=True)
    references = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=SendState.choices, default=SendState.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    smtp_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "message_id"], name="outgoing_unique_message_id"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outgoing_due"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.state})"


class ImportState(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Importing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class MailImportJob(CodedModel):
    """A file a member uploaded (.mbox, .eml, or a .zip of Maildir folders), imported by the
    background worker; its progress and report are shown on the upload page."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200, help_text="As uploaded, for display only.")
    stored_name = models.CharField(max_length=100, editable=False)
    size = models.PositiveBigIntegerField(default=0)
    state = models.CharField(max_length=10, choices=ImportState.choices, default="queued")
    bytes_done = models.PositiveBigIntegerField(default=0)
    bytes_total = models.PositiveBigIntegerField(default=0)
    summary = models.CharField(max_length=500, blank=True)
    problems = models.JSONField(default=list, blank=True)
    problems_more = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.state})"

    @property
    def percent(self) -> int:
        if self.state == ImportState.DONE:
            return 100
        if not self.bytes_total:
            return 0
        return min(99, self.bytes_done * 100 // self.bytes_total)

    @property
    def finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED)
