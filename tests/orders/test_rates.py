"""The bad-news-first rate and the median time to tell, from problem rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followthrough.orders.rates import ProblemFact, bad_news_first

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def fact(days_ago: float, heard: str, told_after_h: float | None = None, closed: bool = False):
    detected = NOW - timedelta(days=days_ago)
    told = detected + timedelta(hours=told_after_h) if told_after_h is not None else None
    return ProblemFact(detected, told, heard, closed)


def test_the_rate_is_heard_from_us_first_over_all_decided_problems():
    facts = [fact(1, "us", 2), fact(2, "us", 4), fact(3, "them", 30), fact(4, "", None, True)]
    result = bad_news_first(facts, now=NOW, days=30)
    assert (result.us, result.them, result.never_told) == (2, 1, 1)
    assert result.rate == 0.5
    assert result.percent == 50


def test_problems_still_to_tell_wait_outside_the_rate():
    result = bad_news_first([fact(1, "us", 1), fact(0.1, "")], now=NOW, days=30)
    assert result.pending == 1
    assert result.rate == 1.0


def test_the_windows_count_only_problems_detected_inside_them():
    facts = [fact(10, "us", 1), fact(60, "them", 5)]
    assert bad_news_first(facts, now=NOW, days=30).problems == 1
    assert bad_news_first(facts, now=NOW, days=90).rate == 0.5


def test_the_median_time_to_tell_includes_every_told_problem():
    facts = [fact(1, "us", 1), fact(2, "us", 3), fact(3, "them", 20)]
    assert bad_news_first(facts, now=NOW, days=30).median_to_tell == timedelta(hours=3)
    assert bad_news_first(facts, now=NOW, days=30).median_hours == 3.0


def test_no_decided_problem_has_no_rate():
    result = bad_news_first([], now=NOW, days=30)
    assert result.rate is None
    assert result.percent is None
    assert result.median_to_tell is None
