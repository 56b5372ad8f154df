"""Every API operation answers bad input with a 4xx and a JSON error, never a 500."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from followthrough.api import api
from followthrough.contacts.models import Contact
from followthrough.workspaces.models import Member
from followthrough.workspaces.services import api_token_create

NASTY_VALUES: list[Any] = [
    None,
    "",
    "x" * 5000,
    -1,
    10**20,
    3.5,
    True,
    [],
    {},
    "2026-02-30",
    "'; DROP TABLE contacts_contact; --",
    "\x00nul",
    "🙂" * 50,
]

NASTY_BODIES: list[str] = [
    "",
    "{",
    "null",
    "[]",
    '"text"',
    "{" * 200,
    json.dumps({"a": [1] * 1000}),
]


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    spec = api.get_openapi_schema()
    ops = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            ops.append((path, method, op))
    return ops


def _fields(op: dict[str, Any], components: dict[str, Any]) -> list[str]:
    content = op.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return []
    schema = content["schema"]
    if "$ref" in schema:
        schema = components[schema["$ref"].split("/")[-1]]
    return list(schema.get("properties", {}))


@pytest.mark.django_db
def test_no_api_operation_answers_500_to_bad_input(bob: Member, contact: Contact) -> None:
    _, raw = api_token_create(member=bob)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", raise_request_exception=False)
    components = api.get_openapi_schema().get("components", {}).get("schemas", {})
    tried = 0
    for path, method, op in _operations():
        url = re.sub(r"\{\w+\}", contact.code, path)
        params = [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]
        for name in params:
            for value in ("-5", "abc", "9" * 30, "", "%00"):
                response = client.get(url, {name: value}) if method == "get" else None
                if response is not None:
                    assert response.status_code < 500, (method, url, name, value)
                    tried += 1
        if method in ("get", "delete"):
            continue
        for body in NASTY_BODIES:
            response = getattr(client, method)(url, data=body, content_type="application/json")
            assert response.status_code < 500, (method, url, body[:40], response.content[:300])
            tried += 1
        for field in _fields(op, components):
            for value in NASTY_VALUES:
                response = getattr(client, method)(
                    url, data=json.dumps({field: value}), content_type="application/json"
                )
                assert response.status_code < 500, (
                    method,
                    url,
                    field,
                    repr(value)[:40],
                    response.content[:300],
                )
                assert response["Content-Type"].startswith("application/json")
                tried += 1
    assert tried > 100


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return _resolve(components[schema["$ref"].split("/")[-1]], components)
    variants = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(variants) == 1:
        return {
            **_resolve(variants[0], components),
            **{k: schema[k] for k in ("maxLength",) if k in schema},
        }
    return schema


def _leaves(
    schema: dict[str, Any], components: dict[str, Any], path: tuple[str | int, ...] = ()
) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Every field of a body, nested ones included, with its (resolved) schema."""
    schema = _resolve(schema, components)
    found: list[tuple[tuple[str | int, ...], dict[str, Any]]] = []
    if schema.get("type") == "object" or "properties" in schema:
        for name, sub in schema.get("properties", {}).items():
            found += _leaves(sub, components, (*path, name))
        return found
    if schema.get("type") == "array":
        items = _resolve(schema.get("items", {}), components)
        if "properties" in items:
            found.append((path, schema))
            return found + _leaves(items, components, (*path, 0))
    return [(path, schema)]


def _nest(path: tuple[str | int, ...], value: Any) -> Any:
    for step in reversed(path):
        value = [value] if isinstance(step, int) else {step: value}
    return value


def _wrong_values(schema: dict[str, Any]) -> list[Any]:
    """Values of the wrong type, or the right type but not storable, for one field."""
    kind = schema.get("type")
    if kind == "string":
        too_long = "x" * (schema["maxLength"] + 1) if "maxLength" in schema else "x" * 100_000
        return [too_long, 12345, ["text"], {"a": 1}, "2026-13-45T25:61:00", "\ud83d"]
    if kind in ("integer", "number"):
        return ["abc", 1.5, 10**30, -(10**30), [], "1e999"]
    if kind == "boolean":
        return ["maybe", 2, {}]
    if kind == "array":
        return ["text", [None], [["nested"]], ["\udfff"], [{"\udc00": 1}]]
    return ["\udc00", 12345, [], {}]


@pytest.mark.django_db
def test_every_body_field_refuses_surrogates_wrong_types_and_long_text_without_a_5xx(
    bob: Member, contact: Contact
) -> None:
    """Walks the OpenAPI document: every field of every operation's body, nested ones too."""
    _, raw = api_token_create(member=bob)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", raise_request_exception=False)
    spec = api.get_openapi_schema()
    components = spec.get("components", {}).get("schemas", {})
    tried = surrogates = 0
    for path, method, op in _operations():
        content = op.get("requestBody", {}).get("content", {}).get("application/json")
        if not content:
            continue
        url = re.sub(r"\{\w+\}", contact.code, path)
        for where, schema in _leaves(content["schema"], components):
            field = ".".join(str(step) for step in where)
            send = getattr(client, method)
            if schema.get("type") == "string":
                for text in ("\udc00", "before \ud800 after"):
                    response = send(
                        url, json.dumps(_nest(where, text)), content_type="application/json"
                    )
                    assert response.status_code == 422, (method, url, field, response.content)
                    assert field in response.json()["fields"], (method, url, field)
                    surrogates += 1
            for value in _wrong_values(schema):
                response = send(
                    url, json.dumps(_nest(where, value)), content_type="application/json"
                )
                assert response.status_code < 500, (
                    method,
                    url,
                    field,
                    repr(value)[:40],
                    response.content[:300],
                )
                assert response["Content-Type"].startswith("application/json")
                tried += 1
    assert surrogates > 50
    assert tried > 200
