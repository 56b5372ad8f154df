"""The orders API: pushed in by a shop, events idempotent under retries, scoped to the token."""

from __future__ import annotations

import json
from datetime import date

import pytest

from followthrough.contacts.models import Contact, Interaction
from followthrough.orders.models import Invoice, Order, OrderEvent, Problem
from tests.conftest import api_client_for
from tests.orders.conftest import make_order

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


ORDER = {
    "number": "#1001",
    "email": "new.buyer@customer.test",
    "name": "Noor Haddad",
    "promised_date": "2026-11-27",
    "lines": [
        {"product": "Trail helmet", "sku": "HEL-1", "quantity": 1},
        {"product": "Gravel tyre", "sku": "TYR-2", "quantity": 2},
    ],
    "total": "189.90",
    "currency": "eur",
}


def test_a_shop_creates_an_order_and_its_customer(bob_api, bob):
    response = post(bob_api, "/api/orders", ORDER)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["number"] == "#1001"
    assert [line["sku"] for line in data["lines"]] == ["HEL-1", "TYR-2"]
    assert data["public_url"].startswith("http://testserver/o/")
    assert data["total"] == "189.90"
    assert data["currency"] == "EUR"
    customer = Contact.objects.get(email="new.buyer@customer.test")
    assert (customer.first_name, customer.last_name, customer.stage) == (
        "Noor",
        "Haddad",
        "customer",
    )
    assert Order.objects.get().owner == bob  # the token's member, as nobody owns the contact


