"""The broken-promise sweep: takes `now`, claims rows conditionally, is idempotent."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from followthrough.commitments.models import CommitmentEvent, Credibility, EventKind, State
from followthrough.commitments.services import commitment_keep, commitments_sweep
from followthrough.commitments.tasks import sweep_broken_promises
from followthrough.core.periodic import periodic_registry
from tests.commitments.helpers import promise

HOUR = timedelta(hours=1)


def test_the_sweep_breaks_open_promises_past_their_due_time(bob, contact, now):
    late = promise(bob, contact, now=now, due_in=HOUR)
    later = promise(bob, contact, now=now, due_in=3 * HOUR)
    result = commitments_sweep(now=now + 2 * HOUR)
    assert result.broken == 1
    late.refresh_from_db()
    later.refresh_from_db()
    assert (late.state, late.closed_at) == (State.BROKEN, now + HOUR)
    assert late.attention_at == now + HOUR  # still on Today until dealt with
    assert later.state == State.OPEN
    event = late.events.get(kind=EventKind.BROKEN)
    assert (event.at, event.by) == (now + HOUR, None)
    assert Credibility.objects.get(member=bob).score == 50


def test_a_promise_due_exactly_now_is_not_yet_broken(bob, contact, now):
    c = promise(bob, contact, now=now, due_in=HOUR)
    assert commitments_sweep(now=now + HOUR).broken == 0
    c.refresh_from_db()
    assert c.state == State.OPEN


def test_the_sweep_is_idempotent(bob, contact, now):
    promise(bob, contact, now=now, due_in=HOUR)
    promise(bob, contact, now=now, due_in=2 * HOUR)
    assert commitments_sweep(now=now + 3 * HOUR).broken == 2
    events = CommitmentEvent.objects.count()
    score = Credibility.objects.get(member=bob).score
    assert commitments_sweep(now=now + 3 * HOUR).broken == 0
    assert commitments_sweep(now=now + 4 * HOUR).broken == 0
    assert CommitmentEvent.objects.count() == events
    assert Credibility.objects.get(member=bob).score == score == 25


def test_the_sweep_works_through_every_batch(bob, contact, now):
    for n in range(7):
        promise(bob, contact, now=now, due_in=HOUR + n * timedelta(minutes=1))
    result = commitments_sweep(now=now + 2 * HOUR, batch=3)
    assert (result.broken, result.batches) == (7, 3)
    assert Credibility.objects.get(member=bob).broken == 7


def test_credibility_follows_the_order_things_happened_not_the_sweep_run(bob, contact, now):
    """Broken at 15:30 (due), kept another at 15:35, swept at 15:40: break then keep."""
    due_first = promise(bob, contact, now=now, due_in=HOUR)
    kept_later = promise(bob, contact, now=now, due_in=5 * HOUR)
    commitment_keep(commitment=kept_later, actor=bob, now=now + HOUR + timedelta(minutes=5))
    commitments_sweep(now=now + HOUR + timedelta(minutes=10))
    due_first.refresh_from_db()
    assert due_first.state == State.BROKEN
    assert Credibility.objects.get(member=bob).score == pytest.approx(55)


def test_their_promises_are_swept_too_without_touching_credibility(bob, contact, now):
    theirs = promise(bob, contact, now=now, side="theirs", what="PO")
    commitments_sweep(now=now + 2 * HOUR)
    theirs.refresh_from_db()
    assert theirs.state == State.BROKEN
    assert not Credibility.objects.filter(member=bob).exists()


def test_the_sweep_task_runs_through_the_task_backend(bob, contact, now, time_machine):
    promise(bob, contact, now=now, due_in=HOUR)
    time_machine.move_to(now + 2 * HOUR, tick=False)
    result = sweep_broken_promises.enqueue()
    assert result.return_value == 1


def test_the_sweep_is_registered_to_run_every_minute():
    entry = next(e for e in periodic_registry.entries() if e.task == sweep_broken_promises)
    assert entry.every == timedelta(minutes=1)


def test_the_sweep_command_runs_it_once(bob, contact, now, capsys):
    promise(bob, contact, now=now, due_in=HOUR)
    call_command("sweep", "--now", (now + 2 * HOUR).isoformat())
    out = capsys.readouterr().out
    assert "Promises: 1 past due and still open, now marked broken." in out
    assert "Follow-ups: " in out
    assert "stopped 0" not in out  # plain words, not field names
    call_command("sweep", "--now", (now + 2 * HOUR).isoformat())
    out = capsys.readouterr().out
    assert "Promises: none past due and still open." in out
    assert "Follow-ups: nothing needed doing." in out


def test_the_follow_up_summary_says_only_what_happened():
    from followthrough.plans.sweep import SweepResult

    said = SweepResult(stopped=1, quiet=3).summary()
    assert said == (
        "1 follow-up stopped (do not contact, or lost); 3 chasers started for prospects gone quiet"
    )


def test_the_sweep_command_rejects_a_time_without_offset(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="offset"):
        call_command("sweep", "--now", "2026-11-24T10:00")
