"""Every read of drafts and the outbox, scoped to the acting member's workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from followthrough.composer.models import (
    OPEN_STATUSES,
    Draft,
    DraftEvent,
    DraftStatus,
    EventKind,
    OutboxEntry,
)
from followthrough.contacts.models import Interaction
from followthrough.workspaces.models import Member


def draft_queryset(member: Member) -> QuerySet[Draft]:
    return Draft.objects.filter(workspace_id=member.workspace_id)


def access_draft(member: Member, code: str, *, write: bool = False) -> Draft:
    """The only way a view gets a draft. Its author may change it; a manager may read it."""
    try:
        draft = (
            draft_queryset(member)
            .select_related("author__workspace", "contact", "in_reply_to", "sent_interaction")
            .get(code=code)
        )
    except Draft.DoesNotExist:
        raise Http404("No such draft.") from None
    mine = draft.author_id == member.pk
    if not mine and (write or not member.is_manager):
        raise Http404("No such draft.")
    return draft


def access_inbound(member: Member, code: str) -> Interaction:
    try:
        return Interaction.objects.select_related("contact").get(
            workspace_id=member.workspace_id, code=code
        )
    except Interaction.DoesNotExist:
        raise Http404("No such message.") from None


def open_drafts(member: Member) -> QuerySet[Draft]:
    """The member's unsent drafts, held ones first, then the most recently touched."""
    return (
        draft_queryset(member)
        .filter(author=member, status__in=OPEN_STATUSES)
        .select_related("contact", "in_reply_to")
        .order_by("hold_until", "-updated_at", "-id")
    )


def outbox_list(member: Member) -> QuerySet[OutboxEntry]:
    return (
        OutboxEntry.objects.filter(workspace_id=member.workspace_id, author=member)
        .select_related("contact")
        .order_by("-queued_at", "-id")
    )


@dataclass(frozen=True)
class HeldStats:
    """Cooling-off and tone, for a manager: replies held, changed before sending…"""

    held: int
    held_sent: int
    held_changed: int
    held_changed_sent: int
    held_waiting: int
    warned: int
    warned_changed: int
    suggestions: int
    by_rule: list[tuple[str, int]]

    @property
    def changed_share(self) -> float | None:
        return self.held_changed_sent / self.held_sent if self.held_sent else None


def held_stats(member: Member, *, since: datetime) -> HeldStats:
    """Two queries over the workspace's drafts since a time."""
    drafts = draft_queryset(member).filter(created_at__gte=since)
    held = Q(held_at__isnull=False)
    sent = Q(status=DraftStatus.SENT)
    agg = drafts.aggregate(
        held=Count("id", filter=held),
        held_sent=Count("id", filter=held & sent),
        held_changed=Count("id", filter=held & Q(changed_after_hold=True)),
        held_changed_sent=Count("id", filter=held & sent & Q(changed_after_hold=True)),
        held_waiting=Count("id", filter=held & Q(status__in=OPEN_STATUSES)),
        warned=Count("id", filter=Q(findings_shown_at__isnull=False)),
        warned_changed=Count("id", filter=Q(changed_after_findings=True)),
    )
    rules = (
        DraftEvent.objects.filter(
            workspace_id=member.workspace_id,
            kind=EventKind.SUGGESTION_APPLIED,
            at__gte=since,
        )
        .values_list("rule")
        .annotate(n=Count("id"))
        .order_by("-n", "rule")
    )
    by_rule = [(rule, n) for rule, n in rules]
    return HeldStats(**agg, suggestions=sum(n for _, n in by_rule), by_rule=by_rule)


def held_drafts(member: Member, *, since: datetime, limit: int = 50) -> QuerySet[Draft]:
    return (
        draft_queryset(member)
        .filter(held_at__isnull=False, held_at__gte=since)
        .select_related("author", "contact")
        .order_by("-held_at", "-id")[:limit]
    )
