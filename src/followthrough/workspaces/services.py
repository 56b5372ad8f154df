"""Every change to workspaces, members, tokens and sign-in throttling."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from followthrough.core.timeutil import is_valid_timezone
from followthrough.workspaces.models import (
    ApiToken,
    Invitation,
    LoginFailure,
    Member,
    PasswordResetRequest,
    Role,
    User,
    Workspace,
)


@transaction.atomic
def workspace_create(
    *, name: str, manager_email: str, manager_name: str, password: str | None, timezone: str = "UTC"
) -> Member:
    """A new business with its first manager. `password` is used only for a new account: an
    existing account joins with the password it has."""
    workspace = Workspace.objects.create(name=name)
    email = manager_email.strip().lower()
    if not User.objects.filter(email=email).exists():
        user_create(email=email, password=password, display_name=manager_name)
    from followthrough.plans.services import plans_install_defaults  # the built-in plans

    plans_install_defaults(workspace)
    return member_add(
        workspace=workspace,
        email=manager_email,
        display_name=manager_name,
        role=Role.MANAGER,
        timezone=timezone,
    )


@transaction.atomic
def member_add(
    *,
    workspace: Workspace,
    email: str,
    display_name: str,
    role: str = Role.REP,
    timezone: str = "UTC",
    work_start: time = time(9, 0),
    work_end: time = time(17, 0),
    work_days: str = "1,2,3,4,5",
    skills: str = "",
) -> Member:
    """`email` joins the workspace. A new email gets an account without a password (it signs in
    once a password is set through an invitation or a reset link); an existing account is
    never changed."""
    email = email.strip().lower()
    _validate_member_fields(role=role, timezone=timezone, work_start=work_start, work_end=work_end)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(email=email, password=None, display_name=display_name)
    # An existing account keeps its password: adding someone never signs in as them.
    if Member.objects.filter(workspace=workspace, user=user).exists():
        raise ValidationError({"email": f"{email} is already a member of this workspace."})
    return Member.objects.create(
        workspace=workspace,
        user=user,
        display_name=display_name.strip() or email,
        role=role,
        timezone=timezone,
        work_start=work_start,
        work_end=work_end,
        work_days=work_days,
        skills=skills,
    )


def user_create(*, email: str, password: str | None, display_name: str = "") -> User:
    """A new sign-in (no password: it cannot sign in until one is set). Refuses a taken email."""
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": f"{email} already has an account."})
    return User.objects.create_user(email=email, password=password, first_name=display_name)


def _validate_member_fields(*, role: str, timezone: str, work_start: time, work_end: time) -> None:
    errors: dict[str, str] = {}
    if role not in Role.values:
        errors["role"] = f"Role must be one of {', '.join(Role.values)}."
    if not is_valid_timezone(timezone):
        errors["timezone"] = f"{timezone!r} is not a known timezone (e.g. Europe/Berlin)."
    if work_end <= work_start:
        errors["work_end"] = "Working hours must end after they start."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def member_update(
    *,
    actor: Member,
    member: Member,
    display_name: str,
    role: str,
    timezone: str,
    work_start: time,
    work_end: time,
    work_days: str,
    skills: str,
) -> Member:
    if not actor.is_manager:
        role = member.role  # reps may edit their own profile, never their role
    _validate_member_fields(role=role, timezone=timezone, work_start=work_start, work_end=work_end)
    if member.is_manager and role != Role.MANAGER:
        _ensure_another_manager(member)
    member.display_name = display_name.strip() or member.display_name
    member.role = role
    member.timezone = timezone
    member.work_start = work_start
    member.work_end = work_end
    member.work_days = work_days
    member.skills = skills
    member.full_clean()
    member.save()
    return member


def _ensure_another_manager(member: Member) -> None:
    others = Member.objects.filter(
        workspace=member.workspace, role=Role.MANAGER, is_active=True
    ).exclude(pk=member.pk)
    if not others.exists():
        raise ValidationError("A workspace needs at least one active manager.")


@transaction.atomic
def member_set_active(*, actor: Member, member: Member, active: bool, now: datetime) -> Member:
    if not actor.is_manager:
        raise ValidationError("Only a manager can deactivate members.")
    if not active and member.is_manager:
        _ensure_another_manager(member)
    member.is_active = active
    member.save(update_fields=["is_active", "updated_at"])
    if not active:
        ApiToken.objects.filter(member=member, revoked_at__isnull=True).update(revoked_at=now)
    return member


@transaction.atomic
def workspace_update(*, actor: Member, name: str, cooling_off_minutes: int) -> Workspace:
    if not actor.is_manager:
        raise ValidationError("Only a manager can change workspace settings.")
    workspace = actor.workspace
    workspace.name = name.strip() or workspace.name
    workspace.cooling_off_minutes = cooling_off_minutes
    workspace.full_clean()
    workspace.save()
    return workspace


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, member: Member, name: str = "API token") -> tuple[ApiToken, str]:
    """A new API token; the raw value is returned once and never stored."""
    raw = "ft_" + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        workspace=member.workspace,
        member=member,
        name=name,
        prefix=raw[:10],
        token_hash=hash_token(raw),
    )
    return token, raw


def api_token_revoke(*, member: Member, token: ApiToken, now: datetime) -> None:
    ApiToken.objects.filter(pk=token.pk, member=member, revoked_at__isnull=True).update(
        revoked_at=now
    )


def member_rotate_calendar_token(*, member: Member) -> Member:
    member.calendar_token = secrets.token_urlsafe(32)
    member.save(update_fields=["calendar_token", "updated_at"])
    return member


# Invitations -------------------------------------------------------------------------------

INVITATION_DAYS = 7


@transaction.atomic
def invitation_create(
    *, actor: Member, email: str, display_name: str, role: str, now: datetime
) -> tuple[Invitation, str]:
    """A manager invites `email` to the actor's workspace. Returns the invitation and the raw
    token for the link (only its hash is stored). A pending invitation for the same email in
    this workspace is replaced: only the newest link works."""
    if not actor.is_manager:
        raise ValidationError("Only a manager can invite members.")
    email = email.strip().lower()
    errors: dict[str, str] = {}
    if role not in Role.values:
        errors["role"] = f"Role must be one of {', '.join(Role.values)}."
    if Member.objects.filter(workspace=actor.workspace, user__email=email).exists():
        errors["email"] = f"{email} is already a member of this workspace."
    if errors:
        raise ValidationError(errors)
    Invitation.objects.filter(
        workspace=actor.workspace, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        workspace=actor.workspace,
        invited_by=actor,
        email=email,
        display_name=display_name.strip() or email,
        role=role,
        token_hash=hash_token(raw),
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    return invitation, raw


def invitation_for_token(raw: str, *, now: datetime) -> Invitation | None:
    """The pending invitation this link names, or None (unknown, used, revoked or expired)."""
    if not raw or len(raw) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("workspace", "invited_by")
        .filter(token_hash=hash_token(raw))
        .first()
    )
    return invitation if invitation and invitation.is_pending(now) else None


def invitation_needs_account(invitation: Invitation) -> bool:
    """True when nobody has this email yet: the invitee chooses a password on the link's page.
    Otherwise they sign in as themselves and accept."""
    return not User.objects.filter(email=invitation.email).exists()


def _lock_pending(invitation: Invitation, now: datetime) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_pending(now):
        raise ValidationError("This invitation was already used, revoked or has expired.")
    return locked


def _join(invitation: Invitation, user: User, now: datetime) -> Member:
    timezone = invitation.invited_by.timezone if invitation.invited_by else "UTC"
    member = member_add(
        workspace=invitation.workspace,
        email=user.email,
        display_name=invitation.display_name,
        role=invitation.role,
        timezone=timezone,
    )
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return member


@transaction.atomic
def invitation_accept_new(*, invitation: Invitation, password: str, now: datetime) -> Member:
    """A new email: the invitee's own password makes the account, which joins the workspace."""
    invitation = _lock_pending(invitation, now)
    if User.objects.filter(email=invitation.email).exists():
        raise ValidationError(
            f"{invitation.email} already has an account: sign in as yourself to accept."
        )
    candidate = User(email=invitation.email, first_name=invitation.display_name)
    validate_password(password, candidate)
    user = user_create(
        email=invitation.email, password=password, display_name=invitation.display_name
    )
    return _join(invitation, user, now)


