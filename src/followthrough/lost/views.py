"""Mark a contact lost with why; hear what they said; the workspace's reasons."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from followthrough.contacts.models import Stage
from followthrough.contacts.selectors import access_contact
from followthrough.core.timeutil import utcnow
from followthrough.lost import selectors, services
from followthrough.lost.forms import HearForm, MarkLostForm, ReasonForm
from followthrough.lost.models import LostReason
from followthrough.workspaces.models import Member
from followthrough.workspaces.views import manager_required, member_required

LIST_DAYS = 90


def _add_errors(form: MarkLostForm | HearForm, exc: ValidationError) -> None:
    fields = set(form.fields)
    for name, errors in exc.message_dict.items():
        target = name if name in fields else None
        for message in errors:
            form.add_error(target, message)


@member_required
@require_http_methods(["GET", "POST"])
def mark_lost(request: HttpRequest, code: str) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    contact = access_contact(member, code, write=True)
    if contact.stage == Stage.LOST and (loss := selectors.open_loss(contact)):
        return redirect("lost:detail", loss.code)
    now = utcnow()
    reasons = selectors.reasons_for(member.workspace)
    form = MarkLostForm(
        request.POST or None,
        member=member,
        reasons=reasons,
        now=now,
        initial={"verbatim": request.GET.get("why", "")[:5000]},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                loss = services.contact_mark_lost(
                    contact=contact,
                    data=services.LossData(
                        reason=form.reasons[form.cleaned_data["reason"]],
                        verbatim=form.cleaned_data["verbatim"],
                        competitor=form.cleaned_data["competitor"],
                        corrective=form.corrective(),
                    ),
                    actor=member,
                    now=now,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, f"{contact.name} is marked lost: {loss.reason.label}.")
                return redirect("contacts:detail", contact.code)
        status = 422
    return render(
        request,
        "lost/mark.html",
        {"contact": contact, "form": form, "reasons": reasons, "nav": "contacts"},
        status=status,
    )


@member_required
@require_http_methods(["GET", "POST"])
def loss_detail(request: HttpRequest, code: str) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    loss = selectors.access_loss(member, code)
    now = utcnow()
    reasons = selectors.reasons_for(member.workspace)
    form = HearForm(
        request.POST or None,
        member=member,
        reasons=reasons,
        now=now,
        initial={"reason": str(loss.reason_id), "competitor": loss.competitor},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.loss_hear(
                    loss=loss,
                    actor=member,
                    now=now,
                    said=form.cleaned_data["said"],
                    reason=form.chosen_reason(),
                    competitor=form.cleaned_data["competitor"],
                    corrective=form.corrective(),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "Recorded.")
                return redirect("lost:detail", loss.code)
        status = 422
    return render(
        request,
        "lost/detail.html",
        {"loss": loss, "events": loss.events.select_related("by"), "form": form, "nav": "lost"},
        status=status,
    )


@member_required
def loss_list(request: HttpRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    now = utcnow()
    start = now - timedelta(days=LIST_DAYS)
    figures = selectors.lost_figures(member.workspace, start, now + timedelta(seconds=1))
    return render(
        request,
        "lost/list.html",
        {
            "losses": selectors.losses(member).filter(lost_at__gte=start)[:200],
            "figures": figures,
            "days": LIST_DAYS,
            "unexplained": selectors.lost_without_reason(member.workspace)[:50],
            "reasons": selectors.reasons_for(member.workspace, with_retired=True),
            "reason_form": ReasonForm(),
            "nav": "lost",
        },
    )


@manager_required
@require_POST
def reason_add(request: HttpRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            reason = services.reason_add(
                workspace=member.workspace,
                label=form.cleaned_data["label"],
                ours=form.cleaned_data["ours"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Added the reason “{reason.label}”.")
    else:
        messages.error(request, "Name the reason in 1 to 120 characters.")
    return redirect("lost:list")


@manager_required
@require_POST
def reason_retire(request: HttpRequest, pk: int) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    reason = get_object_or_404(LostReason, pk=pk, workspace_id=member.workspace_id)
    try:
        services.reason_retire(reason=reason, now=utcnow())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"“{reason.label}” is no longer offered.")
    return redirect("lost:list")
