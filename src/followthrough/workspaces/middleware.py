"""Attach the signed-in member and their workspace to every request, and show its times in
the member's timezone (``core.clock``)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from followthrough.core import clock
from followthrough.workspaces.selectors import member_for_user


class WorkspaceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        member = None
        if request.user.is_authenticated:
            member = member_for_user(request.user.pk, request.session.get("workspace"))
        request.member = member  # type: ignore[attr-defined]
        request.workspace = member.workspace if member else None  # type: ignore[attr-defined]
        if member is None:
            return self.get_response(request)
        timezone.activate(clock.zone(member.timezone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
