"""Contacts: list and search, the contact page with its timeline, and edits."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from followthrough.contacts import services
from followthrough.contacts.forms import ContactForm, InteractionForm, StageForm, contact_initial
from followthrough.contacts.models import Stage
from followthrough.contacts.selectors import (
    SORTS,
    ContactFilters,
    access_contact,
    access_interaction,
    contact_list,
    timeline,
)
from followthrough.core.htmx import template_for
from followthrough.core.timeutil import utcnow
from followthrough.workspaces.models import Member
from followthrough.workspaces.selectors import member_list
from followthrough.workspaces.views import member_required

SORT_LABELS = {
    "name": "Name A to Z",
    "-name": "Name Z to A",
    "newest": "Newest first",
    "oldest": "Oldest first",
    "quiet": "Longest silence",
    "recent": "Most recent touch",
}


def _filters(request: HttpRequest) -> ContactFilters:
    g = request.GET
    sort = g.get("sort", "name")
    return ContactFilters(
        q=g.get("q", "")[:100].replace("\x00", ""),
        stage=g.get("stage", ""),
        owner=g.get("owner", ""),
        archived=g.get("archived") == "1",
        owed_reply=g.get("owed") == "1",
        sort=sort if sort in SORTS else "name",
    )


@member_required
def contact_list_view(request: HttpRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    filters = _filters(request)
    paginator = Paginator(contact_list(member, filters), 50)
    page = paginator.get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        template_for(request, "contacts/list.html", "rows"),
        {
            "page": page,
            "filters": filters,
            "stages": Stage.choices,
            "owners": member_list(member.workspace),
            "sorts": SORT_LABELS,
            "query": urlencode(query),
            "nav": "contacts",
        },
    )


@member_required
def contact_new(request: HttpRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    form = ContactForm(request.POST or None, member=member, initial={"owner": member.code})
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(
                workspace=member.workspace,
                data=form.to_data(),
                actor=member,
                now=utcnow(),
                stage=form.cleaned_data["stage"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{contact.name} added.")
            return redirect("contacts:detail", contact.code)
    return render(request, "contacts/form.html", {"form": form, "nav": "contacts"})


@member_required
def contact_edit(request: HttpRequest, code: str) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    contact = access_contact(member, code, write=True)
    form = ContactForm(
        request.POST or None, member=member, editing=True, initial=contact_initial(contact)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(contact=contact, data=form.to_data(), actor=member)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("contacts:detail", contact.code)
    return render(
        request, "contacts/form.html", {"form": form, "contact": contact, "nav": "contacts"}
    )


def _detail_context(
    member: Member, code: str, form: InteractionForm | None = None
) -> dict[str, object]:
    contact = access_contact(member, code)
    return {
        "contact": contact,
        "entries": timeline(contact)[:100],
        "form": form or InteractionForm(),
        "stage_form": StageForm(initial={"stage": contact.stage}),
        "stage_history": contact.stage_changes.select_related("by")[:10],
        "referrals": contact.referrals.all()[:10],
        "nav": "contacts",
    }


@member_required
def contact_detail(request: HttpRequest, code: str) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    return render(request, "contacts/detail.html", _detail_context(member, code))


@member_required
@require_POST
def interaction_create(request: HttpRequest, code: str) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    contact = access_contact(member, code, write=True)
    form = InteractionForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.interaction_log(
                contact=contact, member=member, data=form.to_data(now=utcnow(), tz=member.timezone)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 422
        else:
            form = InteractionForm()
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, "Logged.")
                return redirect("contacts:detail", contact.code)
    else:
        status = 422
    if not request.htmx:  # type: ignore[attr-defined]
        return render(
            request, "contacts/detail.html", _detail_context(member, code, form), status=status
        )
    return render(
        request,
        "contacts/detail.html#timeline",
        _detail_context(member, code, form),
        status=200 if status == 200 else 422,
    )


@member_required
@require_POST
def interaction_remove(request: HttpRequest, code: str) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    interaction = access_interaction(member, code)
    contact_code = interaction.contact.code
    services.interaction_delete(interaction=interaction)
    messages.success(request, "Entry removed.")
    return redirect("contacts:detail", contact_code)


@member_required
@require_POST
def contact_stage(request: HttpRequest, code: str) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    contact = access_contact(member, code, write=True)
    form = StageForm(request.POST)
    if form.is_valid() and form.cleaned_data["stage"] == Stage.LOST:
        # Lost takes a reason from the workspace's taxonomy: that is the lost app's form.
        query = (
            urlencode({"why": form.cleaned_data["reason"]}) if form.cleaned_data["reason"] else ""
        )
        return redirect(reverse("lost:mark", args=[contact.code]) + (f"?{query}" if query else ""))
    if form.is_valid():
        services.contact_set_stage(
            contact=contact,
            stage=form.cleaned_data["stage"],
            actor=member,
            now=utcnow(),
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"Stage is now {contact.get_stage_display()}.")
    else:
        messages.error(request, "Choose a stage.")
    return redirect("contacts:detail", contact.code)


@member_required
@require_POST
def contact_archive(request: HttpRequest, code: str) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    contact = access_contact(member, code, write=True)
    archive = contact.archived_at is None
    services.contact_archive(contact=contact, now=utcnow(), archived=archive)
    messages.success(request, f"{contact.name} {'archived' if archive else 'restored'}.")
    return redirect("contacts:detail", contact.code)
