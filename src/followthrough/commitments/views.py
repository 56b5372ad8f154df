"""Promise pages: the member's ledger and standing, making a promise (with the parsed time
shown back as they type), and the actions: kept, renegotiate, release."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from followthrough.agenda.text import due_phrase, duration, local_label
from followthrough.agenda.views import done_in_place_or_back, safe_next
from followthrough.commitments import services
from followthrough.commitments.forms import (
    PromiseForm,
    ReleaseForm,
    RenegotiateForm,
    due_error,
    parse_due_for,
)
from followthrough.commitments.models import Commitment, State
from followthrough.commitments.selectors import (
    CommitmentFilters,
    access_commitment,
    commitment_history,
    commitment_list,
    due_between,
    safer_time,
    standing_of,
)
from followthrough.contacts.selectors import access_contact, contact_search
from followthrough.core.htmx import is_htmx
from followthrough.core.timeutil import utcnow
from followthrough.duetime import DueParseError
from followthrough.workspaces import access
from followthrough.workspaces.models import Member
from followthrough.workspaces.views import member_required

WINDOW_SLACK = timedelta(hours=2)


def _member(request: HttpRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# The ledger ----------------------------------------------------------------------------


@member_required
def promise_list(request: HttpRequest) -> HttpResponse:
    """A member's promises and standing. Managers may look at any member's."""
    actor = _member(request)
    code = request.GET.get("member", "")
    subject = access.scored_member(actor, code)
    state = request.GET.get("state", "")
    qs = commitment_list(actor, CommitmentFilters(owner=subject, state=state))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "commitments/list.html",
        {
            "subject": subject,
            "standing": standing_of(subject, now=utcnow()),
            "page": page,
            "state": state,
            "states": State.choices,
            "now": utcnow(),
            "nav": "promises",
        },
    )


@member_required
def promise_detail(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    c = access_commitment(member, code)
    return render(
        request,
        "commitments/detail.html",
        {
            "c": c,
            "events": commitment_history(c),
            "can_write": member.is_manager or c.owner_id == member.pk,
            "renegotiate_form": RenegotiateForm(),
            "release_form": ReleaseForm(),
            "nav": "promises",
        },
    )


# Making a promise ---------------------------------------------------------------------


@member_required
def promise_new(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    now = utcnow()
    initial: dict[str, str] = {}
    contact_code = request.GET.get("contact", "")
    if contact_code:
        initial["contact"] = _contact_label(access_contact(member, contact_code))
    form = PromiseForm(request.POST or None, member=member, now=now, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            c = services.commitment_create(
                owner=member,
                contact=d["contact"],
                what=d["what"],
                due_at=d["due"],
                now=now,
                actor=member,
                side=d["side"],
                due_text=request.POST.get("due", ""),
                fulfilled_by=d["fulfilled_by"] or "",
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            notice = f"Promise recorded: {c.what}, {due_phrase(c.due_at, member.timezone, now)}."
            return done_in_place_or_back(
                request, default=reverse("contacts:detail", args=[c.contact.code]), notice=notice
            )
    if (
        request.method == "POST"
        and is_htmx(request)
        and request.headers.get("HX-Target") == "agenda"
    ):
        from followthrough.agenda.views import agenda_partial

        return agenda_partial(request, promise_form=form)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "commitments/new.html",
        {"form": form, "nav": "today", "next": safe_next(request, "")},
        status=status,
    )


def _contact_label(contact: object) -> str:
    email = getattr(contact, "email", "")
    return f"{contact} <{email}>" if email else str(getattr(contact, "code", ""))


@member_required
@require_GET
def promise_preview(request: HttpRequest) -> HttpResponse:
    """The parsed due time shown back as they type, what else is due then, a safer time."""
    member = _member(request)
    now = utcnow()
    text = request.GET.get("due", "").strip()
    context: dict[str, object] = {"text": text}
    if text:
        try:
            due_at = parse_due_for(member, text, now=now)
        except DueParseError as exc:
            context["error"] = due_error(text, exc)
        else:
            context.update(_preview(member, due_at, now))
    return render(request, "commitments/preview.html", context)


def _preview(member: Member, due_at: datetime, now: datetime) -> dict[str, object]:
    tz = member.timezone
    if due_at <= now:
        return {"error": f"{local_label(due_at, tz, now)} has already passed."}
    safer = safer_time(member, due_at=due_at, now=now)
    window_end = (safer.due_at if safer else due_at) + WINDOW_SLACK
    return {
        "due_at": due_at,
        "phrase": due_phrase(due_at, tz, now),
        "also_due": [
            {"c": c, "when": local_label(c.due_at, tz, now)}
            for c in due_between(member, now, window_end)
        ],
        "safer": safer,
        "safer_label": local_label(safer.due_at, tz, now) if safer else "",
        "safer_value": safer.due_at.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")
        if safer
        else "",
        "safer_late": duration(safer.median_late) if safer else "",
    }


@member_required
@require_GET
def contact_options(request: HttpRequest) -> HttpResponse:
    """`<option>`s for the "to whom" field: the member's contacts matching what they typed."""
    member = _member(request)
    q = request.GET.get("contact", "")[:100]
    found = contact_search(member, q) if "<" not in q else None
    rows = (
        []
        if found is None
        else list(found.filter(archived_at__isnull=True).order_by("sort_key")[:10])
    )
    return render(request, "commitments/contact_options.html", {"rows": rows})


# Actions ----------------------------------------------------------------------------------


@member_required
@require_POST
def promise_keep(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    c = access_commitment(member, code, write=True)
    default = reverse("commitments:detail", args=[c.code])
    try:
        c = services.commitment_keep(commitment=c, actor=member, now=utcnow())
    except ValidationError as exc:
        return done_in_place_or_back(request, default=default, error=_error_text(exc))
    notice = (
        "Kept. Well done." if c.state == State.KEPT else "Done, late — it still counts as broken."
    )
    return done_in_place_or_back(request, default=default, notice=notice)


@member_required
@require_POST
def promise_renegotiate(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    c = access_commitment(member, code, write=True)
    default = reverse("commitments:detail", args=[c.code])
    form = RenegotiateForm(request.POST)
    if not form.is_valid():
        return done_in_place_or_back(
            request, default=default, error="Say the new time you told them."
        )
    now = utcnow()
    text = form.cleaned_data["due"]
    try:
        new_due = parse_due_for(member, text, now=now)
        new = services.commitment_renegotiate(
            commitment=c,
            actor=member,
            now=now,
            new_due_at=new_due,
            told=form.cleaned_data["told"],
            due_text=text,
            note=form.cleaned_data["note"],
        )
    except DueParseError as exc:
        return done_in_place_or_back(request, default=default, error=due_error(text, exc))
    except ValidationError as exc:
        return done_in_place_or_back(request, default=default, error=_error_text(exc))
    old = Commitment.objects.only("state").get(pk=c.pk)
    how = "Renegotiated" if old.state == State.RENEGOTIATED else "Broken, then renegotiated"
    notice = f"{how}: now {due_phrase(new.due_at, member.timezone, now)}."
    return done_in_place_or_back(
        request, default=reverse("commitments:detail", args=[new.code]), notice=notice
    )


@member_required
@require_POST
def promise_release(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    c = access_commitment(member, code, write=True)
    default = reverse("commitments:detail", args=[c.code])
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        return done_in_place_or_back(
            request, default=default, error="Say why the promise no longer stands."
        )
    try:
        services.commitment_release(
            commitment=c, actor=member, now=utcnow(), reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        return done_in_place_or_back(request, default=default, error=_error_text(exc))
    return done_in_place_or_back(request, default=default, notice="Released.")
