"""The bad-news-first rate and the time it takes to tell. Pure; no ORM.

Of the problems detected in a window (slips that went away before anyone told the customer
are not counted), the rate is those the customer heard from us first, divided by those whose
outcome is known: heard from us, heard from them first (they contacted us before we told
them), or closed without anyone telling them. Problems still waiting to be told, with nobody
having spoken yet, are reported as pending and left out until they are decided.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

US = "us"
THEM = "them"


@dataclass(frozen=True)
class ProblemFact:
    detected_at: datetime
    told_at: datetime | None
    heard_first: str  # "us", "them" or "" (not decided yet)
    closed: bool  # resolved (a withdrawn slip is never a fact)


@dataclass(frozen=True)
class BadNewsFirst:
    days: int
    problems: int
    us: int
    them: int
    never_told: int
    pending: int
    median_to_tell: timedelta | None

    @property
    def decided(self) -> int:
        return self.us + self.them + self.never_told

    @property
    def rate(self) -> float | None:
        return self.us / self.decided if self.decided else None

    @property
    def percent(self) -> int | None:
        rate = self.rate
        return None if rate is None else round(rate * 100)

    @property
    def median_hours(self) -> float | None:
        m = self.median_to_tell
        return None if m is None else round(m.total_seconds() / 3600, 1)


def bad_news_first(facts: Iterable[ProblemFact], *, now: datetime, days: int) -> BadNewsFirst:
    since = now - timedelta(days=days)
    us = them = never = pending = total = 0
    waits: list[float] = []
    for fact in facts:
        if not since <= fact.detected_at <= now:
            continue
        total += 1
        if fact.heard_first == US:
            us += 1
        elif fact.heard_first == THEM:
            them += 1
        elif fact.closed:
            never += 1
        else:
            pending += 1
        if fact.told_at is not None and fact.told_at <= now:
            waits.append(max(0.0, (fact.told_at - fact.detected_at).total_seconds()))
    median = timedelta(seconds=statistics.median(waits)) if waits else None
    return BadNewsFirst(days, total, us, them, never, pending, median)
