"""The REST API: one NinjaAPI that mounts each app's router."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from followthrough.agenda.api import router as agenda_router
from followthrough.commitments.api import router as commitments_router
from followthrough.composer.api import guard_router
from followthrough.composer.api import router as drafts_router
from followthrough.contacts.api import router as contacts_router
from followthrough.core.renderers import LocalTimeRenderer
from followthrough.lost.api import router as lost_router
from followthrough.orders.api import router as orders_router
from followthrough.plans.api import router as plans_router
from followthrough.workspaces.api import TokenAuth
from followthrough.workspaces.api import router as workspaces_router

api = NinjaAPI(
    title="Followthrough API",
    version="1",
    description=(
        "Contacts, the timeline and everything a member owes whom. Authenticate with "
        "`Authorization: Bearer <token>`; create a token on your profile page."
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
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query", "path")]
        fields.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg", "invalid")))
    return _error(request, 422, "The request has invalid fields.", fields=fields)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or "Not found.")


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "Missing or invalid API token.")
