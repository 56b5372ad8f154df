"""What plans do when something happens elsewhere: an interaction is logged (the timeline's
post-log hook) or an order completes (the orders' completion hook). Both run inside the
transaction of the change that triggered them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError

from followthrough.composer.models import OPEN_STATUSES, Draft
from followthrough.contacts.models import (
    CallOutcome,
    Contact,
    Direction,
    Interaction,
    Kind,
    MeetingOutcome,
)
from followthrough.contacts.services import InteractionData, is_two_way
from followthrough.orders.models import Order
from followthrough.plans import chasers
from followthrough.plans.models import (
    Chaser,
    ChaserReason,
    ChaserState,
    Enrollment,
    EnrollmentState,
    Outcome,
    PlanKind,
)
from followthrough.plans.services import (
    builtin_plan,
    enrollment_start,
    guidance_plan_kind,
    touch_complete,
)

# A touch logged from Today completes that touch itself; the hook must not complete another.
_LOGGING_TOUCH: ContextVar[bool] = ContextVar("plans_logging_touch", default=False)
SENT_WITHIN = timedelta(days=1)  # a message sent up to a day before its touch is due counts


@contextmanager
def touch_logging() -> Iterator[None]:
    token = _LOGGING_TOUCH.set(True)
    try:
        yield
    finally:
        _LOGGING_TOUCH.reset(token)


def after_interaction(interaction: Interaction, data: InteractionData) -> None:
    contact = interaction.contact
    at = data.occurred_at
    if data.direction == Direction.INBOUND or is_two_way(data):
        chasers.chasers_answered(contact=contact, at=at)
        if is_two_way(data):
            _restart_stay_in_touch(contact, at)
    elif data.direction == Direction.OUTBOUND:
        touched = False if _LOGGING_TOUCH.get() else _complete_sent_touch(interaction, data)
        _chase(contact, interaction, data, touched=touched)
    if data.kind == Kind.MEETING and data.meeting_outcome == MeetingOutcome.NO_SHOW:
        chasers.chaser_start(
            contact=contact, reason=ChaserReason.NO_SHOW, started_at=at, source=interaction
        )


def _restart_stay_in_touch(contact: Contact, at: datetime) -> None:
    """A real two-way touch restarts every stay-in-touch clock of the contact."""
    last = max(at, contact.last_two_way_at or at)
    for e in Enrollment.objects.filter(
        contact=contact, plan__kind=PlanKind.STAY_IN_TOUCH, state=EnrollmentState.ACTIVE
    ).select_related("plan"):
        due = last + timedelta(days=e.plan.ideal_days or 30)
        if e.next_due_at != due:
            Enrollment.objects.filter(pk=e.pk).update(next_due_at=due)


def _complete_sent_touch(interaction: Interaction, data: InteractionData) -> bool:
    """A message sent from the composer with a due touch's kind completes that touch."""
    if data.kind not in (Kind.EMAIL, Kind.MESSAGE) or interaction.member_id is None:
        return False
    kind = (
        Draft.objects.filter(
            author_id=interaction.member_id,
            contact_id=interaction.contact_id,
            status__in=OPEN_STATUSES,
            subject=interaction.subject,
            body=data.body,
        )
        .values_list("kind", flat=True)
        .first()
    )
    if kind is None:
        return False
    due = (
        Enrollment.objects.filter(
            contact_id=interaction.contact_id,
            state=EnrollmentState.ACTIVE,
            next_due_at__lte=data.occurred_at + SENT_WITHIN,
            next_touch__kind=kind,
        )
        .select_related("next_touch", "plan", "contact", "owner")
        .order_by("next_due_at")
        .first()
    )
    if due is None:
        return False
    touch_complete(
        enrollment=due,
        outcome=Outcome.SENT,
        now=data.occurred_at,
        actor=interaction.member,
        interaction=interaction,
    )
    return True


def _chase(
    contact: Contact, interaction: Interaction, data: InteractionData, *, touched: bool
) -> None:
    """An outbound that did not reach them: a try of the running chaser, or a new chaser."""
    running = Chaser.objects.filter(contact=contact, state=ChaserState.ACTIVE).first()
    if running is not None:
        if running.source_id != interaction.pk:
            chasers.chaser_record_try(chaser=running, at=data.occurred_at)
        return
    if contact.last_outbound_at and data.occurred_at < contact.last_outbound_at:
        return  # an old entry (an import): not a reach-out waiting for an answer now
    if contact.last_inbound_at and contact.last_inbound_at >= data.occurred_at:
        return
    reason = _chaser_reason(interaction, data, touched=touched)
    if reason:
        chasers.chaser_start(
            contact=contact, reason=reason, started_at=data.occurred_at, source=interaction
        )


def _chaser_reason(interaction: Interaction, data: InteractionData, *, touched: bool) -> str:
    if data.kind == Kind.CALL and data.call_outcome in (
        CallOutcome.NO_ANSWER,
        CallOutcome.VOICEMAIL,
    ):
        return ChaserReason.UNRETURNED_CALL
    if data.kind not in (Kind.EMAIL, Kind.MESSAGE) or touched or data.in_reply_to is not None:
        return ""  # a plan's touch asks nothing of them; a reply answers them
    if _LOGGING_TOUCH.get():
        return ""
    answered = Interaction.objects.filter(
        contact_id=interaction.contact_id, replied_at=data.occurred_at
    ).exists()
    return "" if answered else ChaserReason.UNANSWERED_MESSAGE


def after_order_completed(order: Order, at: datetime) -> None:
    """A contact's first completed order starts the after-purchase plan, and coaching or
    low-touch by their preference."""
    contact = order.contact
    if contact.do_not_contact:
        return
    earlier = (
        Order.objects.filter(contact=contact, completed_at__isnull=False)
        .exclude(pk=order.pk)
        .exists()
    )
    started = Enrollment.objects.filter(
        contact=contact, plan__kind=PlanKind.AFTER_PURCHASE
    ).exists()
    if earlier or started:
        return
    for kind in (PlanKind.AFTER_PURCHASE, guidance_plan_kind(contact.guidance)):
        plan = builtin_plan(contact.workspace_id, kind)
        if plan is None or not plan.active:
            continue
        try:
            enrollment_start(
                contact=contact, plan=plan, now=at, anchored_at=at, source="first_order"
            )
        except ValidationError:
            continue  # already in it, or cannot be contacted
