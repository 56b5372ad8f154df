"""A member of another workspace can reach nothing of ours, through any URL the project defines.

The walkers enumerate every URL pattern and every API operation, so a new page or endpoint is
covered the day it is added. A parameter the walker doesn't know fails loudly: teach it below.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.serializers import serialize
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from followthrough.api import api
from followthrough.contacts.models import Contact
from followthrough.contacts.services import InteractionData, interaction_log
from followthrough.orders.invoices import invoice_create
from followthrough.orders.models import Order
from followthrough.orders.services import (
    EventData,
    LineData,
    OrderData,
    order_create,
    order_record_event,
)
from followthrough.workspaces.models import Member, Workspace
from followthrough.workspaces.services import api_token_create

# Pages that are public by design (token pages, sign-in) or belong to the operators' admin.
PUBLIC_PREFIXES = ("login/", "logout/", "operators/", "api/", "static/", "healthz")


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route


def _routes() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def _workspace_models() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        if "workspace" in names:
            found.append(model)
    return found


def _fingerprint(workspace: Workspace) -> str:
    """A hash of every row the workspace owns: any change by the stranger shows up."""
    digest = hashlib.sha256()
    for model in _workspace_models():
        rows = model._default_manager.filter(workspace=workspace).order_by("pk")
        digest.update(serialize("json", rows).encode())
    return digest.hexdigest()


def _codes(workspace: Workspace) -> list[str]:
    codes: list[str] = []
    for model in _workspace_models():
        if any(f.name == "code" for f in model._meta.get_fields()):
            codes += list(
                model._default_manager.filter(workspace=workspace).values_list("code", flat=True)
            )
    return codes


def _pks(workspace: Workspace) -> list[str]:
    pks: list[str] = []
    for model in _workspace_models():
        pks += [
            str(pk)
            for pk in model._default_manager.filter(workspace=workspace).values_list(
                "pk", flat=True
            )
        ]
    return pks


@pytest.fixture
def alices_world(alice: Member, bob: Member, contact: Contact, now) -> Workspace:
    interaction_log(
        contact=contact,
        member=bob,
        data=InteractionData("email", "inbound", now, subject="Where is it?"),
    )
    api_token_create(member=bob)
    _add_an_order(contact, bob, now)
    return alice.workspace


def _add_an_order(contact: Contact, bob: Member, now: Any) -> None:
    """An order with bad news and an invoice, so the orders' pages and API are walked too."""
    order = order_create(
        workspace=contact.workspace,
        data=OrderData(number="A-1001", contact=contact, lines=[LineData("Helmet", 1, "H-1")]),
        actor=bob,
        now=now,
    )
    order_record_event(order=order, data=EventData("delivery_failed", now), actor=bob, now=now)
    invoice_create(order=order, number="INV-1", amount=Decimal(10), due_date=now.date(), now=now)


def _order_numbers(workspace: Workspace) -> list[str]:
    return list(Order.objects.filter(workspace=workspace).values_list("number", flat=True))


def _fill(route: str, values: dict[str, list[str]]) -> list[str]:
    params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    if not params:
        return [route]
    urls = [route]
    for _conv, name in params:
        if name not in values:
            pytest.fail(
                f"The isolation walker doesn't know the URL parameter {name!r} in {route!r}"
            )
        urls = [re.sub(rf"<(?:\w+:)?{name}>", v, u, count=1) for u in urls for v in values[name]]
    return urls


@pytest.mark.django_db
def test_a_stranger_gets_404_from_every_page_that_names_our_data(
    alices_world: Workspace, charlie_client: Client
) -> None:
    before = _fingerprint(alices_world)
    values = {"code": _codes(alices_world), "pk": _pks(alices_world), "token": ["not-a-token"]}
    checked = 0
    for route in _routes():
        if route.startswith(PUBLIC_PREFIXES) or "<" not in route:
            continue
        for url in _fill(route, values):
            for method in ("get", "post"):
                response = getattr(charlie_client, method)("/" + url)
                assert response.status_code in (404, 405), (method, url, response.status_code)
                checked += 1
    assert checked > 20
    assert _fingerprint(alices_world) == before


@pytest.mark.django_db
def test_a_stranger_never_sees_our_data_on_pages_without_parameters(
    alices_world: Workspace, contact: Contact, charlie_client: Client
) -> None:
    for route in _routes():
        if route.startswith(PUBLIC_PREFIXES) or "<" in route:
            continue
        response = charlie_client.get("/" + route)
        assert response.status_code in (200, 302, 405), (route, response.status_code)
        raw = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming
            else response.content
        )
        body = raw.decode(errors="replace")
        assert contact.email not in body, route
        assert contact.last_name not in body, route


def _example(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    if "$ref" in schema:
        return _example(components[schema["$ref"].split("/")[-1]], components, depth)
    if "anyOf" in schema:
        return _example(schema["anyOf"][0], components, depth)
    kind = schema.get("type")
    fmt = schema.get("format", "")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: _example(v, components, depth + 1) for k, v in props.items() if depth < 3}
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    if fmt == "date-time":
        return "2026-11-20T10:00:00Z"
    if fmt == "date":
        return "2026-11-20"
    if fmt == "time":
        return "10:00:00"
    if "enum" in schema:
        return schema["enum"][0]
    return schema.get("default") or "x"


@pytest.mark.django_db
def test_a_stranger_gets_404_from_every_api_operation_that_names_our_data(
    alices_world: Workspace, charlie: Member
) -> None:
    _, raw = api_token_create(member=charlie)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    spec = api.get_openapi_schema()
    components = spec.get("components", {}).get("schemas", {})
    before = _fingerprint(alices_world)
    codes = _codes(alices_world) + _order_numbers(alices_world)
    checked = 0
    for path, operations in spec["paths"].items():
        if "{" not in path:
            continue
        for method, op in operations.items():
            body: dict[str, Any] = {}
            content = op.get("requestBody", {}).get("content", {}).get("application/json")
            if content:
                body = _example(content["schema"], components)
            for code in codes:
                url = re.sub(r"\{\w+\}", code, path)
                if method in ("get", "delete"):
                    response = getattr(client, method)(url)
                else:
                    response = getattr(client, method)(
                        url, data=json.dumps(body), content_type="application/json"
                    )
                assert response.status_code == 404, (
                    method,
                    url,
                    response.status_code,
                    response.content[:200],
                )
                checked += 1
    assert checked > 5
    assert _fingerprint(alices_world) == before


@pytest.mark.django_db
def test_a_stranger_lists_nothing_of_ours_through_the_api(
    alices_world: Workspace, contact: Contact, charlie: Member
) -> None:
    _, raw = api_token_create(member=charlie)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    spec = api.get_openapi_schema()
    for path, operations in spec["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        response = client.get(path)
        assert response.status_code in (200, 422), (path, response.status_code)
        assert contact.email not in response.content.decode(), path
