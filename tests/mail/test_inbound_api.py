"""POST /api/mail/inbound: raw RFC 822 in, idempotent, never a 500."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from followthrough.mail.models import MailMessage, TriageEntry
from followthrough.workspaces.services import api_token_create
from tests.mail.conftest import FILES

pytestmark = pytest.mark.django_db

URL = "/api/mail/inbound"


def post(client, raw: bytes):
    return client.post(URL, data=raw, content_type="message/rfc822")


def test_the_first_delivery_is_201_and_a_repeat_is_200(contact, bob_api):
    raw = (FILES / "gmail-reply.eml").read_bytes()
    first = post(bob_api, raw)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["outcome"] == "created"
    assert body["contacts"] == [contact.code]
    again = post(bob_api, raw)
    assert again.status_code == 200
    assert again.json()["outcome"] == "duplicate"
    assert again.json()["message"] == body["message"]
    assert MailMessage.objects.count() == 1


def test_an_unknown_sender_is_triaged(alice, bob_api):
    response = post(bob_api, b"From: x@else.test\nSubject: hi\n\nhello\n")
    assert response.status_code == 201
    assert response.json()["outcome"] == "triaged"
    assert TriageEntry.objects.get().member is not None


def test_a_body_that_is_no_mail_is_400_with_the_reason(bob_api):
    response = post(bob_api, b"   \n")
    assert response.status_code == 400
    assert "not a mail message" in response.json()["error"]


def test_a_message_over_the_limit_is_413(bob_api, settings):
    settings.MAIL_INBOUND_MAX_BYTES = 100
    response = post(bob_api, (FILES / "nested.eml").read_bytes())
    assert response.status_code == 413
    assert "limit is 100" in response.json()["error"]


def test_without_a_token_it_is_401(client):
    assert post(client, (FILES / "bare.eml").read_bytes()).status_code == 401


def test_mail_goes_only_to_the_posting_members_workspace(contact, charlie_api):
    response = post(charlie_api, (FILES / "gmail-reply.eml").read_bytes())
    assert response.status_code == 201
    assert response.json()["outcome"] == "triaged"  # Dana is no contact of Charlie's
    assert not contact.interactions.exists()


def test_the_schema_documents_the_raw_body_and_every_status(client):
    schema = client.get("/api/openapi.json").json()
    op = schema["paths"][URL]["post"]
    assert "message/rfc822" in op["requestBody"]["content"]
    assert set(op["responses"]) >= {"200", "201", "400", "413"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises every write anyway"
)
def test_simultaneous_deliveries_record_the_message_once(contact, bob):
    _, token = api_token_create(member=bob)
    raw = (FILES / "gmail-reply.eml").read_bytes()
    barrier = threading.Barrier(4)
    codes: list[int] = []

    def deliver() -> None:
        from django.test import Client

        try:
            barrier.wait()
            response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
                URL, data=raw, content_type="message/rfc822"
            )
            codes.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 200, 200, 201]
    assert MailMessage.objects.count() == 1
    assert contact.interactions.count() == 1
