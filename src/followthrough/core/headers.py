"""Security headers on every response: a Content-Security-Policy, and no caching of anything
that belongs to a signed-in member (pages, API answers, exports). See docs/security.md.

The policy allows scripts and style sheets only from our own origin: no inline `<script>`, no
`on…=` handlers, no `eval` (htmx runs with `allowEval: false`), no `<style>` elements. Inline
`style="…"` attributes stay allowed (`style-src-attr 'unsafe-inline'`): they cannot run code,
and the few that carry values (a bar's length) have no other way into CSS without script.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEFAULT_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
NO_STORE = "private, no-store"


def content_security_policy() -> str:
    return str(getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY))


def is_private(request: HttpRequest, response: HttpResponse) -> bool:
    """A signed-in member's page, an API answer to a token, or a file to download."""
    user = getattr(request, "user", None)
    return bool(
        (user is not None and user.is_authenticated)
        or request.headers.get("Authorization", "").lower().startswith("bearer ")
        or response.get("Content-Disposition", "").startswith("attachment")
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        if is_private(request, response) and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = NO_STORE
        return response
