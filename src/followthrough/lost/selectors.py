"""Every read of losses and reasons, scoped to the acting member's workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from followthrough.commitments.models import State
from followthrough.contacts.models import Contact, Stage
from followthrough.lost.models import Loss, LostReason
from followthrough.lost.services import reasons_ensure
from followthrough.workspaces.models import Member, Workspace


def reasons_for(workspace: Workspace, *, with_retired: bool = False) -> list[LostReason]:
    reasons_ensure(workspace)
    qs = LostReason.objects.filter(workspace=workspace)
    if not with_retired:
        qs = qs.filter(retired_at__isnull=True)
    return list(qs)


def losses(member: Member) -> QuerySet[Loss]:
    return (
        Loss.objects.filter(workspace_id=member.workspace_id)
        .select_related("contact", "reason", "recorded_by", "corrective")
        .order_by("-lost_at", "-id")
    )


def access_loss(member: Member, code: str) -> Loss:
    try:
        return losses(member).get(code=code)
    except Loss.DoesNotExist:
        raise Http404("No such loss.") from None


def open_loss(contact: Contact) -> Loss | None:
    return (
        Loss.objects.filter(contact=contact, ended_at__isnull=True)
        .select_related("reason", "corrective", "corrective__owner")
        .first()
    )


def lost_without_reason(workspace: Workspace) -> QuerySet[Contact]:
    """Contacts that arrived lost (an import's "churned") with no reason on record yet."""
    return Contact.objects.filter(
        workspace=workspace, stage=Stage.LOST, archived_at__isnull=True
    ).exclude(losses__ended_at__isnull=True)


@dataclass(frozen=True)
class ReasonCount:
    key: str
    label: str
    ours: bool
    count: int
    share: float


@dataclass(frozen=True)
class LostFigures:
    total: int
    ours: int
    reasons: list[ReasonCount]  # most frequent first (a Pareto)
    corrective_total: int
    corrective_done: int
    corrective_broken: int
    competitors: list[tuple[str, int]]


def lost_figures(
    workspace: Workspace, start: datetime, end: datetime, members: list[Member] | None = None
) -> LostFigures:
    """Why customers left in [start, end): the reasons most often first, ours counted apart,
    and how the corrective actions for our-fault losses went. `members` limits it to losses
    of contacts those members own."""
    qs = Loss.objects.filter(workspace=workspace, lost_at__gte=start, lost_at__lt=end)
    if members is not None:
        qs = qs.filter(contact__owner__in=members)
    rows = list(
        qs.values("reason__key", "reason__label", "reason__ours")
        .annotate(n=Count("id"))
        .order_by("-n", "reason__label")
    )
    total = sum(r["n"] for r in rows)
    reasons = [
        ReasonCount(
            r["reason__key"],
            r["reason__label"],
            r["reason__ours"],
            r["n"],
            r["n"] / total if total else 0.0,
        )
        for r in rows
    ]
    done = qs.aggregate(
        all=Count("id", filter=Q(corrective__isnull=False)),
        kept=Count("id", filter=Q(corrective__state=State.KEPT)),
        broken=Count("id", filter=Q(corrective__state=State.BROKEN)),
    )
    competitors = list(
        qs.exclude(competitor="")
        .values_list("competitor")
        .annotate(n=Count("id"))
        .order_by("-n", "competitor")[:10]
    )
    return LostFigures(
        total=total,
        ours=sum(r.count for r in reasons if r.ours),
        reasons=reasons,
        corrective_total=done["all"],
        corrective_done=done["kept"],
        corrective_broken=done["broken"],
        competitors=[(name, n) for name, n in competitors],
    )
