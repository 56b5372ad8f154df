"""Every read of plans, enrollments and chasers, scoped to the acting member's workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from followthrough.contacts.models import (
    CallOutcome,
    Contact,
    Direction,
    Interaction,
    Kind,
    MeetingOutcome,
)
from followthrough.orders.models import Invoice
from followthrough.plans import schedule
from followthrough.plans.models import (
    Chaser,
    ChaserState,
    Enrollment,
    EnrollmentState,
    Plan,
    PlanKind,
    PlanSettings,
    Touch,
)
from followthrough.workspaces.models import Member


def plan_list(member: Member) -> QuerySet[Plan]:
    live = Touch.objects.filter(removed_at__isnull=True).order_by("position", "id")
    return (
        Plan.objects.filter(workspace_id=member.workspace_id)
        .prefetch_related(Prefetch("touches", queryset=live, to_attr="live"))
        .order_by("-builtin", "name")
    )


def access_plan(member: Member, code: str, *, write: bool = False) -> Plan:
    """A plan of the member's workspace; changing it needs the manager role."""
    if write and not member.is_manager:
        raise Http404("No such plan.")
    plan = plan_list(member).filter(code=code).first()
    if plan is None:
        raise Http404("No such plan.")
    return plan


def access_touch(member: Member, code: str) -> Touch:
    touch = (
        Touch.objects.select_related("plan")
        .filter(workspace_id=member.workspace_id, code=code, removed_at__isnull=True)
        .first()
    )
    if touch is None:
        raise Http404("No such touch.")
    return touch


def access_enrollment(member: Member, code: str) -> Enrollment:
    e = (
        Enrollment.objects.select_related("plan", "contact", "owner", "next_touch")
        .filter(workspace_id=member.workspace_id, code=code)
        .first()
    )
    if e is None:
        raise Http404("No such enrollment.")
    return e


def access_chaser(member: Member, code: str) -> Chaser:
    c = (
        Chaser.objects.select_related("contact", "owner")
        .filter(workspace_id=member.workspace_id, code=code)
        .first()
    )
    if c is None:
        raise Http404("No such chaser.")
    return c


def plan_settings(member: Member) -> PlanSettings:
    settings, _ = PlanSettings.objects.get_or_create(workspace_id=member.workspace_id)
    return settings


def due_enrollments(member: Member, *, until: datetime) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(
            owner=member,
            next_due_at__lte=until,
            state=EnrollmentState.ACTIVE,
            contact__do_not_contact=False,
        )
        .select_related("plan", "contact", "next_touch")
        .order_by("next_due_at")
    )


# Stay in touch ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StayRow:
    enrollment: Enrollment
    colour: str
    days: int | None  # since the last real two-way touch; None: never


def stay_rows(member: Member, *, now: datetime, everyone: bool = False) -> list[StayRow]:
    """Contacts on stay in touch, red first, then amber, then green; longest silence first."""
    qs = Enrollment.objects.filter(
        workspace_id=member.workspace_id,
        plan__kind=PlanKind.STAY_IN_TOUCH,
        state=EnrollmentState.ACTIVE,
    ).select_related("plan", "contact", "owner")
    if not everyone:
        qs = qs.filter(owner=member)
    rows = []
    for e in qs.order_by(F("contact__last_two_way_at").asc(nulls_first=True), "id")[:1000]:
        last = e.contact.last_two_way_at
        colour = schedule.stay_colour(
            last_two_way_at=last,
            since=e.anchored_at,
            ideal_days=e.plan.ideal_days or 30,
            max_days=e.plan.max_days or 60,
            now=now,
        )
        rows.append(StayRow(e, colour, (now - last).days if last else None))
    order = {schedule.RED: 0, schedule.AMBER: 1, schedule.GREEN: 2}
    return sorted(rows, key=lambda r: order[r.colour])


# The contact page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Frustrations:
    calls_not_returned: int
    meetings_missed: int
    payments_late: int

    @property
    def any(self) -> bool:
        return bool(self.calls_not_returned or self.meetings_missed or self.payments_late)


RETURN_WITHIN = timedelta(days=14)


def frustrations(contact: Contact, *, today_date: object) -> Frustrations:
    """Plain counts a member can see a pattern in: our calls they never returned (no word
    from them within two weeks), meetings missed without notice, invoices paid late or overdue."""
    rows = list(
        Interaction.objects.filter(contact=contact)
        .exclude(direction=Direction.INTERNAL)
        .order_by("occurred_at")
        .values_list("kind", "direction", "call_outcome", "meeting_outcome", "occurred_at")[:2000]
    )
    heard = [
        at
        for kind, direction, call, meeting, at in rows
        if direction == Direction.INBOUND
        or (kind == Kind.CALL and call == CallOutcome.CONNECTED)
        or (kind == Kind.MEETING and meeting == MeetingOutcome.HELD)
    ]
    unreturned = 0
    missed = 0
    for kind, direction, call, meeting, at in rows:
        if kind == Kind.MEETING and meeting == MeetingOutcome.NO_SHOW:
            missed += 1
        if (
            kind == Kind.CALL
            and direction == Direction.OUTBOUND
            and call in (CallOutcome.NO_ANSWER, CallOutcome.VOICEMAIL)
            and not any(at < h <= at + RETURN_WITHIN for h in heard)
        ):
            unreturned += 1
    late = Invoice.objects.filter(order__contact=contact).filter(
        Q(paid_date__gt=F("due_date")) | Q(paid_date__isnull=True, due_date__lt=today_date)
    )
    return Frustrations(unreturned, missed, late.count())


@dataclass(frozen=True)
class ContactPlans:
    enrollments: list[Enrollment]
    chasers: list[Chaser]
    can_join: list[Plan]
    frustrations: Frustrations


def contact_plans(member: Member, contact: Contact, *, now: datetime) -> ContactPlans:
    enrollments = list(
        Enrollment.objects.filter(workspace_id=member.workspace_id, contact=contact)
        .select_related("plan", "next_touch", "moved_from__plan")
        .order_by(F("ended_at").desc(nulls_first=True), "-started_at")[:20]
    )
    active = {e.plan_id for e in enrollments if e.state == EnrollmentState.ACTIVE}
    plans = [
        p
        for p in Plan.objects.filter(workspace_id=member.workspace_id, active=True).order_by("name")
        if p.pk not in active
    ]
    chasers = list(
        Chaser.objects.filter(workspace_id=member.workspace_id, contact=contact).order_by(
            "-started_at"
        )[:5]
    )
    return ContactPlans(enrollments, chasers, plans, frustrations(contact, today_date=now.date()))


def active_chaser(contact: Contact) -> Chaser | None:
    return Chaser.objects.filter(contact=contact, state=ChaserState.ACTIVE).first()
