"""Every read of the promise ledger, scoped to the acting member's workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from followthrough.commitments import credibility
from followthrough.commitments.models import Commitment, CommitmentEvent, Credibility, Side, State
from followthrough.workspaces.models import Member


def commitment_queryset(member: Member) -> QuerySet[Commitment]:
    return Commitment.objects.filter(workspace_id=member.workspace_id)


def access_commitment(member: Member, code: str, *, write: bool = False) -> Commitment:
    """The only way a view gets a promise. Changing one needs its owner or a manager."""
    try:
        c = commitment_queryset(member).select_related("owner__user", "contact").get(code=code)
    except Commitment.DoesNotExist:
        raise Http404("No such promise.") from None
    if write and not (member.is_manager or c.owner_id == member.pk):
        raise Http404("No such promise.")
    return c


@dataclass(frozen=True)
class CommitmentFilters:
    owner: Member | None = None
    state: str = ""
    side: str = ""
    contact_id: int | None = None
    needs_attention: bool = False


def commitment_list(member: Member, filters: CommitmentFilters) -> QuerySet[Commitment]:
    qs = commitment_queryset(member).select_related("owner", "contact")
    if filters.owner is not None:
        qs = qs.filter(owner=filters.owner)
    if filters.state in State.values:
        qs = qs.filter(state=filters.state)
    if filters.side in Side.values:
        qs = qs.filter(side=filters.side)
    if filters.contact_id is not None:
        qs = qs.filter(contact_id=filters.contact_id)
    if filters.needs_attention:
        qs = qs.filter(attention_at__isnull=False)
    return qs.order_by("-due_at", "-id")


def commitment_history(c: Commitment) -> QuerySet[CommitmentEvent]:
    return c.events.select_related("by", "interaction").order_by("at", "id")


def contact_commitments(member: Member, contact_id: int, *, limit: int = 20) -> list[Commitment]:
    """Promises about one contact: the live ones first, then the most recent."""
    qs = commitment_queryset(member).filter(contact_id=contact_id).select_related("owner")
    return sorted(
        qs.order_by("-due_at")[:limit],
        key=lambda c: (not c.needs_attention, -c.due_at.timestamp()),
    )


# Credibility and kept-rate ---------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """What the member's page and the API show: credibility and kept-rates."""

    score: float
    kept: int
    broken: int
    kept_30: int
    broken_30: int
    kept_90: int
    broken_90: int

    @property
    def score_label(self) -> int:
        return round(self.score)

    @property
    def kept_rate_30(self) -> float | None:
        return credibility.kept_rate(self.kept_30, self.broken_30)

    @property
    def kept_rate_90(self) -> float | None:
        return credibility.kept_rate(self.kept_90, self.broken_90)

    @property
    def tone(self) -> str:
        return "good" if self.score >= 80 else "warn" if self.score >= 50 else "bad"

    @property
    def kept_rate_before(self) -> float | None:
        """The kept-rate of the 60 days before the last 30."""
        return credibility.kept_rate(self.kept_90 - self.kept_30, self.broken_90 - self.broken_30)

    @property
    def trend(self) -> str:
        """ "up", "down" or "steady": the last 30 days' kept-rate against the 60 days before
        them (5 points either way is a change); "" while either stretch has no outcome."""
        now, before = self.kept_rate_30, self.kept_rate_before
        if now is None or before is None:
            return ""
        if now - before >= 0.05:
            return "up"
        if before - now >= 0.05:
            return "down"
        return "steady"

    @property
    def trend_label(self) -> str:
        before = self.kept_rate_before
        words = {"up": "↑ keeping more", "down": "↓ keeping fewer", "steady": "→ steady"}
        if not self.trend or before is None:
            return ""
        return f"{words[self.trend]} than the 60 days before ({before:.0%})"


def standing_of(member: Member, *, now: datetime) -> Standing:
    """Two queries: the stored score and one aggregate over the last 90 days."""
    row = Credibility.objects.filter(member=member).first()
    since_30 = credibility.window_start(now, 30)
    since_90 = credibility.window_start(now, 90)
    recent = Commitment.objects.filter(
        owner=member, side=Side.OURS, closed_at__gte=since_90, closed_at__lte=now
    )
    counts = recent.aggregate(
        kept_90=Count("id", filter=Q(state=State.KEPT)),
        broken_90=Count("id", filter=Q(state=State.BROKEN)),
        kept_30=Count("id", filter=Q(state=State.KEPT, closed_at__gte=since_30)),
        broken_30=Count("id", filter=Q(state=State.BROKEN, closed_at__gte=since_30)),
    )
    return Standing(
        score=row.score if row else credibility.START,
        kept=row.kept if row else 0,
        broken=row.broken if row else 0,
        **counts,
    )


# Making a promise: what else is due then, and a safer time -------------------------------


def due_between(
    member: Member, start: datetime, end: datetime, *, limit: int = 8
) -> list[Commitment]:
    """The member's own open promises due in a window (for "what else is due then")."""
    return list(
        Commitment.objects.filter(
            owner=member, state=State.OPEN, side=Side.OURS, due_at__gte=start, due_at__lte=end
        )
        .select_related("contact")
        .order_by("due_at")[:limit]
    )


def past_runs(member: Member, *, now: datetime, limit: int = 300) -> list[credibility.Run]:
    """How the member's recent promises ran: lead time and lateness (one query)."""
    rows = (
        Commitment.objects.filter(owner=member, side=Side.OURS)
        .exclude(state__in=[State.OPEN, State.RELEASED])
        .order_by("-closed_at")
        .values_list("made_at", "due_at", "state", "late_seconds")[:limit]
    )
    runs = []
    for made_at, due_at, state, late_seconds in rows:
        if late_seconds is None:  # broken and not yet dealt with: at least this late
            late = max(timedelta(0), now - due_at) if state == State.BROKEN else timedelta(0)
        else:
            late = timedelta(seconds=late_seconds)
        runs.append(credibility.Run(lead=due_at - made_at, late=late))
    return runs


def safer_time(member: Member, *, due_at: datetime, now: datetime) -> credibility.SaferTime | None:
    """Rounded in the member's zone, so "a safer time" lands on their quarter hours."""
    local = due_at.astimezone(ZoneInfo(member.timezone))
    return credibility.safer_due(due_at=local, now=now, history=past_runs(member, now=now))
