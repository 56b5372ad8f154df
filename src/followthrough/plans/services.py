"""Every change to plans, touches and enrollments. Web views, the API, hooks and the sweep
all call these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from followthrough.composer.services import parse_tags
from followthrough.contacts.models import (
    CallOutcome,
    Contact,
    Direction,
    Guidance,
    Interaction,
    Kind,
    MeetingOutcome,
)
from followthrough.contacts.services import InteractionData, interaction_log
from followthrough.plans import schedule
from followthrough.plans.defaults import BUILTIN
from followthrough.plans.models import (
    Anchor,
    DateField,
    Enrollment,
    EnrollmentState,
    Outcome,
    Plan,
    PlanKind,
    PlanSettings,
    Touch,
    TouchChannel,
    TouchKind,
    TouchLog,
)
from followthrough.workspaces import access
from followthrough.workspaces.models import Member, Workspace

# Built-in plans ------------------------------------------------------------------------------


@transaction.atomic
def plans_install_defaults(workspace: Workspace) -> list[Plan]:
    """Create the built-in plans (and the plan settings) a workspace lacks. Idempotent."""
    PlanSettings.objects.get_or_create(workspace=workspace)
    have = {p.kind: p for p in Plan.objects.filter(workspace=workspace, builtin=True)}
    made: list[Plan] = []
    for spec in BUILTIN:
        if spec.kind in have:
            continue
        name = spec.name
        if Plan.objects.filter(workspace=workspace, name=name).exists():
            name = f"{name} (built in)"
        plan = Plan.objects.create(
            workspace=workspace,
            kind=spec.kind,
            name=name,
            description=spec.description,
            anchor=spec.anchor,
            builtin=True,
            ideal_days=spec.ideal_days,
            max_days=spec.max_days,
        )
        Touch.objects.bulk_create(
            Touch(
                workspace=workspace,
                plan=plan,
                position=n,
                offset_days=t.offset_days,
                on_date=t.on_date,
                channel=t.channel,
                kind=t.kind,
                title=t.title,
                subject=t.subject,
                body=t.body,
                guidance=t.guidance,
                policy_tags=t.tags,
            )
            for n, t in enumerate(spec.touches, start=1)
        )
        made.append(plan)
    return made


def builtin_plan(workspace_id: int, kind: str) -> Plan | None:
    return Plan.objects.filter(workspace_id=workspace_id, kind=kind, builtin=True).first()


# Editing plans and touches (managers) --------------------------------------------------------


def _require_manager(actor: Member) -> None:
    if not access.can_manage_team(actor):
        raise ValidationError({"__all__": "Only a manager can change plans."})


@dataclass
class PlanData:
    name: str
    description: str = ""
    active: bool = True
    ideal_days: int | None = None
    max_days: int | None = None


@transaction.atomic
def plan_update(*, plan: Plan, actor: Member, data: PlanData) -> Plan:
    _require_manager(actor)
    errors: dict[str, str] = {}
    name = " ".join(data.name.split())[:120]
    if not name:
        errors["name"] = "A plan needs a name."
    elif (
        Plan.objects.filter(workspace_id=plan.workspace_id, name=name).exclude(pk=plan.pk).exists()
    ):
        errors["name"] = f"There is already a plan called {name!r}."
    if plan.is_stay_in_touch:
        if not data.ideal_days or not data.max_days or not 1 <= data.ideal_days <= 365:
            errors["ideal_days"] = "Give the ideal and the maximum days, from 1 to 365."
        elif data.max_days < data.ideal_days or data.max_days > 730:
            errors["max_days"] = "The maximum must be at least the ideal (and at most 730)."
    if errors:
        raise ValidationError(errors)
    plan.name = name
    plan.description = data.description.strip()[:2000]
    plan.active = data.active
    if plan.is_stay_in_touch:
        plan.ideal_days, plan.max_days = data.ideal_days, data.max_days
    plan.save()
    return plan


@transaction.atomic
def plan_create(*, workspace: Workspace, actor: Member, name: str, description: str = "") -> Plan:
    _require_manager(actor)
    name = " ".join(name.split())[:120]
    if not name:
        raise ValidationError({"name": "A plan needs a name."})
    if Plan.objects.filter(workspace=workspace, name=name).exists():
        raise ValidationError({"name": f"There is already a plan called {name!r}."})
    return Plan.objects.create(
        workspace=workspace, kind=PlanKind.CUSTOM, name=name, description=description[:2000]
    )


@dataclass
class TouchData:
    title: str
    offset_days: int = 0
    channel: str = TouchChannel.EMAIL
    kind: str = TouchKind.CHECK_IN
    subject: str = ""
    body: str = ""
    guidance: str = ""
    policy_tags: str = ""
    on_date: str = ""


def _validate_touch(plan: Plan, data: TouchData) -> str:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "Give the touch a short title."
    if not 0 <= data.offset_days <= 3650:
        errors["offset_days"] = "The offset is a number of days from 0 to 3650."
    if data.channel not in TouchChannel.values:
        errors["channel"] = f"Channel must be one of {', '.join(TouchChannel.values)}."
    if data.kind not in TouchKind.values:
        errors["kind"] = f"Kind must be one of {', '.join(TouchKind.values)}."
    if data.on_date not in DateField.values:
        errors["on_date"] = "The date is birthday or customer_since."
    if plan.anchor == Anchor.DATES and not data.on_date:
        errors["on_date"] = "A greeting falls on their birthday or customer anniversary."
    if len(data.subject) > 300:
        errors["subject"] = "Keep the subject under 300 characters."
    if len(data.body) > 10_000 or len(data.guidance) > 2_000:
        errors["body"] = "Keep the template under 10,000 characters and the guidance under 2,000."
    tags = ""
    try:
        tags = ",".join(sorted(parse_tags(data.policy_tags)))
    except ValidationError as exc:
        errors["policy_tags"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    return tags


def _touch_fields(touch: Touch, data: TouchData, tags: str) -> None:
    touch.title = data.title.strip()[:120]
    touch.offset_days = data.offset_days
    touch.channel = data.channel
    touch.kind = data.kind
    touch.subject = data.subject.strip()
    touch.body = data.body
    touch.guidance = data.guidance.strip()
    touch.policy_tags = tags
    touch.on_date = data.on_date


@transaction.atomic
def touch_create(*, plan: Plan, actor: Member, data: TouchData) -> Touch:
    _require_manager(actor)
    if plan.is_stay_in_touch:
        raise ValidationError({"__all__": "Stay in touch has intervals, not touches."})
    tags = _validate_touch(plan, data)
    last = plan.touches.filter(removed_at__isnull=True).order_by("-position").first()
    touch = Touch(
        workspace_id=plan.workspace_id, plan=plan, position=(last.position + 1) if last else 1
    )
    _touch_fields(touch, data, tags)
    touch.save()
    _sort_by_day(plan)
    return touch


def _sort_by_day(plan: Plan) -> None:
    """Number a plan's live touches in the order of their days, as the plan page lists them and
    enrollments take them (a touch added or moved to day 3 comes before day 7). Touches on a
    date of theirs (birthdays) keep the order they were given."""
    if plan.anchor == Anchor.DATES:
        return
    live = sorted(
        plan.touches.filter(removed_at__isnull=True),
        key=lambda t: (t.offset_days, t.position, t.id),
    )
    moved = []
    for n, t in enumerate(live, start=1):
        if t.position != n:
            t.position = n
            moved.append(t)
    Touch.objects.bulk_update(moved, ["position"])


@transaction.atomic
def touch_update(*, touch: Touch, actor: Member, data: TouchData) -> Touch:
    """Change a touch; enrollments waiting on it get its new due time."""
    _require_manager(actor)
    tags = _validate_touch(touch.plan, data)
    offset_changed = touch.offset_days != data.offset_days
    _touch_fields(touch, data, tags)
    touch.save()
    if offset_changed:
        _sort_by_day(touch.plan)
        touch.refresh_from_db(fields=["position"])
    if offset_changed and touch.plan.anchor != Anchor.DATES:
        waiting = list(
            Enrollment.objects.filter(next_touch=touch, state=EnrollmentState.ACTIVE).only(
                "id", "anchored_at", "next_due_at"
            )
        )
        for e in waiting:
            e.next_due_at = schedule.touch_due_at(e.anchored_at, touch.offset_days)
        Enrollment.objects.bulk_update(waiting, ["next_due_at"], batch_size=500)
    return touch


@transaction.atomic
def touch_remove(*, touch: Touch, actor: Member, now: datetime) -> Touch:
    """Take a touch out of its plan (its history stays); enrollments waiting on it move on."""
    _require_manager(actor)
    touch.removed_at = now
    touch.save(update_fields=["removed_at", "updated_at"])
    for e in Enrollment.objects.filter(
        next_touch=touch, state=EnrollmentState.ACTIVE
    ).select_related("plan", "contact", "owner"):
        _advance(e, after_touch=touch, after=e.next_due_at or now, now=now)
    return touch


@transaction.atomic
def settings_update(*, workspace: Workspace, actor: Member, chaser_days: str) -> PlanSettings:
    _require_manager(actor)
    try:
        days = schedule.parse_schedule(chaser_days)
    except ValueError as exc:
        raise ValidationError({"chaser_days": str(exc)}) from None
    settings, _ = PlanSettings.objects.get_or_create(workspace=workspace)
    settings.chaser_days = ",".join(str(d) for d in days)
    settings.save()
    return settings


# Enrollments ----------------------------------------------------------------------------------


def live_touches(plan: Plan) -> list[Touch]:
    return sorted(
        (t for t in plan.touches.all() if t.removed_at is None), key=lambda t: (t.position, t.id)
    )


def _owner_clock(e: Enrollment) -> tuple[str, time]:
    owner = e.owner
    return (owner.timezone, owner.work_start) if owner is not None else ("UTC", time(9, 0))


def next_step(
    e: Enrollment,
    *,
    after_touch: Touch | None,
    after: datetime,
    now: datetime,
    skip_past: bool = False,
) -> tuple[Touch | None, datetime | None]:
    """The touch that comes next for an enrollment, and when it is due."""
    plan, contact = e.plan, e.contact
    if plan.is_stay_in_touch:
        base = contact.last_two_way_at or e.anchored_at
        return None, base + timedelta(days=plan.ideal_days or 30)
    touches = live_touches(plan)
    if plan.anchor == Anchor.DATES:
        tz, at = _owner_clock(e)
        best: tuple[Touch | None, datetime | None] = (None, None)
        for t in touches:
            day = getattr(contact, t.on_date, None) if t.on_date else None
            if day is None:
                continue
            due = schedule.next_yearly(
                day, after=after - timedelta(days=t.offset_days), tz=tz, at=at
            )
            due += timedelta(days=t.offset_days)
            if best[1] is None or due < best[1]:
                best = (t, due)
        return best
    if after_touch is not None:
        key = (after_touch.position, after_touch.id)
        touches = [t for t in touches if (t.position, t.id) > key]
    for t in touches:
        due = schedule.touch_due_at(e.anchored_at, t.offset_days)
        if skip_past and due < now:
            continue
        return t, due
    return None, None


def _advance(e: Enrollment, *, after_touch: Touch | None, after: datetime, now: datetime) -> None:
    touch, due = next_step(e, after_touch=after_touch, after=after, now=now)
    e.next_touch, e.next_due_at = touch, due
    fields = ["next_touch", "next_due_at", "updated_at"]
    if due is None:
        e.state, e.ended_at, e.end_reason = EnrollmentState.DONE, now, "Every touch done."
        fields += ["state", "ended_at", "end_reason"]
    e.save(update_fields=fields)


def _validate_start(contact: Contact, plan: Plan) -> None:
    errors: dict[str, str] = {}
    if plan.workspace_id != contact.workspace_id:
        errors["plan"] = "No such plan."
    elif not plan.active:
        errors["plan"] = f"The plan {plan.name!r} is switched off."
    if contact.do_not_contact:
        errors["contact"] = f"{contact.name} asked not to be contacted."
    elif contact.archived_at is not None:
        errors["contact"] = f"{contact.name} is archived."
    if plan.anchor == Anchor.DATES and not (contact.birthday or contact.customer_since):
        errors["contact"] = f"{contact.name} has no birthday or customer-since date to greet."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def enrollment_start(
    *,
    contact: Contact,
    plan: Plan,
    now: datetime,
    anchored_at: datetime | None = None,
    source: str = "manual",
    moved_from: Enrollment | None = None,
) -> Enrollment:
    """Put a contact in a plan. Refuses a second active copy, and do-not-contact."""
    _validate_start(contact, plan)
    e = Enrollment(
        workspace_id=contact.workspace_id,
        contact=contact,
        plan=plan,
        owner=contact.owner,
        anchored_at=anchored_at or now,
        started_at=now,
        source=source[:20],
        moved_from=moved_from,
    )
    after = now - timedelta(days=1)  # a birthday earlier today is still today's greeting
    touch, due = next_step(
        e, after_touch=None, after=after, now=now, skip_past=moved_from is not None
    )
    e.next_touch, e.next_due_at = touch, due
    if due is None:
        e.state, e.ended_at, e.end_reason = EnrollmentState.DONE, now, "Nothing left to do."
    if plan.kind == PlanKind.EXIT:  # a contact lost: Today suggests the next prospects
        from followthrough.plans.suggest import suggestion

        e.suggested = suggestion(e.owner, now=now, exclude=contact.pk)
    try:
        with transaction.atomic():
            e.save()
    except IntegrityError:
        raise ValidationError(
            {"plan": f"{contact.name} is already in the plan {plan.name!r}."}
        ) from None
    return e


def _lock(e: Enrollment) -> None:
    e.refresh_from_db(from_queryset=Enrollment.objects.select_for_update(of=("self",)))


@transaction.atomic
def enrollment_stop(
    *, enrollment: Enrollment, now: datetime, reason: str, state: str = EnrollmentState.STOPPED
) -> Enrollment:
    _lock(enrollment)
    if enrollment.state != EnrollmentState.ACTIVE:
        raise ValidationError({"__all__": "This enrollment has already ended."})
    enrollment.state = state
    enrollment.ended_at = now
    enrollment.end_reason = reason.strip()[:300] or "Stopped."
    enrollment.next_due_at = None
    enrollment.save(update_fields=["state", "ended_at", "end_reason", "next_due_at", "updated_at"])
    return enrollment


def guidance_plan_kind(guidance: str) -> str:
    """Coaching for those who asked for it; low-touch for everyone else (the patient default)."""
    return PlanKind.COACHING if guidance == Guidance.COACHING else PlanKind.LOW_TOUCH


@transaction.atomic
def enrollment_move(
    *, enrollment: Enrollment, to_plan: Plan, now: datetime, reason: str
) -> Enrollment:
    """Move a contact to another plan from the same anchor, keeping the old history: the old
    enrollment ends (with why), the new one starts at its first touch not yet past."""
    enrollment_stop(enrollment=enrollment, now=now, reason=reason)
    return enrollment_start(
        contact=enrollment.contact,
        plan=to_plan,
        now=now,
        anchored_at=enrollment.anchored_at,
        source="moved",
        moved_from=enrollment,
    )


def enrollment_sync_guidance(*, contact: Contact, now: datetime) -> Enrollment | None:
    """If the contact's guidance changed, move them between coaching and low-touch."""
    wanted = guidance_plan_kind(contact.guidance)
    other = PlanKind.LOW_TOUCH if wanted == PlanKind.COACHING else PlanKind.COACHING
    current = (
        Enrollment.objects.filter(contact=contact, plan__kind=other, state=EnrollmentState.ACTIVE)
        .select_related("plan", "contact", "owner")
        .first()
    )
    if current is None:
        return None
    to_plan = builtin_plan(contact.workspace_id, wanted)
    if to_plan is None or not to_plan.active:
        return None
    label = Guidance(contact.guidance).label if contact.guidance in Guidance.values else "changed"
    return enrollment_move(
        enrollment=current, to_plan=to_plan, now=now, reason=f"Preference changed: {label}."
    )


