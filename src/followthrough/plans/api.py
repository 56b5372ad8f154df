"""REST endpoints for plans: the plans, enroll and stop, touches due, and doing them."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router

from followthrough.contacts.selectors import access_contact
from followthrough.core.timeutil import utcnow
from followthrough.plans import chasers, services
from followthrough.plans.models import Chaser, Enrollment, Outcome, Plan
from followthrough.plans.schemas import (
    ChaserOut,
    EnrollIn,
    EnrollmentOut,
    LogIn,
    PlanOut,
    ReasonIn,
    TouchOut,
)
from followthrough.plans.selectors import (
    access_chaser,
    access_enrollment,
    access_plan,
    due_enrollments,
    plan_list,
)
from followthrough.workspaces.api import acting_member

router = Router(tags=["plans"])
DUE_HORIZON = timedelta(days=1)


def _plan_out(p: Plan) -> PlanOut:
    return PlanOut(
        code=p.code,
        kind=p.kind,
        name=p.name,
        description=p.description,
        anchor=p.anchor,
        active=p.active,
        builtin=p.builtin,
        ideal_days=p.ideal_days,
        max_days=p.max_days,
        touches=[
            TouchOut(
                code=t.code,
                position=t.position,
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
            for t in p.live  # type: ignore[attr-defined]
        ],
    )


def _enrollment_out(e: Enrollment) -> EnrollmentOut:
    touch = e.next_touch
    return EnrollmentOut(
        code=e.code,
        plan=e.plan.code,
        plan_name=e.plan.name,
        contact=e.contact.code,
        contact_name=e.contact.name,
        state=e.state,
        anchored_at=e.anchored_at,
        next_touch=touch.code if touch else None,
        next_touch_title=touch.title if touch else None,
        next_due_at=e.next_due_at,
        end_reason=e.end_reason,
    )


def _chaser_out(c: Chaser) -> ChaserOut:
    return ChaserOut(
        code=c.code,
        contact=c.contact.code,
        reason=c.reason,
        state=c.state,
        tries_done=c.tries_done,
        tries_left=c.tries_left,
        tries_total=c.tries_total,
        next_due_at=c.next_due_at,
    )


@router.get("", response=list[PlanOut], summary="List the workspace's follow-up plans")
def list_plans(request: HttpRequest) -> list[PlanOut]:
    return [_plan_out(p) for p in plan_list(acting_member(request))]


@router.get("/due", response=list[EnrollmentOut], summary="Touches due for me (next 24 h)")
def touches_due(request: HttpRequest) -> list[EnrollmentOut]:
    member = acting_member(request)
    rows = due_enrollments(member, until=utcnow() + DUE_HORIZON)[:500]
    return [_enrollment_out(e) for e in rows]


@router.post("/{code}/enroll", response={201: EnrollmentOut}, summary="Put a contact in a plan")
def enroll(request: HttpRequest, code: str, payload: EnrollIn) -> tuple[int, EnrollmentOut]:
    member = acting_member(request)
    plan = access_plan(member, code)
    contact = access_contact(member, payload.contact, write=True)
    e = services.enrollment_start(contact=contact, plan=plan, now=utcnow())
    return 201, _enrollment_out(e)


@router.post("/enrollments/{code}/stop", response=EnrollmentOut, summary="Take a contact out")
def stop(request: HttpRequest, code: str, payload: ReasonIn) -> EnrollmentOut:
    member = acting_member(request)
    e = access_enrollment(member, code)
    reason = payload.reason or f"Stopped by {member.display_name}."
    return _enrollment_out(services.enrollment_stop(enrollment=e, now=utcnow(), reason=reason))


@router.post("/enrollments/{code}/log", response=EnrollmentOut, summary="Log the touch due")
def log(request: HttpRequest, code: str, payload: LogIn) -> EnrollmentOut:
    member = acting_member(request)
    e = access_enrollment(member, code)
    services.touch_log(enrollment=e, member=member, how=payload.how, now=utcnow())
    return _enrollment_out(access_enrollment(member, code))


@router.post("/enrollments/{code}/skip", response=EnrollmentOut, summary="Skip the touch due")
def skip(request: HttpRequest, code: str, payload: ReasonIn) -> EnrollmentOut:
    member = acting_member(request)
    e = access_enrollment(member, code)
    services.touch_complete(
        enrollment=e, outcome=Outcome.SKIPPED, now=utcnow(), actor=member, reason=payload.reason
    )
    return _enrollment_out(access_enrollment(member, code))


@router.post("/chasers/{code}/try", response=ChaserOut, summary="Log a chaser try")
def chaser_try(request: HttpRequest, code: str, payload: LogIn) -> ChaserOut:
    member = acting_member(request)
    c = access_chaser(member, code)
    services.log_interaction(
        member=member, contact=c.contact, how=payload.how, now=utcnow(), subject="Checking in"
    )
    return _chaser_out(access_chaser(member, code))


@router.post("/chasers/{code}/rest", response=ChaserOut, summary="Let a chaser rest")
def chaser_rest(request: HttpRequest, code: str, payload: ReasonIn) -> ChaserOut:
    member = acting_member(request)
    c = access_chaser(member, code)
    if not payload.reason.strip():
        raise ValidationError({"reason": "Say why you let it rest (one line is enough)."})
    return _chaser_out(chasers.chaser_rest(chaser=c, now=utcnow(), reason=payload.reason))
