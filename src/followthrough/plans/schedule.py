"""Schedule arithmetic for plans and chasers: pure functions of their inputs and `now`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_TRIES = 6
MAX_GAP_DAYS = 90

GREEN, AMBER, RED = "green", "amber", "red"


def touch_due_at(anchored_at: datetime, offset_days: int) -> datetime:
    return anchored_at + timedelta(days=offset_days)


def on_day(d: date, tz: str, at: time) -> datetime:
    """`at` o'clock on day `d` in the zone `tz`, as an aware datetime."""
    return datetime.combine(d, at, tzinfo=ZoneInfo(tz))


def _same_day_in(year: int, d: date) -> date:
    if d.month == 2 and d.day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return d.replace(year=year)


def next_yearly(d: date, *, after: datetime, tz: str, at: time) -> datetime:
    """The first time `at` on the anniversary of `d` (local to `tz`) strictly after `after`.
    A 29 February falls on the 28th in other years."""
    year = after.astimezone(ZoneInfo(tz)).year
    for y in (year, year + 1, year + 2):
        when = on_day(_same_day_in(y, d), tz, at)
        if when > after:
            return when
    raise AssertionError("unreachable: an anniversary comes every year")


def parse_schedule(raw: str) -> list[int]:
    """ "2, 5, 12" -> [2, 5, 12]. Raises ValueError with a plain reason."""
    parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
    if not parts:
        raise ValueError("Give the days between tries, e.g. 2, 5, 12.")
    if len(parts) > MAX_TRIES:
        raise ValueError(f"At most {MAX_TRIES} tries: patience, not persistence.")
    days: list[int] = []
    for p in parts:
        if not p.isdigit() or not 1 <= int(p) <= MAX_GAP_DAYS:
            raise ValueError(f"{p[:10]!r} is not a number of days from 1 to {MAX_GAP_DAYS}.")
        days.append(int(p))
    if days != sorted(days):
        raise ValueError("Each wait should be at least as long as the one before: back off.")
    return days


def chaser_due_at(*, started_at: datetime, last_try_at: datetime | None, gap_days: int) -> datetime:
    """The next try comes `gap_days` after the last try (or after the start)."""
    return (last_try_at or started_at) + timedelta(days=gap_days)


def stay_colour(
    *,
    last_two_way_at: datetime | None,
    since: datetime,
    ideal_days: int,
    max_days: int,
    now: datetime,
) -> str:
    """Green within the ideal interval, amber past it, red past the maximum."""
    last = last_two_way_at or since
    days = (now - last).total_seconds() / 86_400
    if days > max_days:
        return RED
    if days > ideal_days:
        return AMBER
    return GREEN


_SLOT = re.compile(r"\{([a-z_]+)\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace {first_name}, {name}… with the values given; unknown slots stay as written."""
    return _SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), template)
