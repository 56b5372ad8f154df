"""The API keeps every promise its OpenAPI document makes: schemathesis generates requests
for every operation from `/api/openapi.json` — ones that fit the document and ones that do
not — and the run fails on a 5xx, a status the document does not list for the operation, a
wrong content type, or a response that breaks its schema.

Bounded (a few examples per operation and mode, derandomized) so it runs in the normal suite,
on SQLite and on PostgreSQL, in a few minutes at most.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from followthrough.contacts.models import Contact
from followthrough.workspaces.models import Member
from followthrough.workspaces.services import api_token_create

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 5


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """The real WSGI application, keeping the test's database connection open between
    requests (as Django's test client does): the test's transaction lives on it."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.django_db
def test_every_operation_keeps_the_documented_contract(
    alice: Member, contact: Contact, wsgi_app: WSGIHandler
) -> None:
    _, token = api_token_create(member=alice)  # a manager reaches every route
    auth = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    failures: list[str] = []
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an Err raises: the document is broken
        # A known code for each path parameter, so some requests get past the look-up.
        known = {p.name: contact.code for p in operation.path_parameters}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)

            @given(case=strategy)
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                case.call_and_validate(headers=auth, checks=CHECKS)

            @given(case=operation.as_strategy(generation_mode=mode, path_parameters=known))
            @settings(
                max_examples=EXAMPLES // 2,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run_known(case: Any) -> None:
                case.call_and_validate(headers=auth, checks=CHECKS)

            for test in (run, run_known) if known else (run,):
                try:
                    test()
                except Exception as exc:
                    failures.append(f"{operation.label} ({mode.value}): {exc}"[:3000])
                ran += 1
    assert ran > 60
    assert failures == [], "\n\n".join(failures)


def test_the_api_docs_work_offline_from_vendored_files(client, db):
    """django-ninja ships Swagger UI in its static files: the page names no other host."""
    import re

    page = client.get("/api/docs")
    assert page.status_code == 200
    body = page.content.decode()
    refs = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert any(r.endswith("swagger-ui-bundle.js") for r in refs)
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", body), refs
    for ref in refs:
        response = client.get(ref)
        assert response.status_code == 200, ref