# Touches done ---------------------------------------------------------------------------------


@transaction.atomic
def touch_complete(
    *,
    enrollment: Enrollment,
    outcome: str,
    now: datetime,
    actor: Member | None,
    reason: str = "",
    interaction: Interaction | None = None,
) -> TouchLog:
    """Record what became of the touch that is due (sent, logged, or skipped with a reason)
    and move the enrollment to its next touch."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": f"Outcome must be one of {', '.join(Outcome.values)}."})
    if outcome == Outcome.SKIPPED and not reason.strip():
        raise ValidationError({"reason": "Say why you skip it (one line is enough)."})
    _lock(enrollment)
    touch, due = enrollment.next_touch, enrollment.next_due_at
    if enrollment.state != EnrollmentState.ACTIVE or touch is None or due is None:
        raise ValidationError({"__all__": "No touch of this plan is waiting."})
    log, _ = TouchLog.objects.get_or_create(
        enrollment=enrollment,
        touch=touch,
        due_at=due,
        defaults={
            "workspace_id": enrollment.workspace_id,
            "outcome": outcome,
            "reason": reason.strip()[:300],
            "at": now,
            "by": actor,
            "interaction": interaction,
        },
    )
    _advance(enrollment, after_touch=touch, after=due, now=now)
    return log


# How a member says they did it: (interaction kind, call outcome, meeting outcome).
HOW: dict[str, tuple[str, str, str]] = {
    "email": (Kind.EMAIL, "", ""),
    "message": (Kind.MESSAGE, "", ""),
    "call": (Kind.CALL, CallOutcome.CONNECTED, ""),
    "voicemail": (Kind.CALL, CallOutcome.VOICEMAIL, ""),
    "no_answer": (Kind.CALL, CallOutcome.NO_ANSWER, ""),
    "meeting": (Kind.MEETING, "", MeetingOutcome.HELD),
}
HOW_LABELS = (
    ("email", "by email"),
    ("message", "by message"),
    ("call", "by phone, we spoke"),
    ("voicemail", "by phone, left a voicemail"),
    ("no_answer", "by phone, no answer"),
    ("meeting", "in a meeting"),
)


def log_interaction(
    *, member: Member, contact: Contact, how: str, now: datetime, subject: str
) -> Interaction:
    if how not in HOW:
        raise ValidationError({"how": f"How must be one of {', '.join(HOW)}."})
    kind, call, meeting = HOW[how]
    from followthrough.plans.hooks import touch_logging

    with touch_logging():
        return interaction_log(
            contact=contact,
            member=member,
            data=InteractionData(
                kind=kind,
                direction=Direction.OUTBOUND,
                occurred_at=now,
                subject=subject[:300],
                call_outcome=call,
                meeting_outcome=meeting,
            ),
        )


@transaction.atomic
def touch_log(
    *, enrollment: Enrollment, member: Member, how: str, now: datetime
) -> TouchLog | None:
    """The member did the touch (a call, a message sent elsewhere): on the timeline and done.
    For stay in touch the timeline is the record: a real two-way touch restarts its clock."""
    touch = enrollment.next_touch
    if enrollment.state != EnrollmentState.ACTIVE or enrollment.next_due_at is None:
        raise ValidationError({"__all__": "No touch of this plan is waiting."})
    subject = touch.title if touch is not None else enrollment.plan.name
    interaction = log_interaction(
        member=member, contact=enrollment.contact, how=how, now=now, subject=subject
    )
    if enrollment.plan.is_stay_in_touch:
        return None
    return touch_complete(
        enrollment=enrollment,
        outcome=Outcome.LOGGED,
        now=now,
        actor=member,
        interaction=interaction,
    )
