"""Chasers with patience: after an unanswered reach-out, a few polite tries that back off
(2, 5, 12 days by default, per workspace), the last one a gentle final note, then rest."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from followthrough.contacts.models import Contact, Interaction
from followthrough.plans import schedule
from followthrough.plans.models import Chaser, ChaserReason, ChaserState, PlanSettings

DEFAULT_SCHEDULE = "2,5,12"
RESTED = "Final gentle note sent: let it rest. There is always the next prospect."


def workspace_schedule(workspace_id: int) -> str:
    found = (
        PlanSettings.objects.filter(workspace_id=workspace_id)
        .values_list("chaser_days", flat=True)
        .first()
    )
    return found or DEFAULT_SCHEDULE


def chaser_start(
    *,
    contact: Contact,
    reason: str,
    started_at: datetime,
    source: Interaction | None = None,
    schedule_days: str | None = None,
) -> Chaser | None:
    """Start chasing unless they asked not to be contacted or a chaser already runs."""
    if reason not in ChaserReason.values:
        raise ValidationError(
            {"reason": f"Reason must be one of {', '.join(ChaserReason.values)}."}
        )
    if contact.do_not_contact or contact.archived_at is not None:
        return None
    days = schedule_days or workspace_schedule(contact.workspace_id)
    gaps = schedule.parse_schedule(days)
    chaser = Chaser(
        workspace_id=contact.workspace_id,
        contact=contact,
        owner_id=contact.owner_id,
        reason=reason,
        source=source,
        started_at=started_at,
        schedule=days,
        next_due_at=schedule.chaser_due_at(
            started_at=started_at, last_try_at=None, gap_days=gaps[0]
        ),
    )
    try:
        with transaction.atomic():
            chaser.save()
    except IntegrityError:
        return None  # one chaser at a time per contact
    return chaser


def _lock(chaser: Chaser) -> None:
    chaser.refresh_from_db(from_queryset=Chaser.objects.select_for_update(of=("self",)))


@transaction.atomic
def chaser_record_try(*, chaser: Chaser, at: datetime) -> Chaser:
    """One more try made. After the last (the final gentle note) the chaser rests."""
    _lock(chaser)
    if chaser.state != ChaserState.ACTIVE:
        return chaser
    gaps = chaser.gaps
    chaser.tries_done += 1
    chaser.last_try_at = at
    if chaser.tries_done >= len(gaps):
        chaser.state = ChaserState.RESTING
        chaser.next_due_at = None
        chaser.ended_at = at
        chaser.end_reason = RESTED
        chaser.suggested = _suggestion(chaser, at)
    else:
        chaser.next_due_at = schedule.chaser_due_at(
            started_at=chaser.started_at, last_try_at=at, gap_days=gaps[chaser.tries_done]
        )
    chaser.save()
    return chaser


def chasers_answered(*, contact: Contact, at: datetime) -> int:
    """They got back to us: every chaser running for them ends. A conditional UPDATE."""
    return Chaser.objects.filter(
        contact=contact, state=ChaserState.ACTIVE, started_at__lte=at
    ).update(state=ChaserState.ANSWERED, next_due_at=None, ended_at=at, end_reason="They answered.")


@transaction.atomic
def chaser_rest(*, chaser: Chaser, now: datetime, reason: str) -> Chaser:
    """Let it rest now, before the tries run out (with why)."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why you let it rest (one line is enough)."})
    _lock(chaser)
    if chaser.state != ChaserState.ACTIVE:
        raise ValidationError({"__all__": "This chaser has already ended."})
    chaser.state = ChaserState.RESTING
    chaser.next_due_at = None
    chaser.ended_at = now
    chaser.end_reason = reason.strip()[:300]
    chaser.suggested = _suggestion(chaser, now)
    chaser.save()
    return chaser


def _suggestion(chaser: Chaser, now: datetime) -> dict[str, object]:
    """The next prospects, worked out as it comes to rest (Today words them on each read)."""
    from followthrough.plans.suggest import suggestion

    return suggestion(chaser.owner, now=now, exclude=chaser.contact_id)
