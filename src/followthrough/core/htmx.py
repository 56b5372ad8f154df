"""Typed helpers for htmx requests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django_htmx.http import HttpResponseClientRedirect


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def template_for(request: HttpRequest, page: str, partial: str) -> str:
    """The whole page, or only its named partial when htmx asks for a fragment."""
    if is_htmx(request) and not request.headers.get("HX-Boosted"):
        return f"{page}#{partial}"
    return page


def redirect(request: HttpRequest, url: str) -> HttpResponse:
    from django.shortcuts import redirect as django_redirect

    if is_htmx(request):
        return HttpResponseClientRedirect(url)
    return django_redirect(url)
