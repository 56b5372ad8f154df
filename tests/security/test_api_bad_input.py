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
