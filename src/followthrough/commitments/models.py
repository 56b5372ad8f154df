"""The promise ledger: who promised what to whom, by when, and what became of it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from followthrough.contacts.models import Contact, Interaction
from followthrough.core.models import CodedModel, TimestampedModel
from followthrough.workspaces.models import Member, Workspace


class Side(models.TextChoices):
    OURS = "ours", "Ours"  # we promised the customer
    THEIRS = "theirs", "Theirs"  # the customer promised us


class State(models.TextChoices):
    OPEN = "open", "Open"
    KEPT = "kept", "Kept"
    BROKEN = "broken", "Broken"
    RENEGOTIATED = "renegotiated", "Renegotiated"
    RELEASED = "released", "Released"


class FulfilledBy(models.TextChoices):
    """What, once logged on the contact's timeline, keeps the promise with no extra click."""

    NOTHING = "", "Mark it kept myself"
    CALL = "call", "A call"
    MESSAGE = "message", "An email or message"
    ANY = "any", "Any call, email, message or meeting"


class Commitment(CodedModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="commitments")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="commitments")
    side = models.CharField(max_length=8, choices=Side.choices, default=Side.OURS)
    what = models.CharField(max_length=300)
    made_at = models.DateTimeField(help_text="When the promise was made.")
    due_at = models.DateTimeField()
    due_text = models.CharField(max_length=100, blank=True, help_text="As the member wrote it.")
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    fulfilled_by = models.CharField(
        max_length=16, choices=FulfilledBy.choices, blank=True, default=""
    )
    about = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    renegotiated_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="renegotiated_to"
    )
    # When it left "open": kept → when kept; broken → its due time; others → when decided.
    closed_at = models.DateTimeField(null=True, blank=True)
    # A broken promise stays broken; settled_at is when it was dealt with anyway
    # (done late, renegotiated late or released), which takes it off Today.
    settled_at = models.DateTimeField(null=True, blank=True)
    # How late it ran, once known: 0 when kept, new minus old due when renegotiated,
    # settled minus due when a broken promise was dealt with. Feeds the "safer time" hint.
    late_seconds = models.IntegerField(null=True, blank=True)
    # Stored state that "what is due" reads: the due time while the promise still needs
    # something from its owner (open, or broken and not yet settled); null afterwards.
    attention_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["owner", "attention_at"], name="commitment_attention"),
            models.Index(fields=["owner", "state", "due_at"], name="commitment_owner_state"),
            models.Index(fields=["owner", "closed_at"], name="commitment_owner_closed"),
            models.Index(fields=["contact", "state"], name="commitment_contact"),
            models.Index(fields=["due_at"], condition=Q(state="open"), name="commitment_open_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open") | Q(closed_at__isnull=False),
                name="commitment_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.what} (due {self.due_at:%Y-%m-%d %H:%M})"

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN

    @property
    def needs_attention(self) -> bool:
        return self.state == State.OPEN or (self.state == State.BROKEN and self.settled_at is None)


class EventKind(models.TextChoices):
    MADE = "made", "Made"
    KEPT = "kept", "Kept"
    BROKEN = "broken", "Broken"
    RENEGOTIATED = "renegotiated", "Renegotiated"
    RELEASED = "released", "Released"
    DONE_LATE = "done_late", "Done late"
    EDITED = "edited", "Edited"


class CommitmentEvent(models.Model):
    """One change in a promise's life, with who made it (none: the system's sweep)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL)
    due_at = models.DateTimeField(help_text="The due time when this happened.")
    new_due_at = models.DateTimeField(null=True, blank=True)
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["commitment", "at"], name="commitment_event_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class Credibility(TimestampedModel):
    """A member's stored credibility, kept true by the services and the sweep.

    `score` is `credibility.score_of` folded over the member's outcomes ordered by when they
    happened; `last_outcome_at` lets a later outcome be applied without re-reading history.
    """

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="credibility")
    score = models.FloatField(default=100.0)
    kept = models.PositiveIntegerField(default=0)
    broken = models.PositiveIntegerField(default=0)
    last_outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "credibility"

    def __str__(self) -> str:
        return f"{self.member}: {self.score:.0f}"
