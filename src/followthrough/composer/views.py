"""The composer: write to a contact with the guard reading along (htmx, debounced), apply a
rewrite or record a promise in one click, send (or be held); the member's drafts and outbox;
a manager's view of held replies and accepted tone suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from followthrough.agenda.text import local_label, relative
from followthrough.composer import services
from followthrough.composer.findings import segments, shown
from followthrough.composer.models import Channel, Draft, DraftKind, DraftStatus
from followthrough.composer.selectors import (
    access_draft,
    access_inbound,
    held_drafts,
    held_stats,
    open_drafts,
    outbox_list,
)
from followthrough.contacts.models import Contact, Interaction
from followthrough.contacts.selectors import access_contact
from followthrough.core.htmx import is_htmx
from followthrough.core.timeutil import utcnow
from followthrough.guard import Finding, check_draft
from followthrough.workspaces.models import Member
from followthrough.workspaces.views import manager_required, member_required

KIND_CHOICES = DraftKind.choices
CHANNEL_CHOICES = Channel.choices


def _member(request: HttpRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@dataclass
class Sheet:
    """What the composer shows: a saved draft, or a message not yet saved."""

    contact: Contact
    in_reply_to: Interaction | None
    kind: str
    channel: str
    tags: str
    subject: str
    body: str
    draft: Draft | None = None


def _sheet_of(draft: Draft) -> Sheet:
    return Sheet(
        draft.contact,
        draft.in_reply_to,
        draft.kind,
        draft.channel,
        draft.policy_tags,
        draft.subject,
        draft.body,
        draft,
    )


def _sheet_from(member: Member, data: QueryDict) -> Sheet:
    """A sheet from the query string or form (the contact and the message it answers)."""
    reply_to = data.get("reply_to", "")
    in_reply_to = access_inbound(member, reply_to) if reply_to else None
    if in_reply_to is not None:
        contact = access_contact(member, in_reply_to.contact.code)
    else:
        contact = access_contact(member, data.get("contact", ""))
    kind = data.get("kind", "") or ("reply" if in_reply_to else "new")
    subject = data.get("subject", "")
    if not subject and in_reply_to is not None and in_reply_to.subject:
        subject = services._re(in_reply_to.subject)
    return Sheet(
        contact,
        in_reply_to,
        kind if kind in DraftKind.values else "new",
        data.get("channel", "") or _default_channel(contact),
        data.get("tags", "")[:200],
        subject[:300],
        data.get("body", ""),
    )


def _default_channel(contact: Contact) -> str:
    return Channel.MESSAGE if contact.preferred_channel == "message" else Channel.EMAIL


def _saved(member: Member, data: QueryDict, now: datetime, *, create: bool = True) -> Draft | None:
    """The draft the form names, updated with the form's text; or a new one (autosave)."""
    code = data.get("draft", "")
    if code:
        draft = access_draft(member, code, write=True)
        if draft.is_open:
            services.draft_update(
                draft=draft,
                actor=member,
                now=now,
                subject=data.get("subject", draft.subject),
                body=data.get("body", draft.body),
                kind=data.get("kind") or None,
                channel=data.get("channel") or None,
                policy_tags=data.get("tags", draft.policy_tags),
            )
        return draft
    if not create:
        return None
    sheet = _sheet_from(member, data)
    return services.draft_create(
        author=member,
        contact=sheet.contact,
        now=now,
        kind=sheet.kind,
        channel=sheet.channel,
        subject=sheet.subject,
        body=sheet.body,
        policy_tags=sheet.tags,
        in_reply_to=sheet.in_reply_to,
    )


def _findings_for(member: Member, sheet: Sheet, now: datetime) -> list[Finding]:
    if sheet.draft is not None:
        return services.draft_check(draft=sheet.draft, now=now, record=True)
    ctx = services.guard_context(
        member=member,
        now=now,
        kind=sheet.kind,
        contact=sheet.contact,
        in_reply_to=sheet.in_reply_to,
        policy_tags=services.parse_tags(sheet.tags),
    )
    return check_draft(sheet.body, ctx)


