"""Every API error answers the README's one shape, `{"error": …, "fields": …}`, with the status
the OpenAPI document gives for it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from followthrough.api import api
from followthrough.contacts.models import Contact, Interaction


def _is_error(response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert isinstance(body["error"], str)
    assert body["error"]
    assert set(body) <= {"error", "fields"}
    return body


@pytest.mark.parametrize("body", ["{", '{"kind": "note",', "not json", '{"a": 1}}', "\xff"])
def test_malformed_json_is_a_400_in_the_error_shape(bob_api: Client, contact: Contact, body):
    response = bob_api.post(
        f"/api/contacts/{contact.code}/interactions", body, content_type="application/json"
    )
    assert _is_error(response, 400)["error"] == "The request body is not valid JSON."
    assert not Interaction.objects.filter(contact=contact).exists()


def test_an_oversized_body_is_a_413_in_the_error_shape(bob_api: Client, contact: Contact):
    big = json.dumps({"kind": "note", "direction": "internal", "body": "x" * 100}) + " " * (
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    )
    response = bob_api.post(
        f"/api/contacts/{contact.code}/interactions", big, content_type="application/json"
    )
    assert _is_error(response, 413)["error"] == "The request body is too large."
    assert not Interaction.objects.filter(contact=contact).exists()


def test_invalid_fields_are_a_422_naming_each_field_even_one_called_body(
    bob_api: Client, contact: Contact
):
    response = bob_api.post(
        f"/api/contacts/{contact.code}/interactions",
        json.dumps({"kind": "note", "direction": "internal", "body": "\udc00"}),
        content_type="application/json",
    )
    fields = _is_error(response, 422)["fields"]
    assert list(fields) == ["body"]
    assert "surrogate" in fields["body"][0]


def test_a_nested_field_is_named_by_its_path(bob_api: Client):
    response = bob_api.post(
        "/api/orders",
        json.dumps({"number": "#1", "email": "a@b.test", "lines": [{"product": "ok\x00"}]}),
        content_type="application/json",
    )
    assert _is_error(response, 422)["fields"] == {
        "lines.0.product": ["Value error, must not contain NUL characters"]
    }


def test_no_token_is_a_401_and_an_unknown_code_a_404(bob_api: Client, db):
    _is_error(Client().get("/api/contacts"), 401)
    _is_error(bob_api.get("/api/contacts/nosuchcode"), 404)


@pytest.mark.django_db
def test_the_document_lists_these_errors_with_the_one_shape():
    spec = api.get_openapi_schema()
    create = spec["paths"]["/api/contacts/{code}/interactions"]["post"]["responses"]
    assert set(create) == {200, 201, 400, 401, 403, 404, 409, 413, 422}
    assert create[413]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    assert spec["components"]["schemas"]["ErrorOut"]["required"] == ["error"]
    me = spec["paths"]["/api/me"]["get"]["responses"]
    assert set(me) == {200, 401, 403}


@pytest.mark.django_db
def test_commitment_and_order_events_have_their_own_schemas():
    spec = api.get_openapi_schema()
    schemas = spec["components"]["schemas"]

    def items(path: str) -> str:
        ok = spec["paths"][path]["get"]["responses"][200]
        ref: str = ok["content"]["application/json"]["schema"]["items"]["$ref"]
        return ref.split("/")[-1]

    assert items("/api/commitments/{code}/events") == "CommitmentEventOut"
    assert items("/api/orders/{number}/events") == "OrderEventOut"
    assert "EventOut" not in schemas
    assert set(schemas["CommitmentEventOut"]["properties"]) != set(
        schemas["OrderEventOut"]["properties"]
    )


@pytest.mark.django_db
def test_times_of_day_are_documented_as_the_api_sends_them(bob_api: Client):
    spec = json.dumps(api.get_openapi_schema())
    assert '"format": "time"' not in spec
    me = bob_api.get("/api/me").json()
    times = [v for v in json.dumps(me).split('"') if v.count(":") == 2 and len(v) == 8]
    assert times, me  # work hours, as "09:00:00"
