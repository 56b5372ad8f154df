"""When things happen in the demo: members act in their working hours, customers by day."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from followthrough.workspaces.models import Member

CUSTOMER_DAY = (time(7, 30), time(21, 0))


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def working_moment(member: Member, after: datetime, rng: random.Random) -> datetime:
    """The first moment at or after `after` inside the member's working hours."""
    tz = ZoneInfo(member.timezone)
    local = after.astimezone(tz)
    start, end = _minutes(member.work_start), _minutes(member.work_end)
    days = set(member.weekdays) or {1, 2, 3, 4, 5}
    for _ in range(10):
        minute = local.hour * 60 + local.minute
        if local.isoweekday() in days and start <= minute < end:
            return local.astimezone(after.tzinfo)
        if local.isoweekday() in days and minute < start:
            offset = start + rng.randint(2, 50)
        else:
            local = local + timedelta(days=1)
            offset = start + rng.randint(2, 50)
        local = local.replace(hour=offset // 60, minute=offset % 60, second=0, microsecond=0)
        if local.isoweekday() in days and _minutes(local.time()) < end:
            return local.astimezone(after.tzinfo)
    return after


def customer_moment(member: Member, after: datetime, rng: random.Random) -> datetime:
    """The first moment at or after `after` when a customer near the member writes or calls."""
    tz = ZoneInfo(member.timezone)
    local = after.astimezone(tz)
    start, end = _minutes(CUSTOMER_DAY[0]), _minutes(CUSTOMER_DAY[1])
    minute = local.hour * 60 + local.minute
    if start <= minute < end:
        return after
    if minute >= end:
        local = local + timedelta(days=1)
    offset = start + rng.randint(0, 150)
    local = local.replace(hour=offset // 60, minute=offset % 60, second=0, microsecond=0)
    return local.astimezone(after.tzinfo)


def random_moment(start: datetime, end: datetime, rng: random.Random) -> datetime:
    """A moment in [start, end), on a whole minute after `start`."""
    span = max(int((end - start).total_seconds() // 60), 1)
    return start + timedelta(minutes=rng.randrange(span))
