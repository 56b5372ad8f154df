"""An OpenAPI document that tells the truth about errors and times.

django-ninja documents only the responses a route declares (its 2xx). Every route also
answers errors from the API-wide handlers in `followthrough.api`, all in one shape
(`ErrorOut`); this adds them to each operation by what the operation can meet:

* 401 (no or bad token) and 403 (the role does not allow it) — every authenticated route;
* 404 — a route with a path parameter, or whose input names something by code;
* 422 — a route with any input (invalid fields, listed in `fields`);
* 400 (the body is not JSON) and 413 (the body is too large) — a route with a body;
* 409 (a concurrent request wrote the same data; retrying is safe) — every write.

A route that declares one of these itself (say 409 with its own shape) keeps its own.
Times of day are sent as "08:30:00", which JSON Schema's `format: time` refuses (it wants
an offset), so they are documented with a pattern instead.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from followthrough.core.schemas import ErrorOut

ERROR_REF = "#/components/schemas/ErrorOut"
ERRORS: dict[int, str] = {
    400: "The request body is not valid JSON.",
    401: "Missing or invalid API token.",
    403: "Your role does not allow this.",
    404: "Not found in your workspace (the path, or a code given in the input).",
    409: "Another request changed the same data at the same time; retrying is safe.",
    413: "The request body is too large.",
    422: "Invalid input: `fields` says what is wrong with each field.",
}
WRITES = {"post", "put", "patch", "delete"}
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


def error_statuses(method: str, op: dict[str, Any], *, authenticated: bool) -> list[int]:
    """The error statuses an operation can answer, by its shape."""
    params = op.get("parameters", [])
    body = "requestBody" in op
    found: set[int] = set()
    if authenticated:
        found |= {401, 403}
    if body or params:
        found |= {404, 422}
    if any(p.get("in") == "path" for p in params):
        found.add(404)
    if body:
        found |= {400, 413}
    if method in WRITES:
        found.add(409)
    return sorted(found)


def _times_as_patterns(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("format") == "time":
            del node["format"]
            node["pattern"] = TIME_PATTERN
            node.setdefault("examples", ["08:30:00"])
        for value in node.values():
            _times_as_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _times_as_patterns(value)


class DocumentedErrorsAPI(NinjaAPI):
    """The project's NinjaAPI: its OpenAPI document lists every error each route answers."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.model_json_schema(ref_template=ERROR_REF)
        for operations in schema.get("paths", {}).values():
            for method, op in operations.items():
                if not isinstance(op, dict) or "responses" not in op:
                    continue
                authenticated = bool(op.get("security", schema.get("security", [])))
                responses = op["responses"]
                for status in error_statuses(method, op, authenticated=authenticated):
                    responses.setdefault(
                        status,
                        {
                            "description": ERRORS[status],
                            "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
                        },
                    )
        _times_as_patterns(schema)
        return schema
