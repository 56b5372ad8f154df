"""Drafts to customers (checked by the guard, held while a heated message cools off) and the
outbox of what was sent."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from followthrough.contacts.models import Contact, Interaction
from followthrough.core.models import CodedModel, TimestampedModel
from followthrough.workspaces.models import Member, Workspace


class DraftKind(models.TextChoices):
    REPLY = "reply", "Reply"
    NEW = "new", "New message"
    GREETING = "greeting", "Greeting"
    AFTER_SALE = "after_sale", "After-sale check-in"
    CHECK_IN = "check_in", "Check-in"
    EXIT_CONVERSATION = "exit_conversation", "Exit conversation"
    CHASER = "chaser", "Chaser"
    FEEDBACK_ASK = "feedback_ask", "Feedback ask"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    MESSAGE = "message", "Text message"


class DraftStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    HELD = "held", "Held (cooling off)"
    READY = "ready", "Ready for one more read"
    SENT = "sent", "Sent"
    DISCARDED = "discarded", "Discarded"


OPEN_STATUSES = (DraftStatus.DRAFT, DraftStatus.HELD, DraftStatus.READY)


class Draft(CodedModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="drafts")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="drafts")
    in_reply_to = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts"
    )
    kind = models.CharField(max_length=20, choices=DraftKind.choices, default=DraftKind.NEW)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    policy_tags = models.CharField(
        max_length=200, blank=True, default="", help_text="Comma separated, e.g. no-offer."
    )
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=DraftStatus.choices, default=DraftStatus.DRAFT)

    # Cooling-off: set the first time a send was held; hold_until is the earliest send time.
    held_at = models.DateTimeField(null=True, blank=True)
    hold_until = models.DateTimeField(null=True, blank=True)
    changed_after_hold = models.BooleanField(default=False)
    # The guard's warnings were shown (a check with warn/block findings), then the text changed.
    findings_shown_at = models.DateTimeField(null=True, blank=True)
    changed_after_findings = models.BooleanField(default=False)
    suggestions_applied = models.PositiveIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="One more read.")

    findings = models.JSONField(default=list, blank=True, help_text="Snapshot at send.")
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_interaction = models.OneToOneField(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="sent_draft"
    )
    discarded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["author", "status", "-updated_at"], name="draft_author_status"),
            models.Index(
                fields=["workspace", "held_at"],
                condition=Q(held_at__isnull=False),
                name="draft_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.contact_id} ({self.status})"

    @property
    def tags(self) -> frozenset[str]:
        return frozenset(t.strip() for t in self.policy_tags.split(",") if t.strip())

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class EventKind(models.TextChoices):
    CREATED = "created", "Created"
    EDITED = "edited", "Edited"
    HELD = "held", "Held for cooling-off"
    SUGGESTION_APPLIED = "suggestion_applied", "Suggestion applied"
    PROMISE_RECORDED = "promise_recorded", "Promise recorded"
    BLOCKED = "blocked", "Send refused"
    CONFIRMED = "confirmed", "Read once more"
    SENT = "sent", "Sent"
    DISCARDED = "discarded", "Discarded"


class DraftEvent(TimestampedModel):
    """What happened to a draft: the record a manager's counts are made from."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL)
    rule = models.CharField(max_length=40, blank=True, help_text="The guard rule concerned.")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["workspace", "kind", "at"], name="draft_event_kind")]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboxEntry(CodedModel):
    """One outgoing message. Delivery (SMTP) comes with the mail issue; until then the
    entries wait here as queued, and the member can see them."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="outbox")
    author = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="outbox")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="outbox")
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    to_address = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(
        max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    queued_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name_plural = "outbox entries"
        constraints = [
            # One send per draft: a retried or doubled request never queues it twice.
            models.UniqueConstraint(fields=["workspace", "draft"], name="outbox_unique_draft"),
        ]
        indexes = [models.Index(fields=["author", "-queued_at"], name="outbox_author")]

    def __str__(self) -> str:
        return f"{self.channel} to {self.to_address or self.contact_id} ({self.status})"
