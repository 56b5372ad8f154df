"""The REST API: one NinjaAPI that mounts each app's router."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from followthrough.agenda.api import router as agenda_router
from followthrough.commitments.api import router as commitments_router
from followthrough.composer.api import guard_router
from followthrough.composer.api import router as drafts_router
from followthrough.contacts.api import router as contacts_router
from followthrough.core.errors import ConflictError
from followthrough.core.openapi import DocumentedErrorsAPI
from followthrough.core.renderers import LocalTimeRenderer
from followthrough.lost.api import router as lost_router
from followthrough.mail.api import router as mail_router
from followthrough.orders.api import router as orders_router
from followthrough.plans.api import router as plans_router
from followthrough.workspaces.api import TokenAuth
from followthrough.workspaces.api import router as workspaces_router

api: NinjaAPI = DocumentedErrorsAPI(
    title="Followthrough API",
    version="1",
    description=(
        "Contacts, the timeline and everything a member owes whom. Authenticate with "
        "`Authorization: Bearer <token>`; create a token on your profile page. Every error "
        'answers `{"error": "…", "fields": {…}}` (`fields` only for 422); see each '
        "operation for the statuses it may answer."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    renderer=LocalTimeRenderer(),
)
api.add_router("/", workspaces_router)
api.add_router("/contacts", contacts_router)
api.add_router("/agenda", agenda_router)
api.add_router("/commitments", commitments_router)
api.add_router("/guard", guard_router)
api.add_router("/drafts", drafts_router)
api.add_router("/orders", orders_router)
api.add_router("/plans", plans_router)
api.add_router("/lost", lost_router)
api.add_router("/mail", mail_router)


_LOCATIONS = ("body", "payload", "query", "path", "header", "cookie", "form", "file")


def _error(request: HttpRequest, status: int, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"error": message, **extra}, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        fields = {
            name: [str(m) for e in errs for m in e.messages]
            for name, errs in exc.error_dict.items()
        }
    else:
        fields = {"__all__": [str(m) for m in exc.messages]}
    return _error(request, 422, "The request has invalid fields.", fields=fields)


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", [])]
        for _ in range(2):  # where ("body", "query", …) and the parameter ("payload"), not a field
            if loc and loc[0] in _LOCATIONS:
                loc.pop(0)
        fields.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg", "invalid")))
    return _error(request, 422, "The request has invalid fields.", fields=fields)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or "Not found.")


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "Missing or invalid API token.")


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or "Your role does not allow this.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # django-ninja's "Cannot parse request body"
        return _error(request, 400, "The request body is not valid JSON.")
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, "The request body is too large.")


@api.exception_handler(ConflictError)
def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return _error(request, 409, str(exc))


@api.exception_handler(IntegrityError)
def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    """A concurrent request wrote the same unique row first; the service rolled back."""
    return _error(request, 409, ConflictError.DEFAULT)
