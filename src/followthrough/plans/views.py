"""Plans pages: the plans and their touches (managers edit them in place with htmx), the
stay-in-touch list, the contact card's actions, and Today's touch and chaser actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from followthrough.agenda.views import back_after_action
from followthrough.contacts.selectors import access_contact
from followthrough.core.htmx import is_htmx
from followthrough.core.htmx import redirect as htmx_redirect
from followthrough.core.timeutil import utcnow
from followthrough.plans import chasers, schedule, services
from followthrough.plans.agenda import FINAL_BODY, TRY_BODY, compose_url, fill_values
from followthrough.plans.models import (
    DateField,
    Enrollment,
    EnrollmentState,
    Plan,
    Touch,
    TouchChannel,
    TouchKind,
)
from followthrough.plans.selectors import (
    access_chaser,
    access_enrollment,
    access_plan,
    access_touch,
    contact_plans,
    plan_list,
    plan_settings,
    stay_rows,
)
from followthrough.workspaces import access
from followthrough.workspaces.models import Member
from followthrough.workspaces.views import member_required


def _member(request: HttpRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _int(data: QueryDict, name: str, default: int | None = None) -> int | None:
    raw = data.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 6:
        raise ValidationError(
            {name: f"{name.replace('_', ' ').capitalize()} must be a whole number."}
        )
    return int(raw)


# Plans and touches ------------------------------------------------------------------------


@member_required
@require_GET
def plans_home(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    return render(
        request,
        "plans/list.html",
        {"plans": list(plan_list(member)), "settings": plan_settings(member), "nav": "plans"},
    )


@member_required
@require_POST
def settings_save(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    if not access.can_manage_team(member):
        return back_after_action(
            request, "plans:home", error="Only a manager can change the chaser schedule."
        )
    try:
        services.settings_update(
            workspace=member.workspace,
            actor=member,
            chaser_days=request.POST.get("chaser_days", "")[:60],
        )
    except ValidationError as exc:
        return back_after_action(request, "plans:home", error=_errors(exc))
    return back_after_action(request, "plans:home", notice="Chaser schedule saved.")


@member_required
@require_POST
def plan_new(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    try:
        plan = services.plan_create(
            workspace=member.workspace, actor=member, name=request.POST.get("name", "")[:200]
        )
    except ValidationError as exc:
        return back_after_action(request, "plans:home", error=_errors(exc))
    return redirect("plans:detail", plan.code)


def _touch_choices() -> dict[str, Any]:
    return {
        "channels": TouchChannel.choices,
        "kinds": TouchKind.choices,
        "dates": DateField.choices,
    }


def _plan_context(member: Member, plan: Plan, **extra: object) -> dict[str, Any]:
    return {"plan": plan, "touches": plan.live, "nav": "plans", **_touch_choices(), **extra}  # type: ignore[attr-defined]


@member_required
@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    plan = access_plan(member, code, write=request.method == "POST")
    error = ""
    if request.method == "POST":
        try:
            services.plan_update(
                plan=plan,
                actor=member,
                data=services.PlanData(
                    name=request.POST.get("name", "")[:200],
                    description=request.POST.get("description", "")[:2000],
                    active=request.POST.get("active") == "1",
                    ideal_days=_int(request.POST, "ideal_days"),
                    max_days=_int(request.POST, "max_days"),
                ),
            )
        except ValidationError as exc:
            error = _errors(exc)
        else:
            messages.success(request, "Plan saved.")
            return redirect("plans:detail", plan.code)
    status = 422 if error else 200
    return render(
        request, "plans/detail.html", _plan_context(member, plan, error=error), status=status
    )


def _touch_data(data: QueryDict) -> services.TouchData:
    return services.TouchData(
        title=data.get("title", "")[:200],
        offset_days=_int(data, "offset_days", 0) or 0,
        channel=data.get("channel", TouchChannel.EMAIL),
        kind=data.get("kind", TouchKind.CHECK_IN),
        subject=data.get("subject", "")[:400],
        body=data.get("body", "")[:20_000],
        guidance=data.get("guidance", "")[:4000],
        policy_tags=data.get("policy_tags", "")[:400],
        on_date=data.get("on_date", ""),
    )


def _touch_row(request: HttpRequest, plan: Plan, touch: Touch, **extra: object) -> HttpResponse:
    context = {"plan": plan, "t": touch, **_touch_choices(), **extra}
    status = 422 if extra.get("error") else 200
    return render(request, "plans/detail.html#touch", context, status=status)


@member_required
@require_http_methods(["GET", "POST"])
def touch_edit(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the touch as an edit form (htmx swaps it in place); POST: save it."""
    member = _member(request)
    t = access_touch(member, code)
    plan = access_plan(member, t.plan.code, write=True)
    if request.method == "GET":
        if is_htmx(request):
            return _touch_row(request, plan, t, editing=True)
        return render(
            request, "plans/detail.html", _plan_context(member, plan, editing_code=t.code)
        )
    was = t.position
    try:
        services.touch_update(touch=t, actor=member, data=_touch_data(request.POST))
    except ValidationError as exc:
        if is_htmx(request):
            return _touch_row(request, plan, t, editing=True, error=_errors(exc))
        messages.error(request, _errors(exc))
        return redirect("plans:detail", plan.code)
    if is_htmx(request) and t.position == was:
        return _touch_row(request, plan, t, saved=True)
    if is_htmx(request):  # its new day moved it: the whole list, in its new order
        messages.success(request, f"Touch saved: “{t.title}” is now touch {t.position}.")
        return htmx_redirect(request, reverse("plans:detail", args=[plan.code]))
    messages.success(request, "Touch saved.")
    return redirect("plans:detail", plan.code)


