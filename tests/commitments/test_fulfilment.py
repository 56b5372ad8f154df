"""A promise linked to what fulfils it is kept when that is logged, with no extra click."""

from datetime import timedelta

import pytest

from followthrough.commitments.models import Credibility, EventKind, State
from followthrough.commitments.services import commitments_sweep
from followthrough.contacts.services import InteractionData, interaction_log
from tests.commitments.helpers import promise

MIN = timedelta(minutes=1)


def log(contact, member, at, kind="call", direction="outbound", outcome="connected"):
    return interaction_log(
        contact=contact,
        member=member,
        data=InteractionData(
            kind=kind,
            direction=direction,
            occurred_at=at,
            call_outcome=outcome if kind == "call" else "",
        ),
    )


def test_logging_a_call_keeps_a_promise_fulfilled_by_a_call(bob, contact, now):
    c = promise(bob, contact, now=now, due_in=10 * MIN, fulfilled_by="call")
    call = log(contact, bob, now + 7 * MIN)
    c.refresh_from_db()
    assert c.state == State.KEPT
    assert c.closed_at == now + 7 * MIN
    kept = c.events.get(kind=EventKind.KEPT)
    assert kept.interaction == call


def test_a_call_nobody_answered_does_not_keep_it(bob, contact, now):
    c = promise(bob, contact, now=now, fulfilled_by="call")
    log(contact, bob, now + MIN, outcome="no_answer")
    c.refresh_from_db()
    assert c.state == State.OPEN


def test_an_email_does_not_keep_a_promise_to_call(bob, contact, now):
    c = promise(bob, contact, now=now, fulfilled_by="call")
    log(contact, bob, now + MIN, kind="email")
    c.refresh_from_db()
    assert c.state == State.OPEN


def test_a_promise_without_a_fulfilment_link_waits_for_a_click(bob, contact, now):
    c = promise(bob, contact, now=now)
    log(contact, bob, now + MIN)
    c.refresh_from_db()
    assert c.state == State.OPEN


def test_an_interaction_before_the_promise_was_made_does_not_keep_it(bob, contact, now):
    c = promise(bob, contact, now=now, fulfilled_by="any")
    log(contact, bob, now - MIN, kind="email")
    c.refresh_from_db()
    assert c.state == State.OPEN


def test_their_promise_is_kept_by_an_inbound_message(bob, contact, now):
    c = promise(bob, contact, now=now, side="theirs", what="PO", fulfilled_by="message")
    log(contact, None, now + MIN, kind="email", direction="inbound")
    c.refresh_from_db()
    assert c.state == State.KEPT


def test_a_call_after_the_due_time_settles_it_as_done_late(bob, contact, now):
    c = promise(bob, contact, now=now, due_in=10 * MIN, fulfilled_by="call")
    log(contact, bob, now + 30 * MIN)
    c.refresh_from_db()
    assert c.state == State.BROKEN
    assert c.settled_at == now + 30 * MIN
    assert c.attention_at is None


def test_a_call_made_in_time_but_logged_after_the_sweep_counts_as_kept(bob, contact, now):
    c = promise(bob, contact, now=now, due_in=10 * MIN, fulfilled_by="call")
    commitments_sweep(now=now + 20 * MIN)
    assert Credibility.objects.get(member=bob).score == 50
    log(contact, bob, now + 8 * MIN)  # made at 8 min, logged late
    c.refresh_from_db()
    assert c.state == State.KEPT
    assert Credibility.objects.get(member=bob).score == pytest.approx(100)
