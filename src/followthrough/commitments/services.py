"""Every change to the promise ledger: make, keep, renegotiate, release, and the sweep.

Rules (PRODUCT.md, "Commitment"):

* kept = marked done (or fulfilled by a logged call/message) while still open;
* renegotiated = a new due time recorded *and* the customer told before the old one passed;
  the old promise closes as renegotiated and a new open one carries the new time;
* broken = still open when its due time passes. The sweep sets it; any service that
  touches an open promise past its due time first breaks it (at its due time), so the
  outcome never depends on when the sweep last ran;
* a broken promise stays broken. Dealing with it anyway (done late, renegotiated late,
  released) "settles" it, which takes it off Today.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from followthrough.commitments import credibility
from followthrough.commitments.models import (
    Commitment,
    CommitmentEvent,
    Credibility,
    EventKind,
    FulfilledBy,
    Side,
    State,
)
from followthrough.contacts.models import (
    CallOutcome,
    Contact,
    Direction,
    Interaction,
    Kind,
    MeetingOutcome,
)
from followthrough.contacts.services import InteractionData
from followthrough.workspaces.models import Member

MAX_AHEAD = timedelta(days=366 * 2)


def _event(
    c: Commitment,
    kind: str,
    *,
    at: datetime,
    by: Member | None,
    new_due_at: datetime | None = None,
    interaction: Interaction | None = None,
    note: str = "",
) -> CommitmentEvent:
    return CommitmentEvent.objects.create(
        workspace_id=c.workspace_id,
        commitment=c,
        kind=kind,
        at=at,
        by=by,
        due_at=c.due_at,
        new_due_at=new_due_at,
        interaction=interaction,
        note=note[:500],
    )


def _validate_due(due_at: datetime, now: datetime, field: str = "due") -> None:
    if due_at.tzinfo is None:
        raise ValidationError({field: "The due time needs a timezone."})
    if due_at <= now:
        raise ValidationError({field: "That time has already passed: a promise is about later."})
    if due_at > now + MAX_AHEAD:
        raise ValidationError({field: "That is more than two years away; pick a nearer time."})


def _can_write(actor: Member | None, c: Commitment) -> None:
    if actor is None:
        return
    if actor.workspace_id != c.workspace_id or not (actor.pk == c.owner_id or actor.is_manager):
        raise ValidationError("Only the promise's owner or a manager can change it.")


@transaction.atomic
def commitment_create(
    *,
    owner: Member,
    contact: Contact,
    what: str,
    due_at: datetime,
    now: datetime,
    actor: Member | None = None,
    side: str = Side.OURS,
    due_text: str = "",
    fulfilled_by: str = FulfilledBy.NOTHING,
    about: Interaction | None = None,
    renegotiated_from: Commitment | None = None,
) -> Commitment:
    """Record a promise (ours to the customer, or theirs to us)."""
    errors: dict[str, str] = {}
    what = " ".join(what.split())
    if not what:
        errors["what"] = "Say what was promised, e.g. “call back with pricing”."
    elif len(what) > 300:
        errors["what"] = "Keep it under 300 characters."
    if side not in Side.values:
        errors["side"] = "Side must be ours or theirs."
    if fulfilled_by not in FulfilledBy.values:
        errors["fulfilled_by"] = "Fulfilled by must be '', call, message or any."
    if contact.workspace_id != owner.workspace_id:
        errors["contact"] = "The contact must belong to the owner's workspace."
    if actor is not None and actor.workspace_id != owner.workspace_id:
        errors["owner"] = "The owner must be a member of your workspace."
    if about is not None and about.contact_id != contact.pk:
        errors["about"] = "The interaction must be on this contact's timeline."
    if errors:
        raise ValidationError(errors)
    _validate_due(due_at, now)
    c = Commitment.objects.create(
        workspace_id=owner.workspace_id,
        owner=owner,
        contact=contact,
        side=side,
        what=what,
        due_at=due_at,
        due_text=due_text.strip()[:100],
        fulfilled_by=fulfilled_by,
        about=about,
        renegotiated_from=renegotiated_from,
        made_at=now,
        attention_at=due_at,
    )
    _event(c, EventKind.MADE, at=now, by=actor or owner)
    return c


def _lock(c: Commitment) -> Commitment:
    """Re-read the row inside the transaction (locked on PostgreSQL) before changing it."""
    return Commitment.objects.select_for_update().select_related("owner").get(pk=c.pk)


def _break_if_due(c: Commitment, *, now: datetime) -> bool:
    """An open promise whose time has passed is broken, whoever notices first."""
    if c.state != State.OPEN or c.due_at > now:
        return False
    c.state = State.BROKEN
    c.closed_at = c.due_at
    c.save(update_fields=["state", "closed_at", "updated_at"])
    _event(c, EventKind.BROKEN, at=c.due_at, by=None, note="Still open at its due time.")
    if c.side == Side.OURS:
        credibility_record(member=c.owner, outcomes=[(credibility.Outcome.BROKEN, c.due_at)])
    return True


def _settle(
    c: Commitment,
    *,
    now: datetime,
    kind: str,
    by: Member | None,
    new_due_at: datetime | None = None,
    interaction: Interaction | None = None,
    note: str = "",
) -> None:
    c.settled_at = now
    c.attention_at = None
    c.late_seconds = max(0, int((now - c.due_at).total_seconds()))
    c.save(update_fields=["settled_at", "attention_at", "late_seconds", "updated_at"])
    _event(c, kind, at=now, by=by, new_due_at=new_due_at, interaction=interaction, note=note)


@transaction.atomic
def commitment_keep(
    *,
    commitment: Commitment,
    actor: Member | None,
    now: datetime,
    interaction: Interaction | None = None,
    note: str = "",
) -> Commitment:
    """Mark a promise done. Past its due time that is "done late": it stays broken."""
    _can_write(actor, commitment)
    c = _lock(commitment)
    _break_if_due(c, now=now)
    if c.state == State.OPEN:
        c.state = State.KEPT
        c.closed_at = now
        c.attention_at = None
        c.late_seconds = 0
        c.save(update_fields=["state", "closed_at", "attention_at", "late_seconds", "updated_at"])
        _event(c, EventKind.KEPT, at=now, by=actor, interaction=interaction, note=note)
        if c.side == Side.OURS:
            credibility_record(member=c.owner, outcomes=[(credibility.Outcome.KEPT, now)])
    elif c.state == State.BROKEN and c.settled_at is None and interaction is not None:
        if now <= c.due_at:
            _unbreak(c, now=now, interaction=interaction, note=note)
        else:
            _settle(c, now=now, kind=EventKind.DONE_LATE, by=actor, interaction=interaction)
    elif c.state == State.BROKEN and c.settled_at is None:
        _settle(c, now=now, kind=EventKind.DONE_LATE, by=actor, interaction=interaction, note=note)
    else:
        raise ValidationError(f"This promise is already {c.get_state_display().lower()}.")
    return c


def _unbreak(c: Commitment, *, now: datetime, interaction: Interaction, note: str) -> None:
    """The timeline shows it was done in time, only logged after the sweep broke it."""
    c.state = State.KEPT
    c.closed_at = now
    c.attention_at = None
    c.late_seconds = 0
    c.save(update_fields=["state", "closed_at", "attention_at", "late_seconds", "updated_at"])
    _event(c, EventKind.KEPT, at=now, by=None, interaction=interaction, note=note)
    if c.side == Side.OURS:
        credibility_refresh(member=c.owner)


@transaction.atomic
def commitment_renegotiate(
    *,
    commitment: Commitment,
    actor: Member | None,
    now: datetime,
    new_due_at: datetime,
    told: bool,
    due_text: str = "",
    note: str = "",
) -> Commitment:
    """Record a new due time the customer has been told. Returns the new open promise.

    Before the old due time this is an honest change: the old promise closes as
    renegotiated. After it, the old promise is broken (at its due time) and settled.
    """
    if not told:
        raise ValidationError(
            {"told": "Renegotiating means telling them: tell the customer the new time first."}
        )
    _can_write(actor, commitment)
    c = _lock(commitment)
    _validate_due(new_due_at, now, "due")
    _break_if_due(c, now=now)
    if c.state == State.OPEN:
        c.state = State.RENEGOTIATED
        c.closed_at = now
        c.attention_at = None
        c.late_seconds = max(0, int((new_due_at - c.due_at).total_seconds()))
        c.save(update_fields=["state", "closed_at", "attention_at", "late_seconds", "updated_at"])
        _event(c, EventKind.RENEGOTIATED, at=now, by=actor, new_due_at=new_due_at, note=note)
    elif c.state == State.BROKEN and c.settled_at is None:
        _settle(c, now=now, kind=EventKind.RENEGOTIATED, by=actor, new_due_at=new_due_at, note=note)
    else:
        raise ValidationError(f"This promise is already {c.get_state_display().lower()}.")
    return commitment_create(
        owner=c.owner,
        contact=c.contact,
        what=c.what,
        due_at=new_due_at,
        now=now,
        actor=actor,
        side=c.side,
        due_text=due_text,
        fulfilled_by=c.fulfilled_by,
        about=c.about,
        renegotiated_from=c,
    )


@transaction.atomic
def commitment_release(
    *, commitment: Commitment, actor: Member | None, now: datetime, reason: str
) -> Commitment:
    """The customer no longer needs it (or we agreed to drop it): neither kept nor broken."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": "Say why the promise no longer stands."})
    _can_write(actor, commitment)
    c = _lock(commitment)
    _break_if_due(c, now=now)
    if c.state == State.OPEN:
        c.state = State.RELEASED
        c.closed_at = now
        c.attention_at = None
        c.save(update_fields=["state", "closed_at", "attention_at", "updated_at"])
        _event(c, EventKind.RELEASED, at=now, by=actor, note=reason)
    elif c.state == State.BROKEN and c.settled_at is None:
        _settle(c, now=now, kind=EventKind.RELEASED, by=actor, note=reason)
    else:
        raise ValidationError(f"This promise is already {c.get_state_display().lower()}.")
    return c


