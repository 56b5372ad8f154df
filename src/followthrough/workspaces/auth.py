"""Every password check goes through one throttled backend: the sign-in page, the operators'
admin, and the password change on the profile.

Failures are rows in the database (`LoginFailure`), so every process sees the same counts.
Two limits over the window: wrong passwords for one account from one address, and wrong
passwords of any account from one address. An account is never locked for everyone: the right
password from an address that did not fail still gets in.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from followthrough.core.timeutil import utcnow
from followthrough.workspaces import services
from followthrough.workspaces.models import User

THROTTLED_MESSAGE = "Too many failed attempts from this address. Wait 15 minutes and try again."


def client_address(request: HttpRequest | None) -> str:
    """The address the request came from. Behind `TRUSTED_PROXY_COUNT` proxies, the entry that
    many places from the right of X-Forwarded-For (each proxy appends the address it saw, so
    entries further left are whatever the client wrote); otherwise the connection's address."""
    if request is None:
        return ""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if trusted > 0:
        forwarded = [
            a.strip() for a in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        ]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= trusted:
            return forwarded[-trusted][:64]
    return remote[:64]


def was_throttled(request: HttpRequest | None) -> bool:
    """True when the last password check on this request was refused by the throttle."""
    return bool(getattr(request, "_followthrough_throttled", False))


class ThrottledBackend(ModelBackend):
    """The only authentication backend (settings.AUTHENTICATION_BACKENDS)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.pop(User.USERNAME_FIELD, None)
        if username is None or password is None:
            return None
        account = str(username).strip().lower()
        address = client_address(request)
        now = utcnow()
        if services.login_is_locked(username=account, ip_address=address, now=now):
            if request is not None:
                request._followthrough_throttled = True  # type: ignore[attr-defined]
            raise PermissionDenied(THROTTLED_MESSAGE)  # stops every other check
        user = super().authenticate(request, username=account, password=password, **kwargs)
        if user is None:
            services.login_record_failure(username=account, ip_address=address, now=now)
        else:
            services.login_clear_failures(username=account, ip_address=address)
        return user

    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        # ModelBackend's own async check would skip the throttle.
        return await sync_to_async(self.authenticate)(request, username, password, **kwargs)


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The operators' sign-in: the same backend, and says so when the throttle refuses."""

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            if was_throttled(self.request):
                raise ValidationError(THROTTLED_MESSAGE, code="throttled") from None
            raise
