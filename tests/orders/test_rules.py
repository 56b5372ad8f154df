"""The order rules that need no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from followthrough.orders import rules


@pytest.mark.parametrize(
    ("current", "new", "moves"),
    [
        ("in_stock", "back_ordered", True),
        ("in_stock", "shipped", True),
        ("back_ordered", "shipped", True),
        ("shipped", "delivered", True),
        ("shipped", "back_ordered", False),
        ("delivered", "shipped", False),
        ("delivered", "cancelled", False),
        ("cancelled", "shipped", False),
        ("shipped", "shipped", False),
    ],
)
def test_lines_only_move_forward(current, new, moves):
    assert rules.line_can_move(current, new) is moves


def test_an_order_is_delivered_when_every_line_not_cancelled_is_delivered():
    statuses = ["delivered", "cancelled", "delivered"]
    assert rules.order_status("shipped", statuses, "delivered") == "delivered"


def test_some_lines_shipped_make_it_partly_shipped():
    assert rules.order_status("placed", ["shipped", "back_ordered"], "shipped") == (
        "partially_shipped"
    )


def test_every_line_cancelled_cancels_the_order():
    assert rules.order_status("placed", ["cancelled", "cancelled"], "cancelled") == "cancelled"


def test_an_order_without_lines_follows_its_events_but_never_goes_back():
    assert rules.order_status("placed", [], "shipped") == "shipped"
    assert rules.order_status("shipped", [], "confirmed") == "shipped"
    assert rules.order_status("delivered", [], "cancelled") == "delivered"


def test_a_confirmation_keeps_a_waiting_order_confirmed():
    assert rules.order_status("placed", ["in_stock"], "confirmed") == "confirmed"
    assert rules.order_status("confirmed", ["back_ordered"], "back_ordered") == "confirmed"


def test_events_naming_no_line_move_the_lines_they_usually_concern():
    statuses = ["in_stock", "back_ordered", "shipped", "delivered"]
    assert rules.default_targets("back_ordered", statuses) == [0]
    assert rules.default_targets("shipped", statuses) == [0, 1]
    assert rules.default_targets("delivered", statuses) == [0, 1, 2]
    assert rules.default_targets("delayed", statuses) == []


def test_a_failed_delivery_offers_no_substitute_or_partial_shipment():
    assert rules.options_for("delivery_failed") == ["wait", "cancel", "refund"]
    assert rules.options_for("late") == ["wait", "partial", "substitute", "cancel", "refund"]
    assert rules.option_label("wait", "delivery_failed").startswith("Deliver again")


def test_options_offered_keep_our_order_and_refuse_unknown_ones():
    assert rules.clean_options(["refund", "wait"], "late") == ["wait", "refund"]
    assert rules.clean_options([], "late") == rules.options_for("late")
    with pytest.raises(ValueError, match="'discount' is not an option"):
        rules.clean_options(["discount"], "late")


@pytest.mark.parametrize(
    ("text", "number", "own", "found"),
    [
        ("Where is order #1001?", "#1001", False, True),
        ("Any news on 1001?", "#1001", True, True),
        ("We moved to 1001 Main Street", "#1001", False, False),
        ("Re: your order 1001", "#1001", False, True),
        ("Order #10012 arrived", "#1001", True, False),
        ("so-77 still not here", "SO-77", False, True),
        ("about #12", "#12", True, False),  # too short to match safely
    ],
)
def test_a_message_mentions_an_order_number(text, number, own, found):
    assert rules.mentions_number(text, number, from_its_customer=own) is found


def test_number_variants_find_numbers_stored_with_or_without_a_hash():
    variants = rules.number_variants("Hi, is #1001 or so-77 shipped? Call 12.")
    assert {"1001", "#1001", "SO-77", "so-77"} <= variants
    assert "12" not in variants


def test_the_first_reminder_is_the_working_morning_after_the_due_date():
    at = rules.next_chase_at(
        due_date=date(2026, 11, 20),
        chasers_sent=0,
        last_chased_at=None,
        tz="Europe/Berlin",
        work_start=time(9, 0),
    )
    assert at == datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def test_reminders_back_off_a_week_then_two_then_four():
    last = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    gaps = [
        rules.next_chase_at(
            due_date=date(2026, 11, 1),
            chasers_sent=n,
            last_chased_at=last,
            tz="UTC",
            work_start=time(9, 0),
        )
        - last
        for n in (1, 2, 3, 4)
    ]
    assert [g.days for g in gaps] == [7, 14, 28, 28]