@transaction.atomic
def commitment_edit(
    *, commitment: Commitment, actor: Member | None, now: datetime, what: str, fulfilled_by: str
) -> Commitment:
    """Reword an open promise or change what fulfils it. The due time changes only by
    renegotiating."""
    _can_write(actor, commitment)
    c = _lock(commitment)
    if not c.needs_attention:
        raise ValidationError(f"This promise is already {c.get_state_display().lower()}.")
    what = " ".join(what.split())
    if not what or len(what) > 300:
        raise ValidationError({"what": "Say what was promised, in under 300 characters."})
    if fulfilled_by not in FulfilledBy.values:
        raise ValidationError({"fulfilled_by": "Fulfilled by must be '', call, message or any."})
    c.what, c.fulfilled_by = what, fulfilled_by
    c.save(update_fields=["what", "fulfilled_by", "updated_at"])
    _event(c, EventKind.EDITED, at=now, by=actor)
    return c


# Fulfilment by a logged interaction ------------------------------------------------------


def fulfils(fulfilled_by: str, side: str, data: InteractionData) -> bool:
    """Does this timeline entry do what the promise said would fulfil it?"""
    wanted = Direction.OUTBOUND if side == Side.OURS else Direction.INBOUND
    if not fulfilled_by or data.direction != wanted:
        return False
    is_call = data.kind == Kind.CALL and data.call_outcome in (
        CallOutcome.CONNECTED,
        CallOutcome.VOICEMAIL,
    )
    # An inbound call is them calling us: it fulfils "they will call" whatever we noted.
    if data.kind == Kind.CALL and side == Side.THEIRS:
        is_call = True
    is_message = data.kind in (Kind.EMAIL, Kind.MESSAGE)
    if fulfilled_by == FulfilledBy.CALL:
        return is_call
    if fulfilled_by == FulfilledBy.MESSAGE:
        return is_message
    held = data.kind == Kind.MEETING and data.meeting_outcome == MeetingOutcome.HELD
    return is_call or is_message or held


