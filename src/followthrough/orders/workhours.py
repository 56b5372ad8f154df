"""Working-time arithmetic: "4 working hours from now" in a member's own hours. Pure; no ORM.

A member works `work_start` to `work_end` (wall-clock, in their timezone) on their working days
(ISO weekdays, 1 = Monday). Time outside those windows does not count: four working hours
from Friday 16:00 with 9 to 17 hours is Monday 12:00. Each day's window is placed on the
calendar in the member's zone and measured in real (UTC) time, so a daylight-saving change
is handled the way a wall clock shows it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Enough days to place any deadline we ask for (years of working time); a guard, not a rule.
_MAX_DAYS = 3660


def _window(day: date, start: time, end: time, zone: ZoneInfo) -> tuple[datetime, datetime]:
    opens = datetime.combine(day, start, tzinfo=zone).astimezone(UTC)
    closes = datetime.combine(day, end, tzinfo=zone).astimezone(UTC)
    return opens, closes


def add_working_time(
    start: datetime,
    amount: timedelta,
    *,
    tz: str,
    work_start: time,
    work_end: time,
    work_days: Collection[int],
) -> datetime:
    """The moment `amount` of working time after `start` (an aware datetime), in UTC.

    Started outside working hours, the clock starts at the next window. With no working
    days or an empty window the hours are counted as plain hours.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    start = start.astimezone(UTC)
    days = {d for d in work_days if 1 <= d <= 7}
    if amount <= timedelta(0):
        return start
    if not days or work_end <= work_start:
        return start + amount
    zone = ZoneInfo(tz)
    remaining = amount
    day = start.astimezone(zone).date() - timedelta(days=1)  # a window may reach past midnight UTC
    for _ in range(_MAX_DAYS):
        if day.isoweekday() in days:
            opens, closes = _window(day, work_start, work_end, zone)
            begin = max(opens, start)
            if begin < closes:
                available = closes - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        day += timedelta(days=1)
    raise ValueError(f"{amount} of working time does not fit in {_MAX_DAYS} days")


def is_working_time(
    moment: datetime, *, tz: str, work_start: time, work_end: time, work_days: Collection[int]
) -> bool:
    local = moment.astimezone(ZoneInfo(tz))
    return local.isoweekday() in set(work_days) and work_start <= local.time() < work_end