def _context(member: Member, sheet: Sheet, now: datetime, **extra: object) -> dict[str, object]:
    try:
        findings = _findings_for(member, sheet, now) if sheet.body.strip() else []
        error = ""
    except ValidationError as exc:
        findings, error = [], _errors(exc)
    draft = sheet.draft
    recorded = services.recorded_promises(draft) if draft is not None else frozenset()
    held = draft is not None and draft.status in (DraftStatus.HELD, DraftStatus.READY)
    waiting = held and draft is not None and draft.hold_until is not None and now < draft.hold_until
    second_look = (
        draft is not None
        and draft.is_open
        and not held
        and draft.body == sheet.body
        and services.needs_second_look(draft, findings)
    )
    return {
        "sheet": sheet,
        "draft": draft,
        "findings": shown(sheet.body, findings, member.timezone, recorded),
        "segments": segments(sheet.body, findings),
        "marked": any(s.severity for s in segments(sheet.body, findings)),
        "blocks": sum(1 for f in findings if f.severity == "block"),
        "error": error,
        "held": held,
        "waiting": waiting,
        "second_look": second_look,
        "warns": sum(1 for f in findings if f.severity == "warn"),
        "hold_label": (
            local_label(draft.hold_until, member.timezone, now)
            if draft is not None and draft.hold_until
            else ""
        ),
        "hold_in": relative(draft.hold_until, now) if draft and draft.hold_until else "",
        "kinds": KIND_CHOICES,
        "channels": CHANNEL_CHOICES,
        "now": now,
        "nav": "contacts",
        **extra,
    }


# Pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftRow:
    draft: Draft
    hold_label: str


@member_required
@require_GET
def composer_home(request: HttpRequest) -> HttpResponse:
    member, now = _member(request), utcnow()
    drafts = [
        DraftRow(d, local_label(d.hold_until, member.timezone, now) if d.hold_until else "")
        for d in open_drafts(member)[:100]
    ]
    return render(
        request,
        "composer/home.html",
        {
            "drafts": drafts,
            "outbox": list(outbox_list(member)[:50]),
            "now": now,
            "nav": "contacts",
        },
    )


@member_required
@require_GET
def composer_new(request: HttpRequest) -> HttpResponse:
    """A blank composer for a contact (?contact=CODE), or a reply (?reply_to=INTERACTION)."""
    member = _member(request)
    if not (request.GET.get("contact") or request.GET.get("reply_to")):
        messages.info(request, "Choose who to write to, then “Write a message” on their page.")
        return redirect("contacts:list")
    sheet = _sheet_from(member, request.GET)
    return render(request, "composer/compose.html", _context(member, sheet, utcnow()))


@member_required
@require_GET
def composer_draft(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request)
    draft = access_draft(member, code)
    if not draft.is_open:
        return render(request, "composer/sent.html", {"draft": draft, "nav": "contacts"})
    return render(request, "composer/compose.html", _context(member, _sheet_of(draft), utcnow()))


# The live check and one-click actions ---------------------------------------------------


def _editor(
    request: HttpRequest, member: Member, sheet: Sheet, now: datetime, part: str, **extra: object
) -> HttpResponse:
    context = _context(member, sheet, now, **extra)
    status = 422 if extra.get("error") else 200
    if is_htmx(request):
        return render(request, f"composer/compose.html#{part}", context, status=status)
    if sheet.draft is not None:
        if extra.get("error"):
            messages.error(request, str(extra["error"]))
        elif extra.get("notice"):
            messages.success(request, str(extra["notice"]))
        return redirect("composer:draft", sheet.draft.code)
    return render(request, "composer/compose.html", context, status=status)


@member_required
@require_POST
def composer_check(request: HttpRequest) -> HttpResponse:
    """The findings panel for the text as typed. Saves it as a draft (creating one once
    there is something written), so nothing typed is lost."""
    member, now = _member(request), utcnow()
    has_text = bool(request.POST.get("body", "").strip())
    try:
        draft = _saved(member, request.POST, now, create=has_text)
    except ValidationError as exc:
        sheet = _sheet_from(member, request.POST)
        return _editor(request, member, sheet, now, "findings", error=_errors(exc))
    sheet = _sheet_of(draft) if draft is not None else _sheet_from(member, request.POST)
    response = _editor(request, member, sheet, now, "findings", created=draft is not None)
    if draft is not None and is_htmx(request):
        response["HX-Replace-Url"] = reverse("composer:draft", args=[draft.code])
    return response


