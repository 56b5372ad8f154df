"""A retried webhook gets the same answer whether it races the first delivery or follows it:
the first creates (201), every duplicate gets the existing object (200), never a 500."""

from __future__ import annotations

import json
import threading
from collections import Counter
from typing import Any

import pytest
from django.db import IntegrityError, connection, connections
from django.test import Client

from followthrough.contacts.models import Contact, Interaction
from followthrough.core.errors import ConflictError
from followthrough.core.once import create_once
from followthrough.orders.models import Invoice, Order
from followthrough.workspaces.models import Member
from followthrough.workspaces.services import api_token_create
from tests.factories import InteractionFactory

RACERS = 8
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every write, so requests cannot race; CI runs this on PostgreSQL",
)


def _race(token: str, path: str, body: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """RACERS clients post the same body at the same moment; their answers."""
    barrier = threading.Barrier(RACERS)
    answers: list[tuple[int, dict[str, Any]]] = []
    errors: list[BaseException] = []

    def post() -> None:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", raise_request_exception=False)
        try:
            barrier.wait(timeout=30)
            r = client.post(path, json.dumps(body), content_type="application/json")
            answers.append((r.status_code, r.json()))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    return answers


def _one_created_rest_returned(answers: list[tuple[int, dict[str, Any]]], key: str) -> None:
    assert Counter(status for status, _ in answers) == {201: 1, 200: RACERS - 1}, answers
    assert len({body[key] for _, body in answers}) == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_racing_deliveries_of_one_message_log_it_once(bob: Member, contact: Contact) -> None:
    _, token = api_token_create(member=bob)
    body = {"kind": "email", "direction": "inbound", "message_id": "<race@mail.test>"}
    answers = _race(token, f"/api/contacts/{contact.code}/interactions", body)
    _one_created_rest_returned(answers, "code")
    assert Interaction.objects.filter(message_id="<race@mail.test>").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_racing_deliveries_of_one_order_create_it_and_its_customer_once(bob: Member) -> None:
    _, token = api_token_create(member=bob)
    body = {
        "number": "#RACE-1",
        "email": "new.customer@shop.test",
        "name": "New Customer",
        "lines": [{"product": "Helmet", "quantity": 1}],
    }
    answers = _race(token, "/api/orders", body)
    _one_created_rest_returned(answers, "number")
    assert Order.objects.filter(number="#RACE-1").count() == 1
    assert Contact.objects.filter(email="new.customer@shop.test").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_racing_deliveries_of_one_order_event_and_invoice_record_each_once(
    bob: Member, contact: Contact
) -> None:
    _, token = api_token_create(member=bob)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    order = client.post(
        "/api/orders",
        {"number": "#RACE-2", "contact": contact.code, "lines": [{"product": "Tyre"}]},
        content_type="application/json",
    )
    assert order.status_code == 201
    event = {"kind": "delayed", "event_id": "evt-race", "expected_date": "2030-01-10"}
    _one_created_rest_returned(_race(token, "/api/orders/%23RACE-2/events", event), "received_at")
    invoice = {"number": "INV-RACE", "amount": "10.00", "due_date": "2030-01-31"}
    _one_created_rest_returned(_race(token, "/api/orders/%23RACE-2/invoices", invoice), "code")
    assert Invoice.objects.filter(number="INV-RACE").count() == 1


@pytest.mark.django_db
def test_a_duplicate_found_only_on_insert_returns_the_existing_row(
    bob: Member, contact: Contact
) -> None:
    """What a race looks like from the loser's side: the look-up found nothing, the insert
    hits the unique constraint; the savepoint rolls back and the look-up runs again."""
    first = InteractionFactory.create(
        contact=contact, member=bob, message_id="<lost-race@mail.test>"
    )
    lookups: list[int] = []

    def find() -> Interaction | None:
        lookups.append(1)
        if len(lookups) == 1:
            return None  # the other request had not committed yet
        return Interaction.objects.filter(message_id="<lost-race@mail.test>").first()

    def create() -> Interaction:
        return InteractionFactory.create(
            contact=contact, member=bob, message_id="<lost-race@mail.test>"
        )

    found, created = create_once(find, create)
    assert (found, created, len(lookups)) == (first, False, 2)
    assert Interaction.objects.filter(message_id="<lost-race@mail.test>").count() == 1


@pytest.mark.django_db
def test_a_conflict_that_never_resolves_is_a_409_not_a_500(bob: Member) -> None:
    def create() -> Interaction:
        raise IntegrityError("duplicate key value violates unique constraint")

    with pytest.raises(ConflictError):
        create_once(lambda: None, create)


@pytest.mark.django_db
def test_a_sequential_retry_answers_200_with_the_first_object(
    bob: Member, contact: Contact
) -> None:
    _, token = api_token_create(member=bob)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {"number": "#SEQ-1", "email": "seq@shop.test", "lines": [{"product": "Bell"}]}
    first = client.post("/api/orders", body, content_type="application/json")
    again = client.post("/api/orders", body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"]
    url = f"/api/orders/{first.json()['number'].replace('#', '%23')}/interactions"
    message = {"kind": "call", "direction": "outbound", "message_id": "call-1"}
    logged = client.post(url, message, content_type="application/json")
    repeated = client.post(url, message, content_type="application/json")
    assert (logged.status_code, repeated.status_code) == (201, 200)
    assert logged.json() == repeated.json()