@member_required
@require_POST
def touch_new(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    plan = access_plan(member, code, write=True)
    try:
        services.touch_create(plan=plan, actor=member, data=_touch_data(request.POST))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "Touch added.")
    return redirect("plans:detail", plan.code)


@member_required
@require_POST
def touch_remove(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    t = access_touch(member, code)
    plan = access_plan(member, t.plan.code, write=True)
    services.touch_remove(touch=t, actor=member, now=utcnow())
    messages.success(request, f"“{t.title}” removed from {plan.name}; its history stays.")
    return redirect("plans:detail", plan.code)


# Stay in touch ----------------------------------------------------------------------------


@member_required
@require_GET
def losing_touch(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    everyone = member.is_manager and request.GET.get("all") == "1"
    rows = stay_rows(member, now=utcnow(), everyone=everyone)
    only_losing = request.GET.get("losing") == "1"
    if only_losing:
        rows = [r for r in rows if r.colour != "green"]
    return render(
        request,
        "plans/stay.html",
        {"rows": rows, "everyone": everyone, "only_losing": only_losing, "nav": "plans"},
    )


# The contact card -------------------------------------------------------------------------


@member_required
@require_POST
def enroll(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    c = access_contact(member, code, write=True)
    plan = access_plan(member, request.POST.get("plan", ""))
    now = utcnow()
    try:
        services.enrollment_start(contact=c, plan=plan, now=now)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"{c.name} joined {plan.name}.")
    return redirect("contacts:detail", c.code)


@member_required
@require_POST
def enrollment_stop(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    e = access_enrollment(member, code)
    reason = request.POST.get("reason", "")[:300] or f"Stopped by {member.display_name}."
    try:
        services.enrollment_stop(enrollment=e, now=utcnow(), reason=reason)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"{e.contact.name} left {e.plan.name}.")
    return redirect("contacts:detail", e.contact.code)


# Today's actions --------------------------------------------------------------------------


def _waiting(member: Member, code: str) -> Enrollment:
    return access_enrollment(member, code)


@member_required
@require_POST
def touch_log(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    e = _waiting(member, code)
    try:
        services.touch_log(
            enrollment=e, member=member, how=request.POST.get("how", "email"), now=utcnow()
        )
    except ValidationError as exc:
        return back_after_action(request, error=_errors(exc))
    return back_after_action(request, notice=f"Logged for {e.contact.name}.")


@member_required
@require_POST
def touch_skip(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    e = _waiting(member, code)
    if e.state != EnrollmentState.ACTIVE:
        return back_after_action(request, error="This plan has ended for them.")
    try:
        services.touch_complete(
            enrollment=e,
            outcome="skipped",
            now=utcnow(),
            actor=member,
            reason=request.POST.get("reason", "")[:300],
        )
    except ValidationError as exc:
        return back_after_action(request, error=_errors(exc))
    return back_after_action(request, notice=f"Skipped for {e.contact.name}; the reason is kept.")


@member_required
@require_POST
def chaser_try(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    c = access_chaser(member, code)
    try:
        services.log_interaction(
            member=member,
            contact=c.contact,
            how=request.POST.get("how", "email"),
            now=utcnow(),
            subject="Checking in",
        )
    except ValidationError as exc:
        return back_after_action(request, error=_errors(exc))
    c.refresh_from_db()
    if c.state == "resting":
        return back_after_action(
            request, notice=f"Last note to {c.contact.name} logged. Let it rest."
        )
    if c.state == "answered":
        return back_after_action(request, notice=f"You reached {c.contact.name}. Chaser done.")
    return back_after_action(
        request, notice=f"Try logged; {c.tries_left} left for {c.contact.name}."
    )


@member_required
@require_POST
def chaser_rest(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    c = access_chaser(member, code)
    try:
        chasers.chaser_rest(chaser=c, now=utcnow(), reason=request.POST.get("reason", "")[:300])
    except ValidationError as exc:
        return back_after_action(request, error=_errors(exc))
    return back_after_action(request, notice=f"Letting it rest with {c.contact.name}.")


@member_required
@require_GET
def contact_card(request: HttpRequest, code: str) -> HttpResponse:
    """The contact page's follow-up card (htmx loads it), or the same as a page."""
    member = _member(request)
    c = access_contact(member, code)
    context = {"contact": c, "card": contact_plans(member, c, now=utcnow()), "nav": "contacts"}
    page = "plans/contact_card.html" if is_htmx(request) else "plans/contact.html"
    return render(request, page, context)


@member_required
@require_GET
def touch_compose(request: HttpRequest, code: str) -> HttpResponse:
    """Open the touch due in the composer: its template filled, its kind and policy tags set
    (so the guard blocks a greeting that sells)."""
    member = _member(request)
    e = access_enrollment(member, code)
    touch = e.next_touch
    if touch is None or e.state != EnrollmentState.ACTIVE:
        messages.info(request, "No touch of this plan is waiting.")
        return redirect("contacts:detail", e.contact.code)
    values = fill_values(e.contact, member)
    return redirect(
        compose_url(
            e.contact.code,
            kind=touch.kind,
            tags=touch.policy_tags,
            subject=schedule.fill(touch.subject, values),
            body=schedule.fill(touch.body, values),
            channel=touch.channel,
        )
    )


@member_required
@require_GET
def chaser_compose(request: HttpRequest, code: str) -> HttpResponse:
    """Write the chaser's next try (or its final gentle note) in the composer."""
    member = _member(request)
    c = access_chaser(member, code)
    final = c.tries_left <= 1
    channel = "message" if c.contact.preferred_channel == "message" else "email"
    return redirect(
        compose_url(
            c.contact.code,
            kind="new",
            tags="",
            subject="My last note for now" if final else "Checking in",
            body=schedule.fill(FINAL_BODY if final else TRY_BODY, fill_values(c.contact, member)),
            channel=channel,
        )
    )
