"""Kept-rate over 30 and 90 days, beside credibility."""

from datetime import timedelta

from followthrough.commitments.selectors import standing_of
from followthrough.commitments.services import commitment_keep, commitments_sweep
from tests.commitments.helpers import promise

DAY = timedelta(days=1)


def kept_on(bob, contact, at):
    c = promise(bob, contact, now=at, due_in=timedelta(hours=2))
    commitment_keep(commitment=c, actor=bob, now=at + timedelta(hours=1))


def broken_on(bob, contact, at):
    promise(bob, contact, now=at - timedelta(hours=2), due_in=timedelta(hours=1))
    commitments_sweep(now=at)


def test_kept_rate_counts_outcomes_decided_within_each_window(bob, contact, now):
    kept_on(bob, contact, now - 100 * DAY)  # outside both windows
    broken_on(bob, contact, now - 60 * DAY)  # 90-day window only
    kept_on(bob, contact, now - 10 * DAY)
    kept_on(bob, contact, now - 5 * DAY)
    broken_on(bob, contact, now - 2 * DAY)
    s = standing_of(bob, now=now)
    assert (s.kept_30, s.broken_30) == (2, 1)
    assert (s.kept_90, s.broken_90) == (2, 2)
    assert s.kept_rate_30 == 2 / 3
    assert s.kept_rate_90 == 0.5
    assert (s.kept, s.broken) == (3, 2)


def test_a_member_with_no_promises_has_full_credibility_and_no_rate(bob, now):
    s = standing_of(bob, now=now)
    assert s.score == 100
    assert s.kept_rate_30 is None


def test_the_trend_compares_the_last_30_days_with_the_60_before(bob, contact, now):

    broken_on(bob, contact, now - 60 * DAY)
    kept_on(bob, contact, now - 50 * DAY)  # before: 1 of 2 kept
    kept_on(bob, contact, now - 10 * DAY)
    kept_on(bob, contact, now - 5 * DAY)  # the last 30 days: 2 of 2
    s = standing_of(bob, now=now)
    assert (s.trend, s.trend_label) == ("up", "↑ keeping more than the 60 days before (50%)")
    broken_on(bob, contact, now - 2 * DAY)
    broken_on(bob, contact, now - DAY)  # 2 of 4: as before
    assert standing_of(bob, now=now).trend == "steady"
    broken_on(bob, contact, now - DAY / 2)
    assert standing_of(bob, now=now).trend == "down"


def test_no_trend_without_outcomes_on_both_sides(bob, contact, now):
    kept_on(bob, contact, now - 5 * DAY)
    assert standing_of(bob, now=now).trend == ""
    assert standing_of(bob, now=now).trend_label == ""
