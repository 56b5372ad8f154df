"""Today: one list of what the member owes whom; its inline actions; the ICS feed."""

from __future__ import annotations

import hashlib
from itertools import groupby
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from followthrough.agenda.calendar import agenda_ics
from followthrough.agenda.due import URGENCY_LABELS, AgendaItem, agenda_for
from followthrough.agenda.services import agenda_log_reply, agenda_snooze, snooze_until
from followthrough.commitments.forms import PromiseForm
from followthrough.commitments.selectors import standing_of
from followthrough.contacts.selectors import access_contact
from followthrough.core.htmx import is_htmx
from followthrough.core.htmx import redirect as htmx_redirect
from followthrough.core.timeutil import utcnow
from followthrough.workspaces.models import Member
from followthrough.workspaces.views import member_required


def _member(request: HttpRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


def _groups(items: list[AgendaItem]) -> list[dict[str, object]]:
    return [
        {"urgency": int(u), "label": URGENCY_LABELS[u], "items": list(rows)}
        for u, rows in groupby(items, key=lambda i: i.urgency)
    ]


PAGE_LIMIT = 50  # the most urgent first; the rest one click away (?all=1), counted


def _context(member: Member, *, show_all: bool = False, **extra: object) -> dict[str, object]:
    now = utcnow()
    # The list's own query counts the whole list beside the head it cuts ("50 of N").
    items = agenda_for(member, now=now, limit=None if show_all else PAGE_LIMIT)
    return {
        "groups": _groups(items),
        "shown": len(items),
        "total": items.total,
        "more": items.total - len(items),
        "show_all": show_all,
        "standing": standing_of(member, now=now),
        "now": now,
        "nav": "today",
        **extra,
    }


@member_required
def today(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = PromiseForm(member=member, now=utcnow())
    show_all = request.GET.get("all") == "1"
    return render(
        request, "agenda/today.html", _context(member, show_all=show_all, promise_form=form)
    )


def agenda_partial(
    request: HttpRequest,
    *,
    notice: str = "",
    error: str = "",
    promise_form: PromiseForm | None = None,
) -> HttpResponse:
    """The list (and the standing beside it) re-rendered after an inline action."""
    member = _member(request)
    form = promise_form or PromiseForm(member=member, now=utcnow())
    context = _context(member, notice=notice, error=error, promise_form=form)
    return render(request, "agenda/today.html#agenda", context)


def safe_next(request: HttpRequest, default: str) -> str:
    """Where the form (or link) asks to go back to, if that is on this site; else `default`."""
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
        return nxt
    return default


def _flash(request: HttpRequest, notice: str, error: str) -> None:
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)


def back_after_action(
    request: HttpRequest, fallback: str = "today", *, notice: str = "", error: str = ""
) -> HttpResponse:
    """After an action posted from Today (htmx): the list re-rendered in place. Otherwise a
    message, and back to the page the form named, or to `fallback` (a URL or its name)."""
    if is_htmx(request) and fallback == "today":
        return agenda_partial(request, notice=notice, error=error)
    _flash(request, notice, error)
    return redirect(safe_next(request, fallback))


def done_in_place_or_back(
    request: HttpRequest, *, default: str, notice: str = "", error: str = ""
) -> HttpResponse:
    """After an action that Today and other pages share: Today's list re-rendered in place
    when it was Today's (its htmx target), else a message and back where they were."""
    if is_htmx(request) and request.headers.get("HX-Target") == "agenda":
        return agenda_partial(request, notice=notice, error=error)
    _flash(request, notice, error)
    return htmx_redirect(request, safe_next(request, default))


@member_required
@require_POST
def snooze(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    now = utcnow()
    try:
        until = snooze_until(request.POST.get("for", ""), member=member, now=now)
        agenda_snooze(member=member, key=request.POST.get("key", ""), until=until, now=now)
    except ValidationError as exc:
        return back_after_action(request, error=" ".join(exc.messages))
    return back_after_action(request, notice="Snoozed. It comes back when it is time.")


@member_required
@require_POST
def log_reply(request: HttpRequest, code: str) -> HttpResponse:
    """Log the reply, call-back or rescheduling call we just made."""
    member = _member(request)
    contact = access_contact(member, code, write=True)
    how = request.POST.get("how", "email")
    try:
        agenda_log_reply(
            member=member,
            contact=contact,
            how=how,
            now=utcnow(),
            subject=request.POST.get("subject", "")[:300],
        )
    except ValidationError as exc:
        return back_after_action(request, error=" ".join(exc.messages))
    what = "Call" if how in ("call", "voicemail") else "Reply"
    return back_after_action(request, notice=f"{what} to {contact.name} logged.")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The member's agenda as RFC 5545 for calendar apps. The token is the only key."""
    member = (
        Member.objects.select_related("workspace")
        .filter(calendar_token=token, is_active=True)
        .first()
    )
    if member is None or not token:
        raise Http404("No such calendar.")
    body = agenda_ics(member, now=utcnow(), site_url=request.build_absolute_uri("/"))
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {
        "Cache-Control": "private, max-age=300",
        "ETag": etag,
        "Content-Disposition": 'inline; filename="followthrough.ics"',
    }
    if request.headers.get("If-None-Match") == etag:
        return HttpResponse(status=304, headers=headers)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8", headers=headers)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers (and the trivial baseline of bench/bench_today.py)."""
    return HttpResponse("ok\n", content_type="text/plain")


FAVICON = Path(__file__).resolve().parent.parent / "static" / "followthrough" / "favicon.ico"


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask every site for /favicon.ico: the vendored icon of the static files."""
    return HttpResponse(
        FAVICON.read_bytes(),
        content_type="image/x-icon",
        headers={"Cache-Control": "public, max-age=86400"},
    )
