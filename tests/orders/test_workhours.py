"""Working-time deadlines: counted only inside the member's hours, in their timezone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from followthrough.orders.workhours import add_working_time

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = (1, 2, 3, 4, 5)


def deadline(start: datetime, hours: float, tz: str = "America/New_York", **kw) -> datetime:
    return add_working_time(
        start,
        timedelta(hours=hours),
        tz=tz,
        work_start=kw.get("work_start", time(9, 0)),
        work_end=kw.get("work_end", time(17, 0)),
        work_days=kw.get("work_days", WEEKDAYS),
    )


def test_four_hours_inside_one_working_day_end_the_same_afternoon():
    start = datetime(2026, 11, 24, 9, 30, tzinfo=NY)
    assert deadline(start, 4) == datetime(2026, 11, 24, 13, 30, tzinfo=NY)


def test_hours_left_at_the_end_of_friday_carry_over_the_weekend_to_monday():
    start = datetime(2026, 11, 27, 16, 0, tzinfo=NY)  # Friday 16:00
    assert deadline(start, 4) == datetime(2026, 11, 30, 12, 0, tzinfo=NY)  # Monday 12:00


def test_a_slip_found_on_saturday_starts_counting_on_monday_morning():
    start = datetime(2026, 11, 28, 11, 0, tzinfo=NY)
    assert deadline(start, 4) == datetime(2026, 11, 30, 13, 0, tzinfo=NY)


def test_a_slip_found_before_work_starts_counts_from_the_start_of_the_day():
    start = datetime(2026, 11, 24, 6, 15, tzinfo=NY)
    assert deadline(start, 4) == datetime(2026, 11, 24, 13, 0, tzinfo=NY)


def test_a_slip_found_after_work_counts_from_the_next_working_morning():
    start = datetime(2026, 11, 24, 19, 0, tzinfo=NY)
    assert deadline(start, 4) == datetime(2026, 11, 25, 13, 0, tzinfo=NY)


def test_the_same_utc_moment_gives_each_member_a_deadline_in_their_own_hours():
    moment = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)  # 15:30 Berlin, 09:30 New York
    assert deadline(moment, 4, "Europe/Berlin") == datetime(2026, 11, 25, 11, 30, tzinfo=BERLIN)
    assert deadline(moment, 4, "America/New_York") == datetime(2026, 11, 24, 13, 30, tzinfo=NY)


def test_the_daylight_saving_change_over_a_weekend_keeps_wall_clock_hours():
    # US clocks go back on Sunday 1 Nov 2026: Friday is EDT (UTC-4), Monday EST (UTC-5).
    start = datetime(2026, 10, 30, 16, 0, tzinfo=NY)
    result = deadline(start, 4)
    assert result == datetime(2026, 11, 2, 12, 0, tzinfo=NY)
    assert result == datetime(2026, 11, 2, 17, 0, tzinfo=UTC)


def test_a_long_deadline_spans_several_working_days():
    start = datetime(2026, 11, 24, 9, 0, tzinfo=NY)  # Tuesday
    assert deadline(start, 8 * 4 + 2) == datetime(2026, 11, 30, 11, 0, tzinfo=NY)  # Monday


def test_someone_working_weekends_only_gets_a_weekend_deadline():
    start = datetime(2026, 11, 24, 10, 0, tzinfo=NY)  # Tuesday
    result = deadline(start, 4, work_days=(6, 7))
    assert result == datetime(2026, 11, 28, 13, 0, tzinfo=NY)  # Saturday


def test_an_evening_shift_in_tokyo_is_counted_in_tokyo_time():
    tokyo = ZoneInfo("Asia/Tokyo")
    start = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # 21:00 in Tokyo, after the shift
    result = deadline(start, 2, "Asia/Tokyo", work_start=time(13, 0), work_end=time(20, 0))
    assert result == datetime(2026, 11, 25, 15, 0, tzinfo=tokyo)


def test_no_working_days_falls_back_to_plain_hours():
    start = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)
    assert deadline(start, 4, work_days=()) == start + timedelta(hours=4)


def test_zero_hours_is_at_once():
    start = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)
    assert deadline(start, 0) == start


def test_a_naive_start_is_refused():
    with pytest.raises(ValueError, match="timezone"):
        deadline(datetime(2026, 11, 24, 9, 0), 4)  # noqa: DTZ001
