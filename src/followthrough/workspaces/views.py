"""Sign-in, the member's own pages, and the manager's team and settings pages."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from followthrough.commitments.selectors import standing_of
from followthrough.contacts.models import Contact, Stage
from followthrough.core.timeutil import utcnow
from followthrough.workspaces import access, services
from followthrough.workspaces.auth import THROTTLED_MESSAGE, client_address, was_throttled
from followthrough.workspaces.forms import (
    InvitationForm,
    LoginForm,
    MemberEditForm,
    MemberProfileForm,
    NewPasswordForm,
    ResetRequestForm,
    ThrottledPasswordChangeForm,
    TokenForm,
    WorkspaceSettingsForm,
)
from followthrough.workspaces.models import ApiToken, Invitation, Member, User
from followthrough.workspaces.selectors import access_member, member_choices, member_list

logger = logging.getLogger(__name__)

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
        access.require_manager(request.member)  # type: ignore[attr-defined]
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
            if not next_url and member_choices(user.pk).count() > 1:
                return redirect("workspace_pick")
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
    access.require_reports(member)
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
            "several_workspaces": member_choices(member.user_id).count() > 1,
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
        {
            "rows": rows,
            "settings_form": settings_form,
            "nav": "team",
            "invitations": services.invitations_pending(member.workspace, now=utcnow()),
            "new_invitation": request.session.pop("new_invitation", None),
        },
    )


@manager_required
def member_add(request: HttpRequest) -> HttpResponse:
    """Invite someone: name, email, role. The link is shown here to pass on, and mailed."""
    member: Member = request.member  # type: ignore[attr-defined]
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            invitation, raw = services.invitation_create(
                actor=member,
                email=d["email"],
                display_name=d["display_name"],
                role=d["role"],
                now=utcnow(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            link = request.build_absolute_uri(f"/invite/{raw}/")
            mailed = _mail_invitation(invitation, link)
            request.session["new_invitation"] = {"email": invitation.email, "link": link}
            messages.success(
                request,
                f"{invitation.display_name} is invited"
                + (f" (a link was mailed to {invitation.email})." if mailed else ".")
                + " Pass on the link below too; it works once, for 7 days.",
            )
            return redirect("members")
    return render(
        request, "workspaces/member_form.html", {"form": form, "nav": "team", "adding": True}
    )


def _mail_invitation(invitation: Invitation, link: str) -> bool:
    inviter = invitation.invited_by.display_name if invitation.invited_by else "A manager"
    try:
        send_mail(
            f"Join {invitation.workspace.name} on Followthrough",
            f"{inviter} invited you to {invitation.workspace.name} on Followthrough as "
            f"{invitation.get_role_display().lower()}.\n\nOpen this link to accept (it works "
            f"once, until {invitation.expires_at:%Y-%m-%d %H:%M} UTC):\n{link}\n",
            None,
            [invitation.email],
        )
    except (OSError, smtplib.SMTPException):
        logger.warning("Could not mail the invitation to %s", invitation.email, exc_info=True)
        return False
    return True


@manager_required
@require_POST
def invitation_revoke(request: HttpRequest, code: str) -> HttpResponse:
    actor: Member = request.member  # type: ignore[attr-defined]
    invitation = Invitation.objects.filter(workspace=actor.workspace, code=code).first()
    if invitation is None:
        raise Http404("No such invitation.")
    services.invitation_revoke(actor=actor, invitation=invitation, now=utcnow())
    messages.success(request, f"The invitation for {invitation.email} no longer works.")
    return redirect("members")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's page. A new email chooses a password; an existing account signs in as
    itself and accepts. Nothing here ever changes an existing account's password."""
    now = utcnow()
    invitation = services.invitation_for_token(token, now=now)
    if invitation is None:
        return render(request, "workspaces/invitation_invalid.html", status=404)
    context: dict[str, Any] = {"invitation": invitation}
    if services.invitation_needs_account(invitation):
        user = User(email=invitation.email, first_name=invitation.display_name)
        form = NewPasswordForm(request.POST or None, user=user)
        if request.method == "POST" and form.is_valid():
            try:
                joined = services.invitation_accept_new(
                    invitation=invitation, password=form.cleaned_data["password2"], now=now
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _welcome(request, joined)
        context["form"] = form
        return render(
            request,
            "workspaces/invitation.html",
            context,
            status=400 if request.method == "POST" else 200,
        )
    if not request.user.is_authenticated:
        context["login_url"] = f"/login/?next=/invite/{token}/"
    elif request.user.email.lower() != invitation.email:
        context["wrong_account"] = request.user.email
    elif request.method == "POST":
        try:
            joined = services.invitation_accept_existing(
                invitation=invitation,
                user=request.user,
                now=now,
            )
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
        else:
            return _welcome(request, joined)
    return render(request, "workspaces/invitation.html", context)


def _welcome(request: HttpRequest, joined: Member) -> HttpResponse:
    if request.user.pk != joined.user_id:  # a new account: whoever was signed in here is not it
        login(request, joined.user, backend="followthrough.workspaces.auth.ThrottledBackend")
    request.session["workspace"] = joined.workspace.code
    messages.success(request, f"Welcome to {joined.workspace.name}.")
    return redirect("today")


def workspace_pick(request: HttpRequest) -> HttpResponse:
    """A person in several workspaces chooses which one to work in."""
    if not request.user.is_authenticated:
        return redirect(f"/login/?next={request.path}")
    choices = list(member_choices(request.user.pk))
    if request.method == "POST":
        chosen = next((m for m in choices if m.workspace.code == request.POST.get("code")), None)
        if chosen is None:
            raise Http404("You are not a member of that workspace.")
        request.session["workspace"] = chosen.workspace.code
        return redirect("today")
    current = getattr(request, "member", None)
    return render(
        request,
        "workspaces/pick.html",
        {"choices": choices, "current": current.workspace.code if current else ""},
    )


@member_required
def password_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ThrottledPasswordChangeForm(user, request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, "Password changed. Other devices were signed out.")
        return redirect("profile")
    status = 400 if request.method == "POST" else 200
    if was_throttled(request):
        status = 429
    return render(request, "workspaces/password_change.html", {"form": form}, status=status)


class ResetView(auth_views.PasswordResetView):
    """Django's reset view, rate-limited per email and per address."""

    form_class = ResetRequestForm
    template_name = "workspaces/reset_form.html"
    email_template_name = "workspaces/reset_email.txt"
    subject_template_name = "workspaces/reset_subject.txt"
    success_url = "/login/reset/sent/"

    def form_valid(self, form: Any) -> HttpResponse:
        if not services.password_reset_allowed(
            email=form.cleaned_data["email"], ip_address=client_address(self.request), now=utcnow()
        ):
            form.add_error(None, "Too many reset requests. Wait 15 minutes and try again.")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "workspaces/reset_confirm.html"
    success_url = "/login/reset/done/"


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
