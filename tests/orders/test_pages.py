"""The reps' order pages: list, detail, creating by hand and every action, scoped to the
workspace."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine

from followthrough.contacts.models import Interaction
from followthrough.orders.invoices import invoice_create
from followthrough.orders.models import Invoice, Order, Problem
from followthrough.orders.services import EventData, order_record_event
from tests.orders.conftest import make_order

pytestmark = pytest.mark.django_db


def slip(order, now):
    order_record_event(
        order=order,
        data=EventData(kind="delayed", at=now, expected_date=date(2026, 12, 3)),
        actor=None,
        now=now,
    )
    return Problem.objects.get(order=order)


def test_the_list_shows_open_orders_and_marks_the_slipping_ones(order, contact, bob_client, now):
    other = make_order(contact, now=now, number="#1002")
    slip(other, now)
    body = bob_client.get("/orders/").content.decode()
    assert "#1001" in body
    assert "#1002" in body
    assert body.count("slipping") >= 1
    slipping = bob_client.get("/orders/?status=slipping").content.decode()
    assert "#1002" in slipping
    assert "#1001" not in slipping


def test_the_list_takes_a_fixed_number_of_queries(
    contact, bob_hours, bob_client, now, django_assert_num_queries
):
    for rows in (2, 9):
        while Order.objects.count() < rows:
            make_order(contact, now=now, number=f"#{Order.objects.count()}50")
        # Session, user, member; the count; the orders with customer, owner and slip; owners.
        with django_assert_num_queries(6):
            response = bob_client.get("/orders/?status=all")
        assert response.status_code == 200
        assert response.context["page"].paginator.count == rows


def test_an_htmx_filter_renders_only_the_rows(order, bob_client):
    response = bob_client.get("/orders/?q=1001", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "#1001" in body
    assert "<html" not in body


def test_the_order_page_shows_lines_history_bad_news_and_the_customers_link(order, bob_client, now):
    slip(order, now)
    body = bob_client.get(f"/orders/{order.code}/").content.decode()
    assert "Gravel tyre" in body
    assert "TYR-2" in body
    assert "Tell Dana Reyes before" in body
    assert f"/o/{order.public_token}/" in body
    assert "Delayed" in body


def test_a_rep_creates_an_order_by_hand(contact, bob_client, bob):
    response = bob_client.post(
        "/orders/new/",
        {
            "contact": contact.email,
            "number": "#7001",
            "promised_date": "2026-12-01",
            "currency": "eur",
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "0",
            "lines-0-product": "Rain jacket",
            "lines-0-sku": "RJ-1",
            "lines-0-quantity": "1",
            "lines-1-product": "Bottle cage",
            "lines-1-quantity": "2",
            "lines-1-back_ordered": "on",
        },
    )
    order = Order.objects.get(number="#7001")
    assert response.status_code == 302
    assert response["Location"] == f"/orders/{order.code}/"
    assert (order.owner, order.currency, order.lines.count()) == (bob, "EUR", 2)
    assert Problem.objects.get(order=order).kind == "back_order"


def test_a_new_order_for_an_unknown_customer_or_a_taken_number_says_what_is_wrong(
    order, bob_client
):
    base = {"lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"}
    unknown = bob_client.post("/orders/new/", {**base, "contact": "no@one.test", "number": "#8"})
    assert unknown.status_code == 422
    assert "No contact with the email or code" in unknown.content.decode()
    taken = bob_client.post(
        "/orders/new/", {**base, "contact": order.contact.code, "number": "#1001"}
    )
    assert taken.status_code == 422
    assert "There is already an order #1001." in taken.content.decode()


def test_recording_a_back_order_on_the_page_creates_the_bad_news(order, bob_client):
    response = bob_client.post(
        f"/orders/{order.code}/event/", {"kind": "back_ordered", "lines": ["2"], "reason": "OOS"}
    )
    assert response.status_code == 302
    line = Problem.objects.get().line
    assert line is not None
    assert line.sku == "TYR-2"


def test_a_bad_event_on_the_page_is_explained_not_recorded(order, bob_client):
    response = bob_client.post(f"/orders/{order.code}/event/", {"kind": "delayed"}, follow=True)
    assert "A delay needs the new expected date." in response.content.decode()
    assert order.events.count() == 1


def test_telling_on_the_page_logs_the_call(order, bob_client, now):
    problem = slip(order, now)
    response = bob_client.post(
        f"/orders/problems/{problem.code}/tell/",
        {"how": "call", "note": "Told her: Thursday.", "options": ["wait", "cancel"]},
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert (problem.state, problem.options_offered) == ("told", ["wait", "cancel"])
    assert Interaction.objects.get(direction="outbound").body.startswith("Told her: Thursday.")


def test_telling_from_today_re_renders_the_list_in_place(order, bob_client, now):
    problem = slip(order, now)
    with time_machine.travel(now + timedelta(minutes=5), tick=False):
        response = bob_client.post(
            f"/orders/problems/{problem.code}/tell/",
            {"how": "email", "note": "Sent the new date."},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="agenda",
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="agenda"' in body
    assert "Dana Reyes heard it from you" in body
    assert "Tell Dana Reyes:" not in body


def test_recording_their_choice_and_marking_it_dealt_with(order, bob_client, bob, now):
    from followthrough.orders.telling import problem_tell

    problem = slip(order, now)
    problem_tell(problem=problem, actor=bob, how="call", now=now)
    bob_client.post(f"/orders/problems/{problem.code}/choice/", {"choice": "refund"})
    problem.refresh_from_db()
    assert (problem.state, problem.customer_choice) == ("chosen", "refund")
    bob_client.post(f"/orders/problems/{problem.code}/resolve/")
    problem.refresh_from_db()
    assert problem.state == "resolved"


def test_invoices_are_added_chased_and_paid_from_the_order_page(order, bob_client):
    bob_client.post(
        f"/orders/{order.code}/invoices/",
        {"number": "INV-3", "amount": "49.50", "currency": "EUR", "due_date": "2026-11-01"},
    )
    invoice = Invoice.objects.get()
    assert invoice.amount == Decimal("49.50")
    bob_client.post(f"/orders/invoices/{invoice.code}/chase/", {"how": "email"})
    invoice.refresh_from_db()
    assert invoice.chasers_sent == 1
    assert Interaction.objects.get().subject == "Friendly reminder: invoice INV-3 (49.50 EUR)"
    bob_client.post(f"/orders/invoices/{invoice.code}/pay/")
    invoice.refresh_from_db()
    assert invoice.paid_date is not None
    assert invoice.chase_at is None


def test_handing_the_order_to_alice_moves_its_bad_news_to_her(order, alice, bob_client, now):
    problem = slip(order, now)
    invoice_create(
        order=order, number="INV-9", amount=Decimal(5), due_date=date(2026, 11, 2), now=now
    )
    bob_client.post(f"/orders/{order.code}/owner/", {"owner": alice.code})
    problem.refresh_from_db()
    assert problem.owner == alice
    assert Invoice.objects.get().owner == alice


def test_revoking_the_customers_link_takes_the_page_down(order, bob_client, client):
    old = order.public_token
    bob_client.post(f"/orders/{order.code}/link/", {"action": "revoke"})
    assert client.get(f"/o/{old}/").status_code == 404
    order.refresh_from_db()
    assert client.get(f"/o/{order.public_token}/").status_code == 404
    bob_client.post(f"/orders/{order.code}/link/", {"action": "new"})
    order.refresh_from_db()
    assert client.get(f"/o/{order.public_token}/").status_code == 200
    assert client.get(f"/o/{old}/").status_code == 404


def test_the_contact_page_lists_their_orders(order, bob_client, contact):
    body = bob_client.get(f"/contacts/{contact.code}/").content.decode()
    assert f"/orders/{order.code}/" in body
    assert f"/orders/new/?contact={contact.code}" in body


def test_the_profile_shows_the_bad_news_first_rate(order, bob, bob_client, now):
    from followthrough.orders.telling import problem_tell

    problem = slip(order, now)
    problem_tell(problem=problem, actor=bob, how="call", now=now + timedelta(hours=1))
    with time_machine.travel(now + timedelta(hours=2), tick=False):
        body = bob_client.get("/me/").content.decode()
    assert "Bad news first" in body
    assert "<strong>100%</strong>" in body
    assert "1.0 h" in body


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/orders/{order}/"),
        ("post", "/orders/{order}/event/"),
        ("post", "/orders/{order}/owner/"),
        ("post", "/orders/{order}/link/"),
        ("post", "/orders/{order}/log/"),
        ("post", "/orders/{order}/invoices/"),
        ("post", "/orders/problems/{problem}/tell/"),
        ("post", "/orders/problems/{problem}/choice/"),
        ("post", "/orders/problems/{problem}/resolve/"),
        ("post", "/orders/invoices/{invoice}/pay/"),
        ("post", "/orders/invoices/{invoice}/chase/"),
        ("get", "/orders/new/?contact={contact}"),
    ],
)
def test_charlie_gets_404_for_everything_of_ours(order, charlie_client, now, method, path):
    problem = slip(order, now)
    invoice = invoice_create(
        order=order, number="INV-1", amount=Decimal(1), due_date=date(2026, 11, 1), now=now
    )
    url = path.format(
        order=order.code, problem=problem.code, invoice=invoice.code, contact=order.contact.code
    )
    data = {"kind": "cancelled", "how": "call", "choice": "wait", "action": "revoke"}
    response = (
        getattr(charlie_client, method)(url, data)
        if method == "post"
        else (charlie_client.get(url))
    )
    assert response.status_code == 404
    order.refresh_from_db()
    problem.refresh_from_db()
    assert (order.status, order.public_enabled, problem.state) == ("placed", True, "to_tell")


def test_charlie_lists_none_of_our_orders(order, charlie_client):
    body = charlie_client.get("/orders/?status=all").content.decode()
    assert "#1001" not in body
