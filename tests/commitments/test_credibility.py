"""The credibility and safer-time arithmetic, without a database."""

from datetime import UTC, datetime, timedelta

import pytest

from followthrough.commitments.credibility import (
    Run,
    kept_rate,
    round_up,
    safer_due,
    score_of,
    step,
)

NOW = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)


def test_credibility_starts_at_100_with_no_history():
    assert score_of([]) == 100


def test_each_broken_promise_halves_credibility():
    assert score_of(["broken"]) == 50
    assert score_of(["broken", "broken"]) == 25


def test_a_kept_promise_restores_a_tenth_of_what_is_missing():
    assert score_of(["broken", "kept"]) == pytest.approx(55)
    assert score_of(["broken", "kept", "kept"]) == pytest.approx(59.5)


def test_kept_promises_rebuild_slowly_and_never_pass_100():
    after = score_of(["broken"] + ["kept"] * 200)
    assert 99.99 < after <= 100
    assert score_of(["kept"] * 5) == 100


def test_credibility_never_goes_below_zero():
    assert 0 <= score_of(["broken"] * 2000) < 1e-100


def test_the_order_of_outcomes_decides_the_score():
    assert score_of(["broken", "kept"]) != score_of(["kept", "broken"])


def test_an_unknown_outcome_is_refused():
    with pytest.raises(ValueError, match="not an outcome"):
        step(100, "renegotiated")


def test_kept_rate_is_the_share_of_decided_promises_kept():
    assert kept_rate(3, 1) == 0.75
    assert kept_rate(0, 0) is None


def _runs(lead: timedelta, lates: list[timedelta]) -> list[Run]:
    return [Run(lead=lead, late=late) for late in lates]


def test_no_safer_time_without_enough_similar_promises():
    history = _runs(timedelta(hours=3), [timedelta(hours=2)] * 2)
    assert safer_due(due_at=NOW + timedelta(hours=3), now=NOW, history=history) is None


def test_no_safer_time_when_promises_like_this_ran_on_time():
    history = _runs(timedelta(hours=3), [timedelta(0)] * 9 + [timedelta(hours=1)])
    assert safer_due(due_at=NOW + timedelta(hours=3), now=NOW, history=history) is None


def test_safer_time_adds_the_median_lateness_of_similar_slips_and_rounds_up():
    lates = [timedelta(0)] * 3 + [timedelta(minutes=m) for m in (50, 70, 200)]
    history = _runs(timedelta(hours=5), lates)
    safer = safer_due(due_at=NOW + timedelta(hours=4), now=NOW, history=history)
    assert safer is not None
    assert (safer.late_runs, safer.similar_runs) == (3, 6)
    assert safer.median_late == timedelta(minutes=70)
    # 18:30 + 70 min = 19:40 → the next quarter hour
    assert safer.due_at == datetime(2026, 11, 24, 19, 45, tzinfo=UTC)


def test_safer_time_only_learns_from_promises_made_as_far_ahead():
    quick_slips = _runs(timedelta(minutes=10), [timedelta(hours=1)] * 5)
    assert safer_due(due_at=NOW + timedelta(days=3), now=NOW, history=quick_slips) is None


def test_round_up_uses_hours_and_days_for_longer_slips():
    at = datetime(2026, 11, 24, 17, 10, tzinfo=UTC)
    assert round_up(at, timedelta(hours=3)) == datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
    assert round_up(at, timedelta(days=1, hours=2)) == at - timedelta(days=1, hours=2) + timedelta(
        days=2
    )