def commitments_fulfil_from_interaction(interaction: Interaction, data: InteractionData) -> None:
    """Post-log hook (registered in CommitmentsConfig.ready): keep what this entry fulfils.

    Runs inside `interaction_log`'s transaction. Only promises made before the entry
    happened, and still needing something, are considered.
    """
    if data.direction == Direction.INTERNAL:
        return
    candidates = Commitment.objects.filter(
        contact_id=interaction.contact_id,
        attention_at__isnull=False,
        made_at__lte=data.occurred_at,
    ).exclude(fulfilled_by="")
    for c in candidates.select_related("owner"):
        if fulfils(c.fulfilled_by, c.side, data):
            commitment_keep(
                commitment=c,
                actor=None,
                now=data.occurred_at,
                interaction=interaction,
                note=f"Fulfilled by the logged {interaction.get_kind_display().lower()}.",
            )


# Credibility --------------------------------------------------------------------------


def _credibility_row(member: Member) -> Credibility:
    row, _ = Credibility.objects.select_for_update().get_or_create(member=member)
    return row


@transaction.atomic
def credibility_record(
    *, member: Member, outcomes: Iterable[tuple[credibility.Outcome, datetime]]
) -> Credibility:
    """Apply new outcomes to the stored score; if any is older than the last one applied,
    rebuild from the whole history so the order of events, not of writes, decides."""
    row = _credibility_row(member)
    ordered = sorted(outcomes, key=lambda o: o[1])
    if not ordered:
        return row
    if row.last_outcome_at is not None and ordered[0][1] < row.last_outcome_at:
        return credibility_refresh(member=member)
    score = row.score
    for outcome, _at in ordered:
        score = credibility.step(score, outcome)
        if outcome == credibility.Outcome.KEPT:
            row.kept += 1
        else:
            row.broken += 1
    row.score = score
    row.last_outcome_at = ordered[-1][1]
    row.save()
    return row


