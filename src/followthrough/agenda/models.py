"""The agenda stores only snoozes: every item itself is read from its own app's state."""

from __future__ import annotations

from datetime import datetime

from django.db import models

from followthrough.core.models import TimestampedModel
from followthrough.workspaces.models import Member, Workspace


class Snooze(TimestampedModel):
    """Hide one agenda item (by its key) from a member's list until a time."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="snoozes")
    key = models.CharField(max_length=100)
    until = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "key"], name="snooze_unique_key"),
        ]
        indexes = [models.Index(fields=["member", "until"], name="snooze_member_until")]

    def __str__(self) -> str:
        return f"{self.key} until {self.until:%Y-%m-%d %H:%M}"


def active_snoozes(member: Member, *, now: datetime) -> dict[str, datetime]:
    return dict(Snooze.objects.filter(member=member, until__gt=now).values_list("key", "until"))
