"""Today shows the bad news to tell, the customer's choice to act on, and invoices to chase,
through the agenda's one definition of "what is due"."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine

from followthrough.agenda.due import Urgency, agenda_for
from followthrough.agenda.services import agenda_snooze
from followthrough.orders.invoices import invoice_chase, invoice_create, invoice_pay
from followthrough.orders.models import Problem
from followthrough.orders.services import EventData, order_record_event
from followthrough.orders.telling import (
    order_public_acknowledged,
    problem_record_choice,
    problem_tell,
)

pytestmark = pytest.mark.django_db


def slip(order, now):
    order_record_event(
        order=order,
        data=EventData(kind="delayed", at=now, expected_date=date(2026, 12, 3), reason="Strike"),
        actor=None,
        now=now,
    )
    return Problem.objects.get(order=order, state="to_tell")


def back_order(order, at, now):
    """The order's helmet line is back-ordered too: a second problem of the same order."""
    order_record_event(
        order=order,
        data=EventData(kind="back_ordered", at=at, lines=("HEL-1",)),
        actor=None,
        now=now,
    )


def mine(items, kind):
    return [i for i in items if i.kind == kind]


def test_a_slip_is_on_the_owners_today_at_once_with_deadline_and_options(order, bob, now):
    problem = slip(order, now)
    (item,) = mine(agenda_for(bob, now=now), "bad_news")
    assert item.key == f"badnews:{problem.code}"
    assert item.urgency == Urgency.DUE_NOW
    assert item.title == "Tell Dana Reyes: it will arrive Thu 3 Dec, later than promised"
    assert "Order #1001" in item.why
    assert "(Strike)" in item.why
    assert "Tell them before today, 13:30 (in 4 h)" in item.why
    assert (
        "Offer: wait for the new date, ship what's ready now, a substitute, cancel or a refund."
        in item.why
    )
    assert item.due_at == problem.tell_by
    assert item.action.name == "tell"
    assert item.action.api == f"/api/orders/problems/{problem.code}/tell"


def test_two_slips_of_one_order_are_one_conversation_on_today(order, bob, now):
    problem = slip(order, now)
    back_order(order, now, now + timedelta(minutes=10))
    (item,) = mine(agenda_for(bob, now=now + timedelta(minutes=20)), "bad_news")
    assert item.title == (
        "Tell Dana Reyes: it will arrive Thu 3 Dec, later than promised; "
        "Trail helmet is back-ordered"
    )
    assert item.ref == problem.code
    assert item.due_at == problem.tell_by  # the earlier deadline


def test_past_its_deadline_the_bad_news_is_urgent(order, bob, now):
    problem = slip(order, now)
    (item,) = mine(agenda_for(bob, now=problem.tell_by + timedelta(minutes=1)), "bad_news")
    assert item.urgency == Urgency.BROKEN
    assert "tell them now" in item.why


def test_the_bad_news_is_on_nobody_elses_today(order, alice, now):
    slip(order, now)
    assert mine(agenda_for(alice, now=now), "bad_news") == []


def test_a_customer_who_asked_first_is_named_in_the_item(order, bob, contact, now):
    from followthrough.contacts.services import InteractionData, interaction_log

    slip(order, now)
    interaction_log(
        contact=contact,
        member=None,
        data=InteractionData("email", "inbound", now, subject="#1001 where is it?"),
    )
    (item,) = mine(agenda_for(bob, now=now + timedelta(hours=2)), "bad_news")
    assert "Dana Reyes already asked about it 2 h ago." in item.why


def test_telling_takes_it_off_today(order, bob, now):
    problem = slip(order, now)
    problem_tell(problem=problem, actor=bob, how="call", now=now)
    assert mine(agenda_for(bob, now=now), "bad_news") == []


def test_the_customers_choice_on_their_page_appears_on_the_reps_today(order, bob, now):
    problem = slip(order, now)
    order_public_acknowledged(order=order, now=now)
    problem.refresh_from_db()
    problem_record_choice(problem=problem, choice="substitute", note="Blue is fine", now=now)
    (item,) = mine(agenda_for(bob, now=now + timedelta(minutes=5)), "customer_chose")
    assert item.urgency == Urgency.WAITING
    assert item.title == "Do what Dana Reyes chose for order #1001"
    assert "“Substitute a similar item that is in stock”" in item.why
    assert "Blue is fine" in item.why
    assert item.action.name == "resolve"


