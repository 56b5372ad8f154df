"""The ledger's rules, each pinned with a controlled `now`."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from followthrough.commitments.models import Commitment, Credibility, EventKind, State
from followthrough.commitments.services import (
    commitment_create,
    commitment_keep,
    commitment_release,
    commitment_renegotiate,
    credibility_refresh,
)
from tests.commitments.helpers import promise
from tests.factories import ContactFactory, MemberFactory

HOUR = timedelta(hours=1)


def score(member) -> float:
    return Credibility.objects.get(member=member).score


def test_making_a_promise_records_it_open_with_its_history(bob, contact, now):
    c = promise(bob, contact, now=now, due_in=10 * timedelta(minutes=1))
    assert c.state == State.OPEN
    assert c.due_at == now + timedelta(minutes=10)
    assert c.attention_at == c.due_at
    event = c.events.get()
    assert (event.kind, event.at, event.by) == (EventKind.MADE, now, bob)


def test_a_promise_due_in_the_past_is_refused_with_a_reason(bob, contact, now):
    with pytest.raises(ValidationError) as err:
        promise(bob, contact, now=now, due_in=-HOUR)
    assert "already passed" in str(err.value)


def test_a_promise_needs_words_and_a_contact_of_the_same_workspace(bob, charlie, contact, now):
    with pytest.raises(ValidationError) as err:
        promise(bob, contact, now=now, what="   ")
    assert "what" in err.value.message_dict
    stranger = ContactFactory.create(workspace=charlie.workspace)
    with pytest.raises(ValidationError) as err:
        promise(bob, stranger, now=now)
    assert "contact" in err.value.message_dict


def test_keeping_an_open_promise_marks_it_kept(bob, contact, now):
    c = promise(bob, contact, now=now)
    kept = commitment_keep(commitment=c, actor=bob, now=now + timedelta(minutes=30))
    assert kept.state == State.KEPT
    assert kept.closed_at == now + timedelta(minutes=30)
    assert kept.attention_at is None
    assert score(bob) == 100


def test_a_kept_promise_cannot_be_kept_twice(bob, contact, now):
    c = promise(bob, contact, now=now)
    commitment_keep(commitment=c, actor=bob, now=now)
    with pytest.raises(ValidationError, match="already kept"):
        commitment_keep(commitment=c, actor=bob, now=now)


def test_renegotiating_before_the_due_time_is_honest_and_costs_nothing(bob, contact, now):
    c = promise(bob, contact, now=now, due_in=2 * HOUR)
    new = commitment_renegotiate(
        commitment=c, actor=bob, now=now + HOUR, new_due_at=now + 5 * HOUR, told=True
    )
    c.refresh_from_db()
    assert c.state == State.RENEGOTIATED
    assert c.late_seconds == 3 * 3600
    assert new.state == State.OPEN
    assert new.due_at == now + 5 * HOUR
    assert new.renegotiated_from == c
    assert not Credibility.objects.filter(member=bob, broken__gt=0).exists()


def test_renegotiating_after_the_due_time_counts_as_broken(bob, contact, now):
    c = promise(bob, contact, now=now, due_in=HOUR)
    new = commitment_renegotiate(
        commitment=c, actor=bob, now=now + 2 * HOUR, new_due_at=now + 6 * HOUR, told=True
    )
    c.refresh_from_db()
    assert c.state == State.BROKEN
    assert c.closed_at == now + HOUR  # broken at its due time, not when noticed
    assert c.settled_at == now + 2 * HOUR
    assert c.attention_at is None
    assert new.state == State.OPEN
    assert score(bob) == 50
    kinds = list(c.events.values_list("kind", flat=True))
    assert kinds == [EventKind.MADE, EventKind.BROKEN, EventKind.RENEGOTIATED]


def test_renegotiating_without_telling_the_customer_is_refused(bob, contact, now):
    c = promise(bob, contact, now=now)
    with pytest.raises(ValidationError) as err:
        commitment_renegotiate(
            commitment=c, actor=bob, now=now, new_due_at=now + 3 * HOUR, told=False
        )
    assert "tell the customer" in str(err.value)
    c.refresh_from_db()
    assert c.state == State.OPEN


def test_renegotiating_to_a_time_already_past_is_refused(bob, contact, now):
    c = promise(bob, contact, now=now)
    with pytest.raises(ValidationError, match="already passed"):
        commitment_renegotiate(commitment=c, actor=bob, now=now, new_due_at=now, told=True)


def test_keeping_after_the_due_time_is_done_late_and_stays_broken(bob, contact, now):
    c = promise(bob, contact, now=now, due_in=HOUR)
    done = commitment_keep(commitment=c, actor=bob, now=now + 3 * HOUR)
    assert done.state == State.BROKEN
    assert done.settled_at == now + 3 * HOUR
    assert done.late_seconds == 2 * 3600
    assert score(bob) == 50
    assert list(done.events.values_list("kind", flat=True))[-1] == EventKind.DONE_LATE


def test_releasing_needs_a_reason_and_is_neither_kept_nor_broken(bob, contact, now):
    c = promise(bob, contact, now=now)
    with pytest.raises(ValidationError):
        commitment_release(commitment=c, actor=bob, now=now, reason=" ")
    released = commitment_release(commitment=c, actor=bob, now=now, reason="They bought elsewhere")
    assert released.state == State.RELEASED
    assert not Credibility.objects.filter(member=bob).exists()


def test_their_broken_promise_does_not_touch_our_credibility(bob, contact, now):
    c = promise(bob, contact, now=now, side="theirs", what="PO by Tuesday")
    commitment_keep(commitment=c, actor=bob, now=now + 2 * HOUR)
    c.refresh_from_db()
    assert c.state == State.BROKEN
    assert not Credibility.objects.filter(member=bob).exists()


def test_a_rep_cannot_change_another_reps_promise_but_a_manager_can(alice, bob, contact, now):
    other_rep = MemberFactory.create(workspace=alice.workspace)
    c = promise(bob, contact, now=now)
    with pytest.raises(ValidationError, match="owner or a manager"):
        commitment_keep(commitment=c, actor=other_rep, now=now)
    commitment_keep(commitment=c, actor=alice, now=now)
    last = c.events.order_by("-id").first()
    assert last is not None
    assert last.by == alice


def test_history_names_who_made_each_change(alice, bob, contact, now):
    c = commitment_create(
        owner=bob, contact=contact, what="Quote", due_at=now + HOUR, now=now, actor=alice
    )
    commitment_keep(commitment=c, actor=bob, now=now)
    assert [(e.kind, e.by) for e in c.events.all()] == [
        (EventKind.MADE, alice),
        (EventKind.KEPT, bob),
    ]


def test_credibility_halves_on_a_break_and_recovers_partly_on_a_keep(bob, contact, now):
    first = promise(bob, contact, now=now, due_in=HOUR)
    commitment_keep(commitment=first, actor=bob, now=now + 2 * HOUR)  # done late: broken
    assert score(bob) == 50
    second = promise(bob, contact, now=now + 2 * HOUR, due_in=HOUR)
    commitment_keep(commitment=second, actor=bob, now=now + 2 * HOUR)
    assert score(bob) == pytest.approx(55)
    row = Credibility.objects.get(member=bob)
    assert (row.kept, row.broken) == (1, 1)


def test_stored_credibility_equals_a_rebuild_from_history(bob, contact, now):
    for n in range(4):
        c = promise(bob, contact, now=now + n * HOUR, due_in=HOUR)
        commitment_keep(
            commitment=c, actor=bob, now=now + n * HOUR + (2 * HOUR if n % 2 else timedelta(0))
        )
    stored = score(bob)
    assert credibility_refresh(member=bob).score == pytest.approx(stored)
    assert Commitment.objects.filter(owner=bob, state=State.BROKEN).count() == 2
