"""Telling the customer, the misses when they ask first, their choice, and the rate."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from followthrough.contacts.models import Direction, Interaction
from followthrough.contacts.services import InteractionData, interaction_log
from followthrough.orders.models import OrderEvent, OrderInteraction, Problem
from followthrough.orders.selectors import bad_news_first_of, bad_news_first_team
from followthrough.orders.services import EventData, order_log_interaction, order_record_event
from followthrough.orders.telling import (
    order_public_acknowledged,
    problem_record_choice,
    problem_resolve,
    problem_tell,
)
from tests.factories import ContactFactory
from tests.orders.conftest import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(order, now) -> Problem:
    order_record_event(
        order=order,
        data=EventData(kind="delayed", at=now, expected_date=date(2026, 12, 3)),
        actor=None,
        now=now,
    )
    return Problem.objects.get()


def inbound(contact, at, subject="", body="", kind="email"):
    return interaction_log(
        contact=contact,
        member=None,
        data=InteractionData(kind, Direction.INBOUND, at, subject=subject, body=body),
    )


def test_telling_logs_the_call_on_the_timeline_and_links_it(late, bob, contact, now):
    told_at = now + timedelta(hours=1)
    problem_tell(problem=late, actor=bob, how="call", now=told_at, note="New date Thursday.")
    late.refresh_from_db()
    call = Interaction.objects.get(contact=contact, direction=Direction.OUTBOUND)
    assert (call.kind, call.call_outcome, call.occurred_at) == ("call", "connected", told_at)
    assert call.subject.startswith("Order #1001: it will arrive Thu 3 Dec")
    assert "New date Thursday." in call.body
    assert "Options offered: wait until the new date" in call.body
    assert (late.state, late.told_at, late.told_via, late.told_by) == ("told", told_at, call, bob)
    assert (late.heard_first, late.attention_at) == ("us", None)
    assert late.options_offered == ["wait", "partial", "substitute", "cancel", "refund"]
    assert OrderInteraction.objects.filter(order=late.order, interaction=call).exists()
    assert OrderEvent.objects.filter(order=late.order, kind="told").count() == 1


def test_one_conversation_tells_every_problem_of_the_order(late, bob, now):
    order_record_event(
        order=late.order,
        data=EventData(kind="back_ordered", at=now, lines=("HEL-1",)),
        actor=None,
        now=now,
    )
    problem_tell(problem=late, actor=bob, how="email", now=now, options=["wait", "refund"])
    states = set(Problem.objects.values_list("state", "heard_first"))
    assert states == {("told", "us")}
    back_order = Problem.objects.get(kind="back_order")
    assert back_order.options_offered == ["wait", "refund"]


def test_telling_twice_is_refused(late, bob, now):
    problem_tell(problem=late, actor=bob, how="call", now=now)
    late.refresh_from_db()
    with pytest.raises(ValidationError, match="already dealt with"):
        problem_tell(problem=late, actor=bob, how="call", now=now)


def test_an_unknown_option_is_refused_by_name(late, bob, now):
    with pytest.raises(ValidationError, match="'discount' is not an option"):
        problem_tell(problem=late, actor=bob, how="call", now=now, options=["discount"])


def test_the_customer_asking_about_the_order_first_is_a_miss(late, bob, contact, now):
    asked = inbound(contact, now + timedelta(minutes=30), subject="Where is my order #1001?")
    late.refresh_from_db()
    assert (late.heard_first, late.them_at, late.them_via) == ("them", asked.occurred_at, asked)
    assert late.state == "to_tell"  # they still need the answer
    assert OrderInteraction.objects.filter(order=late.order, interaction=asked).exists()
    problem_tell(problem=late, actor=bob, how="call", now=now + timedelta(hours=1))
    late.refresh_from_db()
    assert (late.state, late.heard_first) == ("told", "them")


def test_the_customer_writing_after_we_told_them_is_no_miss(late, bob, contact, now):
    problem_tell(problem=late, actor=bob, how="call", now=now + timedelta(minutes=5))
    inbound(contact, now + timedelta(hours=2), body="Thanks, order 1001 can wait.")
    late.refresh_from_db()
    assert late.heard_first == "us"


def test_a_message_imported_late_but_sent_before_we_told_them_is_a_miss(late, bob, contact, now):
    problem_tell(problem=late, actor=bob, how="call", now=now + timedelta(hours=3))
    inbound(contact, now + timedelta(hours=1), subject="Re: #1001 — any news?")
    late.refresh_from_db()
    assert late.heard_first == "them"


def test_a_message_from_before_the_slip_is_no_miss(late, contact, now):
    inbound(contact, now - timedelta(hours=1), subject="Order #1001: can I add a bell?")
    late.refresh_from_db()
    assert late.heard_first == ""


def test_a_stranger_writing_a_bare_number_is_no_miss_but_naming_the_order_is(late, alice, now):
    colleague = ContactFactory.create(workspace=alice.workspace, email="ops@customer.test")
    inbound(colleague, now + timedelta(minutes=5), body="Our office is at 1001 Main St.")
    late.refresh_from_db()
    assert late.heard_first == ""
    inbound(colleague, now + timedelta(minutes=6), body="Chasing order 1001 for Dana.")
    late.refresh_from_db()
    assert late.heard_first == "them"


def test_a_call_logged_on_the_order_is_a_miss_without_naming_it(late, bob, now):
    order_log_interaction(
        order=late.order,
        member=bob,
        data=InteractionData(
            "call", Direction.INBOUND, now + timedelta(minutes=10), body="Where's my stuff?"
        ),
    )
    late.refresh_from_db()
    assert late.heard_first == "them"


def test_another_workspace_mentioning_the_same_number_changes_nothing(late, charlie, now):
    stranger = ContactFactory.create(workspace=charlie.workspace, email="x@elsewhere.test")
    inbound(stranger, now + timedelta(minutes=5), subject="Order #1001?")
    late.refresh_from_db()
    assert late.heard_first == ""


def test_got_it_on_the_order_page_after_the_slip_counts_as_told(late, now):
    opened = now + timedelta(hours=2)
    told = order_public_acknowledged(order=late.order, now=opened)
    late.refresh_from_db()
    assert told == [late]
    assert (late.state, late.told_how, late.told_at, late.heard_first) == (
        "told",
        "page",
        opened,
        "us",
    )
    assert late.attention_at is None


def test_the_customers_choice_goes_to_the_owner_until_dealt_with(late, bob, now):
    order_public_acknowledged(order=late.order, now=now)
    late.refresh_from_db()
    chosen_at = now + timedelta(hours=1)
    problem_record_choice(
        problem=late, choice="partial", note="Helmet first, please", now=chosen_at
    )
    late.refresh_from_db()
    assert (late.state, late.customer_choice, late.choice_note) == (
        "chosen",
        "partial",
        "Helmet first, please",
    )
    assert late.attention_at == chosen_at
    assert OrderEvent.objects.filter(kind="chose", note__contains="Ship what is ready").exists()
    problem_resolve(problem=late, actor=bob, now=chosen_at + timedelta(hours=1))
    late.refresh_from_db()
    assert (late.state, late.attention_at) == ("resolved", None)


def test_a_choice_before_they_were_told_or_not_offered_is_refused(late, bob, now):
    with pytest.raises(ValidationError, match="Tell them first"):
        problem_record_choice(problem=late, choice="wait", now=now)
    problem_tell(problem=late, actor=bob, how="call", now=now, options=["wait", "cancel"])
    late.refresh_from_db()
    with pytest.raises(ValidationError, match="options offered"):
        problem_record_choice(problem=late, choice="refund", now=now)


def test_the_rate_counts_who_spoke_first_per_member_and_for_the_workspace(
    contact, alice, bob_hours, now
):
    bob = bob_hours
    slipped = []
    for n in range(4):
        order = make_order(contact, now=now - timedelta(days=n + 1), number=f"#50{n}")
        at = now - timedelta(days=n + 1)
        order_record_event(
            order=order,
            data=EventData(kind="delayed", at=at, expected_date=date(2026, 12, 20)),
            actor=None,
            now=at,
        )
        slipped.append(Problem.objects.get(order=order))
    problem_tell(
        problem=slipped[0], actor=bob, how="call", now=slipped[0].detected_at + timedelta(hours=1)
    )
    problem_tell(
        problem=slipped[1], actor=bob, how="call", now=slipped[1].detected_at + timedelta(hours=3)
    )
    inbound(contact, slipped[2].detected_at + timedelta(hours=2), subject="#502?")
    # slipped[3] is still to tell: pending, outside the rate.
    mine = bad_news_first_of(bob, now=now)
    assert (mine[30].us, mine[30].them, mine[30].pending) == (2, 1, 1)
    assert mine[30].percent == 67
    assert mine[30].median_to_tell == timedelta(hours=2)
    team = bad_news_first_team(alice.workspace, now=now)
    assert team.workspace[90].rate == mine[90].rate
    by_member = {m.display_name: r for m, r in team.members}
    assert by_member["Alice"][30].rate is None
