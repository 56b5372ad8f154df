"""The customer's order page: what it shows, what it refuses, and the choice they make."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.test import Client

from followthrough.agenda.due import agenda_for
from followthrough.orders.models import Problem
from followthrough.orders.services import EventData, order_public_link, order_record_event
from tests.orders.conftest import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def an_hour_later(now):
    """The customer opens the page an hour after the slip (the clock the views read)."""
    with time_machine.travel(now + timedelta(hours=1), tick=False):
        yield


def record(order, kind, at, **kw):
    order_record_event(order=order, data=EventData(kind=kind, at=at, **kw), actor=None, now=at)


@pytest.fixture
def slipped(order, now):
    record(order, "shipped", now, lines=("HEL-1",))
    record(order, "delayed", now, expected_date=date(2026, 12, 3), reason="Supplier X lost it")
    record(order, "note", now, note="The tyres come from a new supplier; sorry for the wait.")
    return order


def url(order):
    return f"/o/{order.public_token}/"


def test_the_page_shows_progress_lines_the_reps_note_and_the_options(slipped, client):
    response = client.get(url(slipped))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Your order #1001" in body
    assert "Trail helmet" in body
    assert "Gravel tyre" in body
    assert 'aria-current="step">On its way' in body
    assert "The tyres come from a new supplier; sorry for the wait." in body
    assert "it will arrive Thu 3 Dec, later than promised" in body
    for label in ("Wait until the new date", "Ship what is ready now", "A refund"):
        assert label in body


def test_the_page_shows_nothing_else_about_the_business(slipped, contact, bob, now, client):
    other = make_order(contact, now=now, number="#4242")
    body = client.get(url(slipped)).content.decode()
    assert "#4242" not in body
    assert other.public_token not in body
    assert "Supplier X lost it" not in body  # our reasons are ours, the note is theirs
    assert bob.email not in body
    assert contact.email not in body
    assert "/orders/" not in body
    assert "/contacts/" not in body
    assert "/api/" not in body


def test_the_page_tells_robots_and_caches_to_keep_out(slipped, client):
    response = client.get(url(slipped))
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"  # the link never leaves our site


@pytest.mark.parametrize(
    "token",
    ["not-a-token", "x" * 43, "a" * 200, "%00", "../../admin"],
)
def test_a_wrong_token_is_a_plain_404(slipped, client, token):
    assert client.get(f"/o/{token}/").status_code == 404


def test_a_revoked_link_is_a_404_and_the_new_one_works(slipped, client):
    old = slipped.public_token
    order_public_link(order=slipped, enabled=True)
    assert client.get(f"/o/{old}/").status_code == 404
    assert client.get(url(slipped)).status_code == 200
    order_public_link(order=slipped, enabled=False)
    assert client.get(url(slipped)).status_code == 404


def test_charlie_gets_404_without_the_token(slipped, charlie_client):
    assert charlie_client.get("/o/not-a-token/").status_code == 404
    assert charlie_client.post("/o/not-a-token/", {"choice": "wait"}).status_code == 404


def _every_row() -> dict[str, list[dict[str, Any]]]:
    return {
        m._meta.label: list(m._default_manager.order_by("pk").values())
        for m in apps.get_models()
        if m._meta.app_label not in ("sessions",)
    }


def test_opening_the_page_writes_nothing_so_a_link_previewer_tells_no_one(slipped, client):
    before = _every_row()
    for agent in ("Slackbot-LinkExpanding 1.0", "Mozilla/5.0 (mail scanner)", ""):
        assert client.get(url(slipped), HTTP_USER_AGENT=agent).status_code == 200
        assert client.head(url(slipped)).status_code == 200
    assert _every_row() == before
    assert Problem.objects.get().state == "to_tell"


def test_got_it_counts_as_told_on_the_page(slipped, client, now):
    page = client.get(url(slipped)).content.decode()
    assert "Got it, thanks" in page
    response = client.post(url(slipped), {"action": "ack"})
    assert response.status_code == 302
    assert response["Location"] == f"{url(slipped)}?thanks=seen"
    problem = Problem.objects.get()
    assert (problem.state, problem.told_how, problem.heard_first) == ("told", "page", "us")
    assert problem.told_at == now + timedelta(hours=1)
    slipped.refresh_from_db()
    assert slipped.customer_viewed_at == now + timedelta(hours=1)
    event = slipped.events.get(kind="told")
    assert event.note == "They confirmed on their order page that they saw it."
    after = client.get(response["Location"]).content.decode()
    assert "Thank you for letting us know — Bob will keep you posted." in after
    assert "Got it, thanks" not in after


def test_picking_an_option_without_got_it_counts_as_told_too(slipped, client):
    response = client.post(url(slipped), {"choice": "partial"})
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert (problem.state, problem.told_how, problem.customer_choice) == (
        "chosen",
        "page",
        "partial",
    )


def test_an_option_not_offered_tells_no_one(slipped, client):
    assert client.post(url(slipped), {"choice": "refund-twice"}).status_code == 422
    assert Problem.objects.get().state == "to_tell"


def test_the_rep_previewing_the_page_does_not_count_as_telling(slipped, bob_client):
    body = bob_client.get(url(slipped)).content.decode()
    assert "does not count as telling them" in body
    assert bob_client.post(url(slipped), {"action": "ack"}).status_code == 200
    assert bob_client.post(url(slipped), {"choice": "partial"}).status_code == 200
    assert Problem.objects.get().state == "to_tell"


def test_the_customer_picks_an_option_and_it_lands_on_the_reps_today(slipped, client, bob, now):
    problem = Problem.objects.get()
    response = client.post(url(slipped), {"choice": "partial", "note": "Tyres later is ok"})
    assert response.status_code == 302
    assert response["Location"] == f"{url(slipped)}?thanks=1"
    problem.refresh_from_db()
    assert (problem.state, problem.customer_choice, problem.choice_note) == (
        "chosen",
        "partial",
        "Tyres later is ok",
    )
    assert problem.chosen_at is not None
    items = [i for i in agenda_for(bob, now=problem.chosen_at) if i.kind == "customer_chose"]
    assert [i.ref for i in items] == [problem.code]
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you — we have your choice, and Bob will take it from here." in thanks
    assert "You chose: <strong>Ship what is ready now" in thanks


def test_an_option_not_offered_is_refused_with_a_reason(slipped, client):
    client.get(url(slipped))
    problem = Problem.objects.get()
    response = client.post(url(slipped), {"choice": "free-bike"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    problem.refresh_from_db()
    assert problem.customer_choice == ""


def test_one_choice_answers_every_slip_of_the_order(slipped, now, client):
    record(slipped, "back_ordered", now + timedelta(minutes=5), lines=("TYR-2",))
    body = client.get(url(slipped)).content.decode()
    assert body.count("Something changed with your order") == 1
    assert "it will arrive Thu 3 Dec, later than promised; Gravel tyre is back-ordered" in body
    client.post(url(slipped), {"choice": "wait"})
    assert set(Problem.objects.values_list("state", "customer_choice")) == {("chosen", "wait")}


def test_a_choice_sent_after_it_was_dealt_with_changes_nothing(order, now, client):
    record(order, "delivery_failed", now)
    client.get(url(order))
    record(order, "delivered", now + timedelta(minutes=30))
    response = client.post(url(order), {"choice": "wait"})
    assert response.status_code == 302
    assert response["Location"] == url(order)
    assert Problem.objects.get().customer_choice == ""


def test_the_choice_form_is_protected_against_forgery(slipped):
    browser = Client(enforce_csrf_checks=True)
    browser.get(url(slipped))
    problem = Problem.objects.get()
    response = browser.post(url(slipped), {"choice": "wait"})
    assert response.status_code == 403
    problem.refresh_from_db()
    assert problem.customer_choice == ""


def test_a_cancelled_order_says_so_and_offers_nothing(order, now, client):
    record(order, "cancelled", now)
    body = client.get(url(order)).content.decode()
    assert "This order was cancelled" in body
    assert "What would you prefer?" not in body