def test_creating_the_same_order_again_returns_it_unchanged(bob_api):
    first = post(bob_api, "/api/orders", ORDER)
    again = post(bob_api, "/api/orders", {**ORDER, "promised_date": "2027-01-01"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["code"] == first.json()["code"]
    assert again.json()["promised_date"] == "2026-11-27"
    assert Order.objects.count() == 1


def test_an_order_needs_to_know_its_customer(bob_api):
    response = post(bob_api, "/api/orders", {"number": "#9", "lines": []})
    assert response.status_code == 422
    assert "contact" in response.json()["fields"]


@pytest.fixture
def api_order(contact, bob_hours, now):
    return make_order(contact, now=now)


EVENT = {"event_id": "shopify-evt-77", "kind": "back_ordered", "lines": ["TYR-2"], "reason": "OOS"}


def test_a_retried_webhook_returns_the_first_event_and_counts_once(api_order, bob_api):
    first = post(bob_api, "/api/orders/%231001/events", EVENT)
    retry = post(bob_api, "/api/orders/%231001/events", EVENT)
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json() == first.json()
    assert first.json()["lines"] == [2]
    assert OrderEvent.objects.filter(event_id="shopify-evt-77").count() == 1
    assert Problem.objects.count() == 1


def test_a_retry_with_a_changed_body_is_still_the_first_event(api_order, bob_api):
    post(bob_api, "/api/orders/1001/events", EVENT)
    retry = post(bob_api, "/api/orders/1001/events", {**EVENT, "kind": "cancelled", "lines": []})
    assert retry.status_code == 200
    assert retry.json()["kind"] == "back_ordered"
    assert Order.objects.get().status == "placed"


def test_an_event_id_used_for_another_order_is_refused(api_order, contact, now, bob_api):
    make_order(contact, now=now, number="#1002")
    post(bob_api, "/api/orders/1001/events", EVENT)
    response = post(bob_api, "/api/orders/1002/events", EVENT)
    assert response.status_code == 422
    assert "another order" in response.json()["fields"]["event_id"][0]


def test_events_without_an_id_are_each_recorded(api_order, bob_api):
    body = {"kind": "note", "note": "Packed and ready."}
    assert post(bob_api, "/api/orders/1001/events", body).status_code == 201
    assert post(bob_api, "/api/orders/1001/events", body).status_code == 201
    assert OrderEvent.objects.filter(kind="note").count() == 2


def test_a_delay_through_the_api_puts_bad_news_on_the_owners_today(api_order, bob_api):
    response = post(
        bob_api,
        "/api/orders/1001/events",
        {"kind": "delayed", "expected_date": "2026-12-04", "at": "2026-11-24T15:00:00Z"},
    )
    assert response.status_code == 201
    order = bob_api.get("/api/orders/1001").json()
    (problem,) = order["problems"]
    assert (problem["kind"], problem["state"], problem["new_date"]) == (
        "late",
        "to_tell",
        "2026-12-04",
    )
    assert order["slipping"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "exploded"}, "kind"),
        ({"kind": "delayed"}, "expected_date"),
        ({"kind": "shipped", "at": "2026-11-24T15:00:00"}, "at"),
        ({"kind": "shipped", "lines": ["NOPE"]}, "lines"),
    ],
)
def test_bad_events_are_refused_with_the_field_at_fault(api_order, bob_api, body, field):
    response = post(bob_api, "/api/orders/1001/events", body)
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_telling_through_the_api(api_order, bob_api, now):
    post(bob_api, "/api/orders/1001/events", {"kind": "delivery_failed"})
    problem = Problem.objects.get()
    response = post(
        bob_api,
        f"/api/orders/problems/{problem.code}/tell",
        {"how": "message", "note": "Sorry, we'll try again Thursday", "options": ["wait"]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "told"
    assert response.json()["options_offered"] == ["wait"]
    assert Interaction.objects.filter(kind="message", direction="outbound").exists()


def test_an_inbound_message_logged_on_the_order_is_a_miss(api_order, bob_api):
    post(bob_api, "/api/orders/1001/events", {"kind": "delivery_failed"})
    response = post(
        bob_api,
        "/api/orders/1001/interactions",
        {"kind": "call", "direction": "inbound", "body": "Nobody came!"},
    )
    assert response.status_code == 201
    assert Problem.objects.get().heard_first == "them"


def test_invoices_are_created_once_and_paid(api_order, bob_api):
    body = {"number": "INV-1", "amount": "189.90", "due_date": "2026-11-20"}
    first = post(bob_api, "/api/orders/1001/invoices", body)
    again = post(bob_api, "/api/orders/1001/invoices", body)
    assert (first.status_code, again.status_code) == (201, 200)
    code = first.json()["code"]
    paid = post(bob_api, f"/api/orders/invoices/{code}/pay", {"paid_date": "2026-11-25"})
    assert paid.json()["paid_date"] == "2026-11-25"
    assert paid.json()["next_reminder_at"] is None
    assert Invoice.objects.get().paid_date == date(2026, 11, 25)


def test_a_rep_sees_their_own_rate_and_a_manager_everyones(api_order, alice, bob_api):
    mine = bob_api.get("/api/orders/bad-news-first").json()
    assert [m["name"] for m in mine["members"]] == ["Bob"]
    assert [w["days"] for w in mine["workspace"]] == [30, 90]
    everyone = api_client_for(alice).get("/api/orders/bad-news-first").json()
    assert {m["name"] for m in everyone["members"]} == {"Alice", "Bob"}


def test_listing_orders_takes_a_fixed_number_of_queries(
    contact, bob_hours, now, bob_api, django_assert_num_queries
):
    bob_api.get("/api/orders")  # the token's "last used" is written once a minute
    for rows in (3, 12):
        while Order.objects.count() < rows:
            make_order(contact, now=now, number=f"#{Order.objects.count()}00")
        # The token, the count, the page of orders with their customer, owner and slip.
        with django_assert_num_queries(3):
            response = bob_api.get("/api/orders?status=all")
        assert response.json()["count"] == rows


def test_charlie_gets_404_for_our_orders_and_lists_none(api_order, charlie_api, bob_api):
    post(bob_api, "/api/orders/1001/events", {"kind": "delivery_failed"})
    problem = Problem.objects.get()
    assert charlie_api.get("/api/orders/1001").status_code == 404
    assert charlie_api.get("/api/orders/1001/events").status_code == 404
    assert post(charlie_api, "/api/orders/1001/events", EVENT).status_code == 404
    assert post(charlie_api, f"/api/orders/problems/{problem.code}/tell", {}).status_code == 404
    assert charlie_api.get("/api/orders?status=all").json()["count"] == 0
    assert OrderEvent.objects.filter(event_id=EVENT["event_id"]).count() == 0