def test_two_choices_of_one_order_are_one_item_and_done_closes_both(order, bob, now):
    from tests.conftest import client_for

    late = slip(order, now)
    back_order(order, now, now + timedelta(minutes=10))
    helmet = Problem.objects.get(order=order, state="to_tell", kind="back_order")
    order_public_acknowledged(order=order, now=now + timedelta(minutes=11))
    late.refresh_from_db()
    helmet.refresh_from_db()
    problem_record_choice(problem=late, choice="wait", note="", now=now + timedelta(minutes=12))
    problem_record_choice(
        problem=helmet, choice="substitute", note="Blue is fine", now=now + timedelta(minutes=13)
    )
    items = agenda_for(bob, now=now + timedelta(minutes=20))
    (item,) = mine(items, "customer_chose")  # the same order never stands twice
    assert item.key == f"choice:{late.code}"
    assert "Trail helmet is back-ordered: they chose “Substitute" in item.why
    assert "Blue is fine" in item.why
    assert item.action.api.endswith("/resolve?siblings=true")

    with time_machine.travel(now + timedelta(minutes=21), tick=False):
        response = client_for(bob).post(item.action.url, {"siblings": "1"})
    assert response.status_code == 302
    assert set(Problem.objects.filter(order=order).values_list("state", flat=True)) == {"resolved"}
    assert mine(agenda_for(bob, now=now + timedelta(minutes=22)), "customer_chose") == []


def test_resolving_one_choice_on_the_order_page_leaves_its_sibling(order, bob, now):
    from followthrough.orders.telling import problem_resolve

    late = slip(order, now)
    back_order(order, now, now)
    order_public_acknowledged(order=order, now=now)
    for p in Problem.objects.filter(order=order):
        problem_record_choice(problem=p, choice="wait", note="", now=now)
    late.refresh_from_db()
    problem_resolve(problem=late, actor=bob, now=now)
    (item,) = mine(agenda_for(bob, now=now), "customer_chose")
    assert item.ref != late.code


def test_a_snoozed_bad_news_item_comes_back_when_the_snooze_ends(order, bob, now):
    problem = slip(order, now)
    agenda_snooze(
        member=bob, key=f"badnews:{problem.code}", until=now + timedelta(hours=1), now=now
    )
    assert mine(agenda_for(bob, now=now), "bad_news") == []
    assert len(mine(agenda_for(bob, now=now + timedelta(hours=2)), "bad_news")) == 1


def test_an_overdue_invoice_raises_a_polite_chaser_and_paying_it_stops_them(order, bob, now):
    invoice = invoice_create(
        order=order,
        number="INV-7",
        amount=Decimal("1200.00"),
        currency="EUR",
        issued_on=date(2026, 11, 1),
        due_date=date(2026, 11, 20),
        now=now,
    )
    (item,) = mine(agenda_for(bob, now=now), "invoice_chaser")
    assert item.urgency == Urgency.CHASE
    assert item.title == "Remind Dana Reyes about invoice INV-7"
    assert "(1,200.00 EUR) was due 4 days ago" in item.why
    assert "no pressure" in item.why
    invoice_chase(invoice=invoice, actor=bob, how="email", now=now)
    assert mine(agenda_for(bob, now=now), "invoice_chaser") == []
    (again,) = mine(agenda_for(bob, now=now + timedelta(days=7, minutes=1)), "invoice_chaser")
    assert "Your last reminder went 7 days ago." in again.why
    invoice_pay(invoice=invoice, paid_date=date(2026, 12, 1), actor=bob)
    assert mine(agenda_for(bob, now=now + timedelta(days=30)), "invoice_chaser") == []


def test_an_invoice_not_yet_due_raises_nothing(order, bob, now):
    invoice_create(
        order=order, number="INV-8", amount=Decimal(10), due_date=date(2026, 12, 20), now=now
    )
    assert mine(agenda_for(bob, now=now), "invoice_chaser") == []


def test_the_today_page_shows_the_bad_news_with_its_action(order, bob_client, now):
    problem = slip(order, now)
    with time_machine.travel(now + timedelta(minutes=5), tick=False):
        response = bob_client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tell Dana Reyes:" in body
    assert f"/orders/problems/{problem.code}/tell/" in body


def test_today_reads_bad_news_in_a_fixed_number_of_queries(order, contact, bob, now):
    from tests.orders.conftest import make_order

    slip(order, now)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            agenda_for(bob, now=now)
        return len(ctx.captured_queries)

    one = count()
    for n in range(5):
        extra = make_order(contact, now=now, number=f"#90{n}")
        slip(extra, now)
    assert count() == one