@transaction.atomic
def invitation_accept_existing(*, invitation: Invitation, user: User, now: datetime) -> Member:
    """An existing account, signed in as itself, joins. Its password is never touched."""
    invitation = _lock_pending(invitation, now)
    if user.email.lower() != invitation.email:
        raise ValidationError(
            f"This invitation is for {invitation.email}; you are signed in as {user.email}."
        )
    return _join(invitation, user, now)


def invitation_revoke(*, actor: Member, invitation: Invitation, now: datetime) -> None:
    if not actor.is_manager or invitation.workspace_id != actor.workspace_id:
        raise ValidationError("Only a manager of this workspace can revoke its invitations.")
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(revoked_at=now)


def invitations_pending(workspace: Workspace, *, now: datetime) -> list[Invitation]:
    return list(
        Invitation.objects.filter(
            workspace=workspace,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        ).order_by("-created_at")
    )


# Password reset requests ------------------------------------------------------------------


def password_reset_allowed(*, email: str, ip_address: str, now: datetime) -> bool:
    """Records the request and says whether to send: at most `PASSWORD_RESET_MAX_PER_EMAIL`
    links per email and `PASSWORD_RESET_MAX_PER_ADDRESS` requests per address in the window."""
    email = email.strip().lower()
    since = now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = PasswordResetRequest.objects.filter(at__gte=since)
    if (
        recent.filter(ip_address=ip_address).count() >= settings.PASSWORD_RESET_MAX_PER_ADDRESS
        or recent.filter(email=email).count() >= settings.PASSWORD_RESET_MAX_PER_EMAIL
    ):
        return False
    PasswordResetRequest.objects.create(email=email, ip_address=ip_address, at=now)
    PasswordResetRequest.objects.filter(
        at__lt=now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS * 4)
    ).delete()
    return True


# Sign-in throttling -------------------------------------------------------------------------


def login_is_locked(*, username: str, ip_address: str, now: datetime) -> bool:
    """Locked when this address failed for this account `LOGIN_MAX_FAILURES` times, or for any
    accounts `LOGIN_MAX_FAILURES_PER_ADDRESS` times, within the window. Failures from other
    addresses never lock an account out."""
    since = now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    from_address = LoginFailure.objects.filter(at__gte=since, ip_address=ip_address)
    if from_address.count() >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS:
        return True
    pair = from_address.filter(username=username.strip().lower())
    return pair.count() >= settings.LOGIN_MAX_FAILURES


def login_record_failure(*, username: str, ip_address: str, now: datetime) -> None:
    LoginFailure.objects.create(username=username.strip().lower(), ip_address=ip_address, at=now)
    LoginFailure.objects.filter(
        at__lt=now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS * 4)
    ).delete()


def login_clear_failures(*, username: str, ip_address: str) -> None:
    """After the right password: this account's failures from this address. Failures of other
    accounts from the same address still count against it."""
    LoginFailure.objects.filter(username=username.strip().lower(), ip_address=ip_address).delete()