@transaction.atomic
def credibility_refresh(*, member: Member) -> Credibility:
    """Rebuild a member's credibility from their promises' outcomes, oldest first."""
    row = _credibility_row(member)
    history = (
        Commitment.objects.filter(
            owner=member, side=Side.OURS, state__in=[State.KEPT, State.BROKEN]
        )
        .order_by("closed_at", "id")
        .values_list("state", "closed_at")
    )
    states = [(s, at) for s, at in history]
    row.score = credibility.score_of(s for s, _ in states)
    row.kept = sum(1 for s, _ in states if s == State.KEPT)
    row.broken = len(states) - row.kept
    row.last_outcome_at = states[-1][1] if states else None
    row.save()
    return row


# The sweep ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    broken: int
    batches: int


SWEEP_BATCH = 2000


def commitments_sweep(*, now: datetime, batch: int = SWEEP_BATCH) -> SweepResult:
    """Break every promise still open past its due time. Idempotent and safe to run in
    several workers at once: rows are claimed by a conditional UPDATE … RETURNING, so a
    row another worker already broke is simply not returned."""
    total = batches = 0
    while True:
        claimed = _sweep_batch(now=now, batch=batch)
        if claimed == 0:
            break
        total += claimed
        batches += 1
        if claimed < batch:
            break
    return SweepResult(broken=total, batches=batches)


@transaction.atomic
def _sweep_batch(*, now: datetime, batch: int) -> int:
    table = connection.ops.quote_name(Commitment._meta.db_table)
    sql = (
        f"UPDATE {table} SET state = %s, closed_at = due_at, updated_at = %s "  # noqa: S608
        f"WHERE state = %s AND due_at < %s AND id IN ("
        f"SELECT id FROM {table} WHERE state = %s AND due_at < %s ORDER BY due_at LIMIT %s) "
        "RETURNING id, workspace_id, owner_id, side, due_at"
    )
    at = connection.ops.adapt_datetimefield_value(now)  # the text SQLite stores, or as is
    params = [str(State.BROKEN), at, str(State.OPEN), at, str(State.OPEN), at, batch]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return 0
    CommitmentEvent.objects.bulk_create(
        CommitmentEvent(
            workspace_id=ws,
            commitment_id=pk,
            kind=EventKind.BROKEN,
            at=_aware(due),
            by=None,
            due_at=_aware(due),
            note="Still open at its due time.",
        )
        for pk, ws, _owner, _side, due in rows
    )
    per_owner: dict[int, list[tuple[credibility.Outcome, datetime]]] = defaultdict(list)
    for _pk, _ws, owner, side, due in rows:
        if side == Side.OURS:
            per_owner[owner].append((credibility.Outcome.BROKEN, _aware(due)))
    for member in Member.objects.filter(pk__in=per_owner):
        credibility_record(member=member, outcomes=per_owner[member.pk])
    return len(rows)


def _aware(value: object) -> datetime:
    """Raw SQL hands SQLite datetimes back as text; PostgreSQL as aware datetimes."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
