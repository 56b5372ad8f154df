"""Telling the customer, their choice, and closing a problem.

* The rep tells them (a call, email, message or meeting): the entry is logged on the
  contact's timeline, linked to the order and to every problem of the order still waiting to
  be told (one conversation covers them all), with the options offered.
* The customer acknowledging it on their order page ("Got it", or picking an option) counts
  as told. Merely opening the page does not: link previewers and mail scanners open it too.
* The customer picks an option (on their page, or the rep records what they said): the
  choice goes to the owner's Today until the owner marks it dealt with.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from followthrough.contacts.models import CallOutcome, Direction, Kind, MeetingOutcome
from followthrough.contacts.services import InteractionData, interaction_log
from followthrough.orders import rules
from followthrough.orders.models import (
    LIVE_PROBLEM_STATES,
    EventKind,
    HeardFirst,
    Order,
    OrderEvent,
    OrderInteraction,
    Problem,
    ProblemKind,
    ProblemState,
    ToldHow,
)
from followthrough.workspaces.models import Member

HOW: dict[str, tuple[str, str, str]] = {
    "call": (Kind.CALL, CallOutcome.CONNECTED, ""),
    "email": (Kind.EMAIL, "", ""),
    "message": (Kind.MESSAGE, "", ""),
    "meeting": (Kind.MEETING, "", MeetingOutcome.HELD),
}
HOW_CHOICES = (("call", "by phone"), ("email", "by email"), ("message", "by message"))


def headline(problem: Problem, order: Order) -> str:
    """One line saying what happened, in words a customer understands."""
    if problem.kind == ProblemKind.BACK_ORDER:
        what = problem.line.product if problem.line is not None else "an item"
        return f"{what} is back-ordered"
    if problem.kind == ProblemKind.DELIVERY_FAILED:
        return "the delivery did not go through"
    if problem.new_date is not None:
        day = problem.new_date
        return f"it will arrive {day:%a} {day.day} {day:%b}, later than promised"
    return "it is running late"


def _can_write(actor: Member | None, order: Order) -> None:
    if actor is None:
        return
    if actor.workspace_id != order.workspace_id:
        raise ValidationError("The order belongs to another workspace.")


def _event(order: Order, kind: str, *, now: datetime, actor: Member | None, note: str) -> None:
    OrderEvent.objects.create(
        workspace_id=order.workspace_id,
        order=order,
        kind=kind,
        at=now,
        received_at=now,
        note=note[:5000],
        actor=actor,
    )


@transaction.atomic
def problem_tell(
    *,
    problem: Problem,
    actor: Member,
    how: str,
    now: datetime,
    note: str = "",
    options: Sequence[str] = (),
) -> Problem:
    """The rep told the customer. Logs the call or message on the timeline and links it."""
    _can_write(actor, problem.order)
    if problem.state != ProblemState.TO_TELL:
        raise ValidationError(f"This was already dealt with ({problem.get_state_display()}).")
    if how not in HOW:
        raise ValidationError({"how": f"Say how you told them: {', '.join(HOW)}."})
    try:
        offered = rules.clean_options(list(options), problem.kind)
    except ValueError as exc:
        raise ValidationError({"options": str(exc)}) from None
    order = problem.order
    pending = list(
        order.problems.filter(state=ProblemState.TO_TELL).select_related("line").order_by("id")
    )
    kind, call_outcome, meeting_outcome = HOW[how]
    said = "; ".join(headline(p, order) for p in pending) or headline(problem, order)
    offered_text = ", ".join(rules.option_label(o, problem.kind).lower() for o in offered)
    body = "\n\n".join(part for part in (note.strip(), f"Options offered: {offered_text}.") if part)
    interaction = interaction_log(
        contact=order.contact,
        member=actor,
        data=InteractionData(
            kind=kind,
            direction=Direction.OUTBOUND,
            occurred_at=now,
            subject=f"Order {order.number}: {said}"[:300],
            body=body,
            call_outcome=call_outcome,
            meeting_outcome=meeting_outcome,
        ),
    )
    OrderInteraction.objects.get_or_create(
        order=order, interaction=interaction, defaults={"workspace_id": order.workspace_id}
    )
    for p in pending:
        p.state = ProblemState.TOLD
        p.told_at = now
        p.told_how = ToldHow.REP
        p.told_by = actor
        p.told_via = interaction
        p.options_offered = rules.clean_options(offered, p.kind)
        p.heard_first = p.heard_first or HeardFirst.US
        p.attention_at = None
        p.save()
    _event(order, EventKind.TOLD, now=now, actor=actor, note=body)
    problem.refresh_from_db()
    return problem


@transaction.atomic
def order_public_acknowledged(*, order: Order, now: datetime) -> list[Problem]:
    """The customer pressed "Got it" on their page: every problem shown to them counts as
    told. Opening the page does not (a link previewer or mail scanner opens it too)."""
    return _told_on_page(
        order, now=now, note="They confirmed on their order page that they saw it."
    )


def _told_on_page(order: Order, *, now: datetime, note: str) -> list[Problem]:
    Order.objects.filter(pk=order.pk).update(customer_viewed_at=now)
    order.customer_viewed_at = now
    told = list(order.problems.filter(state=ProblemState.TO_TELL, detected_at__lte=now))
    for p in told:
        p.state = ProblemState.TOLD
        p.told_at = now
        p.told_how = ToldHow.PAGE
        p.options_offered = p.options_offered or rules.options_for(p.kind)
        p.heard_first = p.heard_first or HeardFirst.US
        p.attention_at = None
        p.save()
    if told:
        _event(order, EventKind.TOLD, now=now, actor=None, note=note)
    return told


def _choose(problem: Problem, choice: str, *, now: datetime, note: str) -> None:
    offered = problem.options_offered or rules.options_for(problem.kind)
    if choice not in offered:
        labels = ", ".join(offered)
        raise ValidationError({"choice": f"Pick one of the options offered ({labels})."})
    problem.customer_choice = choice
    problem.choice_note = note.strip()[:2000]
    problem.chosen_at = now
    problem.state = ProblemState.CHOSEN
    problem.attention_at = now
    problem.save()


def _chose_event(
    order: Order, choice: str, kind: str, note: str, *, now: datetime, actor: Member | None
) -> None:
    who = "They" if actor is None else f"{actor.display_name} recorded that they"
    text = f"{who} chose: {rules.option_label(choice, kind)}." + (f"\n{note}" if note else "")
    _event(order, EventKind.CHOSE, now=now, actor=actor, note=text)


@transaction.atomic
def problem_record_choice(
    *,
    problem: Problem,
    choice: str,
    now: datetime,
    note: str = "",
    actor: Member | None = None,
) -> Problem:
    """The customer picked an option (the rep records what they said). It goes on the owner's
    Today until dealt with. They may change their mind until then."""
    if actor is not None:
        _can_write(actor, problem.order)
    if problem.state not in (ProblemState.TOLD, ProblemState.CHOSEN):
        if problem.state == ProblemState.TO_TELL:
            raise ValidationError("Tell them first: record how they heard of it.")
        raise ValidationError("This problem is closed.")
    _choose(problem, choice, now=now, note=note)
    _chose_event(problem.order, choice, problem.kind, problem.choice_note, now=now, actor=actor)
    return problem


@transaction.atomic
def order_record_choice(
    *, order: Order, choice: str, now: datetime, note: str = ""
) -> list[Problem]:
    """The customer's pick on their order page: it answers every problem of the order they
    were told about that offered it (one slip or several, one choice). Picking an option
    is also their acknowledgement: problems not yet told count as told on the page."""
    _told_on_page(order, now=now, note="They chose an option on their order page.")
    live = list(
        order.problems.filter(state__in=(ProblemState.TOLD, ProblemState.CHOSEN)).order_by("id")
    )
    taken = [p for p in live if choice in (p.options_offered or rules.options_for(p.kind))]
    if not taken:
        raise ValidationError({"choice": "Pick one of the options offered."})
    for p in taken:
        _choose(p, choice, now=now, note=note)
    kind = taken[0].kind if len({p.kind for p in taken}) == 1 else ""
    _chose_event(order, choice, kind, taken[0].choice_note, now=now, actor=None)
    return taken


@transaction.atomic
def problem_resolve(
    *, problem: Problem, actor: Member, now: datetime, with_siblings: bool = False
) -> Problem:
    """The owner dealt with it (did what the customer chose, or it sorted itself out).
    `with_siblings`: Today shows an order's choices as one item, and its "Done" closes every
    choice of that order waiting on the same owner."""
    _can_write(actor, problem.order)
    if problem.state not in LIVE_PROBLEM_STATES:
        raise ValidationError("This problem is already closed.")
    if problem.state == ProblemState.TO_TELL:
        raise ValidationError("Tell the customer first; then mark it dealt with.")
    was = problem.state
    problem.state = ProblemState.RESOLVED
    problem.resolved_at = now
    problem.attention_at = None
    problem.save(update_fields=["state", "resolved_at", "attention_at", "updated_at"])
    if with_siblings and was == ProblemState.CHOSEN:
        Problem.objects.filter(
            order_id=problem.order_id, owner_id=problem.owner_id, state=ProblemState.CHOSEN
        ).update(state=ProblemState.RESOLVED, resolved_at=now, attention_at=None, updated_at=now)
    return problem