def _span(raw: str) -> tuple[str, int, int]:
    parts = raw.split(":")
    try:
        if len(parts) == 3:
            return parts[0], int(parts[1]), int(parts[2])
        if len(parts) == 2:
            return "promise", int(parts[0]), int(parts[1])
    except ValueError:
        pass
    raise ValidationError("That button is out of date; check the draft again.")


@member_required
@require_POST
def composer_apply(request: HttpRequest) -> HttpResponse:
    """Apply a finding's suggested rewrite to its span (a one-click rewrite)."""
    member, now = _member(request), utcnow()
    try:
        draft = _saved(member, request.POST, now)
        assert draft is not None  # noqa: S101 - _saved creates one
        rule, start, end = _span(request.POST.get("apply", ""))
        services.draft_apply_suggestion(
            draft=draft, actor=member, now=now, rule=rule, start=start, end=end
        )
    except ValidationError as exc:
        sheet = _sheet_from(member, request.POST)
        return _editor(request, member, sheet, now, "editor", error=_errors(exc))
    return _editor(request, member, _sheet_of(draft), now, "editor", notice="Rewritten.")


@member_required
@require_POST
def composer_promise(request: HttpRequest) -> HttpResponse:
    """Record the promise a finding found, with its parsed due time (one click)."""
    member, now = _member(request), utcnow()
    try:
        draft = _saved(member, request.POST, now)
        assert draft is not None  # noqa: S101 - _saved creates one
        _, start, end = _span(request.POST.get("promise", ""))
        c = services.draft_record_promise(draft=draft, actor=member, now=now, start=start, end=end)
    except ValidationError as exc:
        sheet = _sheet_from(member, request.POST)
        return _editor(request, member, sheet, now, "findings", error=_errors(exc))
    notice = f"Promise recorded: {c.what}, due {local_label(c.due_at, member.timezone, now)}."
    return _editor(request, member, _sheet_of(draft), now, "findings", notice=notice)


# Save, send, discard --------------------------------------------------------------------


@member_required
@require_POST
def composer_save(request: HttpRequest) -> HttpResponse:
    """The form's buttons: save, send, send after one more read (confirm), discard."""
    member, now = _member(request), utcnow()
    action = request.POST.get("do", "save")
    try:
        draft = _saved(member, request.POST, now)
        assert draft is not None  # noqa: S101 - _saved creates one
        if action == "discard":
            services.draft_discard(draft=draft, actor=member, now=now)
            messages.success(request, "Draft discarded.")
            return redirect("contacts:detail", draft.contact.code)
        if action not in ("send", "confirm"):
            messages.success(request, "Draft saved.")
            return redirect("composer:draft", draft.code)
        outcome = services.draft_send(
            draft=draft, actor=member, now=now, confirm=action == "confirm"
        )
    except ValidationError as exc:
        sheet = _sheet_from(member, request.POST)
        code = request.POST.get("draft", "")
        if code:
            sheet = _sheet_of(access_draft(member, code))
        messages.error(request, _errors(exc))
        context = _context(member, sheet, now)
        return render(request, "composer/compose.html", context, status=422)
    text = services.outcome_message(outcome, member.timezone)
    if outcome.sent:
        messages.success(request, text)
        return redirect("contacts:detail", draft.contact.code)
    if outcome.reason == "blocked":
        messages.error(request, text)
        context = _context(member, _sheet_of(outcome.draft), now)
        return render(request, "composer/compose.html", context, status=422)
    if not (outcome.reason == "confirm" and outcome.draft.held_at is None):
        messages.warning(request, text)  # a second look is explained on the page itself
    return redirect("composer:draft", draft.code)


# For managers -----------------------------------------------------------------------------

WINDOWS = {"30": 30, "90": 90, "365": 365}


@manager_required
@require_GET
def composer_held(request: HttpRequest) -> HttpResponse:
    """How often cooling-off held a reply, how many were changed before they went, and which
    tone suggestions the team accepted."""
    member, now = _member(request), utcnow()
    days = WINDOWS.get(request.GET.get("days", "30"), 30)
    since = now - timedelta(days=days)
    return render(
        request,
        "composer/held.html",
        {
            "stats": held_stats(member, since=since),
            "drafts": list(held_drafts(member, since=since)),
            "days": days,
            "windows": WINDOWS,
            "now": now,
            "nav": "reports",
        },
    )
