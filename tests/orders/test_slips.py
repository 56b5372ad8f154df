"""Slip detection: the moment an order slips, its owner has bad news to tell, with a deadline
in their working hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from followthrough.orders.models import OrderLine, Problem, ProblemState
from followthrough.orders.services import (
    ORDER_COMPLETED_HOOKS,
    EventData,
    LineData,
    order_record_event,
    register_order_completed,
)
from followthrough.orders.telling import problem_tell
from tests.orders.conftest import PROMISED, make_order

pytestmark = pytest.mark.django_db


def record(order, kind, now, **kw):
    return order_record_event(
        order=order, data=EventData(kind=kind, at=now, **kw), actor=None, now=now
    )


def test_an_order_on_time_has_no_bad_news(order):
    assert not Problem.objects.exists()
    assert order.expected_date == PROMISED


def test_a_delay_past_the_promised_date_is_bad_news_for_the_owner_at_once(order, bob, now):
    record(order, "delayed", now, expected_date=date(2026, 12, 3), reason="Supplier strike")
    problem = Problem.objects.get()
    assert (problem.kind, problem.state, problem.owner) == ("late", "to_tell", bob)
    assert problem.detected_at == now
    assert problem.attention_at == now
    assert problem.new_date == date(2026, 12, 3)
    assert problem.reason == "Supplier strike"
    # 09:30 in New York + 4 working hours = 13:30 New York = 18:30 UTC.
    assert problem.tell_by == datetime(2026, 11, 24, 18, 30, tzinfo=UTC)


def test_a_delay_that_still_meets_the_promise_is_not_bad_news(order, now):
    record(order, "delayed", now, expected_date=PROMISED - timedelta(days=1))
    assert not Problem.objects.exists()


def test_the_deadline_follows_the_workspace_setting(order, bob, now):
    bob.workspace.bad_news_deadline_hours = 2
    bob.workspace.save()
    order.refresh_from_db()
    record(order, "delayed", now, expected_date=date(2026, 12, 3))
    assert Problem.objects.get().tell_by == datetime(2026, 11, 24, 16, 30, tzinfo=UTC)


def test_a_slip_found_on_friday_evening_is_due_on_monday(contact, bob_hours):
    friday_evening = datetime(2026, 11, 27, 23, 0, tzinfo=UTC)  # 18:00 in New York
    order = make_order(contact, now=friday_evening, promised=date(2026, 12, 1))
    record(order, "delayed", friday_evening, expected_date=date(2026, 12, 4))
    # Monday 09:00 + 4 h = 13:00 New York = 18:00 UTC.
    assert Problem.objects.get().tell_by == datetime(2026, 11, 30, 18, 0, tzinfo=UTC)


def test_a_second_delay_before_anyone_told_them_updates_the_same_news(order, now):
    record(order, "delayed", now, expected_date=date(2026, 12, 3))
    record(order, "delayed", now + timedelta(hours=1), expected_date=date(2026, 12, 8))
    problem = Problem.objects.get()
    assert problem.new_date == date(2026, 12, 8)
    assert problem.detected_at == now


def test_slipping_further_after_they_were_told_is_news_again(order, bob, now):
    record(order, "delayed", now, expected_date=date(2026, 12, 3))
    problem_tell(problem=Problem.objects.get(), actor=bob, how="call", now=now)
    later = now + timedelta(days=1)
    record(order, "delayed", later, expected_date=date(2026, 12, 2))
    assert Problem.objects.count() == 1  # earlier than what they were told: no news
    record(order, "delayed", later, expected_date=date(2026, 12, 10))
    newest = Problem.objects.order_by("-id").first()
    assert newest is not None
    assert (newest.state, newest.new_date, newest.detected_at) == (
        "to_tell",
        date(2026, 12, 10),
        later,
    )


def test_back_on_time_before_anyone_told_them_withdraws_the_news(order, now):
    record(order, "delayed", now, expected_date=date(2026, 12, 3))
    record(order, "confirmed", now + timedelta(hours=1), expected_date=PROMISED)
    problem = Problem.objects.get()
    assert problem.state == ProblemState.WITHDRAWN
    assert problem.attention_at is None


def test_a_back_ordered_line_is_bad_news_about_that_line(order, now):
    record(order, "back_ordered", now, lines=("TYR-2",))
    problem = Problem.objects.get()
    assert problem.kind == "back_order"
    assert problem.line is not None
    assert problem.line.product == "Gravel tyre"
    assert OrderLine.objects.get(sku="TYR-2").status == "back_ordered"
    assert OrderLine.objects.get(sku="HEL-1").status == "in_stock"


def test_the_same_line_back_ordered_twice_is_one_problem(order, now):
    record(order, "back_ordered", now, lines=("2",))
    record(order, "back_ordered", now + timedelta(hours=2), lines=("TYR-2",))
    assert Problem.objects.count() == 1


def test_a_back_ordered_line_shipping_before_anyone_told_them_withdraws_the_news(order, now):
    record(order, "back_ordered", now, lines=("TYR-2",))
    record(order, "shipped", now + timedelta(hours=1), lines=("TYR-2",))
    assert Problem.objects.get().state == ProblemState.WITHDRAWN


def test_an_order_placed_with_a_back_ordered_line_is_bad_news_from_the_start(contact, bob, now):
    make_order(
        contact,
        now=now,
        number="#2002",
        lines=(LineData("Kid's bike", 1, "KB-1", status="back_ordered"),),
    )
    assert Problem.objects.get().kind == "back_order"


def test_an_order_placed_already_late_is_bad_news_from_the_start(contact, bob, now):
    make_order(contact, now=now, number="#2003", expected=PROMISED + timedelta(days=5))
    assert Problem.objects.get().kind == "late"


def test_a_failed_delivery_is_bad_news_and_a_later_delivery_closes_it(order, now):
    record(order, "shipped", now)
    record(order, "delivery_failed", now + timedelta(hours=1), reason="Nobody home")
    problem = Problem.objects.get()
    assert (problem.kind, problem.state) == ("delivery_failed", "to_tell")
    record(order, "delivered", now + timedelta(days=1))
    problem.refresh_from_db()
    assert problem.state == ProblemState.RESOLVED
    assert problem.told_at is None  # never told: it counts against the rate


def test_delivering_every_line_completes_the_order_and_runs_the_hook_once(order, now):
    completed = []

    def hook(o, at):
        completed.append((o.number, at))

    register_order_completed(hook)
    try:
        record(order, "shipped", now)
        record(order, "delivered", now + timedelta(days=2), lines=("HEL-1",))
        order.refresh_from_db()
        assert order.status == "shipped"  # one delivered, the other on its way
        assert order.completed_at is None
        record(order, "delivered", now + timedelta(days=3), lines=("TYR-2",))
        record(order, "delivered", now + timedelta(days=4))  # a late duplicate changes nothing
    finally:
        ORDER_COMPLETED_HOOKS.remove(hook)
    order.refresh_from_db()
    assert order.status == "delivered"
    assert order.completed_at == now + timedelta(days=3)
    assert completed == [("#1001", now + timedelta(days=3))]


def test_a_late_shipped_webhook_never_undoes_a_delivery(order, now):
    record(order, "delivered", now + timedelta(days=3))
    record(order, "shipped", now + timedelta(days=1))
    order.refresh_from_db()
    assert order.status == "delivered"
    assert set(order.lines.values_list("status", flat=True)) == {"delivered"}


def test_cancelling_the_order_closes_its_bad_news(order, now):
    record(order, "delayed", now, expected_date=date(2026, 12, 3))
    record(order, "cancelled", now + timedelta(hours=1), reason="Customer cancelled")
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert order.cancelled_at == now + timedelta(hours=1)
    assert Problem.objects.get().state == ProblemState.RESOLVED


def test_an_unowned_order_gets_a_deadline_in_office_hours_utc(contact, now):
    contact.owner = None
    contact.save()
    order = make_order(contact, now=now, number="#3003")
    assert order.owner is None
    record(order, "delayed", now, expected_date=date(2026, 12, 3))
    # 14:30 UTC: 2.5 h left today (to 17:00), 1.5 h tomorrow from 09:00.
    assert Problem.objects.get().tell_by == datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


def test_an_unknown_line_is_refused_with_what_was_asked(order, now):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="no line with SKU or position 'NOPE'"):
        record(order, "shipped", now, lines=("NOPE",))


def test_a_delay_without_a_new_date_is_refused(order, now):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="new expected date"):
        record(order, "delayed", now)
