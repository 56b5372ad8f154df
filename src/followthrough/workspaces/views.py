"""Sign-in, the member's own pages, and the manager's team and settings pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from followthrough.commitments.selectors import standing_of
from followthrough.contacts.models import Contact, Stage
from followthrough.core.timeutil import utcnow
from followthrough.workspaces import services
from followthrough.workspaces.auth import THROTTLED_MESSAGE, was_throttled
from followthrough.workspaces.forms import (
    LoginForm,
    MemberAddForm,
    MemberEditForm,
    MemberProfileForm,
    TokenForm,
    WorkspaceSettingsForm,
)
from followthrough.workspaces.models import ApiToken, Member
from followthrough.workspaces.selectors import access_member, member_list

View = Callable[..., HttpResponse]


def member_required(view: View) -> View:
    """Signed in and a member of a workspace; otherwise to the sign-in page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "member", None) is None:
            if request.user.is_authenticated:
                logout(request)
            return redirect(f"/login/?next={request.path}")
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view: View) -> View:
    @member_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.member.is_manager:  # type: ignore[attr-defined]
            raise Http404("Only managers can see this page.")
        return view(request, *args, **kwargs)

    return wrapper


def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        user = authenticate(request, email=email, password=form.cleaned_data["password"])
        if user is None and was_throttled(request):
            form.add_error(None, THROTTLED_MESSAGE)
            status = 429
        elif user is None:
            form.add_error(None, "That email and password do not match.")
            status = 400
        else:
            login(request, user)
            return redirect(next_url or "today")
    elif request.method == "POST":
        status = 400
    return render(request, "workspaces/login.html", {"form": form, "next": next_url}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@member_required
def reports(request: HttpRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    base = Contact.objects.filter(workspace=member.workspace, archived_at__isnull=True)
    counts = dict(base.values_list("stage").annotate(n=Count("id")).values_list("stage", "n"))
    stages = [{"label": label, "count": counts.get(value, 0)} for value, label in Stage.choices]
    owed_total = base.filter(owed_reply_since__isnull=False).count()
    return render(
        request,
        "workspaces/reports.html",
        {"stages": stages, "owed_total": owed_total, "nav": "reports"},
    )


def _profile_initial(m: Member) -> dict[str, object]:
    return {
        "display_name": m.display_name,
        "timezone": m.timezone,
        "work_start": m.work_start,
        "work_end": m.work_end,
        "work_days": [str(d) for d in m.weekdays],
        "skills": m.skills,
        "role": m.role,
    }


def _save_profile(actor: Member, target: Member, data: dict[str, Any]) -> None:
    services.member_update(
        actor=actor,
        member=target,
        display_name=data["display_name"],
        role=data.get("role", target.role),
        timezone=data["timezone"],
        work_start=data["work_start"],
        work_end=data["work_end"],
        work_days=",".join(sorted(data["work_days"])),
        skills=data.get("skills", ""),
    )


@member_required
def profile(request: HttpRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    form = MemberProfileForm(request.POST or None, initial=_profile_initial(member))
    if request.method == "POST" and form.is_valid():
        try:
            _save_profile(member, member, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Profile saved.")
            return redirect("profile")
    tokens = ApiToken.objects.filter(member=member, revoked_at__isnull=True).order_by("-created_at")
    return render(
        request,
        "workspaces/profile.html",
        {
            "form": form,
            "tokens": tokens,
            "token_form": TokenForm(),
            "new_token": request.session.pop("new_token", None),
            "calendar_url": request.build_absolute_uri(f"/calendar/{member.calendar_token}.ics"),
            "standing": standing_of(member, now=utcnow()),
        },
    )


@member_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    form = TokenForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else "API token"
    _, raw = services.api_token_create(member=member, name=name)
    request.session["new_token"] = raw
    messages.success(request, "Token created. Copy it now: it is shown only once.")
    return redirect("profile")


@member_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    token = ApiToken.objects.filter(member=member, pk=pk).first()
    if token is None:
        raise Http404("No such token.")
    services.api_token_revoke(member=member, token=token, now=utcnow())
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("profile")


@member_required
@require_POST
def calendar_rotate(request: HttpRequest) -> HttpResponse:
    services.member_rotate_calendar_token(member=request.member)  # type: ignore[attr-defined]
    messages.success(request, "Calendar link changed. The old link no longer works.")
    return redirect("profile")


@manager_required
def members(request: HttpRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    rows = member_list(member.workspace, include_inactive=True)
    settings_form = WorkspaceSettingsForm(
        initial={
            "name": member.workspace.name,
            "cooling_off_minutes": member.workspace.cooling_off_minutes,
        }
    )
    return render(
        request,
        "workspaces/members.html",
        {"rows": rows, "settings_form": settings_form, "nav": "team"},
    )


@manager_required
def member_add(request: HttpRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    form = MemberAddForm(
        request.POST or None,
        initial={
            "timezone": member.timezone,
            "work_start": "09:00",
            "work_end": "17:00",
            "work_days": ["1", "2", "3", "4", "5"],
            "role": "rep",
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                services.user_create(
                    email=d["email"], password=d["password"], display_name=d["display_name"]
                )
                services.member_add(
                    workspace=member.workspace,
                    email=d["email"],
                    display_name=d["display_name"],
                    role=d["role"],
                    timezone=d["timezone"],
                    work_start=d["work_start"],
                    work_end=d["work_end"],
                    work_days=",".join(sorted(d["work_days"])),
                    skills=d.get("skills", ""),
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{d['display_name']} can now sign in with {d['email']}.")
            return redirect("members")
    return render(
        request, "workspaces/member_form.html", {"form": form, "nav": "team", "adding": True}
    )


@manager_required
def member_edit(request: HttpRequest, code: str) -> HttpResponse:
    actor: Member = request.member  # type: ignore[attr-defined]
    target = access_member(actor, code, write=True)
    form = MemberEditForm(request.POST or None, initial=_profile_initial(target))
    if request.method == "POST" and form.is_valid():
        try:
            _save_profile(actor, target, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{target.display_name} saved.")
            return redirect("members")
    return render(
        request, "workspaces/member_form.html", {"form": form, "target": target, "nav": "team"}
    )


@manager_required
@require_POST
def member_toggle(request: HttpRequest, code: str) -> HttpResponse:
    actor: Member = request.member  # type: ignore[attr-defined]
    target = access_member(actor, code, write=True)
    try:
        services.member_set_active(
            actor=actor, member=target, active=not target.is_active, now=utcnow()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        state = "reactivated" if target.is_active else "deactivated"
        messages.success(request, f"{target.display_name} {state}.")
    return redirect("members")


@manager_required
@require_POST
def workspace_settings(request: HttpRequest) -> HttpResponse:
    actor: Member = request.member  # type: ignore[attr-defined]
    form = WorkspaceSettingsForm(request.POST)
    if form.is_valid():
        services.workspace_update(
            actor=actor,
            name=form.cleaned_data["name"],
            cooling_off_minutes=form.cleaned_data["cooling_off_minutes"],
        )
        messages.success(request, "Settings saved.")
    else:
        messages.error(
            request,
            "Settings not saved: "
            + "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()),
        )
    return redirect("members")
