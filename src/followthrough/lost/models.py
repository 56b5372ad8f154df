"""Why a contact was lost: the workspace's reasons, each loss, and how its reason changed."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from followthrough.commitments.models import Commitment
from followthrough.contacts.models import Contact, StageChange
from followthrough.core.models import CodedModel, TimestampedModel
from followthrough.workspaces.models import Member, Workspace


class LostReason(TimestampedModel):
    """One reason of a workspace's taxonomy: the built-in ones plus those it added."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=120)
    ours = models.BooleanField(default=False, help_text="Our fault: needs a corrective action.")
    builtin = models.BooleanField(default=False)
    asks_competitor = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=100)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="lost_reason_key_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class Loss(CodedModel):
    """A contact marked lost, why, in their words, and what we do about it when it was us."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="losses")
    # Reasons are retired, never deleted; they go only with their workspace.
    reason = models.ForeignKey(LostReason, on_delete=models.CASCADE, related_name="losses")
    competitor = models.CharField(max_length=120, blank=True)
    verbatim = models.TextField(blank=True, help_text="Their words, as they said them.")
    was_customer = models.BooleanField(default=False)
    lost_at = models.DateTimeField()
    recorded_by = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL)
    stage_change = models.ForeignKey(
        StageChange, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrective = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the contact comes back (stage changed away from lost): the loss is history.
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-lost_at"]
        indexes = [models.Index(fields=["workspace", "lost_at"], name="loss_workspace_at")]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "contact"],
                condition=Q(ended_at__isnull=True),
                name="loss_one_open_per_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} — {self.reason}"


class LossEvent(TimestampedModel):
    """What happened to a loss: recorded, their words heard, the reason revised."""

    class Kind(models.TextChoices):
        RECORDED = "recorded", "Recorded"
        HEARD = "heard", "Their words recorded"
        REVISED = "revised", "Reason revised"
        ENDED = "ended", "Came back"

    loss = models.ForeignKey(Loss, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL)
    reason_from = models.CharField(max_length=120, blank=True)
    reason_to = models.CharField(max_length=120, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d}"
